package org.dmabufspec.conformance.relation.walk.fence;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.dmabufspec.conformance.relation.Tla;
import org.dmabufspec.conformance.relation.fence.CallbackStatus;
import org.dmabufspec.conformance.relation.fence.FenceConstants;
import org.dmabufspec.conformance.relation.fence.WaitTimeout;
import org.dmabufspec.conformance.relation.fence.WaiterStatus;
import org.dmabufspec.conformance.relation.walk.EventTrace;
import org.dmabufspec.conformance.relation.walk.resv.ResvEvent;

/**
 * The trace (format v1) the reference implementation ({@code org.dmabufspec.fence.DmaFence}) logs
 * for a {@link FenceWalk}. Threads: {@code creator} (init, enable, set_error, put), {@code sig-f}
 * for f's signals with the callbacks they run nested in them, {@code user-c} for callback c's add and
 * remove, the waiter's name for its wait. Fence ids are the spec's, callback ids ({@code cb}) too.
 * Step i owns the logical times [10(i+1), 10(i+1)+9]; a signal that runs callbacks ends with its
 * last one, a wait that sleeps with its wake-up or time-out. Events in end order. The callbacks'
 * {@code caller} is left out (the checker reads the nesting from the intervals), so that a mutant
 * that drops a signal stays well-formed.
 *
 * <table>
 * <caption>DmaFence action → logged op</caption>
 * <tr><th>action</th><th>op</th></tr>
 * <tr><td>(Init)</td><td>dma_fence_init context, seqno per fence (creator)</td></tr>
 * <tr><td>DmaFenceEnableSwSignaling(f)</td><td>dma_fence_enable_sw_signaling (creator)</td></tr>
 * <tr><td>DmaFenceSetError(f, -5)</td><td>dma_fence_set_error error EIO (creator)</td></tr>
 * <tr><td>DmaFenceSignal(f); DmaFenceRunCallback(f)...</td><td>one dma_fence_signal, result 0, with a nested
 *     dma_fence_callback (fence, cb) per callback run (sig-f)</td></tr>
 * <tr><td>DmaFenceSignalAgain(f) (stutter)</td><td>dma_fence_signal, result EINVAL (sig-f)</td></tr>
 * <tr><td>DmaFenceAddCallback(c)</td><td>dma_fence_add_callback fence, cb; result 0, or ENOENT on a signalled fence (user-c)</td></tr>
 * <tr><td>DmaFenceRemoveCallback(c)</td><td>dma_fence_remove_callback, ret true (user-c)</td></tr>
 * <tr><td>RemoveCallbackLate(c) (stutter)</td><td>dma_fence_remove_callback, ret false (user-c); only for a
 *     callback that ran or was removed (after -ENOENT the add created no id to name)</td></tr>
 * <tr><td>DmaFenceWaitTimeout(w) [; DmaFenceWaitWake(w) / DmaFenceWaitTimeoutExpire(w)]</td><td>one
 *     dma_fence_wait_timeout, timeout MAX / 1000000 / 0 as WaiterTimeout[w], intr false; ret MAX_SCHEDULE_TIMEOUT
 *     or 1 when signalled, 0 when timed out (thread w)</td></tr>
 * <tr><td>MCDmaFenceRelease(f)</td><td>dma_fence_put, last true (creator)</td></tr>
 * </table>
 */
public final class FenceWalkToTrace {
    public static final String CREATOR = "creator";
    /** File order: end order, a nested call before the call around it. */
    public static final Comparator<ResvEvent> ORDER = Comparator.comparingLong(ResvEvent::end)
            .thenComparing(Comparator.comparingLong(ResvEvent::start).reversed());
    static final long MAX_SCHEDULE_TIMEOUT = Long.MAX_VALUE;
    static final long FINITE_NS = 1_000_000;

    private final FenceConstants k;
    private final List<ResvEvent> events = new ArrayList<>();
    private final Map<String, ResvEvent> open = new HashMap<>();

    private FenceWalkToTrace(FenceConstants k) {
        this.k = k;
    }

    public static String signaller(String f) {
        return "sig-" + f;
    }

    public static String user(String c) {
        return "user-" + c;
    }

