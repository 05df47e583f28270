package org.dmabufspec.conformance.testgen.attach;

import static org.dmabufspec.conformance.testgen.KernelCall.argMap;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import org.dmabufspec.conformance.relation.attach.AttachConstants;
import org.dmabufspec.conformance.relation.attach.AttachState;
import org.dmabufspec.conformance.relation.attach.DmaBufAttachRelation;
import org.dmabufspec.conformance.testgen.KernelCall;
import org.dmabufspec.conformance.testgen.StepPlan;
import org.dmabufspec.conformance.testgen.Vocabulary;
import org.dmabufspec.tlc.TlaValue;

/**
 * DmaBufAttach edges as dma-buf calls, one executor thread per model thread (each importer and
 * the exporter). The spec cuts a kernel call into several steps (an entry, then the locked
 * section); the implementation makes the call at once. Every entry step (DmaBufAttach,
 * DmaBufDetach, DmaBufMapAttachmentUnlocked, DmaBufMapAttachment61 of an uncached table) only
 * moves the thread's pc and commutes with the other threads' steps, so it has no call: the call
 * is made at the step that completes it, the linearization point being its locked section. A
 * ≤6.14 attach of a mismatched pair has two locked sections (list_add, then the pin and map of
 * the cached table); the implementation runs them back to back, so the call is made at the
 * second one and nothing about the attachment is observed between the two.
 * <p>
 * The exporter's eviction (DmaBufEvict, DmaBufMoveNotify per dynamic attachment, DmaBufMove) is
 * one {@code VramExporter.evict} call on the exporter thread, made at DmaBufEvict. When the walk
 * has a dynamic attachment to notify it stops inside that importer's move_notify until the
 * DmaBufMoveNotify step says how the importer reacts (invalidate, or also fence access it cannot
 * stop), then inside it again until DmaBufMove lets it move and unlock; DmaBufMove collects its
 * result. With nothing to notify it returns at once: no importer has a mapping or a job then, so
 * nothing the other threads do before DmaBufMove can tell the difference, and the placement is
 * not observed while the model's eviction is in progress. DmaFenceSignalMove is {@code completeMove}, which
 * returns the old storage as well (6.x) or leaves that to the last unmap (7.1):
 * DmaBufReleaseOldStorage has no call.
 * <p>
 * Observed, for importers not inside a call: whether listed on the buffer, its mappings (0 or
 * 1; a ≤6.14 cached table counts), whether its job fence is unsignalled, and for a dynamic
 * importer whether its mapping is valid (mapped, and no move_notify since); for the buffer: the
 * exporter's pin count and placement (dynamic exporters), whether the reservation is locked
 * (unless an eviction is in progress), and whether a move is in flight (unless its fence has
 * signalled and the old storage is not yet returned: the implementation returns it at once).
 * Every device access returns whether the storage it touched belongs to the buffer and is
 * ready; the model expects it to.
 */
final class AttachPlanner implements Vocabulary.Planner {
    static final String RULE = "R2";
    private final AttachConstants k;
    private final DmaBufAttachRelation codec;
    /** Decoded states by identity: the graph hands out the same map for a state each time (every edge plans two). */
    private final Map<Map<String, TlaValue>, AttachState> decoded = new java.util.IdentityHashMap<>();

    private final boolean inductive;

    /** @param inductive MCDmaBufAttach_Ind: tests start at the spec's Init only ({@link #freshInit}) */
    AttachPlanner(AttachConstants k, boolean inductive) {
        this.k = k;
        this.codec = new DmaBufAttachRelation(k, false);
        this.inductive = inductive;
    }

    /** The bridge's action name, as reports name its edge. */
    static final String MOVE_NOTIFY_WITHOUT_MOVE = "(injected) DmaBufMoveNotifyWithoutMove";

