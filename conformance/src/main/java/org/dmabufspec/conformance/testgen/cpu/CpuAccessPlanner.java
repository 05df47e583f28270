package org.dmabufspec.conformance.testgen.cpu;

import static org.dmabufspec.conformance.testgen.KernelCall.argMap;
import static org.dmabufspec.conformance.testgen.StateValues.fcn;
import static org.dmabufspec.conformance.testgen.StateValues.name;
import static org.dmabufspec.conformance.testgen.StepPlan.call;
import static org.dmabufspec.conformance.testgen.StepPlan.none;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import org.dmabufspec.conformance.relation.Tla;
import org.dmabufspec.conformance.testgen.KernelCall;
import org.dmabufspec.conformance.testgen.StepPlan;
import org.dmabufspec.conformance.testgen.Vocabulary;
import org.dmabufspec.tlc.TlaValue;

/**
 * DmaBufCpuAccess edges as calls on the reference implementation: every mmap, fault, munmap, vmap,
 * vunmap and CPU access is one call. The exporter's move (DmaBufEvict, TtmBoUnmapVirtual,
 * DmaBufMove) is one {@code VramExporter.evict} and {@code completeMove}, made at DmaBufMove: while
 * the model's exporter holds the lock the only other steps are mmap, munmap and accesses through
 * PTEs not yet zapped, which commute with the implementation's eviction made later (the old storage
 * is the buffer's until the move). The PTEs the model zapped before DmaBufMove the implementation
 * zaps inside the call, so the PTE state is not observed between TtmBoUnmapVirtual and DmaBufMove.
 * <p>
 * Observed: the placement, each region's owner (the buffer or free), whether the buffer is pinned,
 * per mmap user whether it holds the mapping and the region its PTEs map (or none), per vmap user
 * the region its address maps (or none). Every access is a write (the stricter: a write to a copy a
 * move read is flagged too) and must touch the buffer's own storage, as the model's invariants say (in the
 * counterexample of DmaBufCpuAccess_MoveWithoutZap, replayed, the last access must report R21).
 */
final class CpuAccessPlanner implements Vocabulary.Planner {
    private static final String NO_REGION = "noregion";
    private final String buffer;
    private final Set<String> mmapUsers;
    private final Set<String> vmapUsers;
    private final Set<String> regions;
    private final String initRegion;

    CpuAccessPlanner(String buffer, Set<String> mmapUsers, Set<String> vmapUsers, Set<String> regions, String initRegion) {
        if (regions.size() != 2) {
            throw new IllegalArgumentException("the cpu-access driver gives the buffer two regions (VRAM and GTT): Regions " + regions);
        }
        this.buffer = buffer;
        this.mmapUsers = new TreeSet<>(mmapUsers);
        this.vmapUsers = new TreeSet<>(vmapUsers);
        this.regions = new TreeSet<>(regions);
        this.initRegion = initRegion;
    }

    @Override
    public List<KernelCall> setup() {
        List<KernelCall> out = new ArrayList<>();
        String gtt = regions.stream().filter(r -> !r.equals(initRegion)).findFirst().orElseThrow();
        out.add(new KernelCall("dma_buf_export", argMap("buf", buffer, "vram", initRegion, "gtt", gtt), "0"));
        mmapUsers.forEach(u -> out.add(new KernelCall("mmap_user", argMap("proc", u), "0")));
        vmapUsers.forEach(u -> out.add(new KernelCall("vmap_user", argMap("proc", u), "0")));
        return out;
    }

    @Override
    public StepPlan plan(Map<String, TlaValue> before, String action, Map<String, TlaValue> after) {
        return switch (action) {
            case "DmaBufMmap" -> call("mmap", "0", "U7", "proc", changed(before, after, "mmapped"));
            case "TtmBoVmFault" -> {
                String u = changed(before, after, "cpuPte");
                yield call("fault", fcn(after, "cpuPte").get(u), "R21", "proc", u);
            }
            case "CpuMmapAccess" -> call("mmap_access", outcome(after, "R21"), "R21", "proc", accessor(after));
            case "Munmap" -> call("munmap", "0", "R21", "proc", changed(before, after, "mmapped"));
            case "DmaBufVmap" -> call("vmap", "0", "R20", "proc", changed(before, after, "vmapRegion"));
            case "CpuVmapAccess" -> call("vmap_access", outcome(after, "R20"), "R20", "proc", accessor(after));
            case "DmaBufVunmap" -> call("vunmap", "0", "R20", "proc", changed(before, after, "vmapRegion"));
            case "DmaBufEvict" -> none("dma_resv_lock, the pin check and the new storage: inside the eviction call made at"
                    + " DmaBufMove", "R20");
            case "TtmBoUnmapVirtual" -> none("unmap_mapping_range: inside the eviction call made at DmaBufMove", "R21");
            case "DmaBufMove" -> new StepPlan(new KernelCall("move", argMap("buf", buffer), "0"), "", "R21");
            default -> StepPlan.notDrivable("no call for action " + action, "R21");
        };
    }

    @Override
    public Map<String, String> observe(Map<String, TlaValue> state) {
        Map<String, String> out = new TreeMap<>();
        out.put(buffer + ".placement", name(state.get("placement")));
        Map<String, String> storage = fcn(state, "storage");
        regions.forEach(r -> out.put(r + ".owner", storage.get(r)));
        Map<String, String> vmap = fcn(state, "vmapRegion");
        out.put(buffer + ".pinned", String.valueOf(vmap.values().stream().anyMatch(r -> !r.equals(NO_REGION))));
        Map<String, String> mmapped = fcn(state, "mmapped");
        Map<String, String> pte = fcn(state, "cpuPte");
        boolean zappedInMove = Tla.asBool(state.get("zapped"));
        for (String u : mmapUsers) {
            out.put(u + ".mmapped", mmapped.get(u));
            if (!zappedInMove) {
                out.put(u + ".pte", region(pte.get(u)));
            }
        }
        vmapUsers.forEach(u -> out.put(u + ".vmap", region(vmap.get(u))));
        return out;
    }

    private static String region(String r) {
        return r.equals(NO_REGION) ? "none" : r;
    }

    /** The user whose entry of the function-valued variable differs (the first in name order). */
    private static String changed(Map<String, TlaValue> b, Map<String, TlaValue> a, String var) {
        Map<String, String> x = fcn(b, var);
        Map<String, String> y = fcn(a, var);
        return new TreeSet<>(x.keySet()).stream().filter(k -> !Objects.equals(x.get(k), y.get(k))).findFirst()
                .orElseThrow(() -> new IllegalStateException("nothing changed in " + var));
    }

    /**
     * What the access returns: isolated where the model's CpuAccessIsolated holds (always, in the ok model; the user holds
     * its mapping in any state an access step reaches), else the rule of the mapping (a mutant's counterexample, replayed).
     */
    private String outcome(Map<String, TlaValue> a, String rule) {
        List<TlaValue> x = Tla.asSeq(Tla.asSet(a.get("lastAccess")).get(0));
        return buffer.equals(fcn(a, "storage").get(name(x.get(1)))) ? "isolated" : "broke " + rule;
    }

    /** The user of the access the step made ({@code lastAccess = {<<u, r>>}}). */
    private static String accessor(Map<String, TlaValue> a) {
        List<TlaValue> last = Tla.asSet(a.get("lastAccess"));
        if (last.size() != 1) {
            throw new IllegalStateException("an access step without one access: " + last);
        }
        return name(Tla.asSeq(last.get(0)).get(0));
    }
}
