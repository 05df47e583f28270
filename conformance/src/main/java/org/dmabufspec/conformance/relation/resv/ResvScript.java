package org.dmabufspec.conformance.relation.resv;

import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * One scenario module's script: {@code Step(n, A)} for each action A in order, then
 * {@code Done(steps.size())}. TLC labels the edges {@code stepLabel}/{@code doneLabel}
 * ({@code Step}/{@code Done}, or the enclosing {@code StNext} where the disjunction is a conjunct).
 *
 * @param initialUsages the values of StDmaResv's {@code usage} variable, or one empty value
 */
public record ResvScript(List<Action> steps, String stepLabel, String doneLabel, List<OptionalInt> initialUsages) {

    public ResvScript {
        steps = List.copyOf(steps);
        initialUsages = List.copyOf(initialUsages);
    }

    /** One step's action A: its successors of a state (none when A is not enabled). */
    @FunctionalInterface
    public interface Action {
        List<ResvState> run(ScenarioState s);

        static Action of(java.util.function.Function<ResvState, Optional<ResvState>> a) {
            return s -> a.apply(s.resv()).map(List::of).orElse(List.of());
        }

        /** {@code UNCHANGED vars}. */
        static Action unchanged() {
            return s -> List.of(s.resv());
        }
    }
}