    /**
     * State injection by a call, for MCDmaBufAttach_Ind: an IndInv state in which a dynamic importer holds a mapping
     * it knows is invalid (mapValid FALSE) with no eviction in progress and the reservation free is reached from the
     * same state with that mapping valid by the exporter's {@code dma_buf_move_notify} without a move (under the
     * reservation lock). The spec has no such action; the kernel allows it (an exporter may invalidate its importers'
     * mappings without moving, as 7.1's dma_buf_invalidate_mappings does). Only when every other dynamic importer of
     * the buffer already holds no valid mapping (the call notifies them all) and the state's last step was no access.
     */
    @Override
    public Map<Long, Vocabulary.Bridge> bridges(org.dmabufspec.conformance.testgen.StateGraph g, Set<Long> reached,
            Set<Long> unreached) {
        if (!inductive) {
            return Map.of();
        }
        Map<AttachState, Long> byState = new java.util.HashMap<>();
        for (long r : reached) {
            byState.putIfAbsent(withoutAccess(decode(g.state(r))), r);
        }
        Map<Long, Vocabulary.Bridge> out = new java.util.HashMap<>();
        for (long id : unreached) {
            AttachState s = decode(g.state(id));
            if (!s.expPc().equals("idle") || s.lastAccess().isPresent()) {
                continue;
            }
            for (String d : new TreeSet<>(k.dynamicImporters())) {
                String buf = k.importerBuf().get(d);
                boolean othersInvalid = k.dynamicImporters().stream()
                        .allMatch(e -> e.equals(d) || !k.importerBuf().get(e).equals(buf) || !s.mapValid().get(e));
                if (s.mapValid().get(d) || !s.mapped().get(d) || !s.holder().get(buf).equals(AttachState.NO_HOLDER)
                        || !othersInvalid) {
                    continue;
                }
                Map<String, Boolean> valid = new java.util.HashMap<>(s.mapValid());
                valid.put(d, true);
                Long from = byState.get(withMapValid(s, valid));
                if (from != null) {
                    out.put(id, new Vocabulary.Bridge(from, MOVE_NOTIFY_WITHOUT_MOVE, new StepPlan(new KernelCall(
                            "move_notify_without_move", argMap("proc", k.exporter(), "buf", buf), "0"),
                            "state injection by a call the spec has no action for", "R2")));
                    break;
                }
            }
        }
        return out;
    }

    private static AttachState withoutAccess(AttachState s) {
        return new AttachState(s.holder(), s.attachments(), s.importerOps(), s.pc(), s.mapping(), s.mapped(), s.mapDir(),
                s.cached(), s.mapValid(), s.mapReady(), s.job(), s.corePin(), s.importerPin(), s.placement(), s.storage(),
                s.moveFence(), s.moveFrom(), s.moveWaits(), s.expPc(), s.expBuf(), s.walkSnapshot(), s.walkTodo(),
                java.util.Optional.empty());
    }

    private static AttachState withMapValid(AttachState s, Map<String, Boolean> mapValid) {
        return new AttachState(s.holder(), s.attachments(), s.importerOps(), s.pc(), s.mapping(), s.mapped(), s.mapDir(),
                s.cached(), mapValid, s.mapReady(), s.job(), s.corePin(), s.importerPin(), s.placement(), s.storage(),
                s.moveFence(), s.moveFrom(), s.moveWaits(), s.expPc(), s.expBuf(), s.walkSnapshot(), s.walkTodo(),
                java.util.Optional.empty());
    }

    @Override
    public java.util.Optional<java.util.function.Predicate<Map<String, TlaValue>>> freshInit() {
        if (!inductive) {
            return java.util.Optional.empty();
        }
        Set<AttachState> init = codec.initialStates().orElseThrow();
        return java.util.Optional.of(s -> init.contains(decode(s)));
    }

    AttachConstants constants() {
        return k;
    }

    @Override
    public List<KernelCall> setup() {
        List<KernelCall> out = new ArrayList<>();
        out.add(new KernelCall("kernel", argMap("behaviour", k.kernelBehaviour(), "move_notify", String.valueOf(k.moveNotify())),
                "0"));
        for (String b : new TreeSet<>(k.buffers())) {
            String exporter = k.dynamicExporters().contains(b) ? "vram" : k.cacheSgtExporters().contains(b) ? "udmabuf" : "system";
            String init = k.initPlacement().get(b);
            String other = k.regions().stream().filter(r -> !r.equals(init)).sorted().findFirst().orElse(init);
            Map<String, String> ex = argMap("buf", b, "exporter", exporter, "placement", init, "other", other);
            if (!k.vramRegions().isEmpty()) {
                if (k.vramRegions().size() != 1 || k.regions().size() != 2) {
                    throw new IllegalArgumentException("the attach driver's exporter has one VRAM and one GTT placement:"
                            + " VramRegions " + k.vramRegions() + " of " + k.regions());
                }
                ex.put("peer_only", k.vramRegions().iterator().next());
            }
            out.add(new KernelCall("dma_buf_export", ex, "0"));
        }
        for (String a : new TreeSet<>(k.importers())) {
            Map<String, String> imp = argMap("proc", a, "buf", k.importerBuf().get(a), "dynamic",
                    String.valueOf(k.dynamicImporters().contains(a)), "usage", k.importerUsage().get(a));
            if (!k.vramRegions().isEmpty()) {
                imp.put("peer2peer", String.valueOf(k.peerToPeerImporters().contains(a))); // allow_peer2peer matters only here
            }
            out.add(new KernelCall("importer", imp, "0"));
        }
        out.add(new KernelCall("exporter", argMap("proc", k.exporter()), "0"));
        return out;
    }

