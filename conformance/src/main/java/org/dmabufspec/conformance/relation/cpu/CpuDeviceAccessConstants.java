package org.dmabufspec.conformance.relation.cpu;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.dmabufspec.conformance.relation.ModelNames;
import org.dmabufspec.conformance.relation.device.DeviceAccessConstants;
import org.dmabufspec.tlc.TlaValue;

/**
 * The CONSTANTS of DmaBufCpuDeviceAccess.tla as TLC evaluated them in one model: those of
 * DmaBufDeviceAccess, which it extends, and its CPU users. Users are model values, kept by name.
 */
public record CpuDeviceAccessConstants(DeviceAccessConstants device, Set<String> mmapUsers, Set<String> writableMmaps,
                                       Set<String> vmapUsers, Map<String, String> cpuUserBuf) {

    /** The constant names, in the order the harness is asked to print them. */
    public static final List<String> NAMES;

    static {
        List<String> n = new ArrayList<>(DeviceAccessConstants.NAMES);
        n.addAll(List.of("MmapUsers", "WritableMmaps", "VmapUsers", "CpuUserBuf"));
        NAMES = List.copyOf(n);
    }

    public CpuDeviceAccessConstants {
        mmapUsers = Set.copyOf(mmapUsers);
        writableMmaps = Set.copyOf(writableMmaps);
        vmapUsers = Set.copyOf(vmapUsers);
        cpuUserBuf = Map.copyOf(cpuUserBuf);
    }

    /** Reads the values TLC printed for {@link #NAMES}; a missing or mistyped one names itself. */
    public static CpuDeviceAccessConstants from(Map<String, TlaValue> printed) {
        ModelNames.Printed p = ModelNames.printed(printed, "DmaBufCpuDeviceAccess");
        return new CpuDeviceAccessConstants(DeviceAccessConstants.from(printed), p.models("MmapUsers"),
                p.models("WritableMmaps"), p.models("VmapUsers"), p.modelMap("CpuUserBuf"));
    }

    /** Every model value of the model: the device side's and the CPU users. */
    public Set<String> modelValues() {
        Set<String> all = new LinkedHashSet<>(device.modelValues());
        all.addAll(mmapUsers);
        all.addAll(vmapUsers);
        return all;
    }
}
