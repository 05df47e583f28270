package org.dmabufspec.conformance.checker;

/**
 * Options of one check. {@code specModel} names the manifest model whose spec the TLC engine
 * instantiates (null: the default for the trace). Bounds keep partial observation and
 * concurrency from exploding: at most {@code maxHiddenPerEvent} inferred steps before one event,
 * at most {@code maxCandidates} candidate (state, linearized events) pairs at once, and events
 * reordered by start time within {@code reorderWindow} records. {@code split}: the linearization
 * search orders only steps on shared objects (independent buffers progress separately).
 * {@code inlineIsolation}: the concrete device-access step checks isolation itself (rule
 * ISOLATION) besides the refinement check through DmaBufIsolation (ISOLATION-REFINEMENT).
 */
public record CheckOptions(Engine engine, String specModel, HiddenSteps hidden, int maxHiddenPerEvent,
                           int maxCandidates, int reorderWindow, boolean split,
                           boolean inlineIsolation) {

    public static CheckOptions defaults() {
        return new CheckOptions(Engine.FAST, null, HiddenSteps.AUTO, 16, 20_000, 1 << 14, true, true);
    }

    public CheckOptions withEngine(Engine e) {
        return new CheckOptions(e, specModel, hidden, maxHiddenPerEvent, maxCandidates, reorderWindow, split, inlineIsolation);
    }

    public CheckOptions withSpecModel(String model) {
        return new CheckOptions(engine, model, hidden, maxHiddenPerEvent, maxCandidates, reorderWindow, split, inlineIsolation);
    }

    /** Off: the search tries every order of overlapping steps, independent or not (for comparison). */
    public CheckOptions withSplit(boolean on) {
        return new CheckOptions(engine, specModel, hidden, maxHiddenPerEvent, maxCandidates, reorderWindow, on, inlineIsolation);
    }

    /**
     * Off: device accesses are judged by the DmaBufIsolation refinement check alone, without the
     * inline ISOLATION conditions of the concrete step (which otherwise refuse them first).
     */
    public CheckOptions withInlineIsolation(boolean on) {
        return new CheckOptions(engine, specModel, hidden, maxHiddenPerEvent, maxCandidates, reorderWindow, split, on);
    }

    public CheckOptions withHidden(HiddenSteps h) {
        return new CheckOptions(engine, specModel, h, maxHiddenPerEvent, maxCandidates, reorderWindow, split, inlineIsolation);
    }
}
