package org.dmabufspec.conformance.relation.walk;

import static org.dmabufspec.conformance.relation.attach.AttachState.NO_DIR;
import static org.dmabufspec.conformance.relation.walk.WalkToTrace.BUF;
import static org.dmabufspec.conformance.relation.walk.WalkToTrace.EXPORTER_THREAD;

import static org.dmabufspec.conformance.relation.walk.OracleSearch.DONE;
import static org.dmabufspec.conformance.relation.walk.OracleSearch.IN_PROGRESS;
import static org.dmabufspec.conformance.relation.walk.OracleSearch.NOT_STARTED;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.dmabufspec.conformance.relation.Transition;
import org.dmabufspec.conformance.relation.attach.AttachConstants;
import org.dmabufspec.conformance.relation.attach.AttachState;
import org.dmabufspec.conformance.relation.attach.DmaBufAttachRelation;
import org.dmabufspec.conformance.relation.walk.OracleSearch.Config;

/**
 * Decides with the DmaBufAttach spec itself (its Java relation) whether a trace in
 * {@link WalkToTrace}'s vocabulary is a behaviour of the spec: the reading of the mapping table
 * backwards, as a search over the relation.
 *
 * <p>Concurrency as the checker reads it: each event's spec steps happen between its start and its
 * end, interleaved with other calls' ({@link OracleSearch}: a configuration is the spec state, the
 * ids and the progress of each call in flight). A call has completed when its importer is back at
 * rest.
 *
 * <p>Hidden steps (the fast engine's allowance for partial observation): DmaFenceSignalMove and
 * DmaFenceSignalJob (unlogged fence signals), DmaBufMoveNotify (importer callbacks are optional
 * events), ImporterSubmitJob of a static importer (whose driver's jobs are not logged); the KERNEL
 * fence an eviction adds may be unlogged too (the exporter's move fence). Directions are compared only where the spec models them (MapDirs: a cache_sgt exporter
 * before 6.15); elsewhere the spec maps BIDIRECTIONAL for every direction.
 * */
public final class SpecOracle {
    /** Failures that change nothing in the kernel (as the checker's ENVIRONMENT_ERRORS). */
    private static final Set<String> ENVIRONMENT = Set.of("ENOMEM", "EINTR", "ERESTARTSYS", "EAGAIN");
    /** Spec steps a trace may leave out: fence signals, and the importer callbacks of a logged dma_buf_move_notify. */
    private static final Set<String> HIDDEN = Set.of("DmaFenceSignalMove", "DmaFenceSignalJob", "DmaBufMoveNotify");

    /** The verdict: accepted, or the index (file order) of the first event no configuration explains and why. */
    public record Verdict(boolean accepted, int rejectedIndex, String why) {
    }

    /** The oracle's part of a configuration: the spec state and the ids learned. */
    private record State(AttachState s, OracleAux aux) {
    }

    private final AttachConstants c;
    private final DmaBufAttachRelation rel;
    private final StepActor actors;
    private final boolean dirsModelled;
    private final OracleSearch<State, WalkEvent> search = new OracleSearch<>("attach oracle", this::startOk, this::hidden, this::advance);

    public SpecOracle(WalkConfig config) {
        this.c = config.constants();
        this.rel = new DmaBufAttachRelation(c, false);
        this.actors = new StepActor(c);
        this.dirsModelled = (c.kernelBehaviour().equals("6.1") || c.kernelBehaviour().equals("6.2"))
                && c.cacheSgtExporters().contains(BUF);
    }

    /** The decision ({@link OracleSearch}); a rejection names the call no configuration gets past. */
    public Verdict check(List<WalkEvent> trace) {
        OracleSearch.Outcome o = search.check(trace, new State(rel.initialStates().orElseThrow().iterator().next(), new OracleAux()));
        return new Verdict(o.accepted(), o.index(), o.why(trace));
    }

