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
    static final String RELEASE_BEFORE_SIGNAL = "last put of a fence not shown signalled";
    static final String CALLBACK_ADDED_AGAIN = "callback added a second time";
    static final String WAITER_WAITS_AGAIN = "waiter waits a second time";
    static final String UNLOGGED_SIGNAL_BEFORE_PUT = "unlogged signal with callbacks before the last put";
    static final String CALLBACK_AFTER_REMOVE = "callback after its remove";
    static final String CALLBACK_AFTER_LOCKED_CALL = "callback after a fence-lock call that followed the signal";
    static final String CALLBACK_AFTER_LOCK_FREE_ENOENT = "callback after an add_callback's lock-free -ENOENT";
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
        if (releaseBeforeSignal(fast, spec, t)) {
            return RELEASE_BEFORE_SIGNAL;
        }
        if (callbackAddedAgain(fast, spec, t)) {
            return CALLBACK_ADDED_AGAIN;
        }
        if (waiterWaitsAgain(fast, spec, t)) {
            return WAITER_WAITS_AGAIN;
        }
        if (unloggedSignalBeforePut(fast, spec, t)) {
            return UNLOGGED_SIGNAL_BEFORE_PUT;
        }
        if (callbackAfterRemove(fast, spec, t)) {
            return CALLBACK_AFTER_REMOVE;
        }
        if (callbackAfterLockFreeEnoent(fast, spec, t)) {
            return CALLBACK_AFTER_LOCK_FREE_ENOENT;
        }
        if (callbackAfterLockedCall(fast, spec, t)) {
            return CALLBACK_AFTER_LOCKED_CALL;
        }
        return null;
    }

    /** The calls that end before e starts. */
    private static java.util.stream.Stream<ResvEvent> before(EventTrace t, ResvEvent e) {
        return t.events().stream().filter(x -> x.end() < e.start());
    }

    /**
     * MCDmaFence releases only signalled fences (F9: the creator keeps its reference until the
     * fence signalled; the early release, F11, is MCDmaFence_Release's), so the spec explains a last
     * dma_fence_put of a fence the trace has not shown signalled with an unlogged signal of it and,
     * by F12, of the earlier fences of its context; a later call that needs one of them unsignalled
     * is rejected. The kernel releases an unsignalled fence without callbacks quietly, and the fast
     * engine accepts. Found by the exhaustive check. Recognised: the spec rejects a call, the fast
     * engine accepts, and some earlier last put was of a fence with no successful signal before it.
     */
    static boolean releaseBeforeSignal(CheckReport fast, FenceOracle.Verdict spec, EventTrace t) {
        if (fast.verdict() != Verdict.ACCEPTED || spec.accepted()) {
            return false;
        }
        ResvEvent e = t.events().get(spec.rejectedIndex());
        return before(t, e).anyMatch(p -> p.op().equals("dma_fence_put") && Boolean.TRUE.equals(p.args().get("last"))
                && before(t, p).noneMatch(s -> s.op().equals("dma_fence_signal") && s.succeeded() && s.ids().get("fence").equals(p.ids().get("fence"))));
    }

    /**
     * The spec adds each callback once (its status leaves "unused" for good); the kernel lets a
     * dma_fence_cb be added again once it ran, was removed or its add failed, and the fast engine
     * judges the new add by the fence's state. Found by the exhaustive check. Recognised: the spec
     * rejects a dma_fence_add_callback of a cb an earlier add named, the fast engine accepts.
     */
    static boolean callbackAddedAgain(CheckReport fast, FenceOracle.Verdict spec, EventTrace t) {
        if (fast.verdict() != Verdict.ACCEPTED || spec.accepted()) {
            return false;
        }
        ResvEvent e = t.events().get(spec.rejectedIndex());
        return e.op().equals("dma_fence_add_callback")
                && before(t, e).anyMatch(x -> x.op().equals("dma_fence_add_callback") && x.ids().get("cb").equals(e.ids().get("cb")));
    }

    /**
     * The model's waiter waits once (its status ends in "signaled" or "timedout"); a thread may
     * wait on a fence again, and the fast engine judges each wait by the fence's state. Found by the
     * exhaustive check. Recognised: the spec rejects a dma_fence_wait_timeout of a thread that
     * logged one before, the fast engine accepts.
     */
    static boolean waiterWaitsAgain(CheckReport fast, FenceOracle.Verdict spec, EventTrace t) {
        if (fast.verdict() != Verdict.ACCEPTED || spec.accepted()) {
            return false;
        }
        ResvEvent e = t.events().get(spec.rejectedIndex());
        return e.op().equals("dma_fence_wait_timeout")
                && before(t, e).anyMatch(x -> x.op().equals("dma_fence_wait_timeout") && x.thread().equals(e.thread()));
    }

    /**
     * A last dma_fence_put of a fence with a callback added and no signal logged: the spec explains
     * it by an unlogged signal that runs the callbacks unlogged, then the release; the fast engine
     * infers no signal there and rejects under F11 (released unsignalled with callbacks pending, the
     * kernel's WARN in dma_fence_release). Found by the exhaustive check. Recognised: the fast engine
     * rejects under F11, at a last dma_fence_put or a call overlapping one, the spec accepts.
     */
    static boolean unloggedSignalBeforePut(CheckReport fast, FenceOracle.Verdict spec, EventTrace t) {
        if (fast.verdict() != Verdict.REJECTED || !spec.accepted() || !fast.brokenRules().contains("F11")) {
            return false;
        }
        int k = (int) fast.rejection().line() - 2;
        // the put, or a call overlapping it that the fast engine read after it (an add nested in the put)
        return k >= 0 && k < t.events().size() && t.events().stream().anyMatch(p -> p.op().equals("dma_fence_put")
                && Boolean.TRUE.equals(p.args().get("last")) && p.start() <= t.events().get(k).end() && t.events().get(k).start() <= p.end());
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
     * callback to the lock (callbacks may go unlogged) and accepts. Kept: the reference
     * implementation runs a signal's callbacks after it drops the fence's lock (DmaFence.signalIn),
     * so its runs on real threads can log exactly this, and rejecting it would reject legal
     * reference traces. Recognised: the spec rejects a
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

    /**
     * A dma_fence_callback of a callback whose last logged registration call was a successful
     * dma_fence_remove_callback: as for {@link #callbackWithoutAdd}, the fast engine takes it for a
     * callback the kernel registered itself without a logged add (a capture's cb id is an address,
     * which the kernel may use again), the spec's removed callback never runs. Found by the
     * exhaustive check, also as a race: the callback's event overlapping a remove returning true,
     * which the fast engine orders first. Recognised: the spec rejects such a callback event, or
     * the remove overlapping a callback of its cb, and the fast engine accepts.
     */
    static boolean callbackAfterRemove(CheckReport fast, FenceOracle.Verdict spec, EventTrace t) {
        if (fast.verdict() != Verdict.ACCEPTED || spec.accepted()) {
            return false;
        }
        ResvEvent e = t.events().get(spec.rejectedIndex());
        if (e.op().equals("dma_fence_remove_callback") && Boolean.TRUE.equals(e.ret())) {
            // the race: the callback's event overlaps the remove, which the fast engine orders first
            return t.events().stream().anyMatch(x -> x.op().equals("dma_fence_callback") && e.ids().get("cb").equals(x.ids().get("cb"))
                    && x.start() <= e.end() && e.start() <= x.end());
        }
        if (!e.op().equals("dma_fence_callback")) {
            return false;
        }
        ResvEvent last = null;
        for (ResvEvent x : t.events()) {
            if (x != e && x.start() < e.end() && x.succeeded() && e.ids().get("cb").equals(x.ids().get("cb"))
                    && (x.op().equals("dma_fence_add_callback") || x.op().equals("dma_fence_remove_callback") && Boolean.TRUE.equals(x.ret()))) {
                last = x;
            }
        }
        return last != null && last.op().equals("dma_fence_remove_callback");
    }

    /**
     * As {@link #callInsideCallbackLoop}, with the signal unlogged: a call showed the fence
     * signalled (a -EINVAL signal, a wait returning time left, ...; or the same of a later fence of
     * its context, F12), then a call that takes fence->lock started (a wait,
     * add/remove_callback, ...), then a callback of the fence is logged. The signal's callback loop
     * holds the lock, so the spec (FenceLockFree at the call's first step) has the loop over and
     * rejects the callback as a second run; the fast engine does not tie these calls to the lock
     * and accepts. Found by the exhaustive check. Recognised: the spec rejects a dma_fence_callback,
     * the fast engine accepts, and a locking call on its fence started after such a call ended and
     * ended before the callback.
     */
    static boolean callbackAfterLockedCall(CheckReport fast, FenceOracle.Verdict spec, EventTrace t) {
        if (fast.verdict() != Verdict.ACCEPTED || spec.accepted()) {
            return false;
        }
        ResvEvent e = t.events().get(spec.rejectedIndex());
        Object f = e.ids().get("fence");
        return e.op().equals("dma_fence_callback") && before(t, e).anyMatch(x -> LOCKING.contains(x.op()) && f.equals(x.ids().get("fence"))
                && before(t, x).anyMatch(s -> showsSignalled(s) && sameOrLater(t, f, s.ids().get("fence"))));
    }

    /**
     * An add_callback on the fence returned -ENOENT, then a callback of the fence is logged. The
     * kernel's dma_fence_add_callback tests the SIGNALED bit before it takes fence->lock, so its
     * -ENOENT may return while the signaller still runs the callbacks: the trace is legal. The spec
     * (FenceLockFree at every add_callback step) orders the -ENOENT after the callback loop and
     * rejects the callback as a second run; the fast engine accepts. The spec is the stricter one
     * here. Recognised: the spec rejects a dma_fence_callback, the fast engine accepts, and an
     * add_callback of its fence returned -ENOENT before the callback started.
     */
    static boolean callbackAfterLockFreeEnoent(CheckReport fast, FenceOracle.Verdict spec, EventTrace t) {
        if (fast.verdict() != Verdict.ACCEPTED || spec.accepted()) {
            return false;
        }
        ResvEvent e = t.events().get(spec.rejectedIndex());
        Object f = e.ids().get("fence");
        return e.op().equals("dma_fence_callback") && t.events().stream().anyMatch(x -> x.op().equals("dma_fence_add_callback")
                && x.result().equals("ENOENT") && f.equals(x.ids().get("fence")) && x.end() < e.start());
    }

    /** A call whose result says its fence had signalled: a signal, a wait returning time left, -ENOENT from add, false from remove. */
    private static boolean showsSignalled(ResvEvent x) {
        return switch (x.op()) {
            case "dma_fence_signal" -> true;
            case "dma_fence_wait_timeout" -> x.ret() instanceof Number n && n.longValue() > 0;
            case "dma_fence_add_callback" -> x.result().equals("ENOENT");
            case "dma_fence_remove_callback" -> Boolean.FALSE.equals(x.ret());
            default -> false;
        };
    }

    /** g is f, or a later fence of f's context (F12: its signal means f's came first), by their dma_fence_init. */
    private static boolean sameOrLater(EventTrace t, Object f, Object g) {
        if (f.equals(g)) {
            return true;
        }
        ResvEvent fi = t.events().stream().filter(x -> x.op().equals("dma_fence_init") && f.equals(x.ids().get("fence"))).findFirst().orElse(null);
        ResvEvent gi = t.events().stream().filter(x -> x.op().equals("dma_fence_init") && g.equals(x.ids().get("fence"))).findFirst().orElse(null);
        return fi != null && gi != null && String.valueOf(fi.args().get("context")).equals(String.valueOf(gi.args().get("context")))
                && ((Number) gi.args().get("seqno")).longValue() > ((Number) fi.args().get("seqno")).longValue();
    }
}
