package org.dmabufspec.conformance.testgen.device;

import static org.dmabufspec.conformance.testgen.KernelCall.argMap;
import static org.dmabufspec.conformance.testgen.StepPlan.call;
import static org.dmabufspec.conformance.testgen.StepPlan.none;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import org.dmabufspec.conformance.relation.device.DeviceAccessConstants;
import org.dmabufspec.conformance.relation.device.DeviceAccessState;
import org.dmabufspec.conformance.relation.device.DeviceAccessState.Slot;
import org.dmabufspec.conformance.relation.device.DmaBufDeviceAccessRelation;
import org.dmabufspec.conformance.testgen.KernelCall;
import org.dmabufspec.conformance.testgen.StepPlan;
import org.dmabufspec.conformance.testgen.Vocabulary;
import org.dmabufspec.tlc.TlaValue;

/**
 * DmaBufDeviceAccess edges as calls on the reference implementation's {@code VmImporter} devices
 * and {@code VramExporter}. Every importer step is one call (one locked section, as in the spec);
 * the device's steps (a job's access, an access through a translation, a job fence or a TLB flush
 * fence signalling) are calls on the simulated device.
 * <p>
 * The exporter's eviction (DmaBufEvict, one DmaBufMoveNotify per dynamic attachment, DmaBufMove)
 * is one {@code VramExporter.evict} call, made at DmaBufMove: the implementation's walk runs
 * inside it under the reservation, in list order, while the model visits the attachments in any
 * order. While the exporter holds the lock no importer step can run, so the model's steps between
 * DmaBufEvict and DmaBufMove are device steps and fence signals, which commute with the walk: an
 * access through a translation the model already zapped the implementation still has present
 * (the model allows fewer kinds then, never more), a job fence signalling before DmaBufMove is not
 * among the move's dependencies in either. Two things do not commute and are left out: the TLB
 * flush of an importer the model's walk already notified (the implementation has not zapped yet:
 * not drivable), and the observation of such an importer's mappings (not observed until DmaBufMove).
 * DmaFenceSignalMove is {@code completeMove}, which also returns the old storage (6.15) or leaves it
 * to the last unmap of it (7.1): DmaBufReleaseOldStorage has no call, and the old region's owner
 * is not observed between the two.
 * <p>
 * Observed: per importer whether it is attached; per mapping slot the region its table points at
 * (or none), whether it is valid, its PTE state and, while it translates, whether the device may
 * write through it; per job slot the region and kind of the running job; per buffer its placement
 * and whether its move fence is pending; per region its owner (the buffer or free). Every access
 * returns whether the storage touched belongs to the buffer, is ready and not a superseded copy,
 * with the importer attached; the model expects it to (its invariants say so).
 * <p>
 * Public for the dma_buf_cpu_device_access planner, which drives DmaBufCpuDeviceAccess's device
 * and exporter steps (DmaBufDeviceAccess's, wrapped) with this one.
 */
public final class DeviceAccessPlanner implements Vocabulary.Planner {
    static final String NOT_FLUSHED_YET = "the TLB flush of a zap the model's move_notify walk made: the implementation's"
            + " walk runs inside the eviction call at DmaBufMove";
    private final DeviceAccessConstants k;
    private final DmaBufDeviceAccessRelation codec;
    private final Map<Map<String, TlaValue>, DeviceAccessState> decoded = new IdentityHashMap<>();

    public DeviceAccessPlanner(DeviceAccessConstants k) {
        this.k = k;
        this.codec = new DmaBufDeviceAccessRelation(k);
        if (k.exporters().size() != 1) {
            throw new IllegalArgumentException("the device-access driver has one exporter thread: Exporters " + k.exporters());
        }
        for (String b : k.buffers()) {
            if (k.regions().size() != 2 * k.buffers().size()) {
                throw new IllegalArgumentException("the device-access driver gives each buffer two regions (VRAM and GTT):"
                        + " Regions " + k.regions() + " for Buffers " + k.buffers());
            }
            Objects.requireNonNull(k.initPlacement().get(b), b);
        }
    }

    @Override
    public List<KernelCall> setup() {
        List<KernelCall> out = new ArrayList<>();
        out.add(new KernelCall("kernel", argMap("behaviour", k.kernelBehaviour()), "0"));
        List<String> spare = new ArrayList<>(new TreeSet<>(k.regions()));
        spare.removeAll(k.initPlacement().values());
        int i = 0;
        for (String b : new TreeSet<>(k.buffers())) {
            out.add(new KernelCall("dma_buf_export", argMap("buf", b, "vram", k.initPlacement().get(b), "gtt", spare.get(i++)), "0"));
        }
        for (String a : new TreeSet<>(k.importers())) {
            out.add(new KernelCall("importer", argMap("proc", a, "buf", k.importerBuf().get(a),
                    "dynamic", String.valueOf(k.dynamicImporters().contains(a)),
                    "read_and_discard", String.valueOf(k.readAndDiscardImporters().contains(a)),
                    "slots", String.join(",", new TreeSet<>(k.slots())),
                    "job_slots", String.join(",", new TreeSet<>(k.jobSlots()))), "0"));
        }
        return out;
    }

