package org.dmabufspec.conformance.nativerun.kmod;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import org.dmabufspec.conformance.nativerun.KtapReport;
import org.dmabufspec.conformance.nativerun.KtapResult;

/** A module run: its KTAP (the kernel-behaviour expectations), one verdict per trace, what failed. */
public record KmodReport(KtapReport ktap, int exit, List<KmodVerdict> verdicts, List<String> problems) {

    public KmodReport {
        verdicts = List.copyOf(verdicts);
        problems = List.copyOf(problems);
    }

    static KmodReport of(KtapReport ktap, int exit, List<String> requested, List<KmodVerdict> verdicts) {
        List<String> p = new ArrayList<>(ktap.problems());
        if (exit != 0) {
            p.add("the module run exited with status " + exit);
        }
        for (KtapResult r : ktap.results()) {
            if (verdicts.stream().noneMatch(v -> v.scenario().equals(r.name()))) {
                p.add("no trace for scenario " + r.name());
            }
        }
        for (String s : requested) {
            if (ktap.results().stream().noneMatch(r -> r.name().equals(s))) {
                p.add("scenario " + s + " did not run (unknown name?)");
            }
        }
        for (KmodVerdict v : verdicts) {
            if (!v.asExpected()) {
                p.add(v.summary());
            }
        }
        return new KmodReport(ktap, exit, verdicts, p);
    }

    public boolean passed() {
        return problems.isEmpty();
    }

    /** KTAP first, then the verdicts as KTAP diagnostics (multi-line checker reports indented). */
    public void print(PrintStream o, String traceDir) {
        ktap.lines().forEach(o::println);
        o.println("# trace verdicts (traces in " + traceDir + ")");
        for (KmodVerdict v : verdicts) {
            o.println("# " + v.summary());
            if (!v.accepted() || !v.asExpected()) {
                o.println("#   " + v.detail().replace("\n", "\n#   "));
            }
        }
        long legal = verdicts.stream().filter(v -> !v.misuse()).count();
        if (passed()) {
            o.println("# kmod conformance: " + legal + " legal scenarios accepted, " + (verdicts.size() - legal)
                    + " misuse scenarios rejected with their rule named");
        } else {
            problems.forEach(p -> o.println("# FAILED: " + p));
        }
    }
}
