package org.dmabufspec.conformance.relation.walk;

import static org.dmabufspec.conformance.relation.attach.AttachState.NO_DIR;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.dmabufspec.conformance.relation.attach.AttachConstants;
import org.dmabufspec.conformance.relation.attach.AttachState;

/**
 * The trace (format v1) a kernel would log for a {@link SpecWalk}. Threads: one per importer
 * (named after it: {@code s1}, {@code d1}) and {@code exporter}. Step i of the walk owns the logical
 * times [10(i+1), 10(i+1)+9]; a call made of several spec steps starts at its first step and ends
 * at its last, so calls of other threads in between overlap it. Events are written in end order
 * (seq follows end, as the reference implementation writes them). Ids: buffer {@code b1},
 * attachment {@code <importer>.<n>} (new per attach), sg_table {@code sg<n>} (new per fresh map,
 * the cached one again from the cache), job fences {@code f<n>}, move fences {@code mf<n>}.
 *
 * <table>
 * <caption>spec action → logged op(s)</caption>
 * <tr><th>spec action</th><th>op(s), thread</th></tr>
 * <tr><td>(Init)</td><td>dma_buf_export (exporter): dynamic, cache_sgt_mapping, placement</td></tr>
 * <tr><td>DmaBufAttach; DmaBufAttachListAdd [; DmaBufAttachCacheMap]</td><td>one dma_buf_attach (static) or
 *     dma_buf_dynamic_attach (allow_peer2peer, move_notify true), from the first step to the last</td></tr>
 * <tr><td>DmaBufDetach; DmaBufDetachListDel</td><td>one dma_buf_detach</td></tr>
 * <tr><td>DmaResvLock / DmaResvUnlock</td><td>dma_resv_lock / dma_resv_unlock (importer)</td></tr>
 * <tr><td>DmaBufMapAttachment</td><td>dma_buf_map_attachment, resv_held, dir, sgt; -EBUSY when the cache refuses</td></tr>
 * <tr><td>DmaBufMapAttachmentUnlocked; DmaBufMapAttachmentUnlockedLocked</td><td>one dma_buf_map_attachment_unlocked</td></tr>
 * <tr><td>DmaBufMapAttachment61 [; ExporterMapCallbackLock]</td><td>one dma_buf_map_attachment without the lock (6.1)</td></tr>
 * <tr><td>DmaBufUnmapAttachment</td><td>dma_buf_unmap_attachment, resv_held</td></tr>
 * <tr><td>DmaBufUnmapAttachmentUnlocked</td><td>dma_buf_unmap_attachment_unlocked (6.1: dma_buf_unmap_attachment, lock not held)</td></tr>
 * <tr><td>DmaBufPin / DmaBufUnpin</td><td>dma_buf_pin / dma_buf_unpin, resv_held</td></tr>
 * <tr><td>ImporterWaitFences</td><td>dma_resv_wait_timeout(usage WRITE, MAX) returning the time left</td></tr>
 * <tr><td>ImporterSubmitJob (dynamic importer, lock held)</td><td>dma_resv_reserve_fences(1), dma_resv_add_fence(job fence, usage)</td></tr>
 * <tr><td>ImporterSubmitJob (static importer)</td><td>nothing: its driver's job is not logged</td></tr>
 * <tr><td>ImporterDeviceAccess</td><td>importer.device_access(sgt, WRITE for a writer with a valid mapping or a job whose fence
 *     was logged, else READ: a job ImporterMoveNotify starts has no fence in the trace)</td></tr>
 * <tr><td>DmaFenceSignalJob</td><td>dma_fence_signal of the job fence (importer thread); nothing for a static importer's job</td></tr>
 * <tr><td>DmaBufEvict</td><td>dma_resv_lock (exporter), and the start of dma_buf_move_notify (7.1: dma_buf_invalidate_mappings)</td></tr>
 * <tr><td>DmaBufMoveNotify</td><td>importer.move_notify (7.1: importer.invalidate_mappings), exporter thread, resv held</td></tr>
 * <tr><td>DmaBufMove</td><td>end of dma_buf_move_notify; exporter.move(from, to); dma_resv_reserve_fences(1);
 *     dma_resv_add_fence(move fence, KERNEL); dma_resv_unlock</td></tr>
 * <tr><td>DmaFenceSignalMove</td><td>nothing: the exporter's copy engine signals it (the checker infers it)</td></tr>
 * <tr><td>DmaBufReleaseOldStorage</td><td>exporter.reuse_storage(placement = the old region)</td></tr>
 * </table>
 * Regions are written as placements: the sorted regions are VRAM, GTT, SYSTEM.
 */