    @Override
    public StepPlan plan(Map<String, TlaValue> before, String action, Map<String, TlaValue> after) {
        DeviceAccessState b = decode(before);
        DeviceAccessState a = decode(after);
        return switch (action) {
            case "DmaBufAttach" -> {
                String imp = changedAttachment(b, a);
                yield call(k.dynamicImporters().contains(imp) ? "dma_buf_dynamic_attach" : "dma_buf_attach", "0", "R1",
                        "proc", imp);
            }
            case "DmaBufDetach" -> call("dma_buf_detach", "0", "R12", "proc", changedAttachment(b, a));
            case "DmaBufMapAttachment" -> {
                Slot m = changed(b.mapRegion(), a.mapRegion());
                yield call(k.dynamicImporters().contains(m.importer()) ? "dma_buf_map_attachment" : "dma_buf_map_attachment_unlocked",
                        "0", "R3", "proc", m.importer(), "slot", m.slot(), "dir", a.mapDir().get(m));
            }
            case "ImporterBindPtes" -> {
                Slot m = changed(b.pte(), a.pte());
                yield call("importer.bind_ptes", "true", "R6", "proc", m.importer(), "slot", m.slot());
            }
            case "ImporterSubmitJob" -> {
                Slot j = changed(b.jobRegion(), a.jobRegion());
                Slot m = submittedThrough(a, j);
                yield call("importer.submit_job", "0", "R5", "proc", j.importer(), "job", j.slot(), "slot", m.slot(),
                        "kind", a.jobKind().get(j));
            }
            case "ImporterZapPtes" -> {
                Slot m = changed(b.pte(), a.pte());
                yield call("importer.zap_ptes", "0", "R5", "proc", m.importer(), "slot", m.slot());
            }
            case "TlbFlushComplete" -> {
                Slot m = changed(b.pte(), a.pte());
                yield notifiedInWalk(b, m.importer()) ? StepPlan.notDrivable(NOT_FLUSHED_YET, "R5")
                        : call("device.tlb_flush_complete", "0", "R5", "proc", m.importer(), "slot", m.slot());
            }
            case "DmaBufUnmapAttachment" -> {
                Slot m = changed(b.mapRegion(), a.mapRegion());
                yield call(k.dynamicImporters().contains(m.importer()) ? "dma_buf_unmap_attachment"
                        : "dma_buf_unmap_attachment_unlocked", "0", "R3", "proc", m.importer(), "slot", m.slot());
            }
            case "DmaFenceSignalJob" -> {
                Slot j = changed(b.jobRegion(), a.jobRegion());
                yield call("dma_fence_signal", "0", "F1", "proc", j.importer(), "job", j.slot());
            }
            case "DeviceJobAccess" -> {
                DeviceAccessState.Access x = a.lastAccess().orElseThrow();
                Slot j = runningJob(b, x);
                yield call("device.job_access", "isolated", "R5", "proc", x.device(), "job", j.slot());
            }
            case "DeviceTranslationAccess" -> {
                DeviceAccessState.Access x = a.lastAccess().orElseThrow();
                yield call("device.translation_access", "isolated", "R5", "proc", x.device(), "slot", x.slot(),
                        "kind", x.kind());
            }
            case "DmaBufEvict" -> none("dma_resv_lock and the exporter's choice of new storage: inside the eviction call,"
                    + " made at DmaBufMove", "R7");
            case "DmaBufMoveNotify" -> none("move_notify of " + changedWalk(b, a) + ": the implementation's walk runs inside the"
                    + " eviction call, made at DmaBufMove", "R2");
            case "DmaBufMove" -> {
                String buf = b.expBuf().values().stream().filter(x -> k.buffers().contains(x)).findFirst().orElseThrow();
                yield call("evict", "0", "R4", "buf", buf);
            }
            case "DmaFenceSignalMove" -> call("complete_move", "0", "R5", "buf", changedBuf(b.moveFence(), a.moveFence()));
            case "DmaBufReleaseOldStorage" -> none(k.kernelBehaviour().equals("7.1")
                    ? "the old storage went back inside complete_move or at the last unmap of it (R5b)"
                    : "the old storage went back inside complete_move, once the move fence signalled", "R5");
            default -> StepPlan.notDrivable("no call for action " + action, "R5");
        };
    }

    private DeviceAccessState decode(Map<String, TlaValue> state) {
        return decoded.computeIfAbsent(state, codec::decode);
    }

