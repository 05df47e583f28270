package org.dmabufspec.conformance.relation.walk.fence;

import org.dmabufspec.conformance.checker.CheckReport;
import org.dmabufspec.conformance.checker.Verdict;
import org.dmabufspec.conformance.relation.walk.EventTrace;
import org.dmabufspec.conformance.relation.walk.resv.ResvEvent;

/**
 * Differences between the DmaFence spec and the fast engine that the fence walks found, each pinned
 * on a minimal trace in {@link FenceWalkFindingsTest}; the agreement test sets them aside by these
 * exact tests and counts them.
 */
final class KnownFenceDisagreements {
    static final String UNLOGGED_CALLBACK_BEFORE_PUT = "unlogged callback before the last put";
    static final String CALLBACK_WITHOUT_ADD = "callback without a logged add";
    static final String CALL_INSIDE_CALLBACK_LOOP = "fence-lock call inside the signal's callback loop";
    private static final java.util.Set<String> LOCKING = java.util.Set.of("dma_fence_wait_timeout", "dma_fence_add_callback",
            "dma_fence_remove_callback", "dma_fence_enable_sw_signaling", "dma_fence_put", "dma_fence_set_error");

    private KnownFenceDisagreements() {
    }

    /** The name of the known difference this mutant shows, or null. */
    static String explain(CheckReport fast, FenceOracle.Verdict spec, EventTrace t) {
        if (unloggedCallbackBeforePut(fast, spec, t)) {
            return UNLOGGED_CALLBACK_BEFORE_PUT;
        }
        if (callbackWithoutAdd(fast, spec, t)) {
            return CALLBACK_WITHOUT_ADD;
        }
        if (callInsideCallbackLoop(fast, spec, t)) {
            return CALL_INSIDE_CALLBACK_LOOP;
        }
        return null;
    }

    /**
     * The oracle lets a callback run unlogged (dma_fence_callback is optional, as the fast engine
     * reads it when a later callback of the same signal is logged), but the fast engine rejects the
     * last dma_fence_put of a fence whose signal has callbacks left that no event shows ran (F7: a
     * trace that logs callbacks logs them all, and a lost callback is what F7 looks for).
     * Recognised: the fast engine rejects a dma_fence_put under F7, the spec accepts.
     */
    static boolean unloggedCallbackBeforePut(CheckReport fast, FenceOracle.Verdict spec, EventTrace t) {
        if (fast.verdict() != Verdict.REJECTED || !spec.accepted() || !fast.brokenRules().contains("F7")) {
            return false;
        }
        int k = (int) fast.rejection().line() - 2;
        return k >= 0 && k < t.events().size() && t.events().get(k).op().equals("dma_fence_put");
    }

    /**
     * A dma_fence_callback of a callback no dma_fence_add_callback registered: the fast engine takes
     * it for one the kernel registered itself (poll, fence arrays: not logged), the spec's callbacks
     * run only once added. Recognised: the spec rejects such a callback event, the fast engine accepts.
     */
    static boolean callbackWithoutAdd(CheckReport fast, FenceOracle.Verdict spec, EventTrace t) {
        if (fast.verdict() != Verdict.ACCEPTED || spec.accepted()) {
            return false;
        }
        ResvEvent e = t.events().get(spec.rejectedIndex());
        return e.op().equals("dma_fence_callback") && t.events().stream().noneMatch(x -> x.op().equals("dma_fence_add_callback")
                && x.succeeded() && x.ids().get("cb").equals(e.ids().get("cb")));
    }

    /**
     * A call that takes the fence lock (a wait, add/remove_callback, enable_sw_signaling, ...)
     * returned while the fence's signaller was still running its callbacks: dma_fence_signal runs
     * them under fence->lock, so the spec (FenceLockFree) orders the call before the signal or after
     * the last callback and rejects the callback logged after it. The fast engine does not tie a
     * callback to the lock (callbacks may go unlogged) and accepts. Recognised: the spec rejects a
     * dma_fence_callback, the fast engine accepts, and such a call on its fence lies inside the
     * signal's interval before the callback.
     */
    static boolean callInsideCallbackLoop(CheckReport fast, FenceOracle.Verdict spec, EventTrace t) {
        if (fast.verdict() != Verdict.ACCEPTED || spec.accepted()) {
            return false;
        }
        ResvEvent cb = t.events().get(spec.rejectedIndex());
        if (!cb.op().equals("dma_fence_callback")) {
            return false;
        }
        Object f = cb.ids().get("fence");
        ResvEvent signal = t.events().stream().filter(x -> x.op().equals("dma_fence_signal") && x.thread().equals(cb.thread())
                && x.start() <= cb.start() && cb.end() <= x.end()).findFirst().orElse(null);
        return signal != null && t.events().stream().anyMatch(x -> LOCKING.contains(x.op()) && f.equals(x.ids().get("fence"))
                && x.start() > signal.start() && x.end() < cb.start());
    }
}