public final class WalkToTrace {
    public static final String BUF = "b1";
    public static final String EXPORTER_THREAD = "exporter";
    private static final List<String> PLACEMENTS = List.of("VRAM", "GTT", "SYSTEM");
    private static final Set<String> DIRECTIONS = Set.of("BIDIRECTIONAL", "TO_DEVICE", "FROM_DEVICE");

    private final AttachConstants c;
    private final List<WalkEvent> events = new ArrayList<>();
    private final Map<String, Open> open = new HashMap<>();
    private final Map<String, String> attachId = new HashMap<>();
    private final Map<String, String> sgt = new HashMap<>();
    private final Map<String, String> cachedSgt = new HashMap<>();
    private final Map<String, String> jobFence = new HashMap<>();
    private int attaches;
    private int sgts;
    private int fences;

    /** A call between its first and last spec step. */
    private record Open(String op, long start, Boolean resvHeld, Map<String, String> ids, Map<String, Object> args) {
    }

    private WalkToTrace(AttachConstants c) {
        this.c = c;
    }

    public static WalkTrace trace(SpecWalk walk) {
        WalkToTrace w = new WalkToTrace(walk.config().constants());
        w.export();
        for (int i = 0; i < walk.steps().size(); i++) {
            w.step(walk.steps().get(i), 10L * (i + 1));
        }
        if (!w.open.isEmpty()) {
            throw new IllegalStateException("walk ended with calls in flight: " + w.open.keySet());
        }
        List<WalkEvent> sorted = new ArrayList<>(w.events);
        sorted.sort(Comparator.comparingLong(WalkEvent::end).thenComparingLong(WalkEvent::start));
        return new WalkTrace(walk.config(), "walk-" + walk.config() + "-seed" + walk.seed() + "-len" + walk.length(), sorted);
    }

    /** The placement name of a region, as exporter.move and exporter.reuse_storage write it. */
    public static String placement(AttachConstants c, String region) {
        List<String> regions = new ArrayList<>(c.regions());
        regions.sort(null);
        return PLACEMENTS.get(regions.indexOf(region));
    }

    /**
     * The trace's name of a spec direction: the specs spell directions as the trace format does
     * (enum dma_data_direction without the DMA_ prefix), so this only rejects a non-direction.
     */
    public static String dir(String specDir) {
        if (!DIRECTIONS.contains(specDir)) {
            throw new IllegalArgumentException("no direction " + specDir);
        }
        return specDir;
    }

    private boolean v71() {
        return c.kernelBehaviour().equals("7.1");
    }

    private void export() {
        Map<String, Object> args = new LinkedHashMap<>();
        boolean dynamic = c.dynamicExporters().contains(BUF);
        args.put("exporter", dynamic ? "vram" : c.cacheSgtExporters().contains(BUF) ? "udmabuf" : "system");
        args.put("dynamic", dynamic);
        args.put("cache_sgt_mapping", c.cacheSgtExporters().contains(BUF));
        args.put("size", 4096L);
        if (dynamic) {
            args.put("placement", placement(c, c.initPlacement().get(BUF)));
        }
        events.add(new WalkEvent(EXPORTER_THREAD, 1, 2, "dma_buf_export", Map.of("buf", BUF), args, "0", null, null));
    }

    private void emit(String thread, long start, long end, String op, Map<String, String> ids, Map<String, Object> args,
                      String result, Object ret, Boolean held) {
        Map<String, String> all = new LinkedHashMap<>();
        all.put("buf", BUF);
        all.putAll(ids);
        events.add(new WalkEvent(thread, start, end, op, all, args, result, ret, held));
    }

    private Map<String, String> att(String a) {
        return Map.of("attach", attachId.get(a));
    }

