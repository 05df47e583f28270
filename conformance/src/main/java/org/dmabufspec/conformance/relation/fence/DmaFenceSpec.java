package org.dmabufspec.conformance.relation.fence;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.dmabufspec.conformance.relation.Transition;

/**
 * The actions of DmaFence.tla over {@link DmaFenceVars}, one method per action, each returning
 * the successor or nothing when its guard is false. {@code releaseSignalledOnly} is the cfg
 * substitution {@code DmaFenceRelease <- MCDmaFenceRelease} of MCDmaFence.cfg.
 */
public final class DmaFenceSpec {
    static final long ENOENT = -2;
    static final long EINVAL = -22;
    static final long EDEADLK = -35;

    private final FenceConstants k;
    private final boolean releaseSignalledOnly;

    public DmaFenceSpec(FenceConstants constants, boolean releaseSignalledOnly) {
        this.k = constants;
        this.releaseSignalledOnly = releaseSignalledOnly;
    }

    public FenceConstants constants() {
        return k;
    }

    // ---- helpers of the spec

    static boolean inSeq(String x, List<String> s) {
        return s.contains(x);
    }

    boolean fenceLockFree(DmaFenceVars s, String f) {
        return s.running().get(f).isEmpty();
    }

    boolean signaled(DmaFenceVars s, String f) {
        return s.fstate().get(f) == FenceFlags.SIGNALED;
    }

    List<String> earlierOnContext(String f) {
        return k.fences().stream()
                .filter(g -> k.fenceContext().get(g).equals(k.fenceContext().get(f))
                        && k.fenceSeqno().get(g) < k.fenceSeqno().get(f))
                .toList();
    }

    /** dma_fence_get_status(). */
    long dmaFenceGetStatus(DmaFenceVars s, String f) {
        if (!signaled(s, f)) {
            return 0;
        }
        return s.ferror().get(f) != 0 ? s.ferror().get(f) : 1;
    }

    /** dma_fence_signal()'s return on <= 6.x. */
    long dmaFenceSignalReturn(DmaFenceVars s, String f) {
        return signaled(s, f) ? EINVAL : 0;
    }

    /** dma_fence_remove_callback()'s return. */
    boolean dmaFenceRemoveCallbackReturn(DmaFenceVars s, String c) {
        return inSeq(c, s.cbList().get(k.callbackFence().get(c)));
    }

    // ---- Init

    /** Init: dma_fence_init() of every fence. */
    public DmaFenceVars init() {
        Map<String, FenceFlags> fstate = new HashMap<>();
        Map<String, Long> ferror = new HashMap<>();
        Map<String, List<String>> empty = new HashMap<>();
        Map<String, Boolean> no = new HashMap<>();
        for (String f : k.fences()) {
            fstate.put(f, FenceFlags.UNSIGNALED);
            ferror.put(f, 0L);
            empty.put(f, List.of());
            no.put(f, false);
        }
        Map<String, CallbackStatus> cbStatus = new HashMap<>();
        k.callbacks().forEach(c -> cbStatus.put(c, CallbackStatus.UNUSED));
        Map<String, WaiterStatus> wstate = new HashMap<>();
        k.waiters().forEach(w -> wstate.put(w, WaiterStatus.IDLE));
        return new DmaFenceVars(fstate, ferror, empty, empty, empty, empty, cbStatus, wstate, no, no);
    }

    // ---- actions

    /** DmaFenceEnableSwSignaling(f). */
    Optional<DmaFenceVars> dmaFenceEnableSwSignaling(DmaFenceVars s, String f) {
        if (s.released().get(f) || !fenceLockFree(s, f) || s.fstate().get(f) != FenceFlags.UNSIGNALED) {
            return Optional.empty();
        }
        return Optional.of(s.withFstate(f, FenceFlags.ENABLED));
    }

    /** DmaFenceSetError(f, e). */
    Optional<DmaFenceVars> dmaFenceSetError(DmaFenceVars s, String f, long e) {
        if (s.released().get(f) || signaled(s, f)) {
            return Optional.empty();
        }
        return Optional.of(s.withFerror(f, e));
    }

