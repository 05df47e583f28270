package org.dmabufspec.conformance.relation.walk.ww;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.dmabufspec.conformance.FullSets;
import org.dmabufspec.conformance.checker.CheckReport;
import org.dmabufspec.conformance.relation.walk.EventTrace;
import org.dmabufspec.conformance.relation.walk.ExhaustiveTraces;
import org.dmabufspec.conformance.relation.walk.resv.ResvEvent;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.ResourceAccessMode;
import org.junit.jupiter.api.parallel.ResourceLock;
import org.junit.jupiter.api.parallel.Resources;

/**
 * Every trace of the ww vocabulary up to a bound, decided by the fast engine and by the WwMutex
 * relation ({@link WwOracle}): same verdict and, on rejection, same first rejected event, but for
 * the differences {@link KnownWwDisagreements} names. Bound: {@code -Dww.exhaustive.depth} calls
 * after the exports (default 4, {@code -Pfull} 6; docs/trace-checker.md has the figures).
 */
@ResourceLock(value = Resources.SYSTEM_OUT, mode = ResourceAccessMode.READ)
class WwExhaustiveAgreementTest {
    static final int DEPTH = Integer.getInteger("ww.exhaustive.depth", FullSets.full() ? 6 : 4);
    /** Sequential calls before the step of two overlapping calls. */
    static final int OVERLAP_PREFIX = Integer.getInteger("ww.exhaustive.overlap.prefix", FullSets.full() ? 1 : 0);

    private static ResvEvent ev(String thread, long t, String op, Map<String, Object> ids, Map<String, Object> args, String result,
                                Object ret, Boolean held) {
        return new ResvEvent(thread, t, t + ExhaustiveTraces.SLOT - 1, op, ids, args, result, ret, held);
    }

    private static Map<String, Object> ids(String buf, String ctx) {
        Map<String, Object> m = new LinkedHashMap<>();
        if (buf != null) {
            m.put("buf", buf);
        }
        if (ctx != null) {
            m.put("ctx", ctx);
        }
        return m;
    }

    /**
     * Every call a thread of the model can log after {@code prefix}, at time t: each op, object and
     * result, resv_held as WwWalkToTrace logs it for the op and result. A context's calls only
     * after its one ww_acquire_init: a context named before it is created, or
     * created twice, makes a malformed trace (bad input), not a behaviour.
     */
    static List<ResvEvent> calls(List<ResvEvent> prefix, long t) {
        List<ResvEvent> out = new ArrayList<>();
        for (String p : List.of("p1", "p2")) {
            String ctx = WwWalkToTrace.ctxOf(p);
            boolean inited = prefix.stream().anyMatch(e -> e.op().equals("ww_acquire_init") && ctx.equals(e.ids().get("ctx")));
            for (long stamp = 1; stamp <= 2 && !inited; stamp++) {
                out.add(ev(p, t, "ww_acquire_init", ids(null, ctx), Map.of("stamp", stamp), "0", null, null));
            }
            if (!inited) {
                for (String l : List.of("l1", "l2")) {
                    out.add(ev(p, t, "dma_resv_unlock", ids(l, null), Map.of(), "0", null, true));
                }
                continue;
            }
            for (String l : List.of("l1", "l2")) {
                out.add(ev(p, t, "dma_resv_lock", ids(l, ctx), Map.of(), "0", null, false));
                out.add(ev(p, t, "dma_resv_lock", ids(l, ctx), Map.of(), "EDEADLK", null, false));
                out.add(ev(p, t, "dma_resv_lock", ids(l, ctx), Map.of(), "EALREADY", null, true));
                out.add(ev(p, t, "dma_resv_lock_slow", ids(l, ctx), Map.of(), "0", null, false));
                out.add(ev(p, t, "dma_resv_lock_slow", ids(l, ctx), Map.of(), "EDEADLK", null, false));
                out.add(ev(p, t, "dma_resv_unlock", ids(l, null), Map.of(), "0", null, true));
            }
            out.add(ev(p, t, "ww_acquire_done", ids(null, ctx), Map.of(), "0", null, null));
            out.add(ev(p, t, "ww_acquire_fini", ids(null, ctx), Map.of(), "0", null, null));
        }
        for (String l : List.of("l1", "l2")) {
            out.add(ev("n1", t, "dma_resv_lock", ids(l, null), Map.of(), "0", null, false));
            out.add(ev("n1", t, "dma_resv_lock", ids(l, null), Map.of(), "EDEADLK", null, false));
            out.add(ev("n1", t, "dma_resv_lock", ids(l, null), Map.of(), "EALREADY", null, true));
            out.add(ev("n1", t, "dma_resv_unlock", ids(l, null), Map.of(), "0", null, true));
            out.add(ev("n1", t, "dma_resv_trylock", ids(l, null), Map.of(), "0", true, false));
            out.add(ev("n1", t, "dma_resv_trylock", ids(l, null), Map.of(), "0", false, false));
        }
        return out;
    }

