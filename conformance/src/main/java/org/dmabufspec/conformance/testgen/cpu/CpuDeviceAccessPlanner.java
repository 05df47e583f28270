package org.dmabufspec.conformance.testgen.cpu;

import static org.dmabufspec.conformance.testgen.KernelCall.argMap;
import static org.dmabufspec.conformance.testgen.StepPlan.call;
import static org.dmabufspec.conformance.testgen.StepPlan.none;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.TreeSet;

import org.dmabufspec.conformance.relation.cpu.CpuDeviceAccessConstants;
import org.dmabufspec.conformance.relation.cpu.CpuDeviceAccessState;
import org.dmabufspec.conformance.relation.cpu.DmaBufCpuDeviceAccessRelation;
import org.dmabufspec.conformance.relation.device.DeviceAccessConstants;
import org.dmabufspec.conformance.relation.device.DeviceAccessState;
import org.dmabufspec.conformance.testgen.KernelCall;
import org.dmabufspec.conformance.testgen.StepPlan;
import org.dmabufspec.conformance.testgen.Vocabulary;
import org.dmabufspec.conformance.testgen.device.DeviceAccessPlanner;
import org.dmabufspec.tlc.TlaValue;

/**
 * DmaBufCpuDeviceAccess edges as calls on the reference implementation. The device, fence and
 * exporter steps are DmaBufDeviceAccess's, wrapped (DevAttach is DmaBufAttach with the CPU side
 * unchanged, ExporterEvict is DmaBufEvict refusing a vmapped buffer, ...): the dma_buf_device_access
 * planner drives them under their DmaBufDeviceAccess names, so the eviction is one
 * {@code VramExporter.evict} made at ExporterMove, which zaps the CPU PTEs (R21), walks the
 * importers and publishes the move. The model's TtmBoUnmapVirtual is inside that call: between
 * the two the model's process PTEs are gone and the implementation's not yet, so they are not
 * observed; the only CPU steps the model allows meanwhile are mmap, munmap, an access through a
 * PTE not yet zapped and a page fault entering the handler, which commute with the later zap.
 * <p>
 * The CPU steps are calls on {@code cpuvm.CpuMmap} and {@code CpuVmap}. CpuPageFault (a load or
 * store finds no PTE and enters ttm_bo_vm_fault) has no call of its own: the fault call is made at
 * TtmBoVmFault, when the model's handler has the reservation and the move fence signalled (R22), and
 * returns the region it mapped. Every access carries the model's kind and must touch storage its
 * buffer owns, ready and not a copy a move has read (for a write), as CpuAccessIsolated and
 * NoCpuWriteToStaleCopy say.
 * <p>
 * Observed, besides the device side's: per buffer whether it is pinned (a vmap, R20), per mmap
 * user whether it holds the VMA and the region its PTEs map (or none), per vmap user the region
 * its address maps (or none).
 */
final class CpuDeviceAccessPlanner implements Vocabulary.Planner {
    private static final String NO_REGION = "noregion";
    /** The composed spec's wrapping actions, by the DmaBufDeviceAccess action each wraps. */
    static final Map<String, String> DEVICE_ACTIONS = Map.ofEntries(
            Map.entry("DevAttach", "DmaBufAttach"), Map.entry("DevDetach", "DmaBufDetach"),
            Map.entry("DevMapAttachment", "DmaBufMapAttachment"), Map.entry("DevBindPtes", "ImporterBindPtes"),
            Map.entry("DevZapPtes", "ImporterZapPtes"), Map.entry("DevTlbFlushComplete", "TlbFlushComplete"),
            Map.entry("DevUnmapAttachment", "DmaBufUnmapAttachment"),
            Map.entry("DevTranslationAccess", "DeviceTranslationAccess"), Map.entry("DevSubmitJob", "ImporterSubmitJob"),
            Map.entry("DevJobAccess", "DeviceJobAccess"), Map.entry("DevSignalJob", "DmaFenceSignalJob"),
            Map.entry("DevSignalMove", "DmaFenceSignalMove"), Map.entry("DevReleaseOldStorage", "DmaBufReleaseOldStorage"),
            Map.entry("ExporterEvict", "DmaBufEvict"), Map.entry("ExporterMoveNotify", "DmaBufMoveNotify"),
            Map.entry("ExporterMove", "DmaBufMove"));

    private final CpuDeviceAccessConstants k;
    private final DeviceAccessConstants d;
    private final DeviceAccessPlanner device;
    private final DmaBufCpuDeviceAccessRelation codec;
    private final Map<Map<String, TlaValue>, CpuDeviceAccessState> decoded = new IdentityHashMap<>();

    CpuDeviceAccessPlanner(CpuDeviceAccessConstants k) {
        if (!k.writableMmaps().equals(k.mmapUsers())) {
            throw new IllegalArgumentException("the cpu-device-access driver maps every fd PROT_WRITE: MmapUsers "
                    + k.mmapUsers() + ", WritableMmaps " + k.writableMmaps());
        }
        this.k = k;
        this.d = k.device();
        this.device = new DeviceAccessPlanner(d);
        this.codec = new DmaBufCpuDeviceAccessRelation(k);
    }