    private List<Config<State>> hidden(Config<State> cf) {
        List<Config<State>> out = new ArrayList<>();
        for (Transition<AttachState> t : rel.next(cf.part().s())) {
            String actor = actors.of(t, cf.part().s());
            boolean unloggedJob = t.action().equals("ImporterSubmitJob") && !c.dynamicImporters().contains(actor);
            if (HIDDEN.contains(t.action()) || unloggedJob) {
                OracleAux aux = cf.part().aux().copy();
                if (t.action().equals("DmaFenceSignalJob")) {
                    aux.jobFence.remove(actor);
                }
                out.add(cf.with(new State(t.successor(), aux)));
            }
        }
        return out;
    }

    private static Config<State> with(Config<State> cf, AttachState s, OracleAux aux, int event, int phase) {
        return cf.with(new State(s, aux), event, phase);
    }

    /** The next step of call {@code i}: an auxiliary event's whole effect, or one spec step. */
    private List<Config<State>> advance(Config<State> cf, int i, WalkEvent e, int phase) {
        List<Config<State>> out = new ArrayList<>();
        OracleAux aux = phase == NOT_STARTED ? auxiliary(cf.part(), e) : null;
        if (aux != null) {
            out.add(with(cf, cf.part().s(), aux, i, DONE));
        }
        if (!e.succeeded() && !e.result().equals("EBUSY") || isAuxiliary(e)) {
            return out;
        }
        String actor = actor(cf.part(), e);
        if (actor == null) {
            return out;
        }
        Set<String> labels = phase == NOT_STARTED ? entries(e) : continuations(e);
        for (Transition<AttachState> t : rel.next(cf.part().s())) {
            if (!labels.contains(t.action()) || !actors.of(t, cf.part().s()).equals(actor)) {
                continue;
            }
            OracleAux a = cf.part().aux().copy();
            if (phase == NOT_STARTED && !entryMatches(e, actor, a)) {
                continue;
            }
            boolean done = StepActor.BUFFER_ACTIONS.contains(t.action()) || actor.equals(c.exporter()) || atRest(t.successor(), actor);
            if (done && !completes(e, actor, t.action(), cf.part().s(), t.successor(), a)) {
                continue;
            }
            out.add(with(cf, t.successor(), a, i, done ? DONE : IN_PROGRESS));
        }
        return out;
    }

    private static boolean atRest(AttachState s, String importer) {
        String pc = s.pc().get(importer);
        return pc.equals("detached") || pc.equals("attached") || pc.equals("locked");
    }

    // ---- reading events ---------------------------------------------------------------------

    private boolean v71() {
        return c.kernelBehaviour().equals("7.1");
    }

    /** Who the event's spec steps belong to: the importer of its thread, of its attachment or job fence, or the buffer. */
    private String actor(State cf, WalkEvent e) {
        if (e.op().equals("dma_fence_signal")) {
            for (Map.Entry<String, String> j : cf.aux().jobFence.entrySet()) {
                if (j.getValue().equals(e.id("fence")) && j.getKey().equals(e.thread())) {
                    return j.getKey();
                }
            }
            return cf.aux().moveFences.contains(e.id("fence")) ? BUF : null;
        }
        if (e.thread().equals(EXPORTER_THREAD)) {
            if (e.op().startsWith("importer.")) {
                for (Map.Entry<String, String> a : cf.aux().attach.entrySet()) {
                    if (a.getValue().equals(e.id("attach"))) {
                        return a.getKey();
                    }
                }
                return null;
            }
            return BUF;
        }
        return c.importers().contains(e.thread()) ? e.thread() : null;
    }