    @Override
    public StepPlan plan(Map<String, TlaValue> before, String action, Map<String, TlaValue> after) {
        AttachState b = decode(before);
        AttachState a = decode(after);
        String imp = changedImporter(b, a);
        return switch (action) {
            case "DmaBufAttach" -> none("enters dma_buf_attach: ops->attach runs unlocked; the call is made at its locked section",
                    "R1");
            case "DmaBufAttachListAdd" -> sgtCaching() && a.pc().get(imp).equals("attach_map")
                    ? none("list_add: the first locked section of a mismatched attach, which the implementation runs with"
                            + " the second; the call is made there", "R9")
                    : attachCall(imp, "R1");
            case "DmaBufAttachCacheMap" -> attachCall(imp, "R11");
            case "DmaBufDetach" -> none("enters dma_buf_detach; the call is made at its locked section", "R12");
            // R12's caller bug: the importer detaches with its mapping still there
            case "DetachKeepingMapping" -> none("enters dma_buf_detach with a mapping still there; the call is made at its"
                    + " locked section", "R12");
            case "DmaBufDetachListDel" -> call("dma_buf_detach", "0", "R12", "proc", imp);
            case "DmaResvLock" -> call("dma_resv_lock", "0", "R3", "proc", imp);
            case "DmaResvUnlock" -> call("dma_resv_unlock", "0", "R3", "proc", imp);
            case "DmaBufMapAttachment" -> map("dma_buf_map_attachment", imp, b, a, "R3");
            case "DmaBufUnmapAttachment" -> call("dma_buf_unmap_attachment", "0", "R3", "proc", imp);
            case "DmaBufPin" -> call("dma_buf_pin", "0", "R8", "proc", imp);
            case "DmaBufUnpin" -> call("dma_buf_unpin", "0", "R8", "proc", imp);
            case "DmaBufMapAttachmentUnlocked" -> none("enters dma_buf_map_attachment_unlocked; the call is made at its locked"
                    + " section", "R3");
            case "DmaBufMapAttachmentUnlockedLocked" -> map("dma_buf_map_attachment_unlocked", imp, b, a, "R3");
            case "DmaBufMapAttachment61" -> a.pc().get(imp).equals("exp_cb_lock")
                    ? none("enters dma_buf_map_attachment (≤6.1, static importer, no lock); the call is made where the"
                            + " exporter's map_dma_buf takes the lock", "R3")
                    : map("dma_buf_map_attachment", imp, b, a, "R11");
            case "ExporterMapCallbackLock" -> map("dma_buf_map_attachment", imp, b, a, "R3");
            case "DmaBufUnmapAttachmentUnlocked" -> call(k.kernelBehaviour().equals("6.1") ? "dma_buf_unmap_attachment"
                    : "dma_buf_unmap_attachment_unlocked", "0", "R3", "proc", imp);
            case "ImporterWaitFences" -> call("dma_resv_wait_timeout", ">0", "R6", "proc", imp, "usage", "WRITE");
            case "ImporterSubmitJob" -> call("dma_resv_add_fence", "0", "R6", "proc", imp, "usage",
                    k.importerUsage().get(imp), "locked", String.valueOf(b.pc().get(imp).equals("locked")));
            case "ImporterDeviceAccess" -> {
                String who = a.lastAccess().orElseThrow().importer();
                yield call("importer.device_access", "isolated", "R5", "proc", who, "access",
                        k.importerUsage().get(who).equals("write") ? "WRITE" : "READ");
            }
            case "DmaFenceSignalJob" -> call("dma_fence_signal", "0", "F1", "proc", imp);
            case "DmaBufEvict", "EvictWithoutNotify", "EvictIgnoringPins" ->
                    call("evict", "called", "R7", "proc", k.exporter(), "buf", a.expBuf(), "notify",
                            String.valueOf(!a.walkTodo().isEmpty()));
            case "DmaBufMoveNotify" -> {
                String n = changedWalk(b, a);
                if (b.walkTodo().size() > 1) {
                    yield StepPlan.notDrivable("the walk visits the attachments in list order, the model in any order",
                            "R2");
                }
                yield call("move_notify", "0", "R2", "proc", k.exporter(), "importer", n, "fence",
                        String.valueOf(a.job().get(n) && !b.job().get(n)), "last", String.valueOf(a.walkTodo().isEmpty()));
            }
            case "DmaBufMove" -> call("move", "0", "R4", "proc", k.exporter(), "buf", b.expBuf());
            case "DmaFenceSignalMove" -> {
                String buf = changedBuffer(b, a);
                yield call("complete_move", "0", "R5", "proc", k.exporter(), "buf", buf);
            }
            case "DmaBufReleaseOldStorage" -> none(k.kernelBehaviour().equals("7.1")
                    ? "the old storage went back inside complete_move or at the last unmap of it (R5b)"
                    : "the old storage went back inside complete_move, once the move fence signalled", "R5");
            default -> StepPlan.notDrivable("no dma-buf call for action " + action, RULE);
        };
    }