    /** Whether the exporter's walk in progress has already called this importer's move_notify. */
    private boolean notifiedInWalk(DeviceAccessState s, String imp) {
        String buf = k.importerBuf().get(imp);
        for (String e : k.exporters()) {
            if (s.expBuf().get(e).equals(buf) && k.dynamicImporters().contains(imp)
                    && s.attachments().get(buf).contains(imp) && !s.walkTodo().get(e).contains(imp)) {
                return true;
            }
        }
        return false;
    }

    /** A mapping the job could have been submitted through (every one gives the same successor and storage). */
    private Slot submittedThrough(DeviceAccessState a, Slot j) {
        String region = a.jobRegion().get(j);
        return new TreeSet<>(k.slots()).stream().map(s -> new Slot(j.importer(), s))
                .filter(m -> region.equals(a.mapRegion().get(m)) && a.mapValid().get(m) && a.pte().get(m).equals("present"))
                .findFirst().orElseThrow(() -> new IllegalStateException("no mapping for job " + j + " in " + a));
    }

    /** A running job whose access this is (any with the same region and kind gives the same successor). */
    private Slot runningJob(DeviceAccessState s, DeviceAccessState.Access x) {
        return new TreeSet<>(k.jobSlots()).stream().map(js -> new Slot(x.device(), js))
                .filter(j -> x.region().equals(s.jobRegion().get(j)) && x.kind().equals(s.jobKind().get(j)))
                .findFirst().orElseThrow(() -> new IllegalStateException("no job for access " + x));
    }

    private String changedAttachment(DeviceAccessState b, DeviceAccessState a) {
        for (String buf : new TreeSet<>(k.buffers())) {
            Set<String> diff = new TreeSet<>(b.attachments().get(buf));
            diff.addAll(a.attachments().get(buf));
            diff.removeIf(x -> b.attachments().get(buf).contains(x) && a.attachments().get(buf).contains(x));
            if (!diff.isEmpty()) {
                return diff.iterator().next();
            }
        }
        throw new IllegalStateException("no attachment changed");
    }

    /** The mapping or job whose entry differs (the first in name order). */
    private static <V> Slot changed(Map<Slot, V> b, Map<Slot, V> a) {
        return b.keySet().stream().filter(x -> !Objects.equals(b.get(x), a.get(x)))
                .min(java.util.Comparator.comparing(Slot::importer).thenComparing(Slot::slot))
                .orElseThrow(() -> new IllegalStateException("nothing changed in " + b));
    }

    /** The buffer whose entry differs. */
    private static String changedBuf(Map<String, String> b, Map<String, String> a) {
        return new TreeSet<>(b.keySet()).stream().filter(x -> !Objects.equals(b.get(x), a.get(x))).findFirst()
                .orElseThrow(() -> new IllegalStateException("nothing changed in " + b));
    }

    private static String changedWalk(DeviceAccessState b, DeviceAccessState a) {
        for (var e : b.walkTodo().entrySet()) {
            Set<String> gone = new TreeSet<>(e.getValue());
            gone.removeAll(a.walkTodo().get(e.getKey()));
            if (!gone.isEmpty()) {
                return gone.iterator().next();
            }
        }
        throw new IllegalStateException("no attachment left the walk");
    }

    @Override
    public Map<String, String> observe(Map<String, TlaValue> state) {
        DeviceAccessState s = decode(state);
        Map<String, String> out = new TreeMap<>();
        for (String a : k.importers()) {
            String buf = k.importerBuf().get(a);
            out.put(a + ".attached", String.valueOf(s.attachments().get(buf).contains(a)));
            boolean hide = notifiedInWalk(s, a);
            for (String sl : k.slots()) {
                Slot m = new Slot(a, sl);
                String region = s.mapRegion().get(m);
                if (hide) {
                    continue;
                }
                out.put(a + "." + sl + ".map", k.regions().contains(region) ? region : "none");
                if (!k.regions().contains(region)) {
                    continue;
                }
                out.put(a + "." + sl + ".valid", String.valueOf(s.mapValid().get(m)));
                String pte = s.pte().get(m);
                out.put(a + "." + sl + ".pte", pte);
                if (!pte.equals("none")) {
                    out.put(a + "." + sl + ".writes", String.valueOf(s.pteWrites().get(m)));
                }
            }
            for (String js : k.jobSlots()) {
                Slot j = new Slot(a, js);
                String region = s.jobRegion().get(j);
                out.put(a + "." + js + ".job", k.regions().contains(region) ? region + ":" + s.jobKind().get(j) : "none");
            }
        }
        for (String b : k.buffers()) {
            out.put(b + ".placement", s.placement().get(b));
            out.put(b + ".move", s.moveFence().get(b).equals("pending") ? "pending" : "none");
        }
        for (String r : k.regions()) {
            boolean released = k.buffers().stream().anyMatch(b -> s.moveFence().get(b).equals("signalled") && s.moveFrom().get(b).equals(r));
            if (!released) {
                out.put(r + ".owner", k.buffers().contains(s.storage().get(r)) ? s.storage().get(r) : "free");
            }
        }
        return out;
    }
}
