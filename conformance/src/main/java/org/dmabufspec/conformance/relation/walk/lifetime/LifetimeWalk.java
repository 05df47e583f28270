package org.dmabufspec.conformance.relation.walk.lifetime;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.function.Predicate;

import org.dmabufspec.conformance.relation.SpecRelation;
import org.dmabufspec.conformance.relation.Transition;
import org.dmabufspec.conformance.relation.lifetime.LifetimeConstants;
import org.dmabufspec.conformance.relation.lifetime.LifetimeRelation;
import org.dmabufspec.conformance.relation.lifetime.LifetimeState;

/**
 * A seeded random walk over DmaBufLifetime's Next (or a wrong copy of it): {@code length} steps,
 * then a drain until no call is in flight (an attach or map waiting, a fence waiter asleep, a
 * signaller in its callback loop). Models: MCDmaBufLifetime_6_2_Attach's constants (one importer,
 * Kernel "6.2", no waiter) and MCDmaBufLifetime_6_15's without its /proc reader (one importer, one
 * interruptible waiter, Kernel "6.15"); ReleaseTakesFenceLock TRUE in both.
 *
 * <p>Left out of the walks, because the trace cannot show them: ProcFdLink and DmaBufDname (a
 * /proc/&lt;pid&gt;/fd reader's dentry reference and dmabuffs_dname are not traced calls, and a
 * buffer released by the dentry's last reference would have no traced call to log its release
 * in); DmaResvDropSignalled (the model drops the signalled fence from the reservation object
 * with no call: the format has no op for a prune, and the checker would then take the fence's
 * last put for one while the table holds it, F9).
 */
public record LifetimeWalk(String model, long seed, int length, List<LifetimeWalkStep> steps) {
    public static final Set<String> UNTRACEABLE = Set.of("ProcFdLink", "DmaBufDname", "DmaResvDropSignalled");
    static final Set<String> DRAIN = Set.of("AttachWaitDone", "AttachWaitInterrupted", "MapWaitDone", "MapWaitInterrupted",
            "DmaFenceWaitWake", "DmaFenceWaitInterrupted", "DmaFenceWaitCb", "DmaFenceSignalDone", "DmaBufPollCb",
            "ImporterFenceCb", "DmaFenceSignal");
    private static final int MAX_DRAIN = 100;
    /** Actions that end the interesting part early (the signal, the close, the producer's put): redrawn up to REDRAWS times at odds 1 - 1/HASTY_ODDS. */
    static final Set<String> HASTY = Set.of("DmaFenceSignal", "CloseFd", "ProducerPut");
    private static final int HASTY_ODDS = 2;
    private static final int REDRAWS = 3;

    public LifetimeWalk {
        steps = List.copyOf(steps);
    }

    /** The two default models by name. */
    public static final List<String> MODELS = List.of("6_2_Attach", "6_15");

    public static LifetimeConstants constants(String model) {
        return switch (model) {
            case "6_2_Attach" -> new LifetimeConstants(Set.of("i1"), Set.of(), Set.of(), "6.2", true);
            case "6_15" -> new LifetimeConstants(Set.of("i1"), Set.of("w1"), Set.of(), "6.15", true);
            default -> throw new IllegalArgumentException("no lifetime walk model " + model);
        };
    }

    public static LifetimeWalk walk(String model, long seed, int length) {
        return walk(model, new LifetimeRelation(constants(model), false), seed, length, s -> false);
    }

    /** A walk of {@code rel} that stops early (then drains) once {@code stop} holds. */
    public static LifetimeWalk walk(String model, SpecRelation<LifetimeState> rel, long seed, int length, Predicate<LifetimeState> stop) {
        LifetimeConstants c = constants(model);
        Random rnd = new Random(seed);
        LifetimeState s = rel.initialStates().orElseThrow().iterator().next();
        List<LifetimeWalkStep> steps = new ArrayList<>();
        for (int i = 0; i < length && !stop.test(s); i++) {
            List<LifetimeWalkStep> options = options(c, rel, s);
            if (options.isEmpty()) {
                break;
            }
            LifetimeWalkStep st = options.get(rnd.nextInt(options.size()));
            for (int r = 0; r < REDRAWS && HASTY.contains(st.action()) && rnd.nextInt(HASTY_ODDS) != 0; r++) {
                st = options.get(rnd.nextInt(options.size()));   // redraws: the paths before the signal and the close stay reachable
            }
            steps.add(st);
            s = st.after();
        }
        for (int i = 0; inFlight(s); i++) {
            List<LifetimeWalkStep> options = options(c, rel, s).stream().filter(o -> DRAIN.contains(o.action())).toList();
            if (options.isEmpty() || i >= MAX_DRAIN) {
                throw new IllegalStateException("lifetime walk seed " + seed + ": a call in flight cannot return in " + s);
            }
            LifetimeWalkStep st = options.get(rnd.nextInt(options.size()));
            steps.add(st);
            s = st.after();
        }
        return new LifetimeWalk(model, seed, length, steps);
    }

