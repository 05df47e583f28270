package org.dmabufspec.conformance.relation.cpu;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

import org.dmabufspec.conformance.relation.device.DeviceAccessState;

/**
 * One state of DmaBufCpuDeviceAccess.tla: the variables of DmaBufDeviceAccess, which it extends,
 * as one {@link DeviceAccessState} (one field per variable there), and one field per CPU variable.
 * Names are model values or the spec's string sentinels ({@code "noregion"}, {@code "nokind"}).
 */
public record CpuDeviceAccessState(DeviceAccessState device, Map<String, Boolean> mmapped,
                                   Map<String, String> faulting, Map<String, String> cpuPte,
                                   Map<String, String> vmapRegion, Map<String, Boolean> cpuZapped,
                                   Optional<CpuTouch> cpuAccess) {

    /** {@code <<u, r, kind>>}: CPU user u touching region r. */
    public record CpuTouch(String user, String region, String kind) {
    }

    public CpuDeviceAccessState {
        mmapped = Map.copyOf(mmapped);
        faulting = Map.copyOf(faulting);
        cpuPte = Map.copyOf(cpuPte);
        vmapRegion = Map.copyOf(vmapRegion);
        cpuZapped = Map.copyOf(cpuZapped);
    }

    /** A device or exporter step of DmaBufDeviceAccess: its successor, the CPU side unchanged (CpuUnchanged). */
    CpuDeviceAccessState withDevice(DeviceAccessState d) {
        return new CpuDeviceAccessState(d, mmapped, faulting, cpuPte, vmapRegion, cpuZapped, Optional.empty());
    }

    /** A CPU step: the device variables unchanged but lastAccess, which becomes NoAccess. */
    CpuDeviceAccessState cpu(Map<String, Boolean> mmapped, Map<String, String> faulting, Map<String, String> cpuPte,
                             Map<String, String> vmapRegion, Map<String, Boolean> cpuZapped, Optional<CpuTouch> access) {
        return new CpuDeviceAccessState(device.withoutAccess(), mmapped, faulting, cpuPte, vmapRegion, cpuZapped, access);
    }

    static <V> Map<String, V> put(Map<String, V> m, String k, V v) {
        Map<String, V> out = new HashMap<>(m);
        out.put(k, v);
        return out;
    }
}
