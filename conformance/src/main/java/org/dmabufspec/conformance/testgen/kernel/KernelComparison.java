package org.dmabufspec.conformance.testgen.kernel;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import org.dmabufspec.conformance.checker.CheckOptions;
import org.dmabufspec.conformance.checker.CheckReport;
import org.dmabufspec.conformance.checker.TraceChecker;
import org.dmabufspec.conformance.testgen.ConformanceFailure;
import org.dmabufspec.conformance.testgen.GeneratedTest;
import org.dmabufspec.conformance.testgen.TestRun;
import org.dmabufspec.conformance.testgen.TestStep;

/**
 * Compares what the kernel did for one generated test with what the model expects, step by step
 * (the call's result, then the observable state), and has the trace checker judge the test's
 * trace. A difference is a {@link ConformanceFailure} naming the test, the step, the edge and the
 * rule; the first one ends the comparison, as the module stopped there too. A checker rejection
 * is reported at the step whose call logged the rejected event.
 */
public final class KernelComparison {
    private KernelComparison() {
    }

    /**
     * @param result what the module reported for the test (null: nothing)
     * @param trace  the test's trace as the module wrote it (null: none)
     */
    public static TestRun compare(GeneratedTest test, KernelResults.TestResult result, String trace) {
        List<ConformanceFailure> failures = new ArrayList<>();
        Set<Integer> passed = new HashSet<>();
        List<long[]> stepEnds = new ArrayList<>(); // {step (1-based), last seq of the step}
        for (int i = 0; i < test.steps().size(); i++) {
            TestStep s = test.steps().get(i);
            KernelResults.StepResult r = result == null ? null : result.steps().get(i + 1);
            String problem = r == null ? missing(result, i + 1) : difference(s, r);
            if (problem != null) {
                failures.add(new ConformanceFailure(test.name(), i + 1, s.edgeText(), s.rule(), problem, false));
                break;
            }
            stepEnds.add(new long[] {i + 1, r.lastSeq()});
            passed.add(s.edge());
        }
        String verdict;
        if (trace == null) {
            verdict = "NO TRACE";
            if (failures.isEmpty()) {
                failures.add(new ConformanceFailure(test.name(), test.steps().size(), lastEdge(test), lastRule(test),
                        "the kernel module wrote no trace for this test", true));
                passed.clear();
            }
            return new TestRun(test, passed, failures, "", verdict);
        }
        if (result != null && result.overflow()) {
            failures.add(new ConformanceFailure(test.name(), test.steps().size(), lastEdge(test), lastRule(test),
                    "the kernel module's trace buffer overflowed: the trace is incomplete", true));
        }
        CheckReport report = TraceChecker.check(new ByteArrayInputStream(trace.getBytes(StandardCharsets.UTF_8)),
                KernelProgram.scenario(test), CheckOptions.defaults());
        verdict = report.verdict().name() + (report.brokenRules().isEmpty() ? "" : ": " + String.join(", ", report.brokenRules()));
        if (!report.accepted()) {
            long seq = report.rejection() == null ? Long.MAX_VALUE : report.rejection().seq();
            int step = stepEnds.stream().filter(e -> seq <= e[1]).map(e -> (int) e[0]).findFirst()
                    .orElse(stepEnds.isEmpty() ? 1 : (int) stepEnds.get(stepEnds.size() - 1)[0]);
            TestStep s = test.steps().isEmpty() ? null : test.steps().get(step - 1);
            String rules = report.brokenRules().isEmpty() ? (s == null ? "?" : s.rule()) : String.join(", ", report.brokenRules());
            failures.add(new ConformanceFailure(test.name(), step, s == null ? "no edge" : s.edgeText(), rules,
                    "the trace checker rejects the kernel's trace at event " + (seq == Long.MAX_VALUE ? "?" : seq) + ": "
                            + firstLine(report), true));
            if (s != null) {
                passed.remove(s.edge());
            }
        }
        return new TestRun(test, passed, failures, trace, verdict);
    }

    /** The difference between the step the model expects and the step the kernel made, or null. */
    static String difference(TestStep s, KernelResults.StepResult r) {
        if (s.call() != null) {
            String got = r.result();
            if (got.equals("sleeps")) {
                return s.call().op() + " would sleep with nothing to wake it (the fence is unsignalled), the model expects "
                        + s.call().expect() + " (" + s.call() + "): not made";
            }
            if (!got.equals(s.call().expect())) {
                return s.call().op() + " returned " + got + " on the kernel, the model expects " + s.call().expect() + " ("
                        + s.call() + ")";
            }
        }
        Map<String, String> diff = new TreeMap<>();
        s.observe().forEach((key, want) -> {
            String seen = r.observed().get(key);
            if (!want.equals(seen)) {
                diff.put(key, "expected " + want + ", observed " + (seen == null ? "nothing" : seen));
            }
        });
        return diff.isEmpty() ? null : "after " + (s.call() == null ? s.note() : s.call().toString()) + ": " + diff;
    }

    private static String missing(KernelResults.TestResult result, int step) {
        if (result == null) {
            return "the kernel module reported nothing for this test (did the program reach it?)";
        }
        if (result.stoppedAt() > 0 && result.stoppedAt() < step) {
            return "the kernel module stopped the test at step " + result.stoppedAt() + " although the model agrees there";
        }
        return "the kernel module reported no result for this step" + (result.finished() ? "" : " (the test did not finish)");
    }

    private static String lastEdge(GeneratedTest t) {
        return t.steps().isEmpty() ? "no edge" : t.steps().get(t.steps().size() - 1).edgeText();
    }

    private static String lastRule(GeneratedTest t) {
        return t.steps().isEmpty() ? "?" : t.steps().get(t.steps().size() - 1).rule();
    }

    private static String firstLine(CheckReport r) {
        String[] lines = r.toText().strip().split("\n");
        return lines.length > 1 ? lines[0] + " " + lines[1].strip() : lines[0];
    }
}
