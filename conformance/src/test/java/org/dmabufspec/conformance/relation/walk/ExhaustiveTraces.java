package org.dmabufspec.conformance.relation.walk;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.BiFunction;

import org.dmabufspec.conformance.checker.CheckReport;
import org.dmabufspec.conformance.checker.Verdict;
import org.dmabufspec.conformance.relation.walk.resv.ResvEvent;

/**
 * Bounded exhaustive comparison of the fast engine with a spec oracle: from a fixed set-up, every
 * trace made of up to {@code depth} steps of a vocabulary (every call a trace of that vocabulary
 * can log, each result and object choice, legal or not) is decided by both. A step is one call in
 * its own time slot, or a unit of calls (a signal with the callbacks it runs nested in it; two
 * calls of different threads overlapping). Only traces both accept are extended: a rejected trace
 * stays rejected, and a known difference is counted and not extended.
 */
public final class ExhaustiveTraces {
    /** File order: end order, a nested call before the call around it. */
    public static final Comparator<ResvEvent> ORDER = Comparator.comparingLong(ResvEvent::end)
            .thenComparing(Comparator.comparingLong(ResvEvent::start).reversed());
    /** Each step owns [SLOT·(i+1), SLOT·(i+1)+SLOT-1]. */
    public static final long SLOT = 10;

    private ExhaustiveTraces() {
    }

    /** The two verdicts on one trace: -1 accepted, else the index (file order) of the first rejected event. */
    public record Judgement(int fast, int spec, CheckReport fastReport, String specWhy) {
    }

    public interface Judge {
        Judgement judge(EventTrace t);
    }

    /** The name of the known difference a trace shows, or null. */
    public interface Known {
        String explain(Judgement j, EventTrace t);
    }

    /** What a run decided. */
    public record Figures(long traces, int maxSteps, int maxEvents, long bothAccept, long bothReject, long badInput, long bothRejectInUnit,
                          Map<String, Integer> known, Map<String, Integer> differenceKinds, List<String> firstOfKind, List<String> differences, long cpuMs) {
        @Override
        public String toString() {
            return String.format("%d traces decided (max %d steps, %d events), both accept %d, both reject %d at the same event (%d of "
                    + "them bad input to the fast engine), both reject a step of overlapping calls at different calls of it %d, known differences %s, new differences %d %s, CPU %d ms", traces, maxSteps,
                    maxEvents, bothAccept, bothReject, badInput, bothRejectInUnit, known, differences.size(), differenceKinds, cpuMs);
        }
    }

    /** The fast engine's verdict as an index: -1 accepted, the rejected event's index, or -2 (bad input, no event named). */
    public static int fastIndex(CheckReport r) {
        if (r.verdict() == Verdict.ACCEPTED) {
            return -1;
        }
        if (r.verdict() == Verdict.BAD_INPUT && r.problem() != null) {
            // a malformed trace (an id created twice): rejected at the line the problem names
            java.util.regex.Matcher m = java.util.regex.Pattern.compile("\\.ndjson:(\\d+):").matcher(r.problem());
            return m.find() ? Integer.parseInt(m.group(1)) - 2 : -2;
        }
        if (r.verdict() != Verdict.REJECTED || r.rejection() == null) {
            return -2;
        }
        return (int) r.rejection().line() - 2; // line 1 is the header
    }

    /**
     * @param setup      the events every trace starts with (exports, fence inits), decided once
     * @param depth      steps after the set-up
     * @param vocabulary the units a step may log after the given events, in the slot starting at the given time
     */
    public static Figures explore(EventTrace setup, int depth, BiFunction<List<ResvEvent>, Long, List<List<ResvEvent>>> vocabulary, Judge judge, Known known) {
        java.lang.management.ThreadMXBean cpu = java.lang.management.ManagementFactory.getThreadMXBean();
        long t0 = cpu.getCurrentThreadCpuTime();
        Run run = new Run(setup, vocabulary, judge, known);
        Judgement j = judge.judge(setup);
        if (j.fast() != -1 || j.spec() != -1) {
            throw new IllegalStateException("the set-up is not accepted by both: " + j);
        }
        run.extend(setup.events(), 0, depth);
        return new Figures(run.traces, run.maxSteps, run.maxEvents, run.bothAccept, run.bothReject, run.badInput, run.bothRejectInUnit, run.knownCounts, run.kinds, run.firstOfKind, run.differences,
                (cpu.getCurrentThreadCpuTime() - t0) / 1_000_000);
    }

