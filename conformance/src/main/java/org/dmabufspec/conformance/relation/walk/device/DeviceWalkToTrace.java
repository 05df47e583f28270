package org.dmabufspec.conformance.relation.walk.device;

import static org.dmabufspec.conformance.relation.walk.CallLog.EXPORTER;
import static org.dmabufspec.conformance.relation.walk.CallLog.args;
import static org.dmabufspec.conformance.relation.walk.CallLog.ids;
import static org.dmabufspec.conformance.relation.walk.CallLog.placement;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import org.dmabufspec.conformance.relation.device.DeviceAccessState;
import org.dmabufspec.conformance.relation.device.DeviceAccessState.Access;
import org.dmabufspec.conformance.relation.device.DeviceAccessState.Slot;
import org.dmabufspec.conformance.relation.walk.CallLog;
import org.dmabufspec.conformance.relation.walk.WalkEvent;

/**
 * The trace (format v1) the reference implementation logs for a {@link DeviceWalk}: each importer
 * a gpuvm.VmImporter on its own thread ({@code d1}, {@code d2}: its calls and its device's
 * accesses), the buffer a VramExporter ({@code exporter} thread), fence signals on {@code irq}.
 * The calls shared with the CPU walks (export, locked sections, fences) come from {@link CallLog}.
 * Step i owns the logical times [10(i+1), 10(i+1)+9]; the eviction's dma_buf_move_notify spans
 * from after its lock to the move. Ids: attachment {@code <importer>.<n>}, sg_table {@code sg<n>},
 * fences {@code f<n>} (jobs), {@code tlb<n>} (TLB flushes, one per zapped mapping), {@code mf<n>}
 * (moves). The step's importer, mapping or job is what the step changed.
 *
 * <table>
 * <caption>spec action → logged op(s)</caption>
 * <tr><th>spec action</th><th>op(s), thread</th></tr>
 * <tr><td>(Init)</td><td>dma_buf_export (exporter)</td></tr>
 * <tr><td>DmaBufAttach / DmaBufDetach</td><td>dma_buf_dynamic_attach / dma_buf_detach (importer)</td></tr>
 * <tr><td>DmaBufMapAttachment / DmaBufUnmapAttachment</td><td>dma_buf_map / unmap_attachment in a locked section (importer)</td></tr>
 * <tr><td>ImporterBindPtes</td><td>locked dma_resv_wait_timeout (KERNEL) (importer)</td></tr>
 * <tr><td>ImporterSubmitJob</td><td>locked wait (KERNEL), dma_resv_add_fence (job fence, WRITE/READ) (importer)</td></tr>
 * <tr><td>ImporterZapPtes</td><td>locked dma_resv_add_fence (TLB flush fence, BOOKKEEP) (importer)</td></tr>
 * <tr><td>TlbFlushComplete / DmaFenceSignalJob / DmaFenceSignalMove</td><td>dma_fence_signal (irq)</td></tr>
 * <tr><td>DeviceTranslationAccess</td><td>importer.device_access (sgt of the mapping, fence = its TLB flush if zapped) (importer)</td></tr>
 * <tr><td>DeviceJobAccess</td><td>importer.device_access (sgt the job was submitted on, fence = the job's) (importer)</td></tr>
 * <tr><td>DmaBufEvict</td><td>dma_resv_lock; the start of dma_buf_move_notify (7.1: dma_buf_invalidate_mappings) (exporter)</td></tr>
 * <tr><td>DmaBufMoveNotify</td><td>importer.move_notify (7.1: importer.invalidate_mappings); per zapped mapping
 *     dma_resv_reserve_fences(1), dma_resv_add_fence (TLB flush fence, BOOKKEEP) (exporter)</td></tr>
 * <tr><td>DmaBufMove</td><td>end of dma_buf_move_notify; exporter.move; dma_resv_add_fence (move fence, KERNEL);
 *     dma_resv_unlock (exporter)</td></tr>
 * <tr><td>DmaBufReleaseOldStorage</td><td>exporter.reuse_storage (placement = the old region) (exporter)</td></tr>
 * </table>
 */
public final class DeviceWalkToTrace {
    private static final String B = CallLog.BUF;

    private final DeviceWalkConfig config;
    private final CallLog log = new CallLog();
    private final Map<String, String> attach = new HashMap<>();
    private final Map<Slot, String> sgt = new HashMap<>();
    /** The attachment a mapping or job was made on (a wrong copy may use it after the detach). */
    private final Map<Slot, String> onAttach = new HashMap<>();
    private final Map<Slot, String> flush = new HashMap<>();
    private final Map<Slot, String> jobFence = new HashMap<>();
    private final Map<Slot, String> jobSgt = new HashMap<>();
    private String moveFence;
    /** The start of the eviction's dma_buf_move_notify while it is open, else -1. */
    private long notifyStart = -1;
    private int attaches;
    private int sgts;
    private int fences;