    /** SignalLocked(f): set SIGNALED and take cb_list for the callback loop. */
    private DmaFenceVars signalLocked(DmaFenceVars s, String f) {
        return s.withFstate(f, FenceFlags.SIGNALED).withRunning(f, s.cbList().get(f)).withCbList(f, List.of());
    }

    /** DmaFenceSignal(f). */
    Optional<DmaFenceVars> dmaFenceSignal(DmaFenceVars s, String f) {
        if (s.released().get(f) || !fenceLockFree(s, f) || signaled(s, f)
                || !earlierOnContext(f).stream().allMatch(g -> signaled(s, g))) {
            return Optional.empty();
        }
        return Optional.of(signalLocked(s, f));
    }

    /** DmaFenceSignalAgain(f): a stutter on a signalled fence. */
    Optional<DmaFenceVars> dmaFenceSignalAgain(DmaFenceVars s, String f) {
        return signaled(s, f) ? Optional.of(s) : Optional.empty();
    }

    /** DmaFenceRunCallback(f): call the head of the signaller's list. */
    Optional<DmaFenceVars> dmaFenceRunCallback(DmaFenceVars s, String f) {
        List<String> run = s.running().get(f);
        if (run.isEmpty()) {
            return Optional.empty();
        }
        String c = run.get(0);
        CallbackStatus st = s.cbStatus().get(c);
        return Optional.of(s.withCbStatus(c, st == CallbackStatus.PENDING ? CallbackStatus.RAN : st)
                .withRan(f, append(s.ran().get(f), c))
                .withRunning(f, run.subList(1, run.size())));
    }

    /** DmaFenceAddCallback(c): 0 and list_add_tail, or -ENOENT on a signalled fence. */
    Optional<DmaFenceVars> dmaFenceAddCallback(DmaFenceVars s, String c) {
        String f = k.callbackFence().get(c);
        if (s.cbStatus().get(c) != CallbackStatus.UNUSED || s.released().get(f) || !fenceLockFree(s, f)) {
            return Optional.empty();
        }
        if (signaled(s, f)) {
            return Optional.of(s.withCbStatus(c, CallbackStatus.ENOENT));
        }
        return Optional.of(s.withCbStatus(c, CallbackStatus.PENDING).withFstate(f, FenceFlags.ENABLED)
                .withCbList(f, append(s.cbList().get(f), c)).withAdded(f, append(s.added().get(f), c)));
    }

