package org.dmabufspec.conformance.checker;

import java.util.List;

import org.dmabufspec.conformance.checker.search.Step;

/** What one spec step made of one event in one candidate state (the search's {@link Step} for the Transitions semantics). */
sealed interface StepResult extends Step<ProtocolState> {
    /** The event was applied to the state in place, after {@code hidden} inferred unlogged steps. */
    record Applied(int hidden) implements StepResult, Step.Applied<ProtocolState> {
    }

    /** Missing fields left several successor states (fresh copies; the input state is unchanged). */
    record Branches(List<ProtocolState> states, int hidden) implements StepResult, Step.Branches<ProtocolState> {
    }

    /** No action of the spec explains the event in this state; the input state is unchanged. */
    record Refused(List<Violation> why) implements StepResult, Step.Refused<ProtocolState> {
    }
}
