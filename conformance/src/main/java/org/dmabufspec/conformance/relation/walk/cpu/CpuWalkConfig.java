package org.dmabufspec.conformance.relation.walk.cpu;

import java.util.List;
import java.util.Map;
import java.util.Set;

import org.dmabufspec.conformance.relation.cpu.CpuDeviceAccessConstants;
import org.dmabufspec.conformance.relation.cpu.DmaBufCpuDeviceAccessRelation;
import org.dmabufspec.conformance.relation.device.DeviceAccessConstants;

/**
 * The DmaBufCpuDeviceAccess model a CPU walk runs in: MCDmaBufCpuDeviceAccess_6_15_Small's
 * constants (buffer b1 in regions r1 (initial) and r2, one dynamic importer d1 with mapping slot m1
 * and job slot j1, BIDIRECTIONAL maps, exporter e1, a process p1 with a PROT_WRITE mmap, a kernel
 * vmap user k1) under a kernel behaviour: "6.15" (the default-tier cfg) or "7.1" (the same
 * shape under invalidate_mappings, d1 zapping its PTEs: not read-and-discard).
 */
public record CpuWalkConfig(String behaviour) {
    public static final List<String> BEHAVIOURS = List.of("6.15", "7.1");

    public CpuWalkConfig {
        if (!BEHAVIOURS.contains(behaviour)) {
            throw new IllegalArgumentException("kernel behaviour " + behaviour + " is not one of " + BEHAVIOURS);
        }
    }

    public static List<CpuWalkConfig> all() {
        return BEHAVIOURS.stream().map(CpuWalkConfig::new).toList();
    }

    public CpuDeviceAccessConstants constants() {
        DeviceAccessConstants d = new DeviceAccessConstants(behaviour, Set.of("b1"), Set.of("d1"), Map.of("d1", "b1"),
                Set.of("d1"), Set.of(), Set.of("r1", "r2"), Map.of("b1", "r1"), Set.of("m1"), Set.of("j1"),
                Set.of("BIDIRECTIONAL"), Set.of("e1"));
        return new CpuDeviceAccessConstants(d, Set.of("p1"), Set.of("p1"), Set.of("k1"), Map.of("p1", "b1", "k1", "b1"));
    }

    public DmaBufCpuDeviceAccessRelation relation() {
        return new DmaBufCpuDeviceAccessRelation(constants());
    }

    public boolean v71() {
        return behaviour.equals("7.1");
    }

    @Override
    public String toString() {
        return behaviour;
    }
}