    private DeviceWalkToTrace(DeviceWalkConfig config) {
        this.config = config;
    }

    public static DeviceTrace trace(DeviceWalk walk) {
        return trace(walk.config(), walk.steps(), "device-walk-" + walk.config() + "-seed" + walk.seed() + "-len" + walk.length());
    }

    public static DeviceTrace trace(DeviceWalkConfig config, List<DeviceWalkStep> steps, String name) {
        DeviceWalkToTrace w = new DeviceWalkToTrace(config);
        w.log.export();
        for (int i = 0; i < steps.size(); i++) {
            w.step(steps.get(i), 10L * (i + 1));
        }
        if (w.notifyStart >= 0) {
            throw new IllegalStateException("walk ended with the eviction in flight");
        }
        return new DeviceTrace(config, name, w.log.sorted());
    }

    /** The mappings (or jobs) whose entry in {@code before} and {@code after} differ as asked, in slot order. */
    private static Set<Slot> changed(Map<Slot, String> before, Map<Slot, String> after, String from, String to) {
        Set<Slot> out = new TreeSet<>((x, y) -> (x.importer() + x.slot()).compareTo(y.importer() + y.slot()));
        before.forEach((k, v) -> {
            boolean f = from == null ? !v.equals(after.get(k)) : v.equals(from);
            boolean t = to == null ? !after.get(k).equals(v) : after.get(k).equals(to) && !v.equals(to);
            if (f && t) {
                out.add(k);
            }
        });
        return out;
    }

    private static Slot one(Set<Slot> s, String what) {
        if (s.isEmpty()) {
            throw new IllegalStateException(what + ": the step changed no mapping or job");
        }
        return s.iterator().next();
    }

    private static String upper(String kind) {
        return kind.toUpperCase();
    }

    private String notifyOp() {
        return config.v71() ? "importer.invalidate_mappings" : "importer.move_notify";
    }

