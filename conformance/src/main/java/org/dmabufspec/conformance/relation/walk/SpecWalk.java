package org.dmabufspec.conformance.relation.walk;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.List;
import java.util.Random;
import java.util.Set;

import org.dmabufspec.conformance.relation.Transition;
import org.dmabufspec.conformance.relation.attach.AttachState;
import org.dmabufspec.conformance.relation.attach.DmaBufAttachRelation;

/**
 * A seeded random walk over the DmaBufAttach relation: {@code length} steps chosen uniformly among
 * the enabled ones, then a drain that lets every call in flight (an attach between list_add and
 * its attach-time map, an eviction between move_notify and the move ...) return, so that every
 * logged call has ended. The walk is a function of (config, seed, length): a failing walk is
 * replayed from those and shortened by asking for fewer steps.
 *
 * <p>One restriction keeps the walk inside what a trace can show: a dynamic importer submits a job
 * only while it holds the reservation lock (its dma_resv_add_fence needs the lock; the spec lets it
 * submit unlocked, which is still a behaviour of the spec, just not one this walk takes).
 */
public record SpecWalk(WalkConfig config, long seed, int length, List<WalkStep> steps) {
    /** Calls that start a new call; not taken while draining. */
    private static final Set<String> ENTRIES = Set.of("DmaBufAttach", "DmaBufDetach", "DmaBufMapAttachmentUnlocked",
            "DmaBufMapAttachment61", "DmaResvLock", "DmaBufEvict", "DmaBufMapAttachment", "DmaBufUnmapAttachment",
            "DmaBufUnmapAttachmentUnlocked", "DmaBufPin", "DmaBufUnpin", "ImporterSubmitJob", "ImporterDeviceAccess");
    private static final int MAX_DRAIN = 200;

    public SpecWalk {
        steps = List.copyOf(steps);
    }

    public static SpecWalk walk(WalkConfig config, long seed, int length) {
        DmaBufAttachRelation rel = new DmaBufAttachRelation(config.constants(), false);
        StepActor actors = new StepActor(config.constants());
        Random rnd = new Random(seed);
        AttachState s = rel.initialStates().orElseThrow().iterator().next();
        List<WalkStep> steps = new ArrayList<>();
        for (int i = 0; i < length; i++) {
            List<WalkStep> options = options(rel, actors, s, false);
            if (options.isEmpty()) {
                break;
            }
            WalkStep st = options.get(rnd.nextInt(options.size()));
            steps.add(st);
            s = st.after();
        }
        for (int i = 0; !quiescent(s) && i < MAX_DRAIN; i++) {
            List<WalkStep> options = options(rel, actors, s, true);
            if (options.isEmpty()) {
                throw new IllegalStateException("walk " + config + " seed " + seed + ": a call in flight cannot return in " + s);
            }
            WalkStep st = options.get(rnd.nextInt(options.size()));
            steps.add(st);
            s = st.after();
        }
        if (!quiescent(s)) {
            throw new IllegalStateException("walk " + config + " seed " + seed + ": calls still in flight after " + MAX_DRAIN + " drain steps");
        }
        return new SpecWalk(config, seed, length, steps);
    }

    /** The same walk with {@code n} random steps (then drained): shrinking drops a suffix. */
    public SpecWalk shortened(int n) {
        return walk(config, seed, Math.min(n, length));
    }

    public AttachState last() {
        return steps.get(steps.size() - 1).after();
    }

    private static List<WalkStep> options(DmaBufAttachRelation rel, StepActor actors, AttachState s, boolean draining) {
        List<WalkStep> out = new ArrayList<>();
        for (Transition<AttachState> t : rel.next(s)) {
            String actor = actors.of(t, s);
            if (t.action().equals("ImporterSubmitJob") && rel.constants().dynamicImporters().contains(actor)
                    && !s.pc().get(actor).equals("locked")) {
                continue;
            }
            if (draining && ENTRIES.contains(t.action()) && !(t.action().equals("DmaBufMapAttachment61") && inFlight(s, actor))) {
                continue;
            }
            out.add(new WalkStep(t.action(), actor, s, t.successor()));
        }
        // the relation's order follows Set.of iteration, which differs between JVM runs: sort, so a seed replays
        out.sort(Comparator.comparing((WalkStep w) -> w.action()).thenComparing(WalkStep::actor)
                .thenComparing(w -> canonical(w.after())));
        return out;
    }

    /** The state with every map and set in sorted order. */
    static String canonical(AttachState s) {
        return List.of(s.holder(), s.attachments(), s.importerOps(), s.pc(), s.mapping(), s.mapped(), s.mapDir(),
                        s.cached(), s.mapValid(), s.mapReady(), s.job(), s.corePin(), s.importerPin(), s.placement(), s.storage(),
                        s.moveFence(), s.moveFrom(), s.moveWaits(), s.expPc(), s.expBuf(), s.walkSnapshot(), s.walkTodo(),
                        s.lastAccess()).stream().map(SpecWalk::sorted).toList().toString();
    }

    private static String sorted(Object o) {
        if (o instanceof Map<?, ?> m) {
            Map<String, String> t = new TreeMap<>();
            m.forEach((k, v) -> t.put(String.valueOf(k), sorted(v)));
            return t.toString();
        }
        if (o instanceof Set<?> set) {
            return new TreeSet<>(set.stream().map(String::valueOf).toList()).toString();
        }
        return String.valueOf(o);
    }

    private static boolean inFlight(AttachState s, String importer) {
        String pc = s.pc().get(importer);
        return !(pc.equals("detached") || pc.equals("attached") || pc.equals("locked"));
    }

    /** No call in flight: every importer at rest (a held lock is fine) and the exporter idle. */
    static boolean quiescent(AttachState s) {
        return s.expPc().equals("idle") && s.pc().keySet().stream().noneMatch(a -> inFlight(s, a));
    }
}
