package org.dmabufspec.conformance.relation.walk.fence;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.dmabufspec.conformance.checker.CheckReport;
import org.dmabufspec.conformance.checker.Verdict;
import org.dmabufspec.conformance.relation.walk.EventTrace;
import org.dmabufspec.conformance.relation.walk.resv.ResvEvent;
import org.junit.jupiter.api.Test;

/**
 * What the fence walks found, each on a minimal trace: the checker bug fixed, and the known
 * differences between the DmaFence spec ({@link FenceOracle}) and the fast engine.
 */
class FenceWalkFindingsTest {
    private static ResvEvent ev(String thread, long s, long e, String op, Map<String, Object> ids, Map<String, Object> args,
                                String result, Object ret) {
        return new ResvEvent(thread, s, e, op, ids, args, result, ret, null);
    }

    private static List<ResvEvent> inits() {
        List<ResvEvent> l = new ArrayList<>();
        l.add(ev("creator", 1, 1, "dma_fence_init", Map.of("fence", "f1"), Map.of("context", 1, "seqno", 1), "0", null));
        l.add(ev("creator", 2, 2, "dma_fence_init", Map.of("fence", "f2"), Map.of("context", 1, "seqno", 2), "0", null));
        return l;
    }

    private static FenceOracle.Verdict spec(List<ResvEvent> evs) {
        return new FenceOracle(FenceWalk.constants(false)).check(evs);
    }

    /**
     * w1 waits for f2 without a timeout (MAX_SCHEDULE_TIMEOUT) and gets 0 back: such a wait returns
     * only once the fence signalled (DmaFenceWaitTimeout/DmaFenceWaitWake; no
     * DmaFenceWaitTimeoutExpire for an infinite waiter). The fast engine used to accept it when f2
     * had not signalled; now RESULT. The same wait returning after the signal is accepted.
     */
    @Test
    void aWaitWithoutTimeoutReturningZeroIsRejected() {
        List<ResvEvent> evs = inits();
        evs.add(ev("w1", 10, 19, "dma_fence_wait_timeout", Map.of("fence", "f2"), Map.of("timeout", "MAX", "intr", false), "0", 0L));
        CheckReport fast = new EventTrace("max-wait-zero", "DmaFence", evs).check();
        assertEquals(Verdict.REJECTED, fast.verdict(), fast::toText);
        assertTrue(fast.brokenRules().contains("RESULT"), fast::toText);
        assertTrue(!spec(evs).accepted());
        List<ResvEvent> ok = inits();
        ok.add(ev("sig-f1", 5, 6, "dma_fence_signal", Map.of("fence", "f1"), Map.of(), "0", null));
        ok.add(ev("sig-f2", 12, 14, "dma_fence_signal", Map.of("fence", "f2"), Map.of(), "0", null));
        ok.add(ev("w1", 10, 19, "dma_fence_wait_timeout", Map.of("fence", "f2"), Map.of("timeout", "MAX", "intr", false), "0",
                Long.MAX_VALUE));
        ok.sort(FenceWalkToTrace.ORDER);
        CheckReport accepted = new EventTrace("max-wait-signalled", "DmaFence", ok).check();
        assertEquals(Verdict.ACCEPTED, accepted.verdict(), accepted::toText);
        assertTrue(spec(ok).accepted(), spec(ok)::why);
    }

    /**
     * Known difference: c1 added to f1, f1 signalled without a dma_fence_callback, f1's last
     * reference dropped. The spec reads the callback as run unlogged (it must have: the signaller
     * runs every callback before it returns); the fast engine rejects the put (F7), taking a trace
     * that logs callbacks to log them all.
     */
    @Test
    void pinsAKnownDifferenceUnloggedCallbackBeforeTheLastPut() {
        List<ResvEvent> evs = inits();
        evs.add(ev("user-c1", 10, 19, "dma_fence_add_callback", Map.of("fence", "f1", "cb", "c1"), Map.of(), "0", null));
        evs.add(ev("sig-f1", 20, 29, "dma_fence_signal", Map.of("fence", "f1"), Map.of(), "0", null));
        evs.add(ev("creator", 30, 39, "dma_fence_put", Map.of("fence", "f1"), Map.of("last", true), "0", null));
        EventTrace t = new EventTrace("unlogged-callback-put", "DmaFence", evs);
        CheckReport fast = t.check();
        FenceOracle.Verdict spec = spec(evs);
        assertTrue(spec.accepted(), spec::why);
        assertEquals(Verdict.REJECTED, fast.verdict(), fast::toText);
        assertEquals(6, fast.rejection().line(), fast::toText);
        assertTrue(KnownFenceDisagreements.unloggedCallbackBeforePut(fast, spec, t));
    }

