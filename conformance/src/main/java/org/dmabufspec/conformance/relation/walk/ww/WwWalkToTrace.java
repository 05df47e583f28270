package org.dmabufspec.conformance.relation.walk.ww;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.dmabufspec.conformance.relation.walk.EventTrace;
import org.dmabufspec.conformance.relation.walk.resv.ResvEvent;
import org.dmabufspec.conformance.relation.ww.Pc;
import org.dmabufspec.conformance.relation.ww.WwMutexConstants;

/**
 * The trace (format v1) the reference implementation logs for a {@link WwWalk}
 * ({@code org.dmabufspec.resv.DmaResv}, {@code WwAcquireCtx}): one thread per proc, the objects
 * are buffers ({@code l1}, {@code l2}, exported first by {@code exporter}), proc p's acquire
 * context is {@code c-p}. Step i of the walk owns the logical times [10(i+1), 10(i+1)+9]; a call
 * that sleeps (dma_resv_lock blocked, dma_resv_lock_slow) starts at its first step and ends at the
 * step that wakes it, so the other threads' calls in between overlap it. Events in end order.
 * {@code resv_held} as the reference implementation logs it: whether the calling thread holds
 * the buffer's lock when the call starts.
 *
 * <table>
 * <caption>WwMutex action → logged op</caption>
 * <tr><th>action</th><th>op</th></tr>
 * <tr><td>(Init)</td><td>dma_buf_export per lock (exporter)</td></tr>
 * <tr><td>WwAcquireInit(p)</td><td>ww_acquire_init ctx c-p, stamp = stamp'[p]</td></tr>
 * <tr><td>DmaResvLock(p) taking a free lock</td><td>dma_resv_lock buf, ctx (none for a NULL-context thread), result 0</td></tr>
 * <tr><td>DmaResvLock(p) of a lock the context holds</td><td>dma_resv_lock, result EALREADY, resv_held true</td></tr>
 * <tr><td>DmaResvLock(p) blocking; DmaResvLockWake(p)</td><td>one dma_resv_lock, result 0</td></tr>
 * <tr><td>DmaResvLock(p) blocking; DmaResvLockDie(p)</td><td>one dma_resv_lock, result EDEADLK</td></tr>
 * <tr><td>DmaResvUnlockBackoff(p), DmaResvUnlock(p)</td><td>dma_resv_unlock of the object released, resv_held true</td></tr>
 * <tr><td>DmaResvLockSlow(p) (taking; or sleeping, then taking)</td><td>one dma_resv_lock_slow buf, ctx</td></tr>
 * <tr><td>DmaResvTrylock(p)</td><td>dma_resv_trylock buf, ret whether it took it</td></tr>
 * <tr><td>WwAcquireDone(p), WwAcquireFini(p)</td><td>ww_acquire_done, ww_acquire_fini ctx c-p; nothing for a
 *     NULL-context thread (it has no context)</td></tr>
 * <tr><td>Terminated</td><td>nothing (stuttering; the walk stops there)</td></tr>
 * </table>
 */
public final class WwWalkToTrace {
    public static final String EXPORTER_THREAD = "exporter";

    private final WwMutexConstants c;
    private final List<ResvEvent> events = new ArrayList<>();
    private final Map<String, ResvEvent> open = new HashMap<>();

    private WwWalkToTrace(WwMutexConstants c) {
        this.c = c;
    }

    public static String ctxOf(String proc) {
        return "c-" + proc;
    }

