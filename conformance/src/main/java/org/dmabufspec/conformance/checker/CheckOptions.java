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
 * {@code lazyFirst}: the fast engine first searches only linearizations that take a step
 * before it is due (real time) when the due steps cannot go on without one; a trace that search
 * accepts is accepted, any other is decided again by the full search (see docs/trace-checker.md).
 */
public record CheckOptions(Engine engine, String specModel, HiddenSteps hidden, int maxHiddenPerEvent,
                           int maxCandidates, int reorderWindow, boolean split,
                           boolean inlineIsolation, boolean lazyFirst) {

    public static CheckOptions defaults() {
        return new CheckOptions(Engine.FAST, null, HiddenSteps.AUTO, 16, 20_000, 1 << 14, true, true, true);
    }

    /** Off: only the full search (every step may be taken early), as before the lazy first pass. */
    public CheckOptions withLazyFirst(boolean on) {
        return new CheckOptions(engine, specModel, hidden, maxHiddenPerEvent, maxCandidates, reorderWindow, split, inlineIsolation, on);
    }

    public CheckOptions withEngine(Engine e) {
        return new CheckOptions(e, specModel, hidden, maxHiddenPerEvent, maxCandidates, reorderWindow, split, inlineIsolation, lazyFirst);
    }

    public CheckOptions withSpecModel(String model) {
        return new CheckOptions(engine, model, hidden, maxHiddenPerEvent, maxCandidates, reorderWindow, split, inlineIsolation, lazyFirst);
    }

    /** Off: the search tries every order of overlapping steps, independent or not (for comparison). */
    public CheckOptions withSplit(boolean on) {
        return new CheckOptions(engine, specModel, hidden, maxHiddenPerEvent, maxCandidates, reorderWindow, on, inlineIsolation, lazyFirst);
    }

    /**
     * Off: device accesses are judged by the DmaBufIsolation refinement check alone, without the
     * inline ISOLATION conditions of the concrete step (which otherwise refuse them first).
     */
    public CheckOptions withInlineIsolation(boolean on) {
        return new CheckOptions(engine, specModel, hidden, maxHiddenPerEvent, maxCandidates, reorderWindow, split, on, lazyFirst);
    }

    /** The candidate bound: beyond it the check stops with a bad-input report naming the bound (exit 2). */
    public CheckOptions withMaxCandidates(int n) {
        return new CheckOptions(engine, specModel, hidden, maxHiddenPerEvent, n, reorderWindow, split, inlineIsolation, lazyFirst);
    }

    public CheckOptions withHidden(HiddenSteps h) {
        return new CheckOptions(engine, specModel, h, maxHiddenPerEvent, maxCandidates, reorderWindow, split, inlineIsolation, lazyFirst);
    }
}
