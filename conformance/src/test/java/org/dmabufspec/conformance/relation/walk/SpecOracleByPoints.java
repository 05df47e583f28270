package org.dmabufspec.conformance.relation.walk;

import static org.dmabufspec.conformance.relation.attach.AttachState.NO_DIR;
import static org.dmabufspec.conformance.relation.walk.WalkToTrace.BUF;
import static org.dmabufspec.conformance.relation.walk.WalkToTrace.EXPORTER_THREAD;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.dmabufspec.conformance.checker.Violation;
import org.dmabufspec.conformance.checker.search.LinearizationSearch;
import org.dmabufspec.conformance.checker.search.Step;
import org.dmabufspec.conformance.checker.search.TraceSemantics;
import org.dmabufspec.conformance.relation.Transition;
import org.dmabufspec.conformance.relation.attach.AttachConstants;
import org.dmabufspec.conformance.relation.attach.AttachState;
import org.dmabufspec.conformance.relation.attach.DmaBufAttachRelation;

/** The oracle before its port onto OracleSearch, verbatim but for its name: the cross-check of the port (removed once it agreed).
 *
 * <p>Former documentation:
 * Decides with the DmaBufAttach spec itself (its Java relation) whether a trace in
 * {@link WalkToTrace}'s vocabulary is a behaviour of the spec: the reading of the mapping table
 * backwards, as a search over the relation.
 *
 * <p>Concurrency as the checker reads it: each event's spec steps happen between its start and its
 * end. The walk over points ({@link #checkByPoints}) walks the start and end points in time order with a set of configurations (spec
 * state, ids, progress of each call in flight); between two points any call in flight may take its
 * next spec step, and any hidden step may happen. At an end point the call must have completed
 * (its importer back at rest); an empty set rejects the event of that point.
 *
 * <p>Hidden steps (the fast engine's allowance for partial observation): DmaFenceSignalMove and
 * DmaFenceSignalJob (unlogged fence signals), DmaBufMoveNotify (importer callbacks are optional
 * events), ImporterSubmitJob of a static importer (whose driver's jobs are not logged); the KERNEL
 * fence an eviction adds may be unlogged too (the exporter's move fence). Directions are compared only where the spec models them (MapDirs: a cache_sgt exporter
 * before 6.15); elsewhere the spec maps BIDIRECTIONAL for every direction.
 *
 * <p>{@link #check} decides with the fast checker's generic linearization search: the relation as a
 * {@link TraceSemantics} whose calls are in flight between a step at their start and their
 * completion. {@link #checkByPoints}, the walk over start and end points described above, is kept
 * as its cross-check.
 */
public final class SpecOracleByPoints {
    /** Failures that change nothing in the kernel (as the checker's ENVIRONMENT_ERRORS). */
    private static final Set<String> ENVIRONMENT = Set.of("ENOMEM", "EINTR", "ERESTARTSYS", "EAGAIN");
    private static final int NOT_STARTED = 0;
    private static final int IN_PROGRESS = 1;
    private static final int DONE = 2;
    private static final int MAX_CONFIGS = 200_000;
    /** Spec steps a trace may leave out: fence signals, and the importer callbacks of a logged dma_buf_move_notify. */
    private static final Set<String> HIDDEN = Set.of("DmaFenceSignalMove", "DmaFenceSignalJob", "DmaBufMoveNotify");

    /** The verdict: accepted, or the index (file order) of the first event no configuration explains and why. */
    public record Verdict(boolean accepted, int rejectedIndex, String why) {
    }

    /** Immutable: the generic search's steps return fresh configurations (Step.Branches), so its copy is the identity. */
    private record Config(AttachState s, OracleAux aux, Map<Integer, Integer> open) {
    }

    private record Point(long time, boolean start, int event) {
    }

    /** An event of the trace and its index in file order (the generic search's seq). */
    private record Call(int index, WalkEvent event) {
    }

    private final AttachConstants c;
    private final DmaBufAttachRelation rel;
    private final StepActor actors;
    private final boolean dirsModelled;
    private List<WalkEvent> events;

