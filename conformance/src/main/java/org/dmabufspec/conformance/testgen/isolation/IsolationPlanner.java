package org.dmabufspec.conformance.testgen.isolation;

import static org.dmabufspec.conformance.testgen.KernelCall.argMap;
import static org.dmabufspec.conformance.testgen.StateValues.fcn;
import static org.dmabufspec.conformance.testgen.StateValues.name;
import static org.dmabufspec.conformance.testgen.StepPlan.call;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import org.dmabufspec.conformance.relation.Tla;
import org.dmabufspec.conformance.testgen.KernelCall;
import org.dmabufspec.conformance.testgen.StepPlan;
import org.dmabufspec.conformance.testgen.Vocabulary;
import org.dmabufspec.tlc.TlaValue;

/**
 * DmaBufIsolation edges as calls. The refinement mapping read back: owner[r] is the buffer whose
 * live storage the pool's region r holds (or free), attached[d] the buffers d has an attachment
 * to, lastAccess the region the last call's device access landed in. Attach, Detach and Touch are
 * dma_buf_attach, dma_buf_detach and a device access through the importer's mapping; Quiesce a call
 * that makes no access. A Reassign that changes one buffer's regions is one move of that buffer
 * (into a free region, out to GTT, or from one region to another: the new region taken and the old
 * one freed after the move fence, in one call). A Reassign that changes two buffers' regions at once
 * (a swap, a region handed from one buffer straight to another, two allocations) is no single call of
 * the memory manager, which changes one buffer's placement per move. A buffer owning two regions is
 * a move in flight (TTM keeps the old resource until the move fence): the driver's goes from the
 * lower region to the higher ({@code move_begin}), and {@code move_end} completes it, freeing the lower.
 */
final class IsolationPlanner implements Vocabulary.Planner {
    static final String FREE = "free";
    static final String NONE = "none";
    static final String LAST = "iso.last";
    static final String TWO_BUFFERS = "a Reassign changing two buffers' regions in one step (a swap, a region handed from"
            + " one buffer straight to another, two allocations): every memory-manager call moves one buffer";
    static final String BACKWARD = "a move in flight from a higher region to a lower one, or its destination freed while"
            + " its source stays: a buffer owning two regions is a move in flight, whose direction the state does not say, and"
            + " the driver's goes from the lower region to the higher";
    static final String TWO_AT_ONCE = "one buffer taking or leaving two regions in one step: a move takes one region and"
            + " frees at most one";
    static final String OLD_REGION = "a Touch of the region a move in flight leaves: the importer maps the buffer's current"
            + " storage, and only the move's copy reads the old one";
    static final String NEW_REGION = "a Touch of the region a move in flight fills: the access waits for the move fence (R6),"
            + " which only the move's completion signals, and the driver's calls run in one thread";

    private final Set<String> devices;
    private final Set<String> buffers;
    private final List<String> regions;

    IsolationPlanner(Set<String> devices, Set<String> buffers, Set<String> regions) {
        this.devices = new TreeSet<>(devices);
        this.buffers = new TreeSet<>(buffers);
        this.regions = List.copyOf(new TreeSet<>(regions));
    }

    @Override
    public List<KernelCall> setup() {
        Map<String, String> allFree = new TreeMap<>();
        regions.forEach(r -> allFree.put(r, FREE));
        return build(allFree);
    }

    @Override
    public Optional<List<KernelCall>> inject(Map<String, TlaValue> state) {
        return Optional.of(build(fcn(state, "owner")));
    }

    /** The pool, each buffer created in its region (or in GTT), the devices. */
    private List<KernelCall> build(Map<String, String> owner) {
        List<KernelCall> out = new ArrayList<>();
        out.add(new KernelCall("vram_region_pool", argMap("regions", String.join(",", regions)), "0"));
        for (String b : buffers) {
            List<String> own = owned(owner, b);
            String at = own.isEmpty() ? NONE : own.get(0);
            // a buffer owning two regions: created in the lower one, its move to the higher one begun (in flight)
            out.add(new KernelCall("dma_buf_export", own.size() > 1 ? argMap("buf", b, "region", at, "moving_to", own.get(1))
                    : argMap("buf", b, "region", at), "0"));
        }
        devices.forEach(d -> out.add(new KernelCall("device", argMap("dev", d), "0")));
        return out;
    }