    private void step(DeviceWalkStep st, long t) {
        DeviceAccessState s = st.before();
        DeviceAccessState n = st.after();
        String act = st.action();
        switch (act) {
            case "DmaBufAttach" -> {
                Set<String> added = new TreeSet<>(n.attachments().get(B));
                added.removeAll(s.attachments().get(B));
                String a = added.iterator().next();
                attach.put(a, a + "." + (++attaches));
                log.emit(a, t, "dma_buf_dynamic_attach", ids("attach", attach.get(a), "dev", a),
                        args("allow_peer2peer", true, "move_notify", true), null, false);
            }
            case "DmaBufDetach" -> {
                Set<String> gone = new TreeSet<>(s.attachments().get(B));
                gone.removeAll(n.attachments().get(B));
                String a = gone.iterator().next();
                log.emit(a, t, "dma_buf_detach", ids("attach", attach.remove(a)), Map.of(), null, false);
            }
            case "DmaBufMapAttachment" -> {
                Slot m = one(changed(s.mapRegion(), n.mapRegion(), "noregion", null), act);
                String g = "sg" + (++sgts);
                sgt.put(m, g);
                onAttach.put(m, attach.get(m.importer()));
                log.locked(t, m.importer(), u -> log.emit(m.importer(), u, "dma_buf_map_attachment",
                        ids("attach", attach.get(m.importer()), "sgt", g), args("dir", n.mapDir().get(m)), null, true));
            }
            case "DmaBufUnmapAttachment" -> {
                Slot m = one(changed(s.mapRegion(), n.mapRegion(), null, "noregion"), act);
                String g = sgt.remove(m);
                log.locked(t, m.importer(), u -> log.emit(m.importer(), u, "dma_buf_unmap_attachment",
                        ids("attach", onAttach.get(m), "sgt", g), args("dir", s.mapDir().get(m)), null, true));
            }
            case "ImporterBindPtes" -> {
                Slot m = one(changed(s.pte(), n.pte(), "none", "present"), act);
                log.locked(t, m.importer(), u -> log.waitKernel(m.importer(), u));
            }
            case "ImporterSubmitJob" -> {
                Slot j = one(changed(s.jobRegion(), n.jobRegion(), "noregion", null), act);
                String a = j.importer();
                // the mapping it runs on: one of the importer's valid, bound mappings of the job's region
                Slot m = s.mapRegion().keySet().stream()
                        .filter(x -> x.importer().equals(a) && s.mapRegion().get(x).equals(n.jobRegion().get(j))
                                && s.mapValid().get(x) && s.pte().get(x).equals("present"))
                        .min((x, y) -> x.slot().compareTo(y.slot())).orElseThrow();
                String f = "f" + (++fences);
                jobFence.put(j, f);
                jobSgt.put(j, sgt.get(m));
                onAttach.put(j, attach.get(a));
                log.locked(t, a, u -> log.addFence(a, log.waitKernel(a, u), f, upper(n.jobKind().get(j))));
            }
            case "ImporterZapPtes" -> {
                Slot m = one(changed(s.pte(), n.pte(), "present", "zapped"), act);
                String f = "tlb" + (++fences);
                flush.put(m, f);
                log.locked(t, m.importer(), u -> log.addFence(m.importer(), u, f, "BOOKKEEP"));
            }
            case "TlbFlushComplete" -> log.signal(t, flush.remove(one(changed(s.pte(), n.pte(), "zapped", "none"), act)));
            case "DmaFenceSignalJob" -> {
                Slot j = one(changed(s.jobRegion(), n.jobRegion(), null, "noregion"), act);
                log.signal(t, jobFence.remove(j));
                jobSgt.remove(j);
            }
            case "DmaFenceSignalMove" -> {
                log.signal(t, moveFence);
                moveFence = null;
            }
            case "DeviceTranslationAccess" -> {
                Access x = n.lastAccess().orElseThrow();
                Slot m = new Slot(x.device(), x.slot());
                Map<String, String> i = ids("attach", onAttach.get(m), "sgt", sgt.get(m));
                if (s.pte().get(m).equals("zapped")) {
                    i.put("fence", flush.get(m));
                }
                log.emit(x.device(), t, "importer.device_access", i, args("access", upper(x.kind())), null, null);
            }
            case "DeviceJobAccess" -> {
                Access x = n.lastAccess().orElseThrow();
                Slot j = s.jobRegion().keySet().stream()
                        .filter(y -> y.importer().equals(x.device()) && s.jobRegion().get(y).equals(x.region())
                                && s.jobKind().get(y).equals(x.kind()))
                        .min((y, z) -> y.slot().compareTo(z.slot())).orElseThrow();
                log.emit(x.device(), t, "importer.device_access",
                        ids("attach", onAttach.get(j), "sgt", jobSgt.get(j), "fence", jobFence.get(j)),
                        args("access", upper(x.kind())), null, null);
            }
            case "DmaBufEvict" -> {
                log.emit(EXPORTER, t, "dma_resv_lock", Map.of(), Map.of(), null, false);
                notifyStart = t + 2;
            }
            case "DmaBufMoveNotify" -> {
                // the importer taken off the walk's list; a mutant may take several off: the one it invalidated
                Set<String> notified = new TreeSet<>();
                s.walkTodo().forEach((e, todo) -> todo.stream().filter(a -> !n.walkTodo().get(e).contains(a)).forEach(notified::add));
                String a = notified.stream().filter(d -> s.mapValid().entrySet().stream()
                                .anyMatch(v -> v.getKey().importer().equals(d) && !v.getValue().equals(n.mapValid().get(v.getKey()))))
                        .findFirst().orElse(notified.iterator().next());
                long u = log.emit(EXPORTER, t, notifyOp(), ids("attach", attach.get(a)), Map.of(), null, true);
                for (Slot m : changed(s.pte(), n.pte(), "present", "zapped")) {
                    String f = "tlb" + (++fences);
                    flush.put(m, f);
                    u = log.addFence(EXPORTER, u, f, "BOOKKEEP");
                }
            }
            case "DmaBufMove" -> {
                long start = notifyStart < 0 ? t : notifyStart;
                log.add(new WalkEvent(EXPORTER, start, t + 1, config.v71() ? "dma_buf_invalidate_mappings" : "dma_buf_move_notify",
                        Map.of("buf", B), Map.of(), "0", null, true));
                notifyStart = -1;
                long u = log.emit(EXPORTER, t + 2, "exporter.move", Map.of(), args("from", placement(s.placement().get(B)),
                        "to", placement(n.placement().get(B))), null, true);
                moveFence = "mf" + (++fences);
                u = log.addFence(EXPORTER, u, moveFence, "KERNEL");
                log.emit(EXPORTER, u, "dma_resv_unlock", Map.of(), Map.of(), null, true);
            }
            case "DmaBufReleaseOldStorage" -> log.emit(EXPORTER, t, "exporter.reuse_storage", Map.of(),
                    args("placement", placement(s.moveFrom().get(B))), null, false);
            default -> throw new IllegalStateException("no trace mapping for spec action " + act);
        }
    }
}