    @Override
    public List<KernelCall> setup() {
        List<KernelCall> out = new ArrayList<>(device.setup());
        new TreeSet<>(k.mmapUsers()).forEach(u -> out.add(new KernelCall("mmap_user",
                argMap("proc", u, "buf", k.cpuUserBuf().get(u)), "0")));
        new TreeSet<>(k.vmapUsers()).forEach(u -> out.add(new KernelCall("vmap_user",
                argMap("proc", u, "buf", k.cpuUserBuf().get(u)), "0")));
        return out;
    }

    @Override
    public StepPlan plan(Map<String, TlaValue> before, String action, Map<String, TlaValue> after) {
        String wrapped = DEVICE_ACTIONS.get(action);
        if (wrapped != null) {
            return device.plan(before, wrapped, after);
        }
        CpuDeviceAccessState b = decode(before);
        CpuDeviceAccessState a = decode(after);
        return switch (action) {
            case "TtmBoUnmapVirtual" -> none("ttm_bo_unmap_virtual (every process PTE of the buffer): inside the eviction"
                    + " call made at ExporterMove", "R21");
            case "DmaBufMmap" -> call("mmap", "0", "U7", "proc", changed(b.mmapped(), a.mmapped()));
            case "CpuPageFault" -> {
                String u = changed(b.faulting(), a.faulting());
                yield none("a " + a.faulting().get(u) + " of " + u + " finds no PTE and enters ttm_bo_vm_fault: the fault"
                        + " call is made at TtmBoVmFault", "R22");
            }
            case "TtmBoVmFault" -> {
                String u = changed(b.faulting(), a.faulting());
                yield call("fault", a.cpuPte().get(u), "R22", "proc", u);
            }
            case "CpuMmapAccess" -> {
                CpuDeviceAccessState.CpuTouch x = a.cpuAccess().orElseThrow();
                yield call("mmap_access", outcome(a, x, "R21"), "R21", "proc", x.user(), "kind", x.kind());
            }
            case "Munmap" -> call("munmap", "0", "R21", "proc", changed(b.mmapped(), a.mmapped()));
            case "DmaBufVmap" -> call("vmap", "0", "R20", "proc", changed(b.vmapRegion(), a.vmapRegion()));
            case "CpuVmapAccess" -> {
                CpuDeviceAccessState.CpuTouch x = a.cpuAccess().orElseThrow();
                yield call("vmap_access", outcome(a, x, "R20"), "R20", "proc", x.user(), "kind", x.kind());
            }
            case "DmaBufVunmap" -> call("vunmap", "0", "R20", "proc", changed(b.vmapRegion(), a.vmapRegion()));
            default -> StepPlan.notDrivable("no call for action " + action, "R22");
        };
    }

    /**
     * What the access returns: isolated where CpuAccessIsolated and NoCpuWriteToStaleCopy hold (always, in the ok
     * model), else the rule of the mapping.
     */
    private String outcome(CpuDeviceAccessState a, CpuDeviceAccessState.CpuTouch x, String rule) {
        DeviceAccessState s = a.device();
        String buf = k.cpuUserBuf().get(x.user());
        boolean owned = buf.equals(s.storage().get(x.region()));
        boolean stale = x.kind().equals("write") && d.buffers().stream()
                .anyMatch(b -> !s.moveFence().get(b).equals("none") && s.moveFrom().get(b).equals(x.region()));
        return owned && !stale ? "isolated" : "broke " + rule;
    }

    @Override
    public Map<String, String> observe(Map<String, TlaValue> state) {
        CpuDeviceAccessState s = decode(state);
        Map<String, String> out = new TreeMap<>(device.observe(state));
        DeviceAccessState x = s.device();
        for (String b : d.buffers()) {
            boolean vmapped = k.vmapUsers().stream()
                    .anyMatch(u -> k.cpuUserBuf().get(u).equals(b) && !s.vmapRegion().get(u).equals(NO_REGION));
            boolean staticPin = x.mapRegion().entrySet().stream().anyMatch(e -> !e.getValue().equals(NO_REGION)
                    && d.importerBuf().get(e.getKey().importer()).equals(b)
                    && !d.dynamicImporters().contains(e.getKey().importer()));
            out.put(b + ".pinned", String.valueOf(vmapped || staticPin));
        }
        for (String u : k.mmapUsers()) {
            String b = k.cpuUserBuf().get(u);
            out.put(u + ".mmapped", String.valueOf(s.mmapped().get(u)));
            // zapped by the model's TtmBoUnmapVirtual, by the implementation only in the eviction call at ExporterMove
            boolean zappedInMove = d.exporters().stream().anyMatch(e -> s.cpuZapped().get(e) && x.expBuf().get(e).equals(b));
            if (!zappedInMove) {
                out.put(u + ".pte", region(s.cpuPte().get(u)));
            }
        }
        k.vmapUsers().forEach(u -> out.put(u + ".vmap", region(s.vmapRegion().get(u))));
        return out;
    }

    private CpuDeviceAccessState decode(Map<String, TlaValue> state) {
        return decoded.computeIfAbsent(state, codec::decode);
    }

    private static String region(String r) {
        return r.equals(NO_REGION) ? "none" : r;
    }

    /** The user whose entry differs (the first in name order). */
    private static <V> String changed(Map<String, V> b, Map<String, V> a) {
        return new TreeSet<>(b.keySet()).stream().filter(x -> !Objects.equals(b.get(x), a.get(x))).findFirst()
                .orElseThrow(() -> new IllegalStateException("nothing changed in " + b));
    }
}
