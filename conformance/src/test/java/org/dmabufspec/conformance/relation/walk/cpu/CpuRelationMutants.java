package org.dmabufspec.conformance.relation.walk.cpu;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.dmabufspec.conformance.relation.Mutant;
import org.dmabufspec.conformance.relation.SpecRelation;
import org.dmabufspec.conformance.relation.Transition;
import org.dmabufspec.conformance.relation.cpu.CpuDeviceAccessState;
import org.dmabufspec.conformance.relation.cpu.DmaBufCpuDeviceAccessRelation;
import org.dmabufspec.conformance.relation.device.DeviceAccessState;

/**
 * Wrong copies of DmaBufCpuDeviceAccess, each dropping one of the rules that keep a CPU mapping on
 * its buffer's current, copied storage, and that rules' invariant (CpuMappingsCurrent) in Java.
 */
final class CpuRelationMutants {
    private static final String B = "b1";
    private static final String E = "e1";

    private CpuRelationMutants() {
    }

    /** A named mutant and the rule a trace of its violation breaks. */
    record Named(String name, String rule, SpecRelation<CpuDeviceAccessState> relation) {
    }

    static List<Named> all(DmaBufCpuDeviceAccessRelation spec) {
        return List.of(new Named("FaultBeforeMoveDone", "R22", faultBeforeMoveDone(spec)),
                new Named("MoveWithoutZap", "R21", moveWithoutZap(spec)),
                new Named("VmapWithoutPin", "R20", vmapWithoutPin(spec)));
    }

    /**
     * R22 (MCDmaBufCpuDeviceAccess_FaultBeforeMoveDone): ttm_bo_vm_fault_idle dropped, the handler
     * maps the new placement while the move's copy into it is pending (it still takes the lock).
     */
    static SpecRelation<CpuDeviceAccessState> faultBeforeMoveDone(DmaBufCpuDeviceAccessRelation spec) {
        return Mutant.adding(spec, s -> s.faulting().entrySet().stream()
                .filter(f -> !f.getValue().equals("nokind"))
                .filter(f -> s.device().moveFence().get(B).equals("pending") && !locked(s))
                .map(f -> new Transition<>("TtmBoVmFault", new CpuDeviceAccessState(s.device().withoutAccess(), s.mmapped(),
                        put(s.faulting(), f.getKey(), "nokind"), put(s.cpuPte(), f.getKey(), s.device().placement().get(B)),
                        s.vmapRegion(), s.cpuZapped(), Optional.empty())))
                .toList());
    }

    /**
     * R21 (the reference implementation's injection move-without-zap; the spec's
     * ZapMissesDmaBufMmap misses the mapping instead, which a trace that logs the zap cannot show):
     * the eviction never calls ttm_bo_unmap_virtual, so the move leaves the process's PTEs on the
     * old storage. As the spec with cpuZapped always TRUE: TtmBoUnmapVirtual never enabled, the
     * move notify and the move enabled without it.
     */
    static SpecRelation<CpuDeviceAccessState> moveWithoutZap(DmaBufCpuDeviceAccessRelation spec) {
        return Mutant.replacing(spec, s -> {
            CpuDeviceAccessState zapped = withZapped(s, true);
            List<Transition<CpuDeviceAccessState>> out = new ArrayList<>();
            for (Transition<CpuDeviceAccessState> t : spec.next(zapped)) {
                out.add(new Transition<>(t.action(), withZapped(t.successor(), false)));
            }
            return out;
        });
    }

    /** R20 (MCDmaBufCpuAccess_VmapWithoutPin): the eviction ignores a vmap, whose address keeps mapping the old storage. */
    static SpecRelation<CpuDeviceAccessState> vmapWithoutPin(DmaBufCpuDeviceAccessRelation spec) {
        return Mutant.adding(spec, s -> {
            if (s.vmapRegion().values().stream().allMatch("noregion"::equals)) {
                return List.of();
            }
            Map<String, String> none = new HashMap<>();
            s.vmapRegion().keySet().forEach(u -> none.put(u, "noregion"));
            CpuDeviceAccessState unpinned = new CpuDeviceAccessState(s.device(), s.mmapped(), s.faulting(), s.cpuPte(), none,
                    s.cpuZapped(), s.cpuAccess());
            return spec.next(unpinned).stream().filter(t -> t.action().equals("ExporterEvict"))
                    .map(t -> new Transition<>(t.action(), new CpuDeviceAccessState(t.successor().device(), s.mmapped(),
                            s.faulting(), s.cpuPte(), s.vmapRegion(), s.cpuZapped(), Optional.empty())))
                    .toList();
        });
    }

    /** CpuMappingsCurrent: every present CPU PTE and vmap address maps its buffer's placement, copied, owned. */
    static boolean cpuMappingsCurrent(CpuDeviceAccessState s) {
        DeviceAccessState d = s.device();
        boolean copied = !d.moveFence().get(B).equals("pending");
        for (String r : s.cpuPte().values()) {
            if (!r.equals("noregion") && !(r.equals(d.placement().get(B)) && copied && d.storage().get(r).equals(B))) {
                return false;
            }
        }
        for (String r : s.vmapRegion().values()) {
            if (!r.equals("noregion") && !(r.equals(d.placement().get(B)) && copied && d.storage().get(r).equals(B))) {
                return false;
            }
        }
        return true;
    }

    private static boolean locked(CpuDeviceAccessState s) {
        return s.device().expBuf().values().stream().anyMatch(B::equals);
    }

    private static CpuDeviceAccessState withZapped(CpuDeviceAccessState s, boolean z) {
        return new CpuDeviceAccessState(s.device(), s.mmapped(), s.faulting(), s.cpuPte(), s.vmapRegion(), Map.of(E, z),
                s.cpuAccess());
    }

    private static <V> Map<String, V> put(Map<String, V> m, String k, V v) {
        Map<String, V> out = new HashMap<>(m);
        out.put(k, v);
        return out;
    }
}
