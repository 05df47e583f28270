package org.dmabufspec.conformance.checker.search;

import java.util.List;

import org.dmabufspec.conformance.checker.Violation;

/**
 * What a semantics made of one step in one state (see {@link TraceSemantics#apply}). Interfaces
 * rather than records so a semantics can return its own result records without converting them
 * on every step (the fast checker's {@code StepResult} implements these).
 */
public interface Step<S> {
    /** Taken, in place in the state given, after {@code hidden} inferred unlogged steps. */
    interface Applied<S> extends Step<S> {
        int hidden();
    }

    /** Several successor states (fresh ones: the state given is unchanged). */
    interface Branches<S> extends Step<S> {
        List<S> states();

        int hidden();
    }

    /** No step of the semantics explains it here, and the rules it breaks; the state is unchanged. */
    interface Refused<S> extends Step<S> {
        List<Violation> why();
    }

    /** Plain implementations, for a semantics without result types of its own. */
    record Taken<S>(int hidden) implements Applied<S> {
    }

    record Successors<S>(List<S> states, int hidden) implements Branches<S> {
    }

    record Refusal<S>(List<Violation> why) implements Refused<S> {
    }
}
