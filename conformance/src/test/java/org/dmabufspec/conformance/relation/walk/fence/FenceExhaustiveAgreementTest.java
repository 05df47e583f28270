package org.dmabufspec.conformance.relation.walk.fence;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.dmabufspec.conformance.FullSets;
import org.dmabufspec.conformance.checker.CheckReport;
import org.dmabufspec.conformance.relation.Tla;
import org.dmabufspec.conformance.relation.fence.FenceConstants;
import org.dmabufspec.conformance.relation.walk.EventTrace;
import org.dmabufspec.conformance.relation.walk.ExhaustiveTraces;
import org.dmabufspec.conformance.relation.walk.resv.ResvEvent;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.ResourceAccessMode;
import org.junit.jupiter.api.parallel.ResourceLock;
import org.junit.jupiter.api.parallel.Resources;

/**
 * Every trace of the fence vocabulary (MCDmaFence's constants: f1, f2; callbacks c1, c2 on f1;
 * waiters w1 on f2 without a timeout, w2 on f1 with one) up to a bound, decided by the fast engine
 * and by the DmaFence relation ({@link FenceOracle}): same verdict and, on rejection, same first
 * rejected event, but for the differences {@link KnownFenceDisagreements} names. Bound:
 * {@code -Dfence.exhaustive.depth} steps after the inits (default 3, {@code -Pfull} 4;
 * docs/trace-checker.md has the figures).
 */
@ResourceLock(value = Resources.SYSTEM_OUT, mode = ResourceAccessMode.READ)
class FenceExhaustiveAgreementTest {
    static final int DEPTH = Integer.getInteger("fence.exhaustive.depth", FullSets.full() ? 4 : 3);
    static final FenceConstants K = FenceWalk.constants(false);
    /** Sequential steps before the step of two overlapping calls. */
    static final int OVERLAP_PREFIX = Integer.getInteger("fence.exhaustive.overlap.prefix", FullSets.full() ? 1 : 0);

    private static ResvEvent ev(String thread, long s, long e, String op, Map<String, Object> ids, Map<String, Object> args,
                                String result, Object ret) {
        return new ResvEvent(thread, s, e, op, ids, args, result, ret, null);
    }

