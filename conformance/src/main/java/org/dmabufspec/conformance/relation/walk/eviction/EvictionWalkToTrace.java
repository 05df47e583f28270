package org.dmabufspec.conformance.relation.walk.eviction;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.dmabufspec.conformance.relation.eviction.WwEvictionConstants;
import org.dmabufspec.conformance.relation.eviction.WwEvictionState;
import org.dmabufspec.conformance.relation.walk.EventTrace;
import org.dmabufspec.conformance.relation.walk.resv.ResvEvent;

/**
 * The trace (format v1, kernel behaviour 6.15) the reference implementation logs for an
 * {@link EvictionWalk} on {@code VramExporter.contendedVram} (as EvictionExecutor drives it): one
 * thread per importer, {@code exporter} (the exports), {@code copy_engine} (the move fences'
 * signals). Importer i's attachment is {@code at-i} (i1 dynamic with move_notify, i2 static),
 * its acquire contexts {@code c-i.<n>} (a new one after each -ERESTARTSYS restart), tables
 * {@code sg<n>}, move fences {@code mf<n>}. Step k owns the logical times [100(k+1), 100(k+1)+99];
 * a call that spans steps (a sleeping lock, the map or pin around the eviction, the KERNEL-fence
 * wait) starts at its first step and ends at the step that ends it. Nested calls carry
 * {@code caller}. Events in end order.
 *
 * <table>
 * <caption>DmaBufWwEviction action → logged op(s)</caption>
 * <tr><th>action</th><th>op(s)</th></tr>
 * <tr><td>(Init)</td><td>dma_buf_export b1, b2 (dynamic, VRAM); dma_buf_dynamic_attach (i1) / dma_buf_attach (i2) with exporter.attach</td></tr>
 * <tr><td>WwAcquireInit / WwAcquireFini</td><td>ww_acquire_init (stamp) / ww_acquire_fini</td></tr>
 * <tr><td>DmaResvLock, DmaResvLockWake, DmaResvLockDie</td><td>dma_resv_lock own buffer, ctx: 0, EALREADY, or sleeping then 0 / EDEADLK</td></tr>
 * <tr><td>DmaBufPin</td><td>opens dma_buf_pin and its exporter.pin</td></tr>
 * <tr><td>DmaBufMapAttachment</td><td>opens dma_buf_map_attachment and exporter.pin (static importer: dma_buf_pin_on_map) or exporter.map_dma_buf</td></tr>
 * <tr><td>TtmTicketLock, ...Wake, ...Die</td><td>dma_resv_lock of the victim with the ctx, nested in the open callback</td></tr>
 * <tr><td>DmaBufCallEdeadlk</td><td>the callback and the call return EDEADLK</td></tr>
 * <tr><td>TtmEvict (victim not pinned)</td><td>dma_buf_move_notify (importer.move_notify per dynamic importer of the victim),
 *     dma_fence_init, exporter.move, dma_resv_reserve_fences, dma_resv_add_fence KERNEL, nested in the callback</td></tr>
 * <tr><td>DmaBufPinReturns</td><td>exporter.pin and dma_buf_pin return 0</td></tr>
 * <tr><td>MapDmaBuf</td><td>dynamic: exporter.map_dma_buf and the map return the table; static: exporter.pin returns,
 *     exporter.map_dma_buf, opens dma_resv_wait_timeout KERNEL</td></tr>
 * <tr><td>DmaBufMapAttachmentPinned</td><td>dma_buf_map_attachment with exporter.map_dma_buf</td></tr>
 * <tr><td>DmaResvWaitKernel / DmaResvWaitInterrupted</td><td>the wait returns (ret LONG_MAX) and the map 0 / the wait
 *     ERESTARTSYS, exporter.unmap_dma_buf, exporter.unpin, the map ERESTARTSYS</td></tr>
 * <tr><td>DmaResvUnlockBackoff, DmaResvUnlock</td><td>dma_resv_unlock</td></tr>
 * <tr><td>DmaResvLockSlow</td><td>dma_resv_lock_slow (sleeping if it does)</td></tr>
 * <tr><td>(the end, once every importer is done)</td><td>per importer: dma_resv_lock, dma_buf_unmap_attachment
 *     (exporter.unmap_dma_buf, exporter.unpin for the static one), dma_buf_unpin (exporter.unpin) for the pinning one,
 *     dma_resv_unlock, dma_buf_detach (exporter.detach)</td></tr>
 * <tr><td>DmaFenceSignalMove</td><td>dma_fence_signal of every move fence of the buffer not yet signalled (copy_engine)</td></tr>
 * </table>
 */