    public static EventTrace trace(WwWalk walk) {
        WwWalkToTrace w = new WwWalkToTrace(walk.constants());
        long t = 1;
        for (String l : new java.util.TreeSet<>(w.c.locks())) {
            Map<String, Object> args = new LinkedHashMap<>();
            args.put("exporter", "system");
            args.put("dynamic", false);
            args.put("cache_sgt_mapping", false);
            args.put("size", 4096);
            args.put("placement", "SYSTEM");
            w.events.add(new ResvEvent(EXPORTER_THREAD, t, t, "dma_buf_export", Map.of("buf", l), args, "0", null, null));
            t++;
        }
        for (int i = 0; i < walk.steps().size(); i++) {
            w.step(walk.steps().get(i), 10L * (i + 1));
        }
        if (!w.open.isEmpty()) {
            throw new IllegalStateException("calls still open at the end of the walk: " + w.open);
        }
        List<ResvEvent> sorted = new ArrayList<>(w.events);
        sorted.sort(Comparator.comparingLong(ResvEvent::end).thenComparingLong(ResvEvent::start));
        return new EventTrace("ww-walk-" + (walk.threeContexts() ? "3ctx" : "2ctx") + "-seed" + walk.seed(), "WwMutex", sorted);
    }

    private Map<String, Object> ids(String p, String lock) {
        Map<String, Object> m = new LinkedHashMap<>();
        if (!lock.isEmpty()) {
            m.put("buf", lock);
        }
        if (c.ctxProcs().contains(p)) {
            m.put("ctx", ctxOf(p));
        }
        return m;
    }

    private void emit(String p, long s, long e, String op, Map<String, Object> ids, Map<String, Object> args, String result,
                      Object ret, Boolean held) {
        events.add(new ResvEvent(p, s, e, op, ids, args, result, ret, held));
    }

    private void close(String p, long end, String result) {
        ResvEvent o = open.remove(p);
        if (o == null) {
            throw new IllegalStateException(p + " wakes from a call it did not make");
        }
        events.add(new ResvEvent(o.thread(), o.start(), end, o.op(), o.ids(), o.args(), result, null, o.resvHeld()));
    }

    private void step(WwWalkStep st, long t) {
        String p = st.proc();
        String l = st.lock();
        long end = t + 9;
        boolean ctx = c.ctxProcs().contains(p);
        switch (st.action()) {
            case "WwAcquireInit" -> emit(p, t, end, "ww_acquire_init", ids(p, ""), Map.of("stamp", st.after().stamp().get(p)), "0",
                    null, null);
            case "DmaResvLock" -> {
                if (st.after().pc().get(p) == Pc.BLOCKED) {
                    open.put(p, new ResvEvent(p, t, t, "dma_resv_lock", ids(p, l), Map.of(), "0", null, false));
                } else if (ctx && st.before().held().get(p).contains(l)) {
                    emit(p, t, end, "dma_resv_lock", ids(p, l), Map.of(), "EALREADY", null, true);
                } else {
                    emit(p, t, end, "dma_resv_lock", ids(p, l), Map.of(), "0", null, false);
                }
            }
            case "DmaResvLockWake" -> close(p, end, "0");
            case "DmaResvLockDie" -> close(p, end, "EDEADLK");
            case "DmaResvUnlockBackoff", "DmaResvUnlock" -> emit(p, t, end, "dma_resv_unlock", Map.of("buf", l), Map.of(), "0", null,
                    true);
            case "DmaResvLockSlow" -> {
                if (st.before().pc().get(p) == Pc.SLOW) {
                    close(p, end, "0");
                } else if (st.after().pc().get(p) == Pc.SLOW) {
                    open.put(p, new ResvEvent(p, t, t, "dma_resv_lock_slow", ids(p, l), Map.of(), "0", null, false));
                } else {
                    emit(p, t, end, "dma_resv_lock_slow", ids(p, l), Map.of(), "0", null, false);
                }
            }
            case "DmaResvTrylock" -> emit(p, t, end, "dma_resv_trylock", Map.of("buf", l), Map.of(), "0",
                    st.after().held().get(p).contains(l), false);
            case "WwAcquireDone", "WwAcquireFini" -> {
                if (ctx) {
                    emit(p, t, end, st.action().equals("WwAcquireDone") ? "ww_acquire_done" : "ww_acquire_fini", ids(p, ""),
                            Map.of(), "0", null, null);
                }
            }
            default -> throw new IllegalStateException("no trace mapping for " + st);
        }
    }
}