    private AttachState decode(Map<String, TlaValue> state) {
        return decoded.computeIfAbsent(state, codec::decode);
    }

    private boolean sgtCaching() {
        return k.kernelBehaviour().equals("6.1") || k.kernelBehaviour().equals("6.2");
    }

    private StepPlan attachCall(String a, String rule) {
        boolean dyn = k.dynamicImporters().contains(a);
        return call(dyn ? "dma_buf_dynamic_attach" : "dma_buf_attach", "0", rule, "proc", a);
    }

    /** A map call: 0 with the direction the model maps with, or EBUSY (a cached table of another direction). */
    private StepPlan map(String op, String a, AttachState b, AttachState after, String rule) {
        boolean ok = after.mapped().get(a) && !b.mapped().get(a);
        String dir = ok ? after.mapDir().get(a) : clash(b.cached().get(a));
        return call(op, ok ? "0" : "EBUSY", ok ? rule : "R11", "proc", a, "dir", dir);
    }

    /** A direction the cached table refuses (every one gives the same -EBUSY successor: the first is asked for). */
    private static String clash(String cached) {
        return cached.equals("TO_DEVICE") ? "FROM_DEVICE" : "TO_DEVICE";
    }

    private String changedImporter(AttachState b, AttachState a) {
        for (String i : new TreeSet<>(k.importers())) {
            if (!b.pc().get(i).equals(a.pc().get(i)) || !b.mapped().get(i).equals(a.mapped().get(i))
                    || !b.mapping().get(i).equals(a.mapping().get(i)) || !b.job().get(i).equals(a.job().get(i))
                    || !b.importerPin().get(i).equals(a.importerPin().get(i)) || !b.mapReady().get(i).equals(a.mapReady().get(i))
                    || !b.corePin().get(i).equals(a.corePin().get(i))) {
                return i;
            }
        }
        return null;
    }

    private static String changedWalk(AttachState b, AttachState a) {
        Set<String> gone = new TreeSet<>(b.walkTodo());
        gone.removeAll(a.walkTodo());
        return gone.iterator().next();
    }

    private String changedBuffer(AttachState b, AttachState a) {
        for (String x : new TreeSet<>(k.buffers())) {
            if (!b.moveFence().get(x).equals(a.moveFence().get(x))) {
                return x;
            }
        }
        return null;
    }

    /** Whether the importer is between the entry step of a call and the step that makes it. */
    static boolean insideCall(String pc) {
        return !(pc.equals("detached") || pc.equals("attached") || pc.equals("locked"));
    }

    @Override
    public Map<String, String> observe(Map<String, TlaValue> state) {
        AttachState s = decode(state);
        Map<String, String> out = new TreeMap<>();
        for (String a : k.importers()) {
            if (insideCall(s.pc().get(a))) {
                continue;
            }
            String buf = k.importerBuf().get(a);
            out.put(a + ".attached", String.valueOf(s.attachments().get(buf).contains(a)));
            out.put(a + ".mappings", s.mapping().get(a).equals(AttachState.NO_REGION) ? "0" : "1");
            out.put(a + ".job", String.valueOf(s.job().get(a)));
            if (k.dynamicImporters().contains(a)) {
                out.put(a + ".valid", String.valueOf(s.mapValid().get(a)));
            }
        }
        for (String b : k.buffers()) {
            if (k.dynamicExporters().contains(b)) {
                long pins = k.importers().stream().filter(a -> k.importerBuf().get(a).equals(b))
                        .mapToLong(a -> (s.corePin().get(a) ? 1 : 0) + (s.importerPin().get(a) ? 1 : 0)).sum();
                out.put(b + ".pins", String.valueOf(pins));
                if (s.expPc().equals("idle")) {
                    out.put(b + ".placement", s.placement().get(b));
                }
                String mf = s.moveFence().get(b);
                if (!mf.equals("signalled") && s.expPc().equals("idle")) {
                    out.put(b + ".moving", String.valueOf(mf.equals("pending")));
                }
            }
            if (s.expPc().equals("idle")) {
                out.put(b + ".locked", String.valueOf(!s.holder().get(b).equals(AttachState.NO_HOLDER)));
            }
        }
        return out;
    }

    private static StepPlan none(String note, String rule) {
        return new StepPlan(null, note, rule);
    }

    private static StepPlan call(String op, String expect, String rule, String... kv) {
        return new StepPlan(new KernelCall(op, argMap(kv), expect), "", rule);
    }

}