    /**
     * Known difference: f1 signals and runs c1, which no dma_fence_add_callback registered. The
     * spec rejects (a callback runs only once added); the fast engine accepts, taking it for a
     * callback the kernel registered itself (poll, fence arrays), which traces do not log.
     */
    @Test
    void pinsAKnownDifferenceCallbackWithoutALoggedAdd() {
        List<ResvEvent> evs = inits();
        evs.add(ev("sig-f1", 21, 27, "dma_fence_callback", Map.of("fence", "f1", "cb", "c1"), Map.of(), "0", null));
        evs.add(ev("sig-f1", 20, 29, "dma_fence_signal", Map.of("fence", "f1"), Map.of(), "0", null));
        EventTrace t = new EventTrace("callback-without-add", "DmaFence", evs);
        CheckReport fast = t.check();
        FenceOracle.Verdict spec = spec(evs);
        assertEquals(Verdict.ACCEPTED, fast.verdict(), fast::toText);
        assertTrue(!spec.accepted());
        assertEquals(2, spec.rejectedIndex(), spec::why);
        assertTrue(KnownFenceDisagreements.callbackWithoutAdd(fast, spec, t));
    }

    /**
     * Known difference: c1 and c2 on f1; f1's signal runs c1, then w2's wait on f1 returns, then
     * c2 runs inside the same signal. dma_fence_signal runs the callbacks under fence->lock, which
     * the wait takes (dma_fence_enable_sw_signaling), so the spec (FenceLockFree) rejects c2's
     * event; the fast engine, which lets callbacks go unlogged, accepts. It stays so: the
     * reference implementation runs callbacks after dropping the fence's lock, so its threaded
     * runs can log this order.
     */
    @Test
    void pinsAKnownDifferenceWaitReturningInsideTheCallbackLoop() {
        List<ResvEvent> evs = inits();
        evs.add(ev("user-c1", 10, 19, "dma_fence_add_callback", Map.of("fence", "f1", "cb", "c1"), Map.of(), "0", null));
        evs.add(ev("user-c2", 20, 29, "dma_fence_add_callback", Map.of("fence", "f1", "cb", "c2"), Map.of(), "0", null));
        evs.add(ev("sig-f1", 31, 37, "dma_fence_callback", Map.of("fence", "f1", "cb", "c1"), Map.of(), "0", null));
        evs.add(ev("w2", 40, 49, "dma_fence_wait_timeout", Map.of("fence", "f1"), Map.of("timeout", 1_000_000L, "intr", false), "0", 1L));
        evs.add(ev("sig-f1", 51, 57, "dma_fence_callback", Map.of("fence", "f1", "cb", "c2"), Map.of(), "0", null));
        evs.add(ev("sig-f1", 30, 59, "dma_fence_signal", Map.of("fence", "f1"), Map.of(), "0", null));
        EventTrace t = new EventTrace("wait-inside-callback-loop", "DmaFence", evs);
        CheckReport fast = t.check();
        FenceOracle.Verdict spec = spec(evs);
        assertEquals(Verdict.ACCEPTED, fast.verdict(), fast::toText);
        assertTrue(!spec.accepted());
        assertEquals(6, spec.rejectedIndex(), spec::why);
        assertTrue(KnownFenceDisagreements.callInsideCallbackLoop(fast, spec, t));
        List<ResvEvent> after = new ArrayList<>(evs);
        after.set(5, evs.get(5).withTimes(60, 69));
        after.sort(FenceWalkToTrace.ORDER);
        assertTrue(spec(after).accepted(), spec(after)::why);
    }
}