    /** Two calls of different threads in one slot, overlapping: crossing (a starts, b starts, a ends, b ends) and b nested in a. */
    public static List<List<ResvEvent>> overlappingPairs(List<ResvEvent> single, long t) {
        List<List<ResvEvent>> out = new ArrayList<>();
        for (ResvEvent a : single) {
            for (ResvEvent b : single) {
                if (!a.thread().equals(b.thread())) {
                    out.add(List.of(a.withTimes(t, t + 5), b.withTimes(t + 2, t + 9)));
                    out.add(List.of(a.withTimes(t, t + 9), b.withTimes(t + 2, t + 5)));
                }
            }
        }
        return out;
    }

    private static final class Run {
        final EventTrace setup;
        final BiFunction<List<ResvEvent>, Long, List<List<ResvEvent>>> vocabulary;
        final Judge judge;
        final Known known;
        long traces;
        long bothAccept;
        long bothReject;
        long badInput;
        long bothRejectInUnit;
        int maxSteps;
        int maxEvents;
        final Map<String, Integer> knownCounts = new TreeMap<>();
        final List<String> differences = new ArrayList<>();
        final Map<String, Integer> kinds = new TreeMap<>();
        final List<String> firstOfKind = new ArrayList<>();

        Run(EventTrace setup, BiFunction<List<ResvEvent>, Long, List<List<ResvEvent>>> vocabulary, Judge judge, Known known) {
            this.setup = setup;
            this.vocabulary = vocabulary;
            this.judge = judge;
            this.known = known;
        }

        void extend(List<ResvEvent> prefix, int steps, int depth) {
            if (steps >= depth) {
                return;
            }
            for (List<ResvEvent> unit : vocabulary.apply(prefix, SLOT * (steps + 1))) {
                List<ResvEvent> evs = new ArrayList<>(prefix);
                evs.addAll(unit);
                evs.sort(ORDER);
                EventTrace t = setup.withEvents(setup.name() + "-" + traces, evs);
                Judgement j = judge.judge(t);
                traces++;
                maxSteps = Math.max(maxSteps, steps + 1);
                maxEvents = Math.max(maxEvents, evs.size());
                if (j.fast() == -1 && j.spec() == -1) {
                    bothAccept++;
                    extend(evs, steps + 1, depth);
                } else if (j.fast() >= 0 && j.spec() >= 0 && j.fast() != j.spec() && unit.contains(evs.get(j.fast()))
                        && unit.contains(evs.get(j.spec()))) {
                    // both reject the step; its calls overlap, and the engines read them in different orders
                    // (the fast engine by start, the oracle by start and end points)
                    bothRejectInUnit++;
                } else if (j.fast() >= 0 && j.fast() == j.spec()) {
                    bothReject++;
                    if (j.fastReport().verdict() == Verdict.BAD_INPUT) {
                        badInput++;
                    }
                } else {
                    String why = known.explain(j, t);
                    if (why != null) {
                        knownCounts.merge(why, 1, Integer::sum);
                    } else {
                        ResvEvent at = j.spec() >= 0 ? evs.get(j.spec()) : j.fast() >= 0 ? evs.get(j.fast()) : null;
                        String kind = "fast " + (j.fast() == -1 ? "accepts" : (j.fastReport().verdict() == Verdict.BAD_INPUT ? "bad input " : "rejects ")
                                + (j.fast() == j.spec() ? "it" : j.fast() >= 0 ? evs.get(j.fast()).op() : "?"))
                                + ", spec " + (j.spec() == -1 ? "accepts" : "rejects") + (at == null ? "" : " " + at.thread() + " " + at.op()
                                + (at.succeeded() ? "" : "/" + at.result()) + (at.ret() == null ? "" : "=" + at.ret()));
                        if (kinds.merge(kind, 1, Integer::sum) == 1) {
                            firstOfKind.add(kind + ": " + t.events().subList(setup.events().size(), evs.size()));
                        }
                        differences.add("fast " + (j.fast() == -1 ? "accepts" : "rejects event " + j.fast()) + ", spec "
                                + (j.spec() == -1 ? "accepts" : "rejects event " + j.spec() + " (" + j.specWhy() + ")") + "\n"
                                + j.fastReport().toText() + "\n" + t.toNdjson());
                    }
                }
            }
        }
    }
}