    private Set<String> entries(WalkEvent e) {
        boolean exporter = e.thread().equals(EXPORTER_THREAD);
        return switch (e.op()) {
            case "dma_buf_attach", "dma_buf_dynamic_attach" -> Set.of("DmaBufAttach");
            case "dma_buf_detach" -> Set.of("DmaBufDetach");
            case "dma_resv_lock" -> Set.of(exporter ? "DmaBufEvict" : "DmaResvLock");
            case "dma_resv_unlock" -> Set.of(exporter ? "DmaBufMove" : "DmaResvUnlock");
            case "dma_buf_map_attachment" -> Set.of("DmaBufMapAttachment", "DmaBufMapAttachment61");
            case "dma_buf_map_attachment_unlocked" -> Set.of("DmaBufMapAttachmentUnlocked");
            case "dma_buf_unmap_attachment" -> c.kernelBehaviour().equals("6.1")
                    ? Set.of("DmaBufUnmapAttachment", "DmaBufUnmapAttachmentUnlocked") : Set.of("DmaBufUnmapAttachment");
            case "dma_buf_unmap_attachment_unlocked" -> Set.of("DmaBufUnmapAttachmentUnlocked");
            case "dma_buf_pin" -> Set.of("DmaBufPin");
            case "dma_buf_unpin" -> Set.of("DmaBufUnpin");
            case "dma_resv_wait_timeout" -> Set.of("ImporterWaitFences");
            case "dma_resv_add_fence" -> exporter ? Set.of() : Set.of("ImporterSubmitJob");
            case "importer.device_access" -> Set.of("ImporterDeviceAccess");
            case "importer.move_notify" -> v71() ? Set.of() : Set.of("DmaBufMoveNotify");
            case "importer.invalidate_mappings" -> v71() ? Set.of("DmaBufMoveNotify") : Set.of();
            case "dma_fence_signal" -> Set.of("DmaFenceSignalJob", "DmaFenceSignalMove");
            case "exporter.reuse_storage" -> Set.of("DmaBufReleaseOldStorage");
            default -> Set.of();
        };
    }

    private static Set<String> continuations(WalkEvent e) {
        return switch (e.op()) {
            case "dma_buf_attach", "dma_buf_dynamic_attach" -> Set.of("DmaBufAttachListAdd", "DmaBufAttachCacheMap");
            case "dma_buf_detach" -> Set.of("DmaBufDetachListDel");
            case "dma_buf_map_attachment" -> Set.of("ExporterMapCallbackLock");
            case "dma_buf_map_attachment_unlocked" -> Set.of("DmaBufMapAttachmentUnlockedLocked");
            default -> Set.of();
        };
    }

    private boolean isAuxiliary(WalkEvent e) {
        boolean exporter = e.thread().equals(EXPORTER_THREAD);
        return switch (e.op()) {
            case "dma_buf_export", "dma_buf_move_notify", "dma_buf_invalidate_mappings", "exporter.move",
                 "dma_resv_reserve_fences" -> true;
            case "dma_resv_add_fence" -> exporter;
            case "dma_resv_wait_timeout" -> e.ret() instanceof Long r && r == 0;
            default -> false;
        };
    }

    /** At the call's start: the buffer exists, and resv_held is what lockdep would see in the spec state. */
    private boolean startOk(State cf, WalkEvent e) {
        if (!e.op().equals("dma_buf_export") && !e.op().equals("dma_fence_signal") && !cf.aux().exported) {
            return false;
        }
        if (e.resvHeld() == null) {
            return true;
        }
        String me = e.thread().equals(EXPORTER_THREAD) ? c.exporter() : e.thread();
        return cf.s().holder().get(BUF).equals(me) == e.resvHeld();
    }

    private String holderThread(AttachState s) {
        String h = s.holder().get(BUF);
        return h.equals(c.exporter()) ? EXPORTER_THREAD : h;
    }