public final class EvictionWalkToTrace {
    public static final long WINDOW = 100;
    static final String EXPORTER = "exporter";
    static final String COPY = "copy_engine";
    private static final long LONG_MAX = Long.MAX_VALUE;

    /** An event being built: its caller by identity, its seq given at the end. */
    private static final class Ev {
        final String thread;
        final long start;
        long end = -1;
        final String op;
        final Map<String, Object> ids;
        final Map<String, Object> args;
        String result = "0";
        Object ret;
        final Boolean held;
        final Ev caller;

        Ev(String thread, long start, String op, Map<String, Object> ids, Map<String, Object> args, Boolean held, Ev caller) {
            this.thread = thread;
            this.start = start;
            this.op = op;
            this.ids = new LinkedHashMap<>(ids);
            this.args = new LinkedHashMap<>(args);
            this.held = held;
            this.caller = caller;
        }
    }

    private final WwEvictionConstants c;
    private final List<Ev> done = new ArrayList<>();
    private final Map<String, Deque<Ev>> open = new HashMap<>();
    private final Map<String, String> ctx = new HashMap<>();
    private final Map<String, Integer> ctxCount = new HashMap<>();
    private final Map<String, String> placement = new HashMap<>();
    private final Map<String, List<String>> pendingFences = new HashMap<>();
    private final Map<String, Integer> seqno = new HashMap<>();
    private final Map<String, String> sgtOf = new HashMap<>();
    private int fences;
    private int sgts;
    private long cur;

    private EvictionWalkToTrace(WwEvictionConstants c) {
        this.c = c;
        for (String a : c.importers()) {
            open.put(a, new ArrayDeque<>());
        }
        for (String b : c.buffers()) {
            placement.put(b, "VRAM");
            pendingFences.put(b, new ArrayList<>());
            seqno.put(b, 0);
        }
    }

    public static String attachOf(String importer) {
        return "at-" + importer;
    }

    public static EventTrace trace(List<EvictionWalkStep> steps, String name) {
        EvictionWalkToTrace w = new EvictionWalkToTrace(EvictionWalk.constants());
        w.cur = 1;
        for (String b : w.c.bufferList()) {
            w.emit(EXPORTER, "dma_buf_export", Map.of("buf", b), Map.of("exporter", "vram", "dynamic", true,
                    "cache_sgt_mapping", false, "size", 4096, "placement", "VRAM"), null, null);
        }
        for (String a : w.c.importerList()) {
            boolean dyn = !w.c.staticImporters().contains(a);
            Map<String, Object> ids = new LinkedHashMap<>();
            ids.put("buf", w.c.importerBuf().get(a));
            ids.put("attach", attachOf(a));
            ids.put("dev", a);
            Ev at = w.open(a, dyn ? "dma_buf_dynamic_attach" : "dma_buf_attach", ids,
                    dyn ? Map.of("allow_peer2peer", false, "move_notify", true) : Map.of(), false, null);
            w.emit(a, "exporter.attach", Map.of("buf", w.c.importerBuf().get(a), "attach", attachOf(a)), Map.of(), false, at);
            w.close(a, "0");
        }
        for (int i = 0; i < steps.size(); i++) {
            w.cur = WINDOW * (i + 1);
            w.step(steps.get(i));
        }
        if (!steps.isEmpty() && EvictionWalk.finished(steps.get(steps.size() - 1).after())) {
            w.cur = WINDOW * (steps.size() + 1);
            w.teardown(steps.get(steps.size() - 1).after());
        }
        // a walk of a wrong copy may stop inside a call: a trace logs a call when it returns, so it is left out
        w.open.values().forEach(Deque::clear);
        List<Ev> sorted = new ArrayList<>(w.done);
        sorted.sort(Comparator.comparingLong((Ev e) -> e.end).thenComparingLong(e -> e.start));
        Map<Ev, Integer> seq = new IdentityHashMap<>();
        for (int i = 0; i < sorted.size(); i++) {
            seq.put(sorted.get(i), i + 1);
        }
        List<ResvEvent> out = new ArrayList<>();
        for (Ev e : sorted) {
            Map<String, Object> ids = new LinkedHashMap<>();
            if (e.caller != null) {
                Integer cs = seq.get(e.caller);
                if (cs == null) {
                    continue; // its caller never returned within the trace
                }
                ids.put("caller", cs);
            }
            ids.putAll(e.ids);
            out.add(new ResvEvent(e.thread, e.start, e.end, e.op, ids, e.args, e.result, e.ret, e.held));
        }
        return new EventTrace(name, "DmaBufWwEviction", out);
    }

