package org.dmabufspec.conformance.relation.cpu;

import java.util.Map;

/**
 * One state of DmaBufCpuAccess.tla, one field per variable. Sentinels are the spec's strings
 * ({@code "free"}, {@code "noregion"}); {@code last} is null for {@code lastAccess = {}}.
 */
record CpuAccessState(String placement, Map<String, String> storage, Map<String, Boolean> mmapped,
                      Map<String, String> cpuPte, Map<String, String> vmapRegion, boolean locked,
                      String moveTo, boolean zapped, Access last) {

    static final String FREE = "free";
    static final String NO_REGION = "noregion";

    CpuAccessState {
        storage = Map.copyOf(storage);
        mmapped = Map.copyOf(mmapped);
        cpuPte = Map.copyOf(cpuPte);
        vmapRegion = Map.copyOf(vmapRegion);
    }

    /** A CPU user touching a region: the spec's {@code <<u, r>>}. */
    record Access(String user, String region) { }
}