    /**
     * An event with no spec step of its own (or a failure that changes nothing): its effect on the
     * ids, or null when it cannot happen now. A wait that returned in time may be this too: a
     * read-only look at the fences (nothing KERNEL or WRITE pending) rather than the importer's
     * ImporterWaitFences for a new mapping; the search tries both.
     */
    private OracleAux auxiliary(State cf, WalkEvent e) {
        AttachState s = cf.s();
        OracleAux a = cf.aux().copy();
        if (!e.succeeded()) {
            return ENVIRONMENT.contains(e.result()) ? a : null;
        }
        if (!isAuxiliary(e) && !e.op().equals("dma_resv_wait_timeout")) {
            return null;
        }
        switch (e.op()) {
            case "dma_buf_export" -> {
                if (a.exported || !BUF.equals(e.id("buf"))
                        || !Boolean.valueOf(c.dynamicExporters().contains(BUF)).equals(e.arg("dynamic"))) {
                    return null;
                }
                a.exported = true;
            }
            case "dma_buf_move_notify", "dma_buf_invalidate_mappings" -> {
                if (e.op().equals("dma_buf_invalidate_mappings") != v71() || !s.expPc().equals("notify")
                        || !s.walkTodo().isEmpty()) {
                    return null;
                }
                a.notifyReturned = true;
            }
            case "exporter.move" -> {
                if (!s.expPc().equals("notify") || !s.walkTodo().isEmpty() || a.pendingTo != null
                        || !WalkToTrace.placement(c, s.placement().get(BUF)).equals(e.arg("from"))) {
                    return null;
                }
                a.pendingFrom = (String) e.arg("from");
                a.pendingTo = (String) e.arg("to");
            }
            case "dma_resv_reserve_fences" -> {
                if (!e.thread().equals(holderThread(s))) {
                    return null;
                }
                a.credits.put(e.thread(), (Long) e.arg("num"));
            }
            case "dma_resv_add_fence" -> {   // the exporter's move fence
                if (!EXPORTER_THREAD.equals(holderThread(s)) || a.pendingTo == null || a.moveFence != null
                        || a.credits.getOrDefault(EXPORTER_THREAD, 0L) <= 0 || !"KERNEL".equals(e.arg("usage"))
                        || a.used.contains(e.id("fence"))) {
                    return null;
                }
                a.credits.merge(EXPORTER_THREAD, -1L, Long::sum);
                a.moveFence = e.id("fence");
                a.used.add(e.id("fence"));
            }
            case "dma_resv_wait_timeout" -> {
                // timed out: a KERNEL or WRITE fence (its own job's too) is pending; returned in time: none is
                boolean pending = s.moveFence().get(BUF).equals("pending") || c.importers().stream().anyMatch(o ->
                        s.job().get(o) && c.importerUsage().get(o).equals("write"));
                if (pending != isAuxiliary(e)) {
                    return null;
                }
            }
            default -> {
                return null;
            }
        }
        return a;
    }

    /** The first spec step of a call: the ids it names must be the spec's. */
    private boolean entryMatches(WalkEvent e, String actor, OracleAux a) {
        switch (e.op()) {
            case "dma_buf_attach", "dma_buf_dynamic_attach" -> {
                String id = e.id("attach");
                if (id == null || a.used.contains(id)
                        || e.op().equals("dma_buf_dynamic_attach") != c.dynamicImporters().contains(actor)) {
                    return false;
                }
                a.used.add(id);
                a.attach.put(actor, id);
                return true;
            }
            case "dma_resv_lock", "dma_resv_unlock", "dma_fence_signal", "exporter.reuse_storage", "dma_resv_wait_timeout",
                 "dma_resv_add_fence" -> {
                return true;
            }
            default -> {
                return e.id("attach") != null && e.id("attach").equals(a.attach.get(actor));
            }
        }
    }

