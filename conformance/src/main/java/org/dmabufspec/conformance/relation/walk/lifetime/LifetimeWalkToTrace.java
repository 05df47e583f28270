package org.dmabufspec.conformance.relation.walk.lifetime;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.dmabufspec.conformance.relation.lifetime.LifetimeState;
import org.dmabufspec.conformance.relation.walk.EventTrace;
import org.dmabufspec.conformance.relation.walk.fence.FenceWalkToTrace;
import org.dmabufspec.conformance.relation.walk.resv.ResvEvent;

/**
 * The trace (format v1) the reference implementation logs for a {@link LifetimeWalk}: buffer
 * {@code b1} of a dynamic exporter, fence {@code f1} added to its reservation object with usage
 * KERNEL at set-up (the spec's Init). Threads: {@code app} (the fd: close, poll), the importer's
 * and waiter's names, {@code sig} (the signal, the callbacks it runs nested in it),
 * {@code producer}, {@code fput} (the deferred file release). Step i owns the logical times
 * [10(i+1), 10(i+1)+9]; a call that waits (attach, map, a fence wait, a signal running
 * callbacks) stays open until the step that ends it. Every fence reference the spec drops is a
 * {@code dma_fence_put} with {@code last} = the count reached 0, on the thread that drops it; a
 * file reference dropped by a call is its {@code dma_buf_put}/{@code close} with {@code last}.
 *
 * <table>
 * <caption>DmaBufLifetime action → logged op</caption>
 * <tr><th>action</th><th>op</th></tr>
 * <tr><td>(Init)</td><td>dma_buf_export (dynamic), dma_fence_init, dma_resv_lock/reserve_fences/add_fence KERNEL/unlock</td></tr>
 * <tr><td>CloseFd</td><td>close (app; the format gives close no {@code last}: exporter.release shows a release it causes)</td></tr>
 * <tr><td>DmaBufGet(i) / DmaBufPut(i)</td><td>dma_buf_get / dma_buf_put, last (i)</td></tr>
 * <tr><td>DmaBufFileRelease</td><td>exporter.release with leaked_pins = pins, then dma_resv_fini's dma_fence_put (fput)</td></tr>
 * <tr><td>DmaBufAttach(i) [; AttachWaitDone / AttachWaitInterrupted]</td><td>dma_buf_attach attach a-i, result 0 or
 *     ERESTARTSYS (6.2: open across its KERNEL-fence wait)</td></tr>
 * <tr><td>DmaBufMapAttachment(i); MapWaitDone / MapWaitInterrupted</td><td>dma_buf_map_attachment_unlocked, result 0 or ERESTARTSYS</td></tr>
 * <tr><td>DmaBufUnmapAttachment(i) / DmaBufDetach(i)</td><td>dma_buf_unmap_attachment_unlocked / dma_buf_detach</td></tr>
 * <tr><td>ImporterAddCallback(i) / ImporterRemoveCallback(i)</td><td>dma_fence_add_callback cb-i-n (a fresh id per add) / dma_fence_remove_callback ret true, dma_fence_put</td></tr>
 * <tr><td>DmaBufPoll</td><td>poll POLLIN, ret "", with a nested dma_fence_add_callback cb-poll (app)</td></tr>
 * <tr><td>DmaFenceSignal; ImporterFenceCb / DmaBufPollCb...; DmaFenceSignalDone</td><td>one dma_fence_signal with a nested
 *     dma_fence_callback (and its dma_fence_put) per callback, then the signaller's dma_fence_put (sig)</td></tr>
 * <tr><td>DmaFenceWait(w); DmaFenceWaitWake / DmaFenceWaitInterrupted</td><td>one dma_fence_wait_timeout MAX, intr, ret MAX or
 *     ERESTARTSYS, then the waiter's dma_fence_put (w)</td></tr>
 * <tr><td>DmaFenceWaitCb(w)</td><td>nothing: dma_fence_default_wait's wake-up callback is not a traced call</td></tr>
 * <tr><td>ProducerPut</td><td>dma_fence_put (producer)</td></tr>
 * </table>
 */
public final class LifetimeWalkToTrace {
    public static final String BUF = "b1";
    public static final String FENCE = "f1";
    static final long MAX_SCHEDULE_TIMEOUT = Long.MAX_VALUE;

