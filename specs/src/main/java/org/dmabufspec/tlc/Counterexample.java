package org.dmabufspec.tlc;

import java.util.List;
import java.util.OptionalInt;

/**
 * The behaviour TLC printed for a violation.
 *
 * @param steps     the states in order, the initial state first
 * @param loopIndex for a liveness lasso, the 0-based index of the state the behaviour returns to
 *                  (for "Stuttering", the last state)
 */
public record Counterexample(List<Step> steps, OptionalInt loopIndex) {
    public Counterexample {
        steps = List.copyOf(steps);
    }

    public Step last() {
        return steps.get(steps.size() - 1);
    }

    /** The variable names in TLC's order. */
    public List<String> variables() {
        return steps.isEmpty() ? List.of() : List.copyOf(steps.get(0).state().keySet());
    }
}
