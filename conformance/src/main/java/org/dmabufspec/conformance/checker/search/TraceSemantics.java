package org.dmabufspec.conformance.checker.search;

import java.util.List;

/**
 * What {@link LinearizationSearch} needs from a semantics to decide whether a trace of events
 * (each with a start and an end time) is one of its behaviours: the steps an event takes, in
 * which states, and which objects they touch.
 *
 * <p>An event contributes one step of its own (part {@code null}) and, optionally, follow-up
 * steps ({@link #followUps}) that take effect after it and before its end (a second linearization
 * point, the check of part of the state the event observed). The search orders these steps by
 * real time (a step that ended before another started comes first) and tries the orders of
 * overlapping ones.
 *
 * <p>Hidden steps (steps of the semantics no event logs, such as a fence signalled inside the
 * kernel) are the semantics' own business: {@link #apply} takes those an event needs before its
 * step and reports how many ({@link Step.Applied#hidden}). An event whose effect is a sequence of
 * steps (a call that takes several steps of the semantics between its start and its end) fits
 * the same way: {@link #begin} marks it in flight in every candidate at its start, and its steps
 * are hidden steps of the semantics until the step of its own, at a time the search chooses,
 * completes it.
 *
 * <p>Everything below "search hints" only saves work; a semantics that implements none of them
 * gets the same verdicts, more slowly.
 *
 * @param <S> a state: mutable (steps write it in place, {@link #copy} gives an independent one),
 *            with {@code equals}/{@code hashCode} by value (candidates with equal states merge)
 * @param <E> an event of the trace
 */
public interface TraceSemantics<S, E> {
    // ---- events -------------------------------------------------------------------------------

    long start(E e);

    long end(E e);

    /** The event's number in the trace (reports name the earliest refused event). */
    long seq(E e);

    /** Its line in the trace file, for messages. */
    long line(E e);

    /** Its thread (lock order needs distinct time stamps within a thread). */
    Object thread(E e);

    // ---- states and steps ---------------------------------------------------------------------

    S copy(S s);

    /**
     * The follow-up steps of {@code e}: each takes effect after the event's own step and is
     * applied with its part. Empty for most events (return a shared empty array).
     */
    Object[] followUps(E e);

    /**
     * The step of {@code e} (part null) or one of its follow-ups, in {@code s}: taken in place
     * ({@link Step.Applied}), or successors, or refused with the rules it breaks (s unchanged).
     */
    Step<S> apply(S s, E e, Object part);

    /**
     * Called on every candidate when {@code e} is admitted (its start, in start order): an event
     * in flight from then on. Null (the default): nothing happens at an event's start. Else like
     * {@link #apply}; a refusal by every candidate rejects the trace at {@code e}.
     */
    default Step<S> begin(S s, E e) {
        return null;
    }

    /** Whether {@link #begin} does anything (the search skips it otherwise); asked once, when the search is made. */
    default boolean begins() {
        return false;
    }

    // ---- search hints -------------------------------------------------------------------------

    /**
     * A follow-up that only reads the state (never writes it): the search applies it to the
     * candidate's state itself, and takes it as soon as it holds.
     */
    default boolean readOnly(Object part) {
        return false;
    }

    /**
     * Whether the step of {@code e} in {@code s} is a guard only: it either refuses or leaves the
     * state equal (inferred hidden steps aside). The search takes such a step as soon as it holds
     * without hidden steps, with {@link #guardStep}.
     */
    default boolean guardOnly(S s, E e) {
        return false;
    }

    /** The step taken for a guard-only event (default {@link #apply}). */
    default Step<S> guardStep(S s, E e) {
        return apply(s, e, null);
    }

    /** Whether {@link #guardStep} refuses exactly when {@link #apply} does (its refusal may then be remembered for apply). */
    default boolean guardStepIsApply(E e) {
        return true;
    }

    /**
     * Steps the lazy pass takes as soon as they hold: they read the state and create only an
     * object of their own.
     */
    default boolean readsOnly(E e) {
        return false;
    }

    /** Changes each time {@code s} is written: a step refused in one version is refused again in it. 0: never cached. */
    default long version(S s) {
        return 0;
    }

    /** Whether {@link #version} means anything (refusals are remembered per state and version). */
    default boolean versioned() {
        return false;
    }

    /** Kinds of key {@link #footprint} hands out. */
    default int keyKinds() {
        return 0;
    }

    /**
     * Feeds the keys of the objects the step of {@code e} may touch in {@code s} to {@code out};
     * false if it may touch anything. Steps with no key in common commute (the per-object split).
     */
    default boolean footprint(S s, E e, Keys out) {
        return false;
    }

    /** Receives footprint keys: a kind and an id (no key string is built). */
    interface Keys {
        void key(int kind, Object id);
    }

    /**
     * The lock {@code e} acquires when it is a successful acquisition of a mutex, else null: of two
     * pending acquisitions of one lock by different threads, the one that ended first takes effect
     * first (the lock order).
     */
    default Object acquiredLock(E e) {
        return null;
    }

    /**
     * When {@code e} is an unlock nested in a logged call, that call's {@link #seq}, else
     * Long.MIN_VALUE: the lazy pass takes the call before its nested unlock.
     */
    default long nestedUnlockCaller(E e) {
        return Long.MIN_VALUE;
    }

    // ---- housekeeping (only saves work) -------------------------------------------------------

    /** {@code s} was stepped in place as the only candidate (the sequential case). */
    default void settle(S s) {
    }

    /** {@code s} is the only candidate left. */
    default void alone(S s) {
    }

    /** Now and then, on the candidates of a search with several. */
    default void prune(List<S> states) {
    }

    // ---- reports ------------------------------------------------------------------------------

    /** The event and, for a follow-up, which one (attempts in reports). */
    String where(E e, Object part);

    /** The parts of {@code s} the refused events touch, in the semantics' words. */
    String describe(S s, List<E> refused);
}