    private final List<ResvEvent> events = new ArrayList<>();
    private final Map<String, ResvEvent> open = new HashMap<>();
    private int maps;
    /** The importer's callback id of its last add (a fresh id per add: ids are never reused). */
    private final Map<String, String> cbs = new HashMap<>();

    private LifetimeWalkToTrace() {
    }

    public static EventTrace trace(LifetimeWalk walk) {
        return trace(walk.steps(), "lifetime-walk-" + walk.model() + "-seed" + walk.seed() + "-len" + walk.length());
    }

    public static EventTrace trace(List<LifetimeWalkStep> steps, String name) {
        LifetimeWalkToTrace w = new LifetimeWalkToTrace();
        Map<String, Object> exp = new LinkedHashMap<>();
        exp.put("exporter", "dyn");
        exp.put("dynamic", true);
        exp.put("cache_sgt_mapping", false);
        exp.put("size", 4096);
        exp.put("placement", "SYSTEM");
        w.events.add(new ResvEvent("exporter", 1, 1, "dma_buf_export", Map.of("buf", BUF), exp, "0", null, null));
        w.events.add(new ResvEvent("producer", 2, 2, "dma_fence_init", Map.of("fence", FENCE), Map.of("context", 1, "seqno", 1), "0", null, null));
        w.events.add(new ResvEvent("producer", 3, 3, "dma_resv_lock", Map.of("buf", BUF), Map.of(), "0", null, false));
        w.events.add(new ResvEvent("producer", 4, 4, "dma_resv_reserve_fences", Map.of("buf", BUF), Map.of("num", 1), "0", null, true));
        w.events.add(new ResvEvent("producer", 5, 5, "dma_resv_add_fence", Map.of("buf", BUF, "fence", FENCE), Map.of("usage", "KERNEL"), "0", null, true));
        w.events.add(new ResvEvent("producer", 6, 6, "dma_resv_unlock", Map.of("buf", BUF), Map.of(), "0", null, true));
        for (int i = 0; i < steps.size(); i++) {
            w.step(steps.get(i), 10L * (i + 1));
        }
        if (!w.open.isEmpty()) {
            throw new IllegalStateException("calls still open after the drain: " + w.open);
        }
        List<ResvEvent> sorted = new ArrayList<>(w.events);
        sorted.sort(FenceWalkToTrace.ORDER);
        return new EventTrace(name, "DmaBufLifetime", sorted);
    }

    static String attach(String i) {
        return "a-" + i;
    }

    private int steps(String i) {
        return (int) events.stream().filter(e -> e.op().equals("dma_fence_add_callback") && e.thread().equals(i)).count();
    }

    static String cb(String i) {
        return "cb-" + i;
    }

    private void emit(String thread, long s, long e, String op, Map<String, Object> ids, Map<String, Object> args, String result, Object ret) {
        events.add(new ResvEvent(thread, s, e, op, ids, args, result, ret, null));
    }

    private void openCall(String key, ResvEvent e) {
        if (open.put(key, e) != null) {
            throw new IllegalStateException(key + ": two calls in flight");
        }
    }

    private void close(String key, long end, String result, Object ret) {
        ResvEvent o = open.remove(key);
        if (o == null) {
            throw new IllegalStateException(key + ": no call in flight");
        }
        events.add(new ResvEvent(o.thread(), o.start(), end, o.op(), o.ids(), o.args(), result, ret, o.resvHeld()));
    }

    /** A dma_fence_put of the reference this step dropped, if it dropped one. */
    private void fencePut(String thread, long s, long e, LifetimeWalkStep st) {
        if (st.after().fenceRefs() < st.before().fenceRefs()) {
            emit(thread, s, e, "dma_fence_put", Map.of("fence", FENCE), Map.of("last", st.after().fenceRefs() == 0), "0", null);
        }
    }

    private static Map<String, Object> last(LifetimeState after) {
        return Map.of("last", after.fileRefs() == 0);
    }