    public SpecOracleByPoints(WalkConfig config) {
        this.c = config.constants();
        this.rel = new DmaBufAttachRelation(c, false);
        this.actors = new StepActor(c);
        this.dirsModelled = (c.kernelBehaviour().equals("6.1") || c.kernelBehaviour().equals("6.2"))
                && c.cacheSgtExporters().contains(BUF);
    }

    /**
     * The oracle's first algorithm, kept as a cross-check of {@link #check}: a set of
     * configurations carried over the start and end points in time order, closed under hidden
     * steps at each end point. Same verdicts and rejected events ({@code SpecOracleSearchTest}).
     */
    public Verdict checkByPoints(List<WalkEvent> trace) {
        this.events = trace;
        List<Point> points = new ArrayList<>();
        for (int i = 0; i < trace.size(); i++) {
            points.add(new Point(trace.get(i).start(), true, i));
            points.add(new Point(trace.get(i).end(), false, i));
        }
        points.sort(Comparator.comparingLong(Point::time).thenComparing(p -> !p.start()).thenComparingInt(Point::event));
        Set<Config> configs = new LinkedHashSet<>();
        configs.add(new Config(rel.initialStates().orElseThrow().iterator().next(), new OracleAux(), Map.of()));
        for (Point p : points) {
            Set<Config> next = new LinkedHashSet<>();
            for (Config cf : p.start() ? configs : closure(configs)) {
                if (p.start()) {
                    if (startOk(cf, p.event())) {
                        Map<Integer, Integer> open = new HashMap<>(cf.open());
                        open.put(p.event(), NOT_STARTED);
                        next.add(new Config(cf.s(), cf.aux(), Map.copyOf(open)));
                    }
                } else if (cf.open().get(p.event()) == DONE) {
                    Map<Integer, Integer> open = new HashMap<>(cf.open());
                    open.remove(p.event());
                    next.add(new Config(cf.s(), cf.aux(), Map.copyOf(open)));
                }
            }
            if (next.isEmpty()) {
                return new Verdict(false, p.event(), (p.start() ? "cannot start: " : "no spec step explains it: ") + trace.get(p.event()));
            }
            configs = next;
        }
        return new Verdict(true, -1, "");
    }

    /**
     * The decision, by the generic {@link LinearizationSearch} (the fast checker's search) with
     * the relation as its {@link TraceSemantics}: calls begin at their start and complete at a
     * point the search chooses (see {@link Semantics}). A rejection names the call no candidate
     * got past (the divergence's stuck event), as the walk over points ({@link #checkByPoints}) does.
     */
    public Verdict check(List<WalkEvent> trace) {
        this.events = trace;
        closures.clear();
        successors.clear();
        List<Call> calls = new ArrayList<>(trace.size());
        for (int i = 0; i < trace.size(); i++) {
            calls.add(new Call(i, trace.get(i)));
        }
        calls.sort(Comparator.comparingLong((Call k) -> k.event().start()).thenComparingInt(Call::index));
        Config initial = new Config(rel.initialStates().orElseThrow().iterator().next(), new OracleAux(), Map.of());
        LinearizationSearch<Config, Call> search = new LinearizationSearch<>(new Semantics(), initial, false, false, false,
                MAX_CONFIGS, "walk");
        try {
            for (Call k : calls) {
                if (!search.admit(k)) {
                    return rejected(search);
                }
            }
            if (!search.finish()) {
                return rejected(search);
            }
        } catch (LinearizationSearch.BoundExceeded b) {
            throw new IllegalStateException("oracle search exceeded " + MAX_CONFIGS + " configurations: " + b.getMessage());
        }
        return new Verdict(true, -1, "");
    }

    private static Verdict rejected(LinearizationSearch<Config, Call> search) {
        LinearizationSearch.Divergence<Call> d = search.divergence();
        // the call no candidate got past (where the point walk dies), else the earliest refused one
        Call k = d == null || d.event() == null ? search.firstPending() : d.stuck() != null ? d.stuck() : d.event();
        boolean atStart = d != null && d.event() != null && d.atStart();
        return new Verdict(false, k.index(), (atStart ? "cannot start: " : "no spec step explains it: ") + k.event());
    }