    public static EventTrace trace(FenceWalk walk) {
        FenceWalkToTrace w = new FenceWalkToTrace(walk.constants());
        long t = 1;
        for (String f : w.k.fences()) {
            Map<String, Object> args = new LinkedHashMap<>();
            args.put("context", Tla.asLong(w.k.fenceContext().get(f)));
            args.put("seqno", w.k.fenceSeqno().get(f));
            w.events.add(new ResvEvent(CREATOR, t, t, "dma_fence_init", Map.of("fence", f), args, "0", null, null));
            t++;
        }
        for (int i = 0; i < walk.steps().size(); i++) {
            w.step(walk.steps().get(i), 10L * (i + 1));
        }
        if (!w.open.isEmpty()) {
            throw new IllegalStateException("calls still open after the drain: " + w.open);
        }
        List<ResvEvent> sorted = new ArrayList<>(w.events);
        sorted.sort(ORDER);
        return new EventTrace("fence-walk-" + (walk.wide() ? "wide" : "mc") + "-seed" + walk.seed() + "-len" + walk.length(), "DmaFence",
                sorted);
    }

    static Object timeoutArg(WaitTimeout t) {
        return switch (t) {
            case INFINITE -> "MAX";
            case FINITE -> FINITE_NS;
            case ZERO -> 0L;
        };
    }

    private void emit(String thread, long s, long e, String op, Map<String, Object> ids, Map<String, Object> args, String result,
                      Object ret) {
        events.add(new ResvEvent(thread, s, e, op, ids, args, result, ret, null));
    }

    private void close(String key, long end, Object ret) {
        ResvEvent o = open.remove(key);
        if (o == null) {
            throw new IllegalStateException(key + ": no call in flight");
        }
        events.add(new ResvEvent(o.thread(), o.start(), end, o.op(), o.ids(), o.args(), o.result(), ret, null));
    }

    private void step(FenceWalkStep st, long t) {
        String x = st.target();
        long end = t + 9;
        switch (st.action()) {
            case "DmaFenceEnableSwSignaling" -> emit(CREATOR, t, end, "dma_fence_enable_sw_signaling", Map.of("fence", x), Map.of(), "0", null);
            case "DmaFenceSetError" -> emit(CREATOR, t, end, "dma_fence_set_error", Map.of("fence", x), Map.of("error", "EIO"), "0", null);
            case "DmaFenceSignal" -> {
                ResvEvent sig = new ResvEvent(signaller(x), t, t, "dma_fence_signal", Map.of("fence", x), Map.of(), "0", null, null);
                if (st.after().running().get(x).isEmpty()) {
                    events.add(sig.withTimes(t, end));
                } else {
                    open.put(signaller(x), sig);
                }
            }
            case "DmaFenceRunCallback" -> {
                String f = k.callbackFence().get(x);
                emit(signaller(f), t + 1, end - 2, "dma_fence_callback", Map.of("fence", f, "cb", x), Map.of(), "0", null);
                if (st.after().running().get(f).isEmpty()) {
                    close(signaller(f), end, null);
                }
            }
            case "DmaFenceSignalAgain" -> emit(signaller(x), t, end, "dma_fence_signal", Map.of("fence", x), Map.of(), "EINVAL", null);
            case "DmaFenceAddCallback" -> emit(user(x), t, end, "dma_fence_add_callback", Map.of("fence", k.callbackFence().get(x), "cb", x),
                    Map.of(), st.after().cbStatus().get(x) == CallbackStatus.ENOENT ? "ENOENT" : "0", null);
            case "DmaFenceRemoveCallback", "RemoveCallbackLate" -> emit(user(x), t, end, "dma_fence_remove_callback",
                    Map.of("fence", k.callbackFence().get(x), "cb", x), Map.of(), "0", st.action().equals("DmaFenceRemoveCallback"));
            case "DmaFenceWaitTimeout" -> {
                WaitTimeout to = k.waiterTimeout().get(x);
                Map<String, Object> args = new LinkedHashMap<>();
                args.put("timeout", timeoutArg(to));
                args.put("intr", false);
                ResvEvent wait = new ResvEvent(x, t, t, "dma_fence_wait_timeout", Map.of("fence", k.waiterFence().get(x)), args, "0", null, null);
                WaiterStatus r = st.after().wstate().get(x);
                if (r == WaiterStatus.WAITING) {
                    open.put(x, wait);
                } else {
                    events.add(new ResvEvent(x, t, end, wait.op(), wait.ids(), wait.args(), "0", r == WaiterStatus.SIGNALED ? signalledRet(to) : 0L, null));
                }
            }
            case "DmaFenceWaitWake" -> close(x, end, signalledRet(k.waiterTimeout().get(x)));
            case "DmaFenceWaitTimeoutExpire" -> close(x, end, 0L);
            case "MCDmaFenceRelease" -> emit(CREATOR, t, end, "dma_fence_put", Map.of("fence", x), Map.of("last", true), "0", null);
            default -> throw new IllegalStateException("no trace mapping for " + st);
        }
    }

    static long signalledRet(WaitTimeout t) {
        return t == WaitTimeout.INFINITE ? MAX_SCHEDULE_TIMEOUT : 1L;
    }
}
