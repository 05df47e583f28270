package org.dmabufspec.conformance.relation.walk.device;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.function.Predicate;

import org.dmabufspec.conformance.relation.SpecRelation;
import org.dmabufspec.conformance.relation.Transition;
import org.dmabufspec.conformance.relation.device.DeviceAccessState;
import org.dmabufspec.conformance.relation.walk.cpu.CpuWalk;

/**
 * A seeded random walk over DmaBufDeviceAccess (its Java relation, or a mutant of it), as
 * {@link CpuWalk}: {@code length} steps chosen uniformly among the enabled ones, then a drain
 * until no eviction is in flight and no move's copy is pending. A function of (config, relation,
 * seed, length).
 */
public record DeviceWalk(DeviceWalkConfig config, long seed, int length, List<DeviceWalkStep> steps) {
    /** Steps that let an eviction finish, or the signals its move fence waits for: the only ones taken while draining. */
    static final Set<String> DRAIN = Set.of("DmaBufMoveNotify", "DmaBufMove", "DmaFenceSignalJob", "TlbFlushComplete",
            "DmaFenceSignalMove");
    private static final int MAX_DRAIN = 200;

    public DeviceWalk {
        steps = List.copyOf(steps);
    }

    public static DeviceWalk walk(DeviceWalkConfig config, long seed, int length) {
        return walk(config, config.relation(), seed, length, s -> false);
    }

    /** As above over {@code rel}, stopping the random part at the first state {@code stop} holds for (then draining). */
    public static DeviceWalk walk(DeviceWalkConfig config, SpecRelation<DeviceAccessState> rel, long seed, int length,
                                  Predicate<DeviceAccessState> stop) {
        Random rnd = new Random(seed);
        DeviceAccessState s = rel.initialStates().orElseThrow().iterator().next();
        List<DeviceWalkStep> steps = new ArrayList<>();
        for (int i = 0; i < length && !stop.test(s); i++) {
            List<DeviceWalkStep> options = options(rel, s, false);
            if (options.isEmpty()) {
                break;
            }
            DeviceWalkStep st = options.get(rnd.nextInt(options.size()));
            steps.add(st);
            s = st.after();
        }
        steps.addAll(drain(rel, s, rnd, "walk " + config + " seed " + seed));
        return new DeviceWalk(config, seed, length, steps);
    }

    /** Drain steps from {@code s} until no eviction is in flight and no move copy pending. */
    public static List<DeviceWalkStep> drain(SpecRelation<DeviceAccessState> rel, DeviceAccessState s, Random rnd, String what) {
        List<DeviceWalkStep> steps = new ArrayList<>();
        for (int i = 0; !quiescent(s) && i < MAX_DRAIN; i++) {
            List<DeviceWalkStep> options = options(rel, s, true);
            if (options.isEmpty()) {
                throw new IllegalStateException(what + ": an eviction in flight cannot finish in " + s);
            }
            DeviceWalkStep st = options.get(rnd.nextInt(options.size()));
            steps.add(st);
            s = st.after();
        }
        if (!quiescent(s)) {
            throw new IllegalStateException(what + ": eviction still in flight after " + MAX_DRAIN + " drain steps");
        }
        return steps;
    }

    public DeviceWalk shortened(int n) {
        return walk(config, config.relation(), seed, Math.min(n, length), s -> false);
    }

    /** The enabled steps, sorted so that a seed replays. */
    public static List<DeviceWalkStep> options(SpecRelation<DeviceAccessState> rel, DeviceAccessState s, boolean draining) {
        List<DeviceWalkStep> out = new ArrayList<>();
        for (Transition<DeviceAccessState> t : rel.next(s)) {
            if (!draining || DRAIN.contains(t.action())) {
                out.add(new DeviceWalkStep(t.action(), s, t.successor()));
            }
        }
        out.sort(Comparator.comparing(DeviceWalkStep::action).thenComparing(w -> CpuWalk.canonical(w.after())));
        return out;
    }

    /** No eviction holds the reservation and no move's copy is pending (its signal is logged after what the walk did meanwhile). */
    public static boolean quiescent(DeviceAccessState s) {
        return s.expBuf().values().stream().allMatch("nobuf"::equals)
                && s.moveFence().values().stream().noneMatch("pending"::equals);
    }
}