    private void step(LifetimeWalkStep st, long t) {
        String x = st.target();
        long end = t + 9;
        LifetimeState a = st.after();
        Map<String, Object> buf = Map.of("buf", BUF);
        Map<String, Object> att = Map.of("buf", BUF, "attach", attach(x));
        switch (st.action()) {
            case "CloseFd" -> emit("app", t, end, "close", buf, Map.of(), "0", null);   // close has no last: exporter.release shows the release
            case "DmaBufGet" -> emit(x, t, end, "dma_buf_get", buf, Map.of(), "0", null);
            case "DmaBufPut" -> emit(x, t, end, "dma_buf_put", buf, last(a), "0", null);
            case "DmaBufFileRelease" -> {
                if (!a.bufLive()) {
                    emit("fput", t, t + 4, "exporter.release", buf, Map.of("leaked_mappings", 0, "leaked_pins", st.before().pins()), "0", null);
                    fencePut("fput", t + 5, end, st);
                }
            }
            case "DmaBufAttach" -> {
                ResvEvent e = new ResvEvent(x, t, t, "dma_buf_attach", Map.of("buf", BUF, "attach", attach(x), "dev", "dev-" + x), Map.of(), "0", null, false);
                if (a.ipc().get(x).equals("attaching")) {
                    openCall(x, e);
                } else {
                    events.add(e.withTimes(t, end));
                }
            }
            case "AttachWaitDone", "MapWaitDone" -> close(x, end, "0", null);
            case "AttachWaitInterrupted", "MapWaitInterrupted" -> close(x, end, "ERESTARTSYS", null);
            case "DmaBufMapAttachment" -> {
                maps++;
                Map<String, Object> ids = new LinkedHashMap<>(att);
                ids.put("sgt", "sg-" + x + "-" + maps);
                openCall(x, new ResvEvent(x, t, t, "dma_buf_map_attachment_unlocked", ids, Map.of("dir", "BIDIRECTIONAL"), "0", null, false));
            }
            case "DmaBufUnmapAttachment" -> {
                Map<String, Object> ids = new LinkedHashMap<>(att);
                ids.put("sgt", "sg-" + x + "-" + maps);
                emit(x, t, end, "dma_buf_unmap_attachment_unlocked", ids, Map.of("dir", "BIDIRECTIONAL"), "0", null);
            }
            case "DmaBufDetach" -> emit(x, t, end, "dma_buf_detach", att, Map.of(), "0", null);
            case "ImporterAddCallback" -> {
                cbs.put(x, cb(x) + "-" + (steps(x) + 1));
                emit(x, t, end, "dma_fence_add_callback", Map.of("fence", FENCE, "cb", cbs.get(x)), Map.of(), "0", null);
            }
            case "ImporterRemoveCallback" -> {
                emit(x, t, t + 4, "dma_fence_remove_callback", Map.of("fence", FENCE, "cb", cbs.get(x)), Map.of(), "0", true);
                fencePut(x, t + 5, end, st);
            }
            case "DmaBufPoll" -> {
                emit("app", t + 1, t + 2, "dma_fence_add_callback", Map.of("fence", FENCE, "cb", cb("poll")), Map.of(), "0", null);
                emit("app", t, end, "poll", buf, Map.of("events", "POLLIN"), "0", "");
            }
            case "DmaFenceSignal" -> openCall("sig", new ResvEvent("sig", t, t, "dma_fence_signal", Map.of("fence", FENCE), Map.of(), "0", null, null));
            case "ImporterFenceCb", "DmaBufPollCb" -> {
                String c = st.action().equals("DmaBufPollCb") ? cb("poll") : cbs.get(x);
                emit("sig", t + 1, end - 1, "dma_fence_callback", Map.of("fence", FENCE, "cb", c), Map.of(), "0", null);
                fencePut("sig", t + 2, t + 3, st);
            }
            case "DmaFenceSignalDone" -> {
                close("sig", t + 4, "0", null);
                fencePut("sig", t + 5, end, st);
            }
            case "DmaFenceWait" -> {
                Map<String, Object> args = new LinkedHashMap<>();
                args.put("timeout", "MAX");
                args.put("intr", true);
                openCall(x, new ResvEvent(x, t, t, "dma_fence_wait_timeout", Map.of("fence", FENCE), args, "0", null, null));
            }
            case "DmaFenceWaitWake" -> {
                close(x, t + 4, "0", MAX_SCHEDULE_TIMEOUT);
                fencePut(x, t + 5, end, st);
            }
            case "DmaFenceWaitInterrupted" -> {
                close(x, t + 4, "ERESTARTSYS", null);
                fencePut(x, t + 5, end, st);
            }
            case "DmaFenceWaitCb" -> {
                // dma_fence_default_wait's wake-up callback: not a traced call
            }
            case "ProducerPut" -> fencePut("producer", t, end, st);
            default -> throw new IllegalStateException("no trace mapping for " + st);
        }
    }
}