    private void step(WalkStep st, long t) {
        String a = st.actor();
        AttachState s = st.before();
        AttachState n = st.after();
        switch (st.action()) {
            case "DmaBufAttach" -> {
                attachId.put(a, a + "." + (++attaches));
                boolean dynamic = c.dynamicImporters().contains(a);
                Map<String, String> ids = new LinkedHashMap<>(att(a));
                ids.put("dev", a);
                Map<String, Object> args = new LinkedHashMap<>();
                if (dynamic) {
                    args.put("allow_peer2peer", c.peerToPeerImporters().contains(a));
                    args.put("move_notify", true);
                }
                open.put(a, new Open(dynamic ? "dma_buf_dynamic_attach" : "dma_buf_attach", t, false, ids, args));
            }
            case "DmaBufAttachListAdd" -> {
                if (n.pc().get(a).equals("attached")) {
                    close(a, t);
                }
            }
            case "DmaBufAttachCacheMap" -> {
                cachedSgt.put(a, "sg" + (++sgts));
                close(a, t);
            }
            case "DmaBufDetach" -> open.put(a, new Open("dma_buf_detach", t, false, att(a), Map.of()));
            case "DmaBufDetachListDel" -> {
                close(a, t);
                cachedSgt.remove(a);
                sgt.remove(a);
            }
            case "DmaResvLock" -> emit(a, t, t + 1, "dma_resv_lock", Map.of(), Map.of(), "0", null, false);
            case "DmaResvUnlock" -> emit(a, t, t + 1, "dma_resv_unlock", Map.of(), Map.of(), "0", null, true);
            case "DmaBufMapAttachment" -> map(a, s, n, "dma_buf_map_attachment", t, t + 1, true);
            case "DmaBufMapAttachmentUnlocked" -> open.put(a, new Open("dma_buf_map_attachment_unlocked", t, false, Map.of(), Map.of()));
            case "DmaBufMapAttachmentUnlockedLocked", "ExporterMapCallbackLock" -> {
                Open o = open.remove(a);
                map(a, s, n, o.op(), o.start(), t, o.resvHeld());
            }
            case "DmaBufMapAttachment61" -> {
                if (n.pc().get(a).equals("exp_cb_lock")) {
                    open.put(a, new Open("dma_buf_map_attachment", t, false, Map.of(), Map.of()));
                } else {
                    map(a, s, n, "dma_buf_map_attachment", t, t + 1, false);
                }
            }
            case "DmaBufUnmapAttachment" -> unmap(a, s, "dma_buf_unmap_attachment", t, true);
            case "DmaBufUnmapAttachmentUnlocked" ->
                    unmap(a, s, c.kernelBehaviour().equals("6.1") ? "dma_buf_unmap_attachment" : "dma_buf_unmap_attachment_unlocked", t, false);
            case "DmaBufPin" -> emit(a, t, t + 1, "dma_buf_pin", att(a), Map.of(), "0", null, true);
            case "DmaBufUnpin" -> emit(a, t, t + 1, "dma_buf_unpin", att(a), Map.of(), "0", null, true);
            case "ImporterWaitFences" -> {
                Map<String, Object> args = new LinkedHashMap<>();
                args.put("usage", "WRITE");
                args.put("timeout", "MAX");
                args.put("intr", false);
                emit(a, t, t + 1, "dma_resv_wait_timeout", Map.of(), args, "0", Long.MAX_VALUE, a.equals(s.holder().get(BUF)));
            }
            case "ImporterSubmitJob" -> {
                if (c.dynamicImporters().contains(a)) {
                    String f = "f" + (++fences);
                    jobFence.put(a, f);
                    emit(a, t, t + 1, "dma_resv_reserve_fences", Map.of(), Map.of("num", 1L), "0", null, true);
                    emit(a, t + 2, t + 3, "dma_resv_add_fence", Map.of("fence", f),
                            Map.of("usage", c.importerUsage().get(a).toUpperCase()), "0", null, true);
                }
            }
            case "ImporterDeviceAccess" -> {
                // a write through an invalidated mapping needs a fence the trace shows (R5b): a job the
                // importer's move_notify started adds one this translation does not log, so its access is a read
                boolean write = c.importerUsage().get(a).equals("write") && (s.mapValid().get(a) || s.job().get(a) && jobFence.containsKey(a));
                emit(a, t, t + 1, "importer.device_access", Map.of("attach", attachId.get(a), "sgt", currentSgt(a, s)),
                        Map.of("access", write ? "WRITE" : "READ"), "0", null, null);
            }
            case "DmaFenceSignalJob" -> {
                String f = jobFence.remove(a);
                if (f != null) {
                    events.add(new WalkEvent(a, t, t + 1, "dma_fence_signal", Map.of("fence", f), Map.of(), "0", null, null));
                }
            }
            case "DmaBufEvict" -> {
                emit(EXPORTER_THREAD, t, t + 1, "dma_resv_lock", Map.of(), Map.of(), "0", null, false);
                open.put(EXPORTER_THREAD, new Open(v71() ? "dma_buf_invalidate_mappings" : "dma_buf_move_notify", t + 2, true, Map.of(), Map.of()));
            }
            case "DmaBufMoveNotify" -> emit(EXPORTER_THREAD, t, t + 1, v71() ? "importer.invalidate_mappings" : "importer.move_notify",
                    att(a), Map.of(), "0", null, true);
            case "DmaBufMove" -> {
                close(EXPORTER_THREAD, t);
                Map<String, Object> args = new LinkedHashMap<>();
                args.put("from", placement(c, s.placement().get(BUF)));
                args.put("to", placement(c, n.placement().get(BUF)));
                emit(EXPORTER_THREAD, t + 1, t + 2, "exporter.move", Map.of(), args, "0", null, true);
                emit(EXPORTER_THREAD, t + 3, t + 4, "dma_resv_reserve_fences", Map.of(), Map.of("num", 1L), "0", null, true);
                emit(EXPORTER_THREAD, t + 5, t + 6, "dma_resv_add_fence", Map.of("fence", "mf" + (++fences)),
                        Map.of("usage", "KERNEL"), "0", null, true);
                emit(EXPORTER_THREAD, t + 7, t + 8, "dma_resv_unlock", Map.of(), Map.of(), "0", null, true);
            }
            case "DmaFenceSignalMove" -> {
                // unlogged: the checker infers the move fence's signal where the trace needs it
            }
            case "DmaBufReleaseOldStorage" -> emit(EXPORTER_THREAD, t, t + 1, "exporter.reuse_storage", Map.of(),
                    Map.of("placement", placement(c, s.moveFrom().get(BUF))), "0", null, false);
            default -> throw new IllegalStateException("no trace mapping for spec action " + st.action());
        }
    }

