package org.dmabufspec.conformance.checker;

/**
 * Options of one check. {@code specModel} names the manifest model whose spec the TLC engine
 * instantiates (null: the default for the trace). Bounds keep partial observation and
 * concurrency from exploding: at most {@code maxHiddenPerEvent} inferred steps before one event,
 * at most {@code maxCandidates} candidate (state, linearized events) pairs at once, and events
 * reordered by start time within {@code reorderWindow} records. {@code split}: the linearization
 * search orders only steps on shared objects (independent buffers progress separately).
 */
public record CheckOptions(Engine engine, String specModel, HiddenSteps hidden, int maxHiddenPerEvent,
                           int maxCandidates, int reorderWindow, boolean split) {

    public static CheckOptions defaults() {
        return new CheckOptions(Engine.FAST, null, HiddenSteps.AUTO, 16, 20_000, 1 << 14, true);
    }

    public CheckOptions withEngine(Engine e) {
        return new CheckOptions(e, specModel, hidden, maxHiddenPerEvent, maxCandidates, reorderWindow, split);
    }

    public CheckOptions withSpecModel(String model) {
        return new CheckOptions(engine, model, hidden, maxHiddenPerEvent, maxCandidates, reorderWindow, split);
    }

    /** Off: the search tries every order of overlapping steps, independent or not (for comparison). */
    public CheckOptions withSplit(boolean on) {
        return new CheckOptions(engine, specModel, hidden, maxHiddenPerEvent, maxCandidates, reorderWindow, on);
    }

    public CheckOptions withHidden(HiddenSteps h) {
        return new CheckOptions(engine, specModel, h, maxHiddenPerEvent, maxCandidates, reorderWindow, split);
    }
}