    /** The step that completes a call: its results and ids must be those of the spec step. */
    private boolean completes(WalkEvent e, String actor, String action, AttachState pre, AttachState post, OracleAux a) {
        switch (e.op()) {
            case "dma_buf_detach" -> {
                a.attach.remove(actor);
                a.sgt.remove(actor);
                a.cachedSgt.remove(actor);
            }
            case "dma_buf_map_attachment", "dma_buf_map_attachment_unlocked" -> {
                return mapMatches(e, actor, pre, post, a);
            }
            case "dma_buf_unmap_attachment", "dma_buf_unmap_attachment_unlocked" -> {
                if (e.id("sgt") == null || !e.id("sgt").equals(currentSgt(actor, pre, a))) {
                    return false;
                }
                if (post.cached().get(actor).equals(NO_DIR)) {
                    a.sgt.remove(actor);
                }
            }
            case "dma_resv_unlock" -> {
                a.credits.remove(e.thread());
                if (action.equals("DmaBufMove")) {
                    // DmaBufMove publishes the move fence in the same hold: a trace must show its KERNEL add (R6)
                    if (a.pendingTo == null || a.moveFence == null || a.notified > 0 && !a.notifyReturned
                            || !a.pendingTo.equals(WalkToTrace.placement(c, post.placement().get(BUF)))) {
                        return false;
                    }
                    a.moveFences.add(a.moveFence);
                    a.endEviction();
                }
            }
            case "dma_resv_lock" -> {
                if (action.equals("DmaBufEvict")) {
                    a.endEviction();
                }
            }
            case "dma_resv_add_fence" -> {
                String f = e.id("fence");
                if (f == null || a.used.contains(f) || a.credits.getOrDefault(e.thread(), 0L) <= 0
                        || !c.importerUsage().get(actor).toUpperCase().equals(e.arg("usage"))) {
                    return false;
                }
                a.credits.merge(e.thread(), -1L, Long::sum);
                a.used.add(f);
                a.jobFence.put(actor, f);
            }
            case "dma_fence_signal" -> {
                if (action.equals("DmaFenceSignalJob")) {
                    a.jobFence.remove(actor);
                } else {
                    a.moveFences.remove(e.id("fence"));
                }
            }
            case "importer.device_access" -> {
                if (e.id("sgt") == null || !e.id("sgt").equals(currentSgt(actor, pre, a))) {
                    return false;
                }
                return !"WRITE".equals(e.arg("access")) || pre.mapValid().get(actor) || pre.job().get(actor);
            }
            case "importer.move_notify", "importer.invalidate_mappings" -> a.notified++;
            case "exporter.reuse_storage" -> {
                return WalkToTrace.placement(c, pre.moveFrom().get(BUF)).equals(e.arg("placement"));
            }
            case "dma_resv_wait_timeout" -> {
                return e.ret() instanceof Long r && r > 0;
            }
            default -> {
            }
        }
        return e.succeeded();
    }

    private static String currentSgt(String actor, AttachState s, OracleAux a) {
        return !s.cached().get(actor).equals(NO_DIR) && a.cachedSgt.containsKey(actor) ? a.cachedSgt.get(actor) : a.sgt.get(actor);
    }

    private boolean mapMatches(WalkEvent e, String actor, AttachState pre, AttachState post, OracleAux a) {
        String dir = (String) e.arg("dir");
        if (!post.mapped().get(actor)) {   // refused from the cache
            return e.result().equals("EBUSY") && (!dirsModelled || dir != null && !dir.equals(WalkToTrace.dir(pre.cached().get(actor))));
        }
        if (!e.succeeded() || dirsModelled && (dir == null || !dir.equals(WalkToTrace.dir(post.mapDir().get(actor))))) {
            return false;
        }
        String table = e.id("sgt");
        if (table == null) {
            return false;
        }
        if (!pre.cached().get(actor).equals(NO_DIR)) {
            String cached = a.cachedSgt.get(actor);
            if (cached == null) {
                if (a.used.contains(table)) {
                    return false;
                }
                a.cachedSgt.put(actor, table);
                a.used.add(table);
            } else if (!cached.equals(table)) {
                return false;
            }
        } else {
            if (a.used.contains(table)) {
                return false;
            }
            a.used.add(table);
            if (!post.cached().get(actor).equals(NO_DIR)) {
                a.cachedSgt.put(actor, table);
            }
        }
        a.sgt.put(actor, table);
        return true;
    }
}
