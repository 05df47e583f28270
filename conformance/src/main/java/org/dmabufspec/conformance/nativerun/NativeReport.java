package org.dmabufspec.conformance.nativerun;

import java.util.ArrayList;
import java.util.List;

/** The outcome of a native conformance run: KTAP, one verdict per trace, and what failed. */
public record NativeReport(KtapReport ktap, int harnessExit, List<TraceVerdict> verdicts, List<String> problems) {

    public NativeReport {
        verdicts = List.copyOf(verdicts);
        problems = List.copyOf(problems);
    }

    /** Every scenario ran and passed, and every trace was accepted. */
    public boolean passed() {
        return problems.isEmpty();
    }

    static List<String> problemsOf(KtapReport ktap, int harnessExit, List<String> expected, List<ScenarioTrace> traces,
                                   List<TraceVerdict> verdicts) {
        List<String> p = new ArrayList<>(ktap.problems());
        if (harnessExit != 0) {
            p.add("the harness exited with status " + harnessExit);
        }
        List<String> traced = traces.stream().map(ScenarioTrace::scenario).toList();
        for (KtapResult r : ktap.results()) {
            if (!traced.contains(r.name())) {
                p.add("no trace for scenario " + r.name());
            }
        }
        for (String e : expected) {
            if (ktap.results().stream().noneMatch(r -> r.name().equals(e))) {
                p.add("scenario " + e + " did not run");
            }
        }
        for (TraceVerdict v : verdicts) {
            if (!v.accepted()) {
                p.add("trace " + v.scenario() + " rejected by " + v.validator() + ": " + v.detail());
            }
        }
        return p;
    }
}