    // ---- the semantics ----------------------------------------------------------------------

    /** Closures met in this check (a completion of each pending call starts from the same configurations). */
    private final Map<Config, Set<Config>> closures = new LinkedHashMap<>(64, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Config, Set<Config>> eldest) {
            return size() > 256;
        }
    };

    /**
     * The hidden steps and steps of open calls from each configuration met in this check: the
     * search closes each candidate on its own (the point walk closes the whole set at once), so
     * the relation's successors are computed once per configuration, not once per closure.
     */
    private final Map<Config, List<Config>> successors = new HashMap<>();

    private Set<Config> closureOf(Config root) {
        Set<Config> seen = new LinkedHashSet<>();
        seen.add(root);
        Deque<Config> todo = new ArrayDeque<>();
        todo.push(root);
        while (!todo.isEmpty()) {
            Config cf = todo.pop();
            List<Config> succ = successors.get(cf);
            if (succ == null) {
                succ = new ArrayList<>(hidden(cf));
                for (Map.Entry<Integer, Integer> o : cf.open().entrySet()) {
                    if (o.getValue() != DONE) {
                        succ.addAll(advance(cf, o.getKey(), o.getValue()));
                    }
                }
                successors.put(cf, succ);
                if (successors.size() > MAX_CONFIGS) {
                    throw new IllegalStateException("oracle search exceeded " + MAX_CONFIGS + " configurations");
                }
            }
            for (Config n : succ) {
                if (seen.add(n)) {
                    todo.push(n);
                }
            }
        }
        return seen;
    }

    private static final Object[] NONE = new Object[0];

    /**
     * The DmaBufAttach relation as the generic search's semantics. A call takes several spec
     * steps between its start and end, interleaved with other calls' steps, so it is in flight:
     * {@link #begin} adds it to the configuration's open calls at its start (refused when the
     * buffer is not exported yet or resv_held contradicts the spec's lock holder); its spec steps,
     * like every other open call's and the unlogged ones (HIDDEN), are hidden steps of the
     * semantics; the search's step of the event is its completion: a configuration reached by
     * hidden steps in which the call is done, the call then leaving the open set. The search
     * tries the orders of overlapping completions; since completing only removes a call from the
     * open set, that accepts what the walk over start and end points in time order accepts.
     */
    private final class Semantics implements TraceSemantics<Config, Call> {
        @Override
        public long start(Call k) {
            return k.event().start();
        }

        @Override
        public long end(Call k) {
            return k.event().end();
        }

        @Override
        public long seq(Call k) {
            return k.index();
        }

        @Override
        public long line(Call k) {
            return k.index() + 1L;
        }

        @Override
        public Object thread(Call k) {
            return k.event().thread();
        }

        @Override
        public Config copy(Config cf) {
            return cf;
        }

        @Override
        public Object[] followUps(Call k) {
            return NONE;
        }

        @Override
        public boolean begins() {
            return true;
        }

        /** The call's start: the buffer exists, resv_held is what lockdep would see; the call is then open. */
        @Override
        public Step<Config> begin(Config cf, Call k) {
            if (!startOk(cf, k.index())) {
                return new Step.Refusal<>(List.of(new Violation("STATE", "the call cannot start in this spec state "
                        + "(the buffer is not exported yet, or resv_held is not what the spec's lock holder says)")));
            }
            Map<Integer, Integer> open = new HashMap<>(cf.open());
            open.put(k.index(), NOT_STARTED);
            return new Step.Successors<>(List.of(new Config(cf.s(), cf.aux(), Map.copyOf(open))), 0);
        }

        /** The call's completion: any hidden steps and steps of open calls, after which this call is done. */
        @Override
        public Step<Config> apply(Config cf, Call k, Object part) {
            Set<Config> closed = closures.get(cf);
            if (closed == null) {
                closed = closureOf(cf);
                closures.put(cf, closed);
            }
            Set<Config> out = new LinkedHashSet<>();
            for (Config x : closed) {
                if (x.open().get(k.index()) == DONE) {
                    Map<Integer, Integer> open = new HashMap<>(x.open());
                    open.remove(k.index());
                    out.add(new Config(x.s(), x.aux(), Map.copyOf(open)));
                }
            }
            if (out.isEmpty()) {
                return new Step.Refusal<>(List.of(new Violation("STATE", "no sequence of DmaBufAttach steps from this state completes the call")));
            }
            return new Step.Successors<>(List.copyOf(out), 0);
        }

        @Override
        public String where(Call k, Object part) {
            return "event " + k.index() + " " + k.event();
        }

        @Override
        public String describe(Config cf, List<Call> refused) {
            return "spec state " + cf.s() + "\ncalls in flight (event: 0 not started, 1 in progress, 2 done) " + cf.open();
        }
    }

    // ---- the search -------------------------------------------------------------------------

    private Set<Config> closure(Set<Config> from) {
        Set<Config> seen = new LinkedHashSet<>(from);
        Deque<Config> todo = new ArrayDeque<>(from);
        while (!todo.isEmpty()) {
            Config cf = todo.pop();
            List<Config> succ = new ArrayList<>(hidden(cf));
            for (Map.Entry<Integer, Integer> o : cf.open().entrySet()) {
                if (o.getValue() != DONE) {
                    succ.addAll(advance(cf, o.getKey(), o.getValue()));
                }
            }
            for (Config n : succ) {
                if (seen.add(n)) {
                    todo.push(n);
                }
            }
            if (seen.size() > MAX_CONFIGS) {
                throw new IllegalStateException("oracle search exceeded " + MAX_CONFIGS + " configurations");
            }
        }
        return seen;
    }

    private List<Config> hidden(Config cf) {
        List<Config> out = new ArrayList<>();
        for (Transition<AttachState> t : rel.next(cf.s())) {
            String actor = actors.of(t, cf.s());
            boolean unloggedJob = t.action().equals("ImporterSubmitJob") && !c.dynamicImporters().contains(actor);
            if (HIDDEN.contains(t.action()) || unloggedJob) {
                OracleAux aux = cf.aux().copy();
                if (t.action().equals("DmaFenceSignalJob")) {
                    aux.jobFence.remove(actor);
                }
                out.add(new Config(t.successor(), aux, cf.open()));
            }
        }
        return out;
    }

    private Config with(Config cf, AttachState s, OracleAux aux, int event, int phase) {
        Map<Integer, Integer> open = new HashMap<>(cf.open());
        open.put(event, phase);
        return new Config(s, aux, Map.copyOf(open));
    }

    /** The next step of call {@code i}: an auxiliary event's whole effect, or one spec step. */
    private List<Config> advance(Config cf, int i, int phase) {
        WalkEvent e = events.get(i);
        List<Config> out = new ArrayList<>();
        OracleAux aux = phase == NOT_STARTED ? auxiliary(cf, e) : null;
        if (aux != null) {
            out.add(with(cf, cf.s(), aux, i, DONE));
        }
        if (!e.succeeded() && !e.result().equals("EBUSY") || isAuxiliary(e)) {
            return out;
        }
        String actor = actor(cf, e);
        if (actor == null) {
            return out;
        }
        Set<String> labels = phase == NOT_STARTED ? entries(e) : continuations(e);
        for (Transition<AttachState> t : rel.next(cf.s())) {
            if (!labels.contains(t.action()) || !actors.of(t, cf.s()).equals(actor)) {
                continue;
            }
            OracleAux a = cf.aux().copy();
            if (phase == NOT_STARTED && !entryMatches(e, actor, a)) {
                continue;
            }
            boolean done = StepActor.BUFFER_ACTIONS.contains(t.action()) || actor.equals(c.exporter()) || atRest(t.successor(), actor);
            if (done && !completes(e, actor, t.action(), cf.s(), t.successor(), a)) {
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
    private String actor(Config cf, WalkEvent e) {
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
    private boolean startOk(Config cf, int i) {
        WalkEvent e = events.get(i);
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
    private OracleAux auxiliary(Config cf, WalkEvent e) {
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