    private static Map<String, Object> fcb(String f, String c) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("fence", f);
        if (c != null) {
            m.put("cb", c);
        }
        return m;
    }

    /**
     * Every unit a step can log after {@code prefix} at time t: each call of each thread, with
     * each result; a signal with each sequence of distinct callbacks of its fence nested in it.
     * dma_fence_remove_callback only of a callback whose successful add was logged: it names the
     * id the add created (a failed add creates none).
     */
    static List<List<ResvEvent>> units(List<ResvEvent> prefix, long t) {
        long end = t + ExhaustiveTraces.SLOT - 1;
        List<List<ResvEvent>> out = new ArrayList<>();
        for (String f : K.fences()) {
            out.add(List.of(ev(FenceWalkToTrace.CREATOR, t, end, "dma_fence_enable_sw_signaling", fcb(f, null), Map.of(), "0", null)));
            out.add(List.of(ev(FenceWalkToTrace.CREATOR, t, end, "dma_fence_set_error", fcb(f, null), Map.of("error", "EIO"), "0", null)));
            out.add(List.of(ev(FenceWalkToTrace.CREATOR, t, end, "dma_fence_put", fcb(f, null), Map.of("last", true), "0", null)));
            String sig = FenceWalkToTrace.signaller(f);
            out.add(List.of(ev(sig, t, end, "dma_fence_signal", fcb(f, null), Map.of(), "EINVAL", null)));
            List<String> cbs = K.callbacks().stream().filter(c -> K.callbackFence().get(c).equals(f)).toList();
            for (List<String> run : sequences(cbs)) {
                List<ResvEvent> unit = new ArrayList<>();
                for (int i = 0; i < run.size(); i++) {
                    unit.add(ev(sig, t + 1 + 2L * i, t + 2 + 2L * i, "dma_fence_callback", fcb(f, run.get(i)), Map.of(), "0", null));
                }
                unit.add(ev(sig, t, end, "dma_fence_signal", fcb(f, null), Map.of(), "0", null));
                out.add(unit);
            }
            for (String c : cbs) {
                out.add(List.of(ev(sig, t, end, "dma_fence_callback", fcb(f, c), Map.of(), "0", null)));
            }
        }
        for (String c : K.callbacks()) {
            String f = K.callbackFence().get(c);
            String user = FenceWalkToTrace.user(c);
            out.add(List.of(ev(user, t, end, "dma_fence_add_callback", fcb(f, c), Map.of(), "0", null)));
            out.add(List.of(ev(user, t, end, "dma_fence_add_callback", fcb(f, c), Map.of(), "ENOENT", null)));
            if (prefix.stream().anyMatch(e -> e.op().equals("dma_fence_add_callback") && e.succeeded() && c.equals(e.ids().get("cb")))) {
                out.add(List.of(ev(user, t, end, "dma_fence_remove_callback", fcb(f, c), Map.of(), "0", true)));
                out.add(List.of(ev(user, t, end, "dma_fence_remove_callback", fcb(f, c), Map.of(), "0", false)));
            }
        }
        for (String w : K.waiters()) {
            Map<String, Object> args = new LinkedHashMap<>();
            args.put("timeout", FenceWalkToTrace.timeoutArg(K.waiterTimeout().get(w)));
            args.put("intr", false);
            for (long ret : new long[] {0, 1, FenceWalkToTrace.MAX_SCHEDULE_TIMEOUT}) {
                out.add(List.of(ev(w, t, end, "dma_fence_wait_timeout", fcb(K.waiterFence().get(w), null), args, "0", ret)));
            }
        }
        return out;
    }

    /** The sequences of distinct elements of l, the empty one first. */
    static List<List<String>> sequences(List<String> l) {
        List<List<String>> out = new ArrayList<>();
        out.add(List.of());
        for (String x : l) {
            List<String> rest = new ArrayList<>(l);
            rest.remove(x);
            for (List<String> s : sequences(rest)) {
                List<String> seq = new ArrayList<>();
                seq.add(x);
                seq.addAll(s);
                out.add(seq);
            }
        }
        return out;
    }

    static EventTrace setup() {
        List<ResvEvent> l = new ArrayList<>();
        for (String f : K.fences()) {
            Map<String, Object> args = new LinkedHashMap<>();
            args.put("context", Tla.asLong(K.fenceContext().get(f)));
            args.put("seqno", K.fenceSeqno().get(f));
            l.add(ev(FenceWalkToTrace.CREATOR, l.size() + 1, l.size() + 1, "dma_fence_init", Map.of("fence", f), args, "0", null));
        }
        return new EventTrace("fence-exhaustive", "DmaFence", l);
    }

    static ExhaustiveTraces.Judge judge() {
        FenceOracle oracle = new FenceOracle(K);
        return t -> {
            CheckReport fast = t.check();
            FenceOracle.Verdict spec = oracle.check(t.events());
            return new ExhaustiveTraces.Judgement(ExhaustiveTraces.fastIndex(fast), spec.accepted() ? -1 : spec.rejectedIndex(), fast,
                    spec.why());
        };
    }

    static String known(ExhaustiveTraces.Judgement j, EventTrace t) {
        return KnownFenceDisagreements.explain(j.fastReport(), new FenceOracle.Verdict(j.spec() == -1, j.spec(), j.specWhy()), t);
    }

    @Test
    void everySequentialFenceTraceUpToTheBoundGetsTheSameVerdictFromTheSpecAndTheFastEngine() {
        ExhaustiveTraces.Figures f = ExhaustiveTraces.explore(setup(), DEPTH, FenceExhaustiveAgreementTest::units, judge(),
                FenceExhaustiveAgreementTest::known);
        System.out.println("fence exhaustive, sequential, depth " + DEPTH + ": " + f);
        assertTrue(f.differences().isEmpty(), f.differences().size() + " new differences; the shortest of each kind:\n"
                + String.join("\n", f.firstOfKind()) + "\nfirst:\n" + (f.differences().isEmpty() ? "" : f.differences().get(0)));
    }

    /**
     * Every trace of up to {@link #OVERLAP_PREFIX} sequential steps followed by two single calls of
     * different threads that overlap (crossing, or one nested in the other's interval): a wait
     * across a signal, a signal across an add or remove, ...
     */
    @Test
    void everyFenceTraceEndingInTwoOverlappingCallsGetsTheSameVerdictFromTheSpecAndTheFastEngine() {
        ExhaustiveTraces.Figures f = ExhaustiveTraces.explore(setup(), OVERLAP_PREFIX + 1, (prefix, t) -> {
            List<List<ResvEvent>> units = units(prefix, t);
            return t / ExhaustiveTraces.SLOT <= OVERLAP_PREFIX ? units
                    : ExhaustiveTraces.overlappingPairs(units.stream().filter(u -> u.size() == 1).map(u -> u.get(0)).toList(), t);
        }, judge(), FenceExhaustiveAgreementTest::known);
        System.out.println("fence exhaustive, " + OVERLAP_PREFIX + " sequential steps then two overlapping calls: " + f);
        assertTrue(f.differences().isEmpty(), f.differences().size() + " new differences; the shortest of each kind:\n"
                + String.join("\n", f.firstOfKind()) + "\nfirst:\n" + (f.differences().isEmpty() ? "" : f.differences().get(0)));
    }
}
