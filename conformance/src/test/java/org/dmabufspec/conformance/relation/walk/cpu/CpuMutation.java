package org.dmabufspec.conformance.relation.walk.cpu;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import org.dmabufspec.conformance.relation.walk.MutationSites;
import org.dmabufspec.conformance.relation.walk.WalkEvent;

/**
 * One mutated CPU walk trace: what was changed, at which event (file order) and the events after
 * the change. Kinds: drop one event; swap two adjacent events of different threads whose intervals
 * do not overlap (each takes the other's interval); flip a result (0 to -EBUSY) or a KERNEL wait's
 * remaining time (to 0: timed out); turn an access's kind around (READ and WRITE of cpu.access,
 * importer.device_access, exporter.vm_fault); name the other placement (exporter.vm_fault,
 * cpu.access, exporter.move's to, exporter.reuse_storage).
 */
record CpuMutation(String kind, int index, String description, List<WalkEvent> events) {
    private static final Set<String> NO_ERRNO = Set.of("dma_buf_export", "dma_resv_unlock", "unmap_mapping_range",
            "cpu.access", "exporter.vm_fault", "exporter.move", "exporter.reuse_storage", "importer.move_notify",
            "importer.invalidate_mappings", "importer.device_access", "dma_buf_move_notify", "dma_buf_invalidate_mappings");

    static List<CpuMutation> all(List<WalkEvent> ev) {
        List<CpuMutation> out = new ArrayList<>();
        MutationSites.dropsAndSwaps(ev, CpuMutation::new, out);
        for (int i = 0; i < ev.size(); i++) {
            WalkEvent e = ev.get(i);
            WalkEvent changed;
            if (e.op().equals("dma_resv_wait_timeout")) {
                changed = e.withResult("0", 0L);
            } else if (NO_ERRNO.contains(e.op())) {
                continue;   // callbacks, void functions, CPU loads and stores: no errno
            } else {
                changed = e.withResult("EBUSY", e.ret());
            }
            out.add(one(ev, i, "flip", "flip " + e + " to " + changed.result() + (changed.ret() == null ? "" : " ret " + changed.ret()), changed));
        }
        for (int i = 0; i < ev.size(); i++) {
            WalkEvent e = ev.get(i);
            Object k = e.arg("access");
            if (k != null) {
                String other = k.equals("WRITE") ? "READ" : "WRITE";
                out.add(one(ev, i, "kind", "access " + k + " -> " + other + " in " + e, e.withArg("access", other)));
            }
            String arg = switch (e.op()) {
                case "exporter.vm_fault", "cpu.access", "exporter.reuse_storage" -> "placement";
                case "exporter.move" -> "to";
                default -> null;
            };
            if (arg != null && e.arg(arg) != null) {
                String other = e.arg(arg).equals("VRAM") ? "GTT" : "VRAM";
                out.add(one(ev, i, "place", arg + " " + e.arg(arg) + " -> " + other + " in " + e, e.withArg(arg, other)));
            }
        }
        return out;
    }

    private static CpuMutation one(List<WalkEvent> ev, int i, String kind, String description, WalkEvent changed) {
        List<WalkEvent> m = new ArrayList<>(ev);
        m.set(i, changed);
        return new CpuMutation(kind, i, description, m);
    }
}
