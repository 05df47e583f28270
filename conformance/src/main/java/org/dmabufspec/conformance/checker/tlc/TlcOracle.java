package org.dmabufspec.conformance.checker.tlc;

import org.dmabufspec.conformance.checker.CheckOptions;
import org.dmabufspec.conformance.checker.CheckReport;
import org.dmabufspec.conformance.checker.Engine;
import org.dmabufspec.conformance.checker.HiddenSteps;
import org.dmabufspec.conformance.checker.Verdict;
import org.dmabufspec.trace.TraceEnd;
import org.dmabufspec.trace.TraceEvent;
import org.dmabufspec.conformance.trace.TraceFormatException;
import org.dmabufspec.trace.TraceHeader;
import org.dmabufspec.conformance.trace.TraceReader;
import org.dmabufspec.tlc.ModelRunner;
import org.dmabufspec.tlc.RunOptions;
import org.dmabufspec.tlc.TlcResult;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * {@code dmabuf validate --engine tlc}: TLC itself decides whether the trace is a behaviour of a
 * spec. The trace becomes a generated Trace module next to a copy of {@code specs/tla}; TLC
 * violating {@link ResvTraceModule#ACCEPTED_INVARIANT} means every event matched (accepted), TLC
 * finishing without it means some event matched in no behaviour (rejected at the furthest one).
 */
public final class TlcOracle {
    private static final Pattern MATCHED = Pattern.compile("<<\"matched\", (\\d+)>>");

    private TlcOracle() {
    }

    public static CheckReport check(Path trace, CheckOptions options) {
        String file = trace.toString();
        String kernel = "?";
        List<String> notes = new ArrayList<>();
        String spec = options.specModel() == null ? "DmaResv" : options.specModel().replaceFirst("^MC", "");
        if (!spec.equals("DmaResv")) {
            return bad(file, kernel, "--spec " + options.specModel() + ": the TLC engine implements only the DmaResv "
                    + "vocabulary (reservation objects, fences, implicit sync) in this build");
        }
        ResvTraceModule module = new ResvTraceModule();
        org.dmabufspec.conformance.checker.UserspaceProtocol userspace = new org.dmabufspec.conformance.checker.UserspaceProtocol();
        long events = 0;
        String implementation = null;
        try (TraceReader reader = new TraceReader(trace)) {
            TraceHeader h = reader.header();
            implementation = h.implementation().name();
            kernel = h.behaviour().label().text() + (h.behaviour().moveNotify() ? ", move_notify" : ", no move_notify");
            TraceEvent e;
            while ((e = reader.next()) != null) {
                events++;
                userspace.accept(e);
                module.add(e);
            }
            TraceEnd end = reader.end();
            userspace.finish(end != null && end.complete());
            if (end != null && !end.complete()) {
                notes.add("the run was aborted: only the part it logged is judged");
            }
        } catch (TraceFormatException ex) {
            return bad(file, kernel, ex.getMessage());
        } catch (ResvTraceModule.Unsupported ex) {
            return bad(file, kernel, file + ": " + ex.getMessage() + " (the TLC engine checks DmaResv-vocabulary traces)");
        }
        notes.add("DmaResv has no kernel-behaviour constant: the header's label does not change this verdict");
        // As the fast engine: AUTO infers nothing for the reference implementation, which logs every step.
        boolean infer = switch (options.hidden()) {
            case ON -> true;
            case OFF -> false;
            case AUTO -> !"reference-impl".equals(implementation);
        };
        int maxHidden = infer ? options.maxHiddenPerEvent() : 0;
        Path specs = specsDir();
        if (specs == null) {
            return bad(file, kernel, "cannot find specs/tla/DmaResv.tla (set -Ddmabuf.specs=DIR, the specs directory)");
        }
        Path dir = null;
        try {
            dir = Files.createTempDirectory("dmabuf-oracle-");
            try (Stream<Path> s = Files.list(specs.resolve("tla"))) {
                for (Path p : s.filter(p -> p.toString().endsWith(".tla")).toList()) {
                    Files.copy(p, dir.resolve(p.getFileName()));
                }
            }
            Files.writeString(dir.resolve(ResvTraceModule.MODULE + ".tla"), module.module(maxHidden));
            Files.writeString(dir.resolve(ResvTraceModule.MODULE + ".cfg"), module.config());
            RunOptions ro = RunOptions.defaults().withWorkers(1).withTimeout(Duration.ofMinutes(5));
            TlcResult r = ModelRunner.withTlcOnClasspath().run(dir, ResvTraceModule.MODULE, ResvTraceModule.MODULE + ".cfg",
                    ro, p -> { });
            CheckReport report = report(file, kernel, events, module, r, notes);
            if (report.verdict() == Verdict.REJECTED) {
                report = withStateBefore(report, dir, module, maxHidden, ro, furthestMatched(r));
            }
            return report.withUserspace(userspace.warnings());
        } catch (IOException ex) {
            return bad(file, kernel, "cannot write the Trace module: " + ex.getMessage());
        } finally {
            if (dir != null && !Boolean.getBoolean("dmabuf.oracle.keep")) {
                delete(dir);
            }
        }
    }

    private static CheckReport report(String file, String kernel, long events, ResvTraceModule module, TlcResult r,
                                      List<String> notes) {
        List<ResvTraceModule.Step> steps = module.steps();
        if (r.verdict() instanceof org.dmabufspec.tlc.Verdict.InvariantViolated v
                && v.name().equals(ResvTraceModule.ACCEPTED_INVARIANT)) {
            long hidden = r.counterexample().map(c -> (long) c.steps().size() - 1 - countMatched(steps)).orElse(0L);
            return new CheckReport(Verdict.ACCEPTED, file, Engine.TLC, kernel, events, events, Math.max(0, hidden), 1, null,
                    null, List.copyOf(notes));
        }
        if (r.verdict() instanceof org.dmabufspec.tlc.Verdict.Ok) {
            int matched = furthestMatched(r);
            if (steps.isEmpty() || matched >= steps.size()) {
                return bad(file, kernel, "TLC found no violation of " + ResvTraceModule.ACCEPTED_INVARIANT
                        + " yet reports every record matched: the oracle is inconsistent");
            }
            TraceEvent at = steps.get(matched).source();
            long before = steps.subList(0, matched).stream().map(ResvTraceModule.Step::source).distinct().count();
            if (matched > 0 && steps.get(matched - 1).source() == at) {
                before--;
            }
            String state = "TLC explored " + r.distinctStates() + " distinct states of DmaResv (search depth "
                    + r.depth().orElse(0) + "): no behaviour matches the events before this one followed by it"
                    + " (spec step " + steps.get(matched).op() + ")";
            CheckReport.Rejection rej = new CheckReport.Rejection(at.seq(), at.line(), at.thread(), at.op().wire(),
                    List.of(new CheckReport.Candidate(state, List.of())));
            return new CheckReport(Verdict.REJECTED, file, Engine.TLC, kernel, events, before, 0, 1, rej, null,
                    List.copyOf(notes));
        }
        return bad(file, kernel, "TLC gave no verdict on the generated Trace module: " + r.verdict().summary()
                + detail(r.verdict()));
    }

    private static String detail(org.dmabufspec.tlc.Verdict v) {
        if (v instanceof org.dmabufspec.tlc.Verdict.ParseError p) {
            return " " + p.formatted();
        }
        if (v instanceof org.dmabufspec.tlc.Verdict.EvaluationError e) {
            return " " + e.message() + " at " + e.location();
        }
        if (v instanceof org.dmabufspec.tlc.Verdict.ToolCrash c) {
            return " " + c.outputTail();
        }
        return "";
    }

    /** The spec variables the rejection shows, in kernel terms. */
    private static final List<String> SHOWN = List.of("signalled", "holder", "table", "maxFences", "pc", "pollCb", "syncFiles");

    /**
     * Reruns TLC to the furthest matched record and puts that state (a shortest path there) in the
     * rejection: what the reservation looked like when the rejected event came.
     */
    private static CheckReport withStateBefore(CheckReport rejected, Path dir, ResvTraceModule module, int maxHidden,
                                               RunOptions ro, int matched) throws IOException {
        if (matched == 0) {
            return rejected;
        }
        int furthest = matched;
        Files.writeString(dir.resolve(ResvTraceModule.MODULE + ".tla"), module.moduleReaching(maxHidden, furthest));
        Files.writeString(dir.resolve(ResvTraceModule.MODULE + ".cfg"), module.config(ResvTraceModule.FURTHEST_INVARIANT));
        TlcResult r = ModelRunner.withTlcOnClasspath().run(dir, ResvTraceModule.MODULE, ResvTraceModule.MODULE + ".cfg", ro, p -> { });
        if (r.counterexample().isEmpty() || r.counterexample().get().steps().isEmpty()) {
            return rejected;
        }
        var steps = r.counterexample().get().steps();
        var last = steps.get(steps.size() - 1).state();
        StringBuilder b = new StringBuilder(rejected.rejection().candidates().get(0).state());
        b.append("\nstate after the events matched (TLC, ").append(steps.size() - 1).append(" spec steps):");
        for (String v : SHOWN) {
            if (last.containsKey(v)) {
                b.append("\n  ").append(v).append(" = ").append(last.get(v).toTla());
            }
        }
        CheckReport.Rejection old = rejected.rejection();
        CheckReport.Rejection rej = new CheckReport.Rejection(old.seq(), old.line(), old.thread(), old.op(),
                List.of(new CheckReport.Candidate(b.toString(), List.of())));
        return new CheckReport(rejected.verdict(), rejected.trace(), rejected.engine(), rejected.kernel(), rejected.events(),
                rejected.linearized(), rejected.hiddenSteps(), rejected.peakCandidates(), rej, null, rejected.notes());
    }

    /** The furthest record matched, from the marks the Trace module prints. */
    private static int furthestMatched(TlcResult r) {
        int matched = 0;
        Matcher m = MATCHED.matcher(r.output());
        while (m.find()) {
            matched = Math.max(matched, Integer.parseInt(m.group(1)));
        }
        return matched;
    }

    private static long countMatched(List<ResvTraceModule.Step> steps) {
        long n = 0;
        for (ResvTraceModule.Step s : steps) {
            n += s.op().equals("sync_start") || s.op().equals("poll") ? 2 : 1;
        }
        return n;
    }

    /** -Ddmabuf.specs, else specs/ in the working directory or a parent (tests run in conformance/). */
    static Path specsDir() {
        String prop = System.getProperty("dmabuf.specs");
        if (prop != null) {
            return Files.exists(Path.of(prop, "tla", "DmaResv.tla")) ? Path.of(prop) : null;
        }
        for (Path d = Path.of("").toAbsolutePath(); d != null; d = d.getParent()) {
            if (Files.exists(d.resolve("specs/tla/DmaResv.tla"))) {
                return d.resolve("specs");
            }
        }
        return null;
    }

    private static CheckReport bad(String file, String kernel, String problem) {
        return new CheckReport(Verdict.BAD_INPUT, file, Engine.TLC, kernel, 0, 0, 0, 0, null, problem, List.of());
    }

    private static void delete(Path dir) {
        try (Stream<Path> s = Files.walk(dir)) {
            s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
