package org.dmabufspec.conformance.relation.walk.cpu;

import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Predicate;

import org.dmabufspec.conformance.relation.SpecRelation;
import org.dmabufspec.conformance.relation.Transition;
import org.dmabufspec.conformance.relation.cpu.CpuDeviceAccessState;

/**
 * A seeded random walk over DmaBufCpuDeviceAccess (its Java relation, or a mutant of it):
 * {@code length} steps chosen uniformly among the enabled ones, then a drain that lets every call
 * in flight return (the exporter's eviction releases the reservation, a faulting access gets its
 * PTEs, a move's copy completes). A function of (config, relation, seed, length): replayed from those, shortened by asking
 * for fewer steps. Every action of the spec is logged by some call, so no restriction is needed.
 */
public record CpuWalk(CpuWalkConfig config, long seed, int length, List<CpuWalkStep> steps) {
    /** Steps that let a call in flight return, or the signals they wait for: the only ones taken while draining. */
    static final Set<String> DRAIN = Set.of("TtmBoUnmapVirtual", "ExporterMoveNotify", "ExporterMove", "TtmBoVmFault",
            "DevSignalJob", "DevSignalMove", "DevTlbFlushComplete", "DevReleaseOldStorage");
    private static final int MAX_DRAIN = 200;

    public CpuWalk {
        steps = List.copyOf(steps);
    }

    public static CpuWalk walk(CpuWalkConfig config, long seed, int length) {
        return walk(config, config.relation(), seed, length);
    }

    public static CpuWalk walk(CpuWalkConfig config, SpecRelation<CpuDeviceAccessState> rel, long seed, int length) {
        return walk(config, rel, seed, length, s -> false);
    }

    /** As above, stopping the random part at the first state {@code stop} holds for (then draining). */
    public static CpuWalk walk(CpuWalkConfig config, SpecRelation<CpuDeviceAccessState> rel, long seed, int length,
                               Predicate<CpuDeviceAccessState> stop) {
        Random rnd = new Random(seed);
        CpuDeviceAccessState s = rel.initialStates().orElseThrow().iterator().next();
        List<CpuWalkStep> steps = new ArrayList<>();
        for (int i = 0; i < length && !stop.test(s); i++) {
            List<CpuWalkStep> options = options(rel, s, false);
            if (options.isEmpty()) {
                break;
            }
            CpuWalkStep st = options.get(rnd.nextInt(options.size()));
            steps.add(st);
            s = st.after();
        }
        steps.addAll(drain(rel, s, rnd, "walk " + config + " seed " + seed));
        return new CpuWalk(config, seed, length, steps);
    }

    /** Drain steps from {@code s} until no call is in flight. */
    static List<CpuWalkStep> drain(SpecRelation<CpuDeviceAccessState> rel, CpuDeviceAccessState s, Random rnd, String what) {
        List<CpuWalkStep> steps = new ArrayList<>();
        for (int i = 0; !quiescent(s) && i < MAX_DRAIN; i++) {
            List<CpuWalkStep> options = options(rel, s, true);
            if (options.isEmpty()) {
                throw new IllegalStateException(what + ": a call in flight cannot return in " + s);
            }
            CpuWalkStep st = options.get(rnd.nextInt(options.size()));
            steps.add(st);
            s = st.after();
        }
        if (!quiescent(s)) {
            throw new IllegalStateException(what + ": calls still in flight after " + MAX_DRAIN + " drain steps");
        }
        return steps;
    }

    /** The same walk with {@code n} random steps (then drained): shrinking drops a suffix. */
    public CpuWalk shortened(int n) {
        return walk(config, seed, Math.min(n, length));
    }

    public CpuDeviceAccessState last() {
        return steps.get(steps.size() - 1).after();
    }

    /** The enabled steps, sorted so that a seed replays (the relation's maps iterate in a JVM-dependent order). */
    static List<CpuWalkStep> options(SpecRelation<CpuDeviceAccessState> rel, CpuDeviceAccessState s, boolean draining) {
        List<CpuWalkStep> out = new ArrayList<>();
        for (Transition<CpuDeviceAccessState> t : rel.next(s)) {
            if (!draining || DRAIN.contains(t.action())) {
                out.add(new CpuWalkStep(t.action(), s, t.successor()));
            }
        }
        out.sort(Comparator.comparing(CpuWalkStep::action).thenComparing(w -> canonical(w.after())));
        return out;
    }

    /**
     * No call in flight: the exporter holds no reservation, no access waits in the fault handler,
     * and no move's copy is pending (so a trace shows the move fence's signal after whatever the
     * walk did while it was pending, rather than leaving the checker free to assume it earlier).
     */
    static boolean quiescent(CpuDeviceAccessState s) {
        return s.device().expBuf().values().stream().allMatch("nobuf"::equals)
                && s.faulting().values().stream().allMatch("nokind"::equals)
                && s.device().moveFence().values().stream().noneMatch("pending"::equals);
    }

    /** The state with every map and set in sorted order. */
    public static String canonical(Object o) {
        if (o instanceof Map<?, ?> m) {
            Map<String, String> t = new TreeMap<>();
            m.forEach((k, v) -> t.put(canonical(k), canonical(v)));
            return t.toString();
        }
        if (o instanceof Set<?> set) {
            return new TreeSet<>(set.stream().map(CpuWalk::canonical).toList()).toString();
        }
        if (o instanceof Optional<?> opt) {
            return opt.map(CpuWalk::canonical).orElse("none");
        }
        if (o instanceof Record r) {
            StringBuilder b = new StringBuilder("(");
            for (RecordComponent c : r.getClass().getRecordComponents()) {
                try {
                    b.append(canonical(c.getAccessor().invoke(r))).append(';');
                } catch (ReflectiveOperationException e) {
                    throw new IllegalStateException(e);
                }
            }
            return b.append(')').toString();
        }
        return String.valueOf(o);
    }
}