    public static EventTrace trace(EvictionWalk walk) {
        return trace(walk.steps(), "eviction-walk-seed" + walk.seed());
    }

    // ---- building blocks

    private Ev open(String thread, String op, Map<String, Object> ids, Map<String, Object> args, Boolean held, Ev caller) {
        Ev e = new Ev(thread, cur++, op, ids, args, held, caller);
        open.get(thread).push(e);
        return e;
    }

    private Ev close(String thread, String result) {
        Ev e = open.get(thread).pop();
        e.end = cur++;
        e.result = result;
        done.add(e);
        return e;
    }

    private Ev emit(String thread, String op, Map<String, Object> ids, Map<String, Object> args, Boolean held, Ev caller) {
        Ev e = new Ev(thread, cur++, op, ids, args, held, caller);
        e.end = cur++;
        done.add(e);
        return e;
    }

    private Ev top(String a) {
        return open.get(a).peek();
    }

    private Map<String, Object> lockIds(String a, String b) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("buf", b);
        m.put("ctx", ctx.get(a));
        return m;
    }

    private Map<String, Object> attIds(String a) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("buf", c.importerBuf().get(a));
        m.put("attach", attachOf(a));
        return m;
    }

    private static final Map<String, Object> DIR = Map.of("dir", "BIDIRECTIONAL");

    /** A ticket lock: 0, EALREADY (the context holds it), or a sleep (left open). */
    private void lock(String a, String b, boolean blocks, WwEvictionState before, Ev caller) {
        if (blocks) {
            open(a, "dma_resv_lock", lockIds(a, b), Map.of(), false, caller);
        } else if (before.held().get(a).contains(b)) {
            emit(a, "dma_resv_lock", lockIds(a, b), Map.of(), true, caller).result = "EALREADY";
        } else {
            emit(a, "dma_resv_lock", lockIds(a, b), Map.of(), false, caller);
        }
    }

    /** resv_held of the importer's calls: whether its context holds its own buffer's lock. */
    private boolean ownHeld(WwEvictionState s, String a) {
        return s.held().get(a).contains(c.importerBuf().get(a));
    }

    private void step(EvictionWalkStep st) {
        String a = st.who();
        WwEvictionState s = st.before();
        WwEvictionState t = st.after();
        switch (st.action()) {
            case "WwAcquireInit" -> {
                int n = ctxCount.merge(a, 1, Integer::sum);
                ctx.put(a, "c-" + a + "." + n);
                emit(a, "ww_acquire_init", Map.of("ctx", ctx.get(a)), Map.of("stamp", t.stamp().get(a)), null, null);
            }
            case "DmaResvLock" -> lock(a, c.importerBuf().get(a), t.pc().get(a).equals("blocked"), s, null);
            case "TtmTicketLock" -> lock(a, c.victim().get(a), t.pc().get(a).equals("evict_blocked"), s, top(a));
            case "DmaResvLockWake", "TtmTicketLockWake" -> close(a, "0");
            case "DmaResvLockDie", "TtmTicketLockDie" -> close(a, "EDEADLK");
            case "DmaBufPin" -> {
                Ev pin = open(a, "dma_buf_pin", attIds(a), Map.of(), ownHeld(s, a), null);
                open(a, "exporter.pin", attIds(a), Map.of(), ownHeld(s, a), pin);
            }
            case "DmaBufMapAttachment" -> {
                Ev map = open(a, "dma_buf_map_attachment", attIds(a), DIR, ownHeld(s, a), null);
                if (c.staticImporters().contains(a)) {
                    open(a, "exporter.pin", attIds(a), Map.of(), ownHeld(s, a), map);
                } else {
                    open(a, "exporter.map_dma_buf", attIds(a), DIR, ownHeld(s, a), map);
                }
            }
            case "DmaBufCallEdeadlk" -> {
                close(a, "EDEADLK");
                close(a, "EDEADLK");
            }
            case "TtmEvict" -> evict(a, s, t);
            case "DmaBufPinReturns" -> {
                close(a, "0");
                close(a, "0");
            }
            case "MapDmaBuf" -> {
                String sg = "sg" + ++sgts;
                sgtOf.put(a, sg);
                if (c.staticImporters().contains(a)) {
                    close(a, "0");
                    Ev map = top(a);
                    map.ids.put("sgt", sg);
                    Map<String, Object> ids = attIds(a);
                    ids.put("sgt", sg);
                    emit(a, "exporter.map_dma_buf", ids, DIR, true, map);
                    open(a, "dma_resv_wait_timeout", Map.of("buf", c.importerBuf().get(a)),
                            Map.of("usage", "KERNEL", "timeout", "MAX", "intr", true), true, map);
                } else {
                    close(a, "0").ids.put("sgt", sg);
                    close(a, "0").ids.put("sgt", sg);
                }
            }
            case "DmaBufMapAttachmentPinned" -> {
                String sg = "sg" + ++sgts;
                sgtOf.put(a, sg);
                Map<String, Object> ids = attIds(a);
                ids.put("sgt", sg);
                Ev map = open(a, "dma_buf_map_attachment", ids, DIR, ownHeld(s, a), null);
                emit(a, "exporter.map_dma_buf", ids, DIR, ownHeld(s, a), map);
                close(a, "0");
            }
            case "DmaResvWaitKernel" -> {
                close(a, "0").ret = LONG_MAX;
                close(a, "0");
            }
            case "DmaResvWaitInterrupted", "InterruptedKeepsPin" -> {
                close(a, "ERESTARTSYS");
                Ev map = top(a);
                Map<String, Object> ids = attIds(a);
                ids.put("sgt", map.ids.remove("sgt"));
                emit(a, "exporter.unmap_dma_buf", ids, DIR, true, map);
                if (st.action().equals("DmaResvWaitInterrupted")) {
                    emit(a, "exporter.unpin", attIds(a), Map.of(), true, map);
                }
                close(a, "ERESTARTSYS");
            }
            // the wrong copies' actions (EvictionRelationMutantTest)
            case "EvictDespiteEdeadlk" -> {
                close(a, "EDEADLK");
                evict(a, s, t);
            }
            case "MapWithoutWait" -> {
                String sg = "sg" + ++sgts;
                sgtOf.put(a, sg);
                close(a, "0");
                Ev map = top(a);
                Map<String, Object> ids = attIds(a);
                ids.put("sgt", sg);
                emit(a, "exporter.map_dma_buf", ids, DIR, true, map);
                close(a, "0").ids.put("sgt", sg);
            }
            case "DmaResvUnlockBackoff", "DmaResvUnlock" -> {
                String gone = s.held().get(a).stream().filter(b -> !t.held().get(a).contains(b)).findFirst().orElseThrow();
                emit(a, "dma_resv_unlock", Map.of("buf", gone), Map.of(), true, null);
            }
            case "DmaResvLockSlow" -> {
                String l = s.contended().get(a);
                if (s.pc().get(a).equals("slow")) {
                    close(a, "0");
                } else if (t.pc().get(a).equals("slow")) {
                    open(a, "dma_resv_lock_slow", lockIds(a, l), Map.of(), false, null);
                } else {
                    emit(a, "dma_resv_lock_slow", lockIds(a, l), Map.of(), false, null);
                }
            }
            case "WwAcquireFini" -> emit(a, "ww_acquire_fini", Map.of("ctx", ctx.get(a)), Map.of(), null, null);
            case "DmaFenceSignalMove" -> {
                open.putIfAbsent(COPY, new ArrayDeque<>());
                for (String f : pendingFences.get(a)) {
                    emit(COPY, "dma_fence_signal", Map.of("fence", f), Map.of(), null, null);
                }
                pendingFences.get(a).clear();
            }
            default -> throw new IllegalStateException("no trace mapping for " + st);
        }
    }

    /**
     * The end of a test on the reference implementation, once every transaction is done: each
     * importer unmaps its table (the core drops a static importer's map pin), drops its dma_buf_pin
     * under its buffer's lock, and detaches; exporter.detach shows a pin nobody dropped (R9).
     */
    private void teardown(WwEvictionState s) {
        for (String a : c.importerList()) {
            String b = c.importerBuf().get(a);
            emit(a, "dma_resv_lock", Map.of("buf", b), Map.of(), false, null);
            if (s.mapped().get(a)) {
                Map<String, Object> ids = attIds(a);
                ids.put("sgt", sgtOf.get(a));
                Ev unmap = open(a, "dma_buf_unmap_attachment", ids, DIR, true, null);
                emit(a, "exporter.unmap_dma_buf", ids, DIR, true, unmap);
                if (c.staticImporters().contains(a)) {
                    emit(a, "exporter.unpin", attIds(a), Map.of(), true, unmap);
                }
                close(a, "0");
            }
            if (s.importerPin().get(a)) {
                Ev unpin = open(a, "dma_buf_unpin", attIds(a), Map.of(), true, null);
                emit(a, "exporter.unpin", attIds(a), Map.of(), true, unpin);
                close(a, "0");
            }
            emit(a, "dma_resv_unlock", Map.of("buf", b), Map.of(), true, null);
            Ev detach = open(a, "dma_buf_detach", attIds(a), Map.of(), false, null);
            emit(a, "exporter.detach", attIds(a), Map.of(), false, detach);
            close(a, "0");
        }
    }

    /** The eviction under the ticket, inside the open exporter callback; nothing when the victim is pinned (R7). */
    private void evict(String a, WwEvictionState s, WwEvictionState t) {
        String v = c.victim().get(a);
        if (t.gen().get(v).equals(s.gen().get(v))) {
            return;
        }
        Ev cb = top(a);
        boolean held = s.held().get(a).contains(v); // false only in a wrong copy that moves without the victim's lock
        Ev notify = open(a, "dma_buf_move_notify", Map.of("buf", v), Map.of(), held, cb);
        for (String d : c.importerList()) {
            if (c.importerBuf().get(d).equals(v) && !c.staticImporters().contains(d)) {
                emit(a, "importer.move_notify", Map.of("buf", v, "attach", attachOf(d)), Map.of(), held, notify);
            }
        }
        close(a, "0");
        String f = "mf" + ++fences;
        int n = seqno.merge(v, 1, Integer::sum);
        emit(a, "dma_fence_init", Map.of("fence", f), Map.of("context", 100 + c.bufferList().indexOf(v), "seqno", n), null, cb);
        String from = placement.get(v);
        String to = from.equals("VRAM") ? "GTT" : "VRAM";
        placement.put(v, to);
        emit(a, "exporter.move", Map.of("buf", v, "fence", f), Map.of("from", from, "to", to), held, cb);
        emit(a, "dma_resv_reserve_fences", Map.of("buf", v), Map.of("num", 1), held, cb);
        emit(a, "dma_resv_add_fence", Map.of("buf", v, "fence", f), Map.of("usage", "KERNEL"), held, cb);
        pendingFences.get(v).add(f);
    }
}
