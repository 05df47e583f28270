package org.dmabufspec.conformance.testgen;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.dmabufspec.tlc.Counterexample;
import org.dmabufspec.tlc.Model;
import org.dmabufspec.tlc.Step;
import org.dmabufspec.tlc.TlaValue;

/**
 * A counterexample of an expected-violation model driven on the reference implementation, twice:
 * with the bug the model is a mutant of injected, where every call must return what the
 * counterexample says and every state must look as it does, up to the violating last state
 * ({@link #reproduced}); and without it, where the implementation must leave the counterexample
 * at some step ({@link #divergence}). Each run's trace is judged by the trace checker too.
 */
public record Replay(Model model, String bug, String rule, GeneratedTest test, TestRun withBug, TestRun withoutBug) {

    /** Builds the test from the counterexample and runs it both ways. */
    public static Replay of(Model model, Vocabulary v, Counterexample c, Map<String, TlaValue> constants) {
        if (c.loopIndex().isPresent()) {
            throw new IllegalArgumentException(model.name() + ": a liveness counterexample (a lasso) cannot be replayed as a"
                    + " finite test");
        }
        String bug = v.bugOf(model).orElseThrow(() -> new IllegalArgumentException(model.name()
                + ": no reference-implementation bug is the code of this model (known: " + v.injections().keySet() + ")"));
        GeneratedTest test = testOf(model, v, c, constants);
        TestRun with = v.run(List.of(test), Set.of(bug)).get(0);
        TestRun without = v.run(List.of(test), Set.of()).get(0);
        return new Replay(model, bug, v.injections().get(bug), test, with, without);
    }

    /**
     * The counterexample as one test: the planner's call for each step and the observable state
     * after it (edge index = step index; the fingerprints are the state numbers). Also used by
     * the kernel replay (testgen.kernel.KernelReplay).
     */
    public static GeneratedTest testOf(Model model, Vocabulary v, Counterexample c, Map<String, TlaValue> constants) {
        if (c.loopIndex().isPresent()) {
            throw new IllegalArgumentException(model.name() + ": a liveness counterexample (a lasso) cannot be replayed as a"
                    + " finite test");
        }
        Vocabulary.Planner planner = v.planner(model, constants);
        List<TestStep> steps = new ArrayList<>();
        List<Step> states = c.steps();
        for (int i = 1; i < states.size(); i++) {
            Map<String, TlaValue> before = states.get(i - 1).state();
            Map<String, TlaValue> after = states.get(i).state();
            StepPlan p = planner.plan(before, states.get(i).action(), after);
            steps.add(new TestStep(i, i - 1, states.get(i).action(), i, p.call(), p.note(), p.rule(), planner.observe(after)));
        }
        return new GeneratedTest(model.name(), v.name(), 1, planner.setup(), steps);
    }

    /** With the bug, the implementation went through every step of the counterexample. */
    public boolean reproduced() {
        return withBug.failures().stream().noneMatch(f -> !f.checker());
    }

    /** Without the bug, the first step where the implementation left the counterexample. */
    public Optional<ConformanceFailure> divergence() {
        return withoutBug.failures().stream().filter(f -> !f.checker()).findFirst();
    }

    /** Reproduced with the bug and not without it. */
    public boolean passed() {
        return reproduced() && divergence().isPresent();
    }

    /** The replay as `dmabuf show --replay` prints it. */
    public String text() {
        StringBuilder b = new StringBuilder();
        b.append("replay on the reference implementation with bug ").append(bug).append(" (").append(rule).append(") injected:\n");
        Optional<ConformanceFailure> firstWith = withBug.failures().stream().filter(f -> !f.checker()).findFirst();
        for (int i = 0; i < test.steps().size(); i++) {
            TestStep s = test.steps().get(i);
            boolean failed = firstWith.isPresent() && firstWith.get().step() == i + 1;
            b.append(String.format("  %2d %-28s %s%s%n", i + 1, s.action(),
                    s.call() == null ? "(" + s.note() + ")" : s.call().toString(), failed ? "   DIFFERS" : ""));
            if (failed) {
                b.append("     ").append(firstWith.get().what()).append('\n');
                break;
            }
        }
        b.append(reproduced() ? "  reproduced: every call returned what the counterexample says and every state matched,"
                + " the violating last state included\n" : "  NOT reproduced: the implementation with the bug left the counterexample\n");
        b.append("  trace checker: ").append(withBug.verdict()).append('\n');
        b.append("without the bug:\n");
        divergence().ifPresentOrElse(
                d -> b.append("  the counterexample does not happen: step ").append(d.step()).append(" (")
                        .append(test.steps().get(d.step() - 1).action()).append(") differs: ").append(d.what()).append('\n'),
                () -> b.append("  the implementation followed the counterexample too: the replay shows no difference\n"));
        b.append("  trace checker: ").append(withoutBug.verdict()).append('\n');
        return b.toString();
    }
}