    /** Actions that take a reference or arm something: a teardown takes none of them. */
    static final Set<String> ADDING = Set.of("DmaBufGet", "DmaBufAttach", "DmaBufMapAttachment", "ImporterAddCallback", "DmaBufPoll",
            "DmaFenceWait");

    /**
     * {@code steps} followed by a teardown: random steps that take no new reference, until none is
     * enabled (every holder let go; a leak the trace shows only at the release, such as a pin, or a
     * put after the fence was freed, is then logged).
     */
    public static List<LifetimeWalkStep> tornDown(String model, SpecRelation<LifetimeState> rel, List<LifetimeWalkStep> steps, long seed) {
        LifetimeConstants c = constants(model);
        Random rnd = new Random(seed);
        List<LifetimeWalkStep> out = new ArrayList<>(steps);
        LifetimeState s = steps.isEmpty() ? rel.initialStates().orElseThrow().iterator().next() : steps.get(steps.size() - 1).after();
        for (int i = 0; i < MAX_DRAIN; i++) {
            List<LifetimeWalkStep> options = options(c, rel, s).stream().filter(o -> !ADDING.contains(o.action())).toList();
            if (options.isEmpty()) {
                break;
            }
            LifetimeWalkStep st = options.get(rnd.nextInt(options.size()));
            out.add(st);
            s = st.after();
        }
        return out;
    }

    /** An attach or map waiting, a waiter asleep, or a signaller in its callback loop. */
    static boolean inFlight(LifetimeState s) {
        return s.lockHeld() || s.ipc().values().stream().anyMatch(v -> v.equals("attaching") || v.equals("mapping"))
                || s.wpc().containsValue("sleeping");
    }

    /** Every enabled traceable step, each with what it names, in a stable order. */
    static List<LifetimeWalkStep> options(LifetimeConstants c, SpecRelation<LifetimeState> rel, LifetimeState s) {
        List<LifetimeWalkStep> out = new ArrayList<>();
        for (Transition<LifetimeState> t : rel.next(s)) {
            if (!UNTRACEABLE.contains(t.action())) {
                out.add(new LifetimeWalkStep(t.action(), target(c, t.action(), s, t.successor()), s, t.successor()));
            }
        }
        out.sort(Comparator.comparing(LifetimeWalkStep::toString));
        return out;
    }

    /** The importer or waiter whose state changed for an importer's or waiter's action; "-" for the others. */
    static String target(LifetimeConstants c, String action, LifetimeState s, LifetimeState t) {
        if (WAITER_ACTIONS.contains(action)) {
            for (String w : c.waiterList()) {
                if (!s.wpc().get(w).equals(t.wpc().get(w)) || !s.wcb().get(w).equals(t.wcb().get(w))) {
                    return w;
                }
            }
        } else if (!BUFFER_ACTIONS.contains(action)) {
            for (String i : c.importerList()) {
                if (!s.ipc().get(i).equals(t.ipc().get(i)) || !s.icb().get(i).equals(t.icb().get(i))) {
                    return i;
                }
            }
        } else {
            return "-";
        }
        throw new IllegalStateException(action + ": nothing changed from " + s + " to " + t);
    }

    static final Set<String> WAITER_ACTIONS = Set.of("DmaFenceWait", "DmaFenceWaitWake", "DmaFenceWaitInterrupted", "DmaFenceWaitCb");
    static final Set<String> BUFFER_ACTIONS = Set.of("CloseFd", "DmaBufFileRelease", "DmaBufPoll", "DmaBufPollCb", "DmaFenceSignal",
            "DmaFenceSignalDone", "ProducerPut", "DmaResvDropSignalled", "ProcFdLink", "DmaBufDname");
}
