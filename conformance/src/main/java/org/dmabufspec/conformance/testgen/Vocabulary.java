package org.dmabufspec.conformance.testgen;

import java.util.List;
import java.util.Map;
import java.util.Set;

import org.dmabufspec.tlc.Model;
import org.dmabufspec.tlc.TlaValue;

/**
 * The calls of one spec module: how an edge of its state graph becomes a kernel call with an
 * expected result and observable state, and how the reference implementation runs such calls.
 */
public interface Vocabulary {

    /** The name generated tests carry (e.g. {@code dma_fence}). */
    String name();

    /** True if the edges of this model (an {@code ok} model or a mutant of one) can be turned into calls. */
    boolean handles(Model model);

    /** The constant expressions the planner needs, evaluated by TLC in the model's context. */
    List<String> constants(Model model);

    /** The planner of one model, given the values TLC printed for {@link #constants}. */
    Planner planner(Model model, Map<String, TlaValue> constants);

    /** Runs tests on the reference implementation with the named bugs injected (none for the real thing). */
    List<TestRun> run(List<GeneratedTest> tests, Set<String> injections);

    /**
     * The injectable reference-implementation bugs this vocabulary knows, by name, with the rule each breaks
     * (none unless the vocabulary says otherwise).
     */
    default Map<String, String> injections() {
        return Map.of();
    }

    /** The injectable bug whose code the expected-violation model {@code mutant} is, if any. */
    default java.util.Optional<String> bugOf(Model mutant) {
        return java.util.Optional.empty();
    }

    /** For {@link #run}: refuses injections this vocabulary does not know. */
    default void refuseInjections(Set<String> injected) {
        Set<String> unknown = new java.util.TreeSet<>(injected);
        unknown.removeAll(injections().keySet());
        if (!unknown.isEmpty()) {
            throw new IllegalArgumentException("the " + name() + " driver knows no injectable bug " + unknown
                    + (injections().isEmpty() ? "" : " (known: " + new java.util.TreeSet<>(injections().keySet()) + ")"));
        }
    }

    /** Turns model states and edges into setup, calls and observations. */
    interface Planner {
        /** Calls that create the model's objects before the first step. */
        List<KernelCall> setup();

        /** The call (if any) that drives one edge. */
        StepPlan plan(Map<String, TlaValue> before, String action, Map<String, TlaValue> after);

        /** The state's observable part, as the executor reads it back from the implementation. */
        Map<String, String> observe(Map<String, TlaValue> state);

        /**
         * For an inductive-invariant model (its initial states are every state satisfying the invariant,
         * which no call sequence from fresh objects reaches): the setup calls that build the
         * implementation's objects directly in {@code state} (state injection), in place of {@link
         * #setup()}. Empty (the default) for a model whose tests start from fresh objects.
         */
        default java.util.Optional<List<KernelCall>> inject(Map<String, TlaValue> state) {
            return java.util.Optional.empty();
        }

        /**
         * For an inductive-invariant model whose states this vocabulary cannot inject: which of the graph's
         * initial states is the spec's Init (fresh objects). Tests then start there only, and an edge from an
         * invariant state that no path from Init reaches is not drivable. Empty (the default): every initial
         * state of the graph is a start ({@link #setup()} or {@link #inject}).
         */
        default java.util.Optional<java.util.function.Predicate<Map<String, TlaValue>>> freshInit() {
            return java.util.Optional.empty();
        }

        /**
         * With {@link #freshInit}: for invariant states calls from Init do not reach ({@code unreached}), a state
         * they do reach ({@code reached}) and one call the spec has no action for that takes the implementation
         * from there to the unreached state (state injection by a call). The generator adds these as extra
         * edges the tests may take (never counted as the model's edges). None by default.
         */
        default Map<Long, Bridge> bridges(StateGraph graph, Set<Long> reached, Set<Long> unreached) {
            return Map.of();
        }
    }

    /** An extra edge {@code from --action--> the unreached state}, driven by {@code plan}'s call. */
    record Bridge(long from, String action, StepPlan plan) {
    }
}
