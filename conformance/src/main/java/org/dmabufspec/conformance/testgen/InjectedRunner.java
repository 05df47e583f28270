package org.dmabufspec.conformance.testgen;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.BiFunction;
import java.util.function.BiPredicate;

import org.dmabufspec.kernel.Kernel;
import org.dmabufspec.lockdep.Misuse;
import org.dmabufspec.lockdep.Mode;
import org.dmabufspec.trace.Clock;
import org.dmabufspec.trace.KernelBehaviour;
import org.dmabufspec.trace.PendingEvent;
import org.dmabufspec.trace.TraceEnd;
import org.dmabufspec.trace.TraceSink;
import org.dmabufspec.trace.Tracer;

/**
 * Runs the tests of an inductive-invariant model, each from a state built by injection
 * ({@link Vocabulary.Planner#inject}): one {@link Kernel} per test (RECORD mode), the setup calls
 * that build the state, the observed state compared with the model's initial one
 * ({@link GeneratedTest#initial}), then the steps as {@link BatchRunner} makes them. The trace checker
 * does not judge these runs: it follows objects from their creation, and an injected object has no
 * history a trace could show (the checker would reject the first call on it, or accept it for the
 * wrong reason). In its place, a misuse the implementation's own checks record during a step
 * (lockdep, WARN_ON: a broken rule) fails the step, naming the rule.
 */
public final class InjectedRunner {
    /** The verdict of every run: the comparison with the model is the check. */
    public static final String VERDICT = "NOT CHECKED: starts in an injected state, which no trace leads to";

    private final String behaviour;
    private final BiFunction<Kernel, String, BatchRunner.World> worlds;
    private final BiPredicate<TestStep, Misuse> expected;

    public InjectedRunner(String behaviour, BiFunction<Kernel, String, BatchRunner.World> worlds) {
        this(behaviour, worlds, (s, m) -> false);
    }

    /** {@code expected}: a misuse the model's step itself is (e.g. F11's release with pending callbacks, which the kernel WARNs). */
    public InjectedRunner(String behaviour, BiFunction<Kernel, String, BatchRunner.World> worlds,
                          BiPredicate<TestStep, Misuse> expected) {
        this.behaviour = behaviour;
        this.worlds = worlds;
        this.expected = expected;
    }

    public List<TestRun> run(List<GeneratedTest> tests, Set<String> injections) {
        List<TestRun> out = new ArrayList<>();
        for (GeneratedTest t : tests) {
            out.add(run(t, injections));
        }
        return out;
    }

    private TestRun run(GeneratedTest test, Set<String> injections) {
        Kernel kernel = new Kernel(KernelBehaviour.parse(behaviour, true), new Tracer(DISCARD, Clock.LOGICAL), Mode.RECORD);
        injections.forEach(kernel::inject);
        BatchRunner.World w = worlds.apply(kernel, "");
        List<ConformanceFailure> fails = new ArrayList<>();
        Set<Integer> ok = new HashSet<>();
        try {
            TestStep first = test.steps().get(0);
            String injected = null;
            try {
                test.setup().forEach(w::init);
            } catch (RuntimeException e) {
                injected = "it could not be built: " + e.getMessage();
            }
            if (injected == null) {
                injected = test.initial() == null ? "the test has no injected initial state" : differences(w, test.initial());
            }
            if (injected == null && !kernel.lockdep().recorded().isEmpty()) {
                injected = "building it recorded " + kernel.lockdep().recorded();
            }
            if (injected != null) {
                fails.add(new ConformanceFailure(test.name(), 0, first.edgeText(), first.rule(),
                        "the injected initial state is not the model's: " + injected, false));
                return new TestRun(test, ok, fails, "", VERDICT);
            }
            for (int i = 0; i < test.steps().size(); i++) {
                TestStep s = test.steps().get(i);
                int before = kernel.lockdep().recorded().size();
                String problem = step(w, s);
                List<Misuse> misuses = kernel.lockdep().recorded().subList(before, kernel.lockdep().recorded().size()).stream()
                        .filter(m -> !expected.test(s, m)).toList();
                if (problem == null && !misuses.isEmpty()) {
                    Misuse m = misuses.get(0);
                    fails.add(new ConformanceFailure(test.name(), i + 1, s.edgeText(), m.rule(),
                            (s.call() == null ? s.note() : s.call().toString()) + ": the implementation records a misuse: "
                                    + m.op() + ": " + m.message(), true));
                    break;
                }
                if (problem != null) {
                    fails.add(new ConformanceFailure(test.name(), i + 1, s.edgeText(), s.rule(), problem, false));
                    break;
                }
                ok.add(s.edge());
            }
        } finally {
            w.close();
        }
        return new TestRun(test, ok, fails, "", VERDICT);
    }

    /** Makes one step's call and compares; the difference, or null (as {@link BatchRunner} does). */
    static String step(BatchRunner.World w, TestStep s) {
        if (s.call() != null) {
            String got = w.call(s.call());
            if (!got.equals(s.call().expect())) {
                return s.call().op() + " returned " + got + ", the model expects " + s.call().expect() + " (" + s.call() + ")";
            }
        }
        String diff = differences(w, s.observe());
        return diff == null ? null : "after " + (s.call() == null ? s.note() : s.call().toString()) + ": " + diff;
    }

    private static String differences(BatchRunner.World w, Map<String, String> want) {
        Map<String, String> seen = w.observe(want.keySet());
        Map<String, String> diff = new TreeMap<>();
        want.forEach((key, value) -> {
            if (!value.equals(seen.get(key))) {
                diff.put(key, "expected " + value + ", observed " + seen.get(key));
            }
        });
        return diff.isEmpty() ? null : diff.toString();
    }

    private static final TraceSink DISCARD = new TraceSink() {
        @Override
        public void submit(PendingEvent e) {
        }

        @Override
        public void finish(TraceEnd.Status status, String reason) {
        }
    };
}
