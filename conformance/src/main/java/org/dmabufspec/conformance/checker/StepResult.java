package org.dmabufspec.conformance.checker;

import java.util.List;

/** What one spec step made of one event in one candidate state. */
sealed interface StepResult {
    /** The event was applied to the state in place, after {@code hidden} inferred unlogged steps. */
    record Applied(int hidden) implements StepResult {
    }

    /** Missing fields left several successor states (fresh copies; the input state is unchanged). */
    record Branches(List<ProtocolState> states, int hidden) implements StepResult {
    }

    /** No action of the spec explains the event in this state; the input state is unchanged. */
    record Refused(List<Violation> why) implements StepResult {
    }
}