    static EventTrace setup() {
        List<ResvEvent> l = new ArrayList<>();
        for (String b : List.of("l1", "l2")) {
            Map<String, Object> args = new LinkedHashMap<>();
            args.put("exporter", "system");
            args.put("dynamic", false);
            args.put("cache_sgt_mapping", false);
            args.put("size", 4096);
            args.put("placement", "SYSTEM");
            l.add(new ResvEvent(WwWalkToTrace.EXPORTER_THREAD, l.size() + 1, l.size() + 1, "dma_buf_export", Map.of("buf", b), args, "0",
                    null, null));
        }
        return new EventTrace("ww-exhaustive", "WwMutex", l);
    }

    static final java.lang.management.ThreadMXBean CPU = java.lang.management.ManagementFactory.getThreadMXBean();
    /** CPU of the fast engine and of the oracle, ns. */
    static final long[] CPU_NS = new long[2];

    static ExhaustiveTraces.Judge judge() {
        WwOracle oracle = new WwOracle(WwWalk.constants(false));
        return t -> {
            long a = CPU.getCurrentThreadCpuTime();
            CheckReport fast = t.check();
            long b = CPU.getCurrentThreadCpuTime();
            WwOracle.Verdict spec = oracle.check(t.events());
            CPU_NS[0] += b - a;
            CPU_NS[1] += CPU.getCurrentThreadCpuTime() - b;
            return new ExhaustiveTraces.Judgement(ExhaustiveTraces.fastIndex(fast), spec.accepted() ? -1 : spec.rejectedIndex(), fast,
                    spec.why());
        };
    }

    static String known(ExhaustiveTraces.Judgement j, EventTrace t) {
        WwOracle.Verdict spec = new WwOracle.Verdict(j.spec() == -1, j.spec(), j.specWhy());
        if (KnownWwDisagreements.unseenOlderWaiter(j.fastReport(), spec, t)) {
            return "unseen older waiter";
        }
        if (KnownWwDisagreements.doneAfterEdeadlk(j.fastReport(), spec, t)) {
            return "ww_acquire_done after -EDEADLK";
        }
        return KnownWwDisagreements.beyondOnePass(j.fastReport(), spec, t) ? "beyond one pass" : null;
    }

    @Test
    void everySequentialWwTraceUpToTheBoundGetsTheSameVerdictFromTheSpecAndTheFastEngine() {
        ExhaustiveTraces.Figures f = ExhaustiveTraces.explore(setup(), DEPTH, (prefix, t) -> calls(prefix, t).stream().map(List::of).toList(), judge(),
                WwExhaustiveAgreementTest::known);
        System.out.println("ww exhaustive, sequential, depth " + DEPTH + ": " + f + " (fast engine " + CPU_NS[0] / 1_000_000 + " ms, oracle " + CPU_NS[1] / 1_000_000 + " ms)");
        assertTrue(f.differences().isEmpty(), f.differences().size() + " new differences; the shortest of each kind:\n" + String.join("\n", f.firstOfKind()) + "\nfirst:\n"
                + (f.differences().isEmpty() ? "" : f.differences().get(0)));
    }

    /**
     * Every trace of up to {@link #OVERLAP_PREFIX} sequential calls followed by two calls of
     * different threads that overlap (crossing, or one nested in the other's interval), from the
     * exports and both contexts initialised (p1 stamp 1, p2 stamp 2), so that the overlapping calls
     * can be a sleeping lock and the unlock that wakes it.
     */
    @Test
    void everyWwTraceEndingInTwoOverlappingCallsGetsTheSameVerdictFromTheSpecAndTheFastEngine() {
        List<ResvEvent> l = new ArrayList<>(setup().events());
        l.add(ev("p1", 3, "ww_acquire_init", ids(null, "c-p1"), Map.of("stamp", 1L), "0", null, null).withTimes(3, 4));
        l.add(ev("p2", 5, "ww_acquire_init", ids(null, "c-p2"), Map.of("stamp", 2L), "0", null, null).withTimes(5, 6));
        EventTrace inited = setup().withEvents("ww-exhaustive-overlap", l);
        ExhaustiveTraces.Figures f = ExhaustiveTraces.explore(inited, OVERLAP_PREFIX + 1, (prefix, t) -> t / ExhaustiveTraces.SLOT
                <= OVERLAP_PREFIX ? calls(prefix, t).stream().map(List::of).toList() : ExhaustiveTraces.overlappingPairs(calls(prefix, t), t),
                judge(), WwExhaustiveAgreementTest::known);
        System.out.println("ww exhaustive, " + OVERLAP_PREFIX + " sequential calls then two overlapping: " + f);
        assertTrue(f.differences().isEmpty(), f.differences().size() + " new differences; the shortest of each kind:\n"
                + String.join("\n", f.firstOfKind()) + "\nfirst:\n" + (f.differences().isEmpty() ? "" : f.differences().get(0)));
    }
}
