package org.dmabufspec.conformance.relation.walk.ww;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;

import org.dmabufspec.conformance.relation.Transition;
import org.dmabufspec.conformance.relation.ww.Pc;
import org.dmabufspec.conformance.relation.ww.WwMutexConstants;
import org.dmabufspec.conformance.relation.ww.WwMutexRelation;
import org.dmabufspec.conformance.relation.ww.WwMutexState;

/**
 * A seeded random walk over the WwMutex relation from Init to Terminated: every step chosen
 * uniformly among the enabled ones of Next. The models are MCWwMutex's constants (contexts p1, p2
 * locking l1, l2 in opposite orders, NULL-context n1 locking l2) and MCWwMutex_Deep's (p3 too,
 * l1 then l2). Every walk of these models finishes (AllThreadsFinish holds under fairness, and a
 * uniform choice is fair with probability 1); a walk that has not after {@link #MAX_STEPS} is an
 * error. A function of (threeContexts, seed).
 */
public record WwWalk(boolean threeContexts, long seed, List<WwWalkStep> steps) {
    static final int MAX_STEPS = 2_000;

    public WwWalk {
        steps = List.copyOf(steps);
    }

    public static WwMutexConstants constants(boolean threeContexts) {
        Map<String, List<String>> order = threeContexts
                ? Map.of("p1", List.of("l1", "l2"), "p2", List.of("l2", "l1"), "p3", List.of("l1", "l2"), "n1", List.of("l2"))
                : Map.of("p1", List.of("l1", "l2"), "p2", List.of("l2", "l1"), "n1", List.of("l2"));
        return new WwMutexConstants(Set.of("l1", "l2"), threeContexts ? Set.of("p1", "p2", "p3") : Set.of("p1", "p2"),
                Set.of("n1"), order, "NoLock");
    }

    public WwMutexConstants constants() {
        return constants(threeContexts);
    }

    public static WwWalk walk(boolean threeContexts, long seed) {
        WwMutexConstants c = constants(threeContexts);
        WwMutexRelation rel = new WwMutexRelation(c, false);
        Random rnd = new Random(seed);
        WwMutexState s = rel.init();
        List<WwWalkStep> steps = new ArrayList<>();
        while (!finished(c, s)) {
            if (steps.size() >= MAX_STEPS) {
                throw new IllegalStateException("ww walk seed " + seed + " unfinished after " + MAX_STEPS + " steps");
            }
            List<WwWalkStep> options = steps(c, rel, s);
            if (options.isEmpty()) {
                throw new IllegalStateException("ww walk seed " + seed + ": deadlock in " + s);
            }
            WwWalkStep st = options.get(rnd.nextInt(options.size()));
            steps.add(st);
            s = st.after();
        }
        return new WwWalk(threeContexts, seed, steps);
    }

    static boolean finished(WwMutexConstants c, WwMutexState s) {
        return c.procs().stream().allMatch(p -> s.pc().get(p) == Pc.DONE);
    }

    /** The enabled steps of Next but Terminated, each with its thread and object, in a stable order. */
    static List<WwWalkStep> steps(WwMutexConstants c, WwMutexRelation rel, WwMutexState s) {
        List<WwWalkStep> out = new ArrayList<>();
        for (Transition<WwMutexState> t : rel.next(s)) {
            if (!t.action().equals("Terminated")) {
                String p = mover(c, s, t.successor());
                out.add(new WwWalkStep(t.action(), p, lockOf(c, t.action(), p, s, t.successor()), s, t.successor()));
            }
        }
        out.sort(Comparator.comparing(WwWalkStep::toString));
        return out;
    }

    /** The thread a step moved: the one whose variables changed (each action changes one thread's). */
    public static String mover(WwMutexConstants c, WwMutexState s, WwMutexState t) {
        for (String p : c.procs()) {
            if (s.pc().get(p) != t.pc().get(p) || !s.idx().get(p).equals(t.idx().get(p)) || !s.held().get(p).equals(t.held().get(p))
                    || !s.contended().get(p).equals(t.contended().get(p)) || !s.stamp().get(p).equals(t.stamp().get(p))) {
                return p;
            }
        }
        throw new IllegalStateException("no thread moved from " + s + " to " + t);
    }

    /** Want(p) == LockOrder[p][idx[p]], or "" past the end. */
    public static String want(WwMutexConstants c, Map<String, List<String>> order, WwMutexState s, String p) {
        List<String> o = order.get(p);
        int i = s.idx().get(p);
        return i <= o.size() ? o.get(i - 1) : "";
    }

    /** The object a step is about: the one locked or waited for, the one released, or "". */
    static String lockOf(WwMutexConstants c, String action, String p, WwMutexState s, WwMutexState t) {
        return switch (action) {
            case "DmaResvLock", "DmaResvLockWake", "DmaResvTrylock", "DmaResvLockDie" -> want(c, c.lockOrder(), s, p);
            case "DmaResvLockSlow" -> s.contended().get(p);
            case "DmaResvUnlockBackoff", "DmaResvUnlock" -> {
                Set<String> gone = new TreeSet<>(s.held().get(p));
                gone.removeAll(t.held().get(p));
                yield gone.iterator().next();
            }
            default -> "";
        };
    }
}