    /** DmaFenceRemoveCallback(c): unlink each position i holding c (\E i). */
    List<DmaFenceVars> dmaFenceRemoveCallback(DmaFenceVars s, String c) {
        String f = k.callbackFence().get(c);
        if (s.cbStatus().get(c) != CallbackStatus.PENDING || !fenceLockFree(s, f)) {
            return List.of();
        }
        List<String> list = s.cbList().get(f);
        List<DmaFenceVars> out = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
            if (list.get(i).equals(c)) {
                List<String> rest = new ArrayList<>(list.subList(0, i));
                rest.addAll(list.subList(i + 1, list.size()));
                out.add(s.withCbList(f, rest).withCbStatus(c, CallbackStatus.REMOVED));
            }
        }
        return out;
    }

    /** DmaFenceWaitTimeout(w): enable signalling, then return, time out (0) or sleep. */
    Optional<DmaFenceVars> dmaFenceWaitTimeout(DmaFenceVars s, String w) {
        String f = k.waiterFence().get(w);
        if (s.wstate().get(w) != WaiterStatus.IDLE || s.released().get(f) || !fenceLockFree(s, f)) {
            return Optional.empty();
        }
        WaiterStatus result = signaled(s, f) ? WaiterStatus.SIGNALED
                : k.waiterTimeout().get(w) == WaitTimeout.ZERO ? WaiterStatus.TIMEDOUT : WaiterStatus.WAITING;
        FenceFlags flags = s.fstate().get(f) == FenceFlags.UNSIGNALED ? FenceFlags.ENABLED : s.fstate().get(f);
        return Optional.of(s.withFstate(f, flags).withWstate(w, result));
    }

    /** DmaFenceWaitWake(w). */
    Optional<DmaFenceVars> dmaFenceWaitWake(DmaFenceVars s, String w) {
        if (s.wstate().get(w) != WaiterStatus.WAITING || !signaled(s, k.waiterFence().get(w))) {
            return Optional.empty();
        }
        return Optional.of(s.withWstate(w, WaiterStatus.SIGNALED));
    }

    /** DmaFenceWaitTimeoutExpire(w). */
    Optional<DmaFenceVars> dmaFenceWaitTimeoutExpire(DmaFenceVars s, String w) {
        if (s.wstate().get(w) != WaiterStatus.WAITING || k.waiterTimeout().get(w) != WaitTimeout.FINITE
                || signaled(s, k.waiterFence().get(w))) {
            return Optional.empty();
        }
        return Optional.of(s.withWstate(w, WaiterStatus.TIMEDOUT));
    }

    private boolean noWaiterSleepsOn(DmaFenceVars s, String f) {
        return k.waiters().stream()
                .noneMatch(w -> k.waiterFence().get(w).equals(f) && s.wstate().get(w) == WaiterStatus.WAITING);
    }

    /** DmaFenceRelease(f): F11's -EDEADLK force-signal of an unsignalled fence with callbacks. */
    Optional<DmaFenceVars> dmaFenceRelease(DmaFenceVars s, String f) {
        if (s.released().get(f) || !fenceLockFree(s, f) || !noWaiterSleepsOn(s, f)) {
            return Optional.empty();
        }
        DmaFenceVars r = s.withReleased(f, true);
        if (!signaled(s, f) && !s.cbList().get(f).isEmpty()) {
            r = signalLocked(r.withFerror(f, EDEADLK).withForced(f, true), f);
        }
        return Optional.of(r);
    }

    /** MCDmaFenceRelease(f): the creator releases only signalled fences (F9). */
    Optional<DmaFenceVars> mcDmaFenceRelease(DmaFenceVars s, String f) {
        if (s.released().get(f) || !signaled(s, f) || !fenceLockFree(s, f) || !noWaiterSleepsOn(s, f)) {
            return Optional.empty();
        }
        return Optional.of(s.withReleased(f, true));
    }

    /** DmaFenceRelease as the model binds it, with the label TLC gives its edges. */
    Optional<Transition<DmaFenceVars>> release(DmaFenceVars s, String f) {
        return releaseSignalledOnly
                ? mcDmaFenceRelease(s, f).map(t -> new Transition<>("MCDmaFenceRelease", t))
                : dmaFenceRelease(s, f).map(t -> new Transition<>("DmaFenceRelease", t));
    }

    /** Next: every enabled step, labelled with its action's name. */
    public List<Transition<DmaFenceVars>> next(DmaFenceVars s) {
        List<Transition<DmaFenceVars>> out = new ArrayList<>();
        for (String f : k.fences()) {
            dmaFenceEnableSwSignaling(s, f).ifPresent(t -> out.add(new Transition<>("DmaFenceEnableSwSignaling", t)));
            dmaFenceSignal(s, f).ifPresent(t -> out.add(new Transition<>("DmaFenceSignal", t)));
            dmaFenceRunCallback(s, f).ifPresent(t -> out.add(new Transition<>("DmaFenceRunCallback", t)));
            release(s, f).ifPresent(out::add);
            for (long e : k.errnos()) {
                dmaFenceSetError(s, f, e).ifPresent(t -> out.add(new Transition<>("DmaFenceSetError", t)));
            }
        }
        for (String c : k.callbacks()) {
            dmaFenceAddCallback(s, c).ifPresent(t -> out.add(new Transition<>("DmaFenceAddCallback", t)));
            dmaFenceRemoveCallback(s, c).forEach(t -> out.add(new Transition<>("DmaFenceRemoveCallback", t)));
        }
        for (String w : k.waiters()) {
            dmaFenceWaitTimeout(s, w).ifPresent(t -> out.add(new Transition<>("DmaFenceWaitTimeout", t)));
            dmaFenceWaitWake(s, w).ifPresent(t -> out.add(new Transition<>("DmaFenceWaitWake", t)));
            dmaFenceWaitTimeoutExpire(s, w).ifPresent(t -> out.add(new Transition<>("DmaFenceWaitTimeoutExpire", t)));
        }
        return out;
    }

    static List<String> append(List<String> s, String x) {
        List<String> out = new ArrayList<>(s);
        out.add(x);
        return out;
    }
}
