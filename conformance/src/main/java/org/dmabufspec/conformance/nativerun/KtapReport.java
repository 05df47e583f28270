package org.dmabufspec.conformance.nativerun;

import java.util.ArrayList;
import java.util.List;

/** The KTAP lines of one harness run, with the plan and the per-test results. */
public record KtapReport(int planned, List<KtapResult> results, List<String> lines) {

    public KtapReport {
        results = List.copyOf(results);
        lines = List.copyOf(lines);
    }

    /** Why the run does not count as "every scenario ran and passed"; empty when it does. */
    public List<String> problems() {
        List<String> p = new ArrayList<>();
        if (results.size() != planned) {
            p.add("KTAP plan 1.." + planned + " but " + results.size() + " results (the harness stopped early)");
        }
        for (KtapResult r : results) {
            if (!r.ok()) {
                p.add("not ok " + r.number() + " " + r.name());
            } else if (r.skipped()) {
                p.add("skipped " + r.number() + " " + r.name() + ": " + r.skipReason());
            }
        }
        return p;
    }
}
