package org.dmabufspec.conformance.testgen.kernel;

import java.util.HashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import org.dmabufspec.conformance.testgen.GeneratedTest;
import org.dmabufspec.conformance.testgen.ModelTests;
import org.dmabufspec.conformance.testgen.TestRun;
import org.dmabufspec.conformance.testgen.TestStep;

/**
 * The kernel's coverage figures of one model: its edges, the edges the generated tests take, the
 * edges the kernel executed successfully (the step ran, matched the model, the checker accepted
 * the trace), and the edges the kernel could not be driven through, counted by reason.
 *
 * @param notDrivable edges by reason: the vocabulary's (no test can drive them), the module's (a call
 *                    its interpreter does not make), edges reached only through those; an edge a
 *                    failed test did not reach is in none of these
 */
public record KernelCoverage(String model, int states, int edges, int tested, int kernel, int tests, int ran, int steps,
                             int failures, Map<String, Integer> notDrivable) {

    public static KernelCoverage of(ModelTests t, KernelRun run) {
        String model = t.model().name();
        Map<String, Integer> why = new TreeMap<>();
        t.notDriven().forEach((reason, n) -> why.merge("no test can drive it: " + reason, n, Integer::sum));
        if (t.unreachedEdges() > 0) {
            why.merge("reachable only through edges no test can drive", t.unreachedEdges(), Integer::sum);
        }
        Set<Integer> ranEdges = new HashSet<>();
        int ran = 0;
        int steps = 0;
        int failures = 0;
        for (TestRun r : run.of(model)) {
            ran++;
            steps += r.test().steps().size();
            failures += r.failures().size();
            r.test().steps().forEach(s -> ranEdges.add(s.edge()));
        }
        Map<Integer, String> offKernel = new TreeMap<>();
        for (Map.Entry<GeneratedTest, String> e : run.notDrivable().entrySet()) {
            if (e.getKey().model().equals(model)) {
                for (TestStep s : e.getKey().steps()) {
                    if (!ranEdges.contains(s.edge())) {
                        offKernel.putIfAbsent(s.edge(), e.getValue());
                    }
                }
            }
        }
        offKernel.values().forEach(reason -> why.merge("on the kernel: " + reason, 1, Integer::sum));
        return new KernelCoverage(model, t.states(), t.edges(), t.coveredEdges().size(), run.passedEdges(model).size(),
                t.tests().size(), ran, steps, failures, why);
    }

    public static String header() {
        return String.format(Locale.ROOT, "%-40s %7s %7s %7s %7s %6s %6s %7s %6s", "model", "states", "edges", "tested", "kernel",
                "tests", "ran", "steps", "fails");
    }

    public String line() {
        StringBuilder b = new StringBuilder(String.format(Locale.ROOT, "%-40s %7d %7d %7d %7d %6d %6d %7d %6d", model, states, edges,
                tested, kernel, tests, ran, steps, failures));
        notDrivable.forEach((reason, n) -> b.append(String.format(Locale.ROOT, "%n  not on the kernel, %d edges: %s", n, reason)));
        return b.toString();
    }
}