    @Override
    public StepPlan plan(Map<String, TlaValue> before, String action, Map<String, TlaValue> after) {
        Map<String, String> ob = fcn(before, "owner");
        Map<String, String> oa = fcn(after, "owner");
        return switch (action) {
            case "Attach" -> {
                String[] db = attachChange(after, before);
                yield call("dma_buf_attach", "0", "R1", "dev", db[0], "buf", db[1]);
            }
            case "Detach" -> {
                String[] db = attachChange(before, after);
                yield call("dma_buf_detach", "0", "R1", "dev", db[0], "buf", db[1]);
            }
            case "Touch" -> {
                List<TlaValue> x = Tla.asSeq(Tla.asSet(after.get("lastAccess")).get(0));
                String d = name(x.get(0));
                String r = name(x.get(1));
                List<String> own = owned(ob, ob.get(r));
                yield own.size() < 2 ? call("importer.device_access", "0", "R4", "dev", d, "buf", ob.get(r))
                        : StepPlan.notDrivable(r.equals(own.get(0)) ? OLD_REGION : NEW_REGION, "R6");
            }
            case "Quiesce" -> call("quiesce", "0", "R4");
            case "Reassign" -> reassign(ob, oa);
            default -> StepPlan.notDrivable("no call for action " + action, "R5");
        };
    }

    private StepPlan reassign(Map<String, String> ob, Map<String, String> oa) {
        List<String> moved = buffers.stream().filter(b -> !owned(ob, b).equals(owned(oa, b))).toList();
        if (moved.size() != 1) {
            return StepPlan.notDrivable(TWO_BUFFERS, "R5");
        }
        String b = moved.get(0);
        List<String> from = owned(ob, b);
        List<String> to = owned(oa, b);
        if (from.size() < 2 && to.size() < 2) { // a whole move in one call: the new region taken, the old freed after the fence
            return to.isEmpty() ? call("move", "0", "R5", "buf", b, "to", "GTT")
                    : call("move", "0", "R5", "buf", b, "to", "VRAM", "region", to.get(0));
        }
        if (Math.abs(from.size() - to.size()) != 1) {
            return StepPlan.notDrivable(TWO_AT_ONCE, "R5");
        }
        if (to.size() == 2 && from.equals(to.subList(0, 1))) { // the move begins: the higher region taken, the lower still held
            return call("move_begin", "0", "R5", "buf", b, "region", to.get(1));
        }
        if (from.size() == 2 && to.equals(from.subList(1, 2))) { // the move completes: the lower region freed after its fence
            return call("move_end", "0", "R5", "buf", b);
        }
        return StepPlan.notDrivable(BACKWARD, "R5");
    }

    /** The regions buffer b owns, in pool order. */
    private List<String> owned(Map<String, String> owner, String b) {
        return regions.stream().filter(r -> b.equals(owner.get(r))).toList();
    }

    @Override
    public Map<String, String> observe(Map<String, TlaValue> state) {
        Map<String, String> out = new TreeMap<>();
        fcn(state, "owner").forEach((r, b) -> out.put(r + ".owner", b));
        Map<String, TlaValue> att = new TreeMap<>();
        Tla.asFcn(state.get("attached")).forEach((d, bs) -> att.put(name(d), bs));
        att.forEach((d, bs) -> {
            Set<String> names = new TreeSet<>();
            Tla.asSet(bs).forEach(v -> names.add(name(v)));
            out.put(d + ".attached", names.isEmpty() ? NONE : String.join(",", names));
        });
        List<TlaValue> last = Tla.asSet(state.get("lastAccess"));
        out.put(LAST, last.isEmpty() ? NONE : access(Tla.asSeq(last.get(0))));
        return out;
    }

    private static String access(List<TlaValue> x) {
        return name(x.get(0)) + "@" + name(x.get(1));
    }

    /** {device, buffer} in {@code more}'s attached but not {@code less}'s. */
    private static String[] attachChange(Map<String, TlaValue> more, Map<String, TlaValue> less) {
        Map<String, Set<String>> m = attached(more);
        Map<String, Set<String>> l = attached(less);
        for (Map.Entry<String, Set<String>> e : m.entrySet()) {
            Set<String> extra = new TreeSet<>(e.getValue());
            extra.removeAll(l.get(e.getKey()));
            if (!extra.isEmpty()) {
                return new String[] {e.getKey(), extra.iterator().next()};
            }
        }
        throw new IllegalStateException("no attachment changed");
    }

    private static Map<String, Set<String>> attached(Map<String, TlaValue> state) {
        Map<String, Set<String>> out = new TreeMap<>();
        Tla.asFcn(state.get("attached")).forEach((d, bs) -> {
            Set<String> names = new TreeSet<>();
            Tla.asSet(bs).forEach(v -> names.add(name(v)));
            out.put(name(d), names);
        });
        return out;
    }
}