    private void close(String key, long t) {
        Open o = open.remove(key);
        emit(key, o.start(), t, o.op(), o.ids(), o.args(), "0", null, o.resvHeld());
    }

    private String currentSgt(String a, AttachState s) {
        return !s.cached().get(a).equals(NO_DIR) && cachedSgt.containsKey(a) ? cachedSgt.get(a) : sgt.get(a);
    }

    private void map(String a, AttachState s, AttachState n, String op, long start, long end, Boolean held) {
        Map<String, String> ids = new LinkedHashMap<>(att(a));
        if (!n.mapped().get(a)) {
            // -EBUSY: a direction the cached table does not cover
            String cachedDir = s.cached().get(a);
            String tried = cachedDir.equals("TO_DEVICE") ? "FROM_DEVICE" : "TO_DEVICE";
            emit(a, start, end, op, ids, Map.of("dir", dir(tried)), "EBUSY", null, held);
            return;
        }
        String table;
        if (!s.cached().get(a).equals(NO_DIR)) {
            table = cachedSgt.computeIfAbsent(a, k -> "sg" + (++sgts));
        } else {
            table = "sg" + (++sgts);
            if (!n.cached().get(a).equals(NO_DIR)) {
                cachedSgt.put(a, table);
            }
        }
        sgt.put(a, table);
        ids.put("sgt", table);
        emit(a, start, end, op, ids, Map.of("dir", dir(n.mapDir().get(a))), "0", null, held);
    }

    private void unmap(String a, AttachState s, String op, long t, boolean held) {
        Map<String, String> ids = new LinkedHashMap<>(att(a));
        ids.put("sgt", currentSgt(a, s));
        emit(a, t, t + 1, op, ids, Map.of("dir", dir(s.mapDir().get(a))), "0", null, held);
    }
}
