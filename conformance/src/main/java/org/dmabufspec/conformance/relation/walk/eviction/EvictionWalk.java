package org.dmabufspec.conformance.relation.walk.eviction;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.function.Predicate;

import org.dmabufspec.conformance.relation.SpecRelation;
import org.dmabufspec.conformance.relation.Transition;
import org.dmabufspec.conformance.relation.eviction.WwEvictionConstants;
import org.dmabufspec.conformance.relation.eviction.WwEvictionRelation;
import org.dmabufspec.conformance.relation.eviction.WwEvictionState;

/**
 * A seeded random walk over DmaBufWwEviction's Next from Init: every step chosen uniformly among
 * the enabled ones but the stuttering Terminated. The model is MCDmaBufWwEviction.cfg's: i1
 * (dynamic, pins b1 for scanout) evicts b2, i2 (static, pinned on map, waits for KERNEL fences
 * inside map) evicts b1, one interrupt. Every walk of the spec's own relation finishes (the model
 * checks AllImportersFinish under fairness); a walk of a wrong copy stops where it finishes,
 * deadlocks, reaches {@code stop} or {@code maxSteps}.
 */
public record EvictionWalk(long seed, List<EvictionWalkStep> steps) {
    static final int MAX_STEPS = 2_000;

    public EvictionWalk {
        steps = List.copyOf(steps);
    }

    public static WwEvictionConstants constants() {
        return new WwEvictionConstants(Set.of("b1", "b2"), Set.of("i1", "i2"), Map.of("i1", "b1", "i2", "b2"),
                Map.of("i1", "b2", "i2", "b1"), Set.of("i2"), Set.of("i1"), 1, "NoLock");
    }

    public static EvictionWalk walk(long seed) {
        EvictionWalk w = walk(new WwEvictionRelation(constants()), seed, MAX_STEPS, s -> false);
        if (!finished(w.steps().isEmpty() ? null : w.steps().get(w.steps().size() - 1).after())) {
            throw new IllegalStateException("eviction walk seed " + seed + " did not finish: " + w.steps());
        }
        return w;
    }

    /** A walk of {@code rel} (the spec or a wrong copy of it) that stops after the first step reaching {@code stop}, or a drained end. */
    public static EvictionWalk walk(SpecRelation<WwEvictionState> rel, long seed, int maxSteps, Predicate<WwEvictionState> stop) {
        return walk(rel, seed, maxSteps, stop, false);
    }

    /**
     * With {@code slowCopies}, a move fence signals only when nothing else can happen (a slow copy
     * engine, a schedule fairness allows): the states where a move is pending last longer.
     */
    public static EvictionWalk walk(SpecRelation<WwEvictionState> rel, long seed, int maxSteps, Predicate<WwEvictionState> stop,
                                    boolean slowCopies) {
        WwEvictionConstants c = constants();
        Random rnd = new Random(seed);
        WwEvictionState s = rel.initialStates().orElseThrow().iterator().next();
        List<EvictionWalkStep> steps = new ArrayList<>();
        while (!finished(s) && steps.size() < maxSteps) {
            List<EvictionWalkStep> options = options(c, rel, s);
            if (slowCopies && options.stream().anyMatch(o -> !o.action().equals("DmaFenceSignalMove"))) {
                options = options.stream().filter(o -> !o.action().equals("DmaFenceSignalMove")).toList();
            }
            if (options.isEmpty()) {
                break;
            }
            EvictionWalkStep st = options.get(rnd.nextInt(options.size()));
            steps.add(st);
            s = st.after();
            if (stop.test(s)) {
                break;
            }
        }
        return new EvictionWalk(seed, steps);
    }

    static boolean finished(WwEvictionState s) {
        return s != null && s.pc().values().stream().allMatch("done"::equals)
                && s.moveFence().values().stream().noneMatch("pending"::equals);
    }

    /** The enabled steps but Terminated, in a stable order. */
    public static List<EvictionWalkStep> options(WwEvictionConstants c, SpecRelation<WwEvictionState> rel, WwEvictionState s) {
        List<EvictionWalkStep> out = new ArrayList<>();
        for (Transition<WwEvictionState> t : rel.next(s)) {
            if (!t.action().equals("Terminated")) {
                out.add(new EvictionWalkStep(t.action(), mover(c, t.action(), s, t.successor()), s, t.successor()));
            }
        }
        out.sort(Comparator.comparing(EvictionWalkStep::toString).thenComparing(o -> o.after().toString()));
        return out;
    }

    /** The importer a step moved (each importer action changes that importer's pc or held), or the buffer whose fence signalled. */
    static String mover(WwEvictionConstants c, String action, WwEvictionState s, WwEvictionState t) {
        if (action.equals("DmaFenceSignalMove")) {
            return c.bufferList().stream().filter(b -> !s.moveFence().get(b).equals(t.moveFence().get(b))).findFirst()
                    .orElseThrow(() -> new IllegalStateException("no fence signalled from " + s + " to " + t));
        }
        for (String a : c.importerList()) {
            if (!s.pc().get(a).equals(t.pc().get(a)) || !s.held().get(a).equals(t.held().get(a))
                    || !s.call().get(a).equals(t.call().get(a))) {
                return a;
            }
        }
        throw new IllegalStateException("no importer moved in " + action + " from " + s + " to " + t);
    }
}
