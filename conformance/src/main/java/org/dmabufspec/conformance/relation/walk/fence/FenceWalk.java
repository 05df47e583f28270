package org.dmabufspec.conformance.relation.walk.fence;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

import org.dmabufspec.conformance.relation.Transition;
import org.dmabufspec.conformance.relation.fence.CallbackStatus;
import org.dmabufspec.conformance.relation.fence.DmaFenceSpec;
import org.dmabufspec.conformance.relation.fence.DmaFenceVars;
import org.dmabufspec.conformance.relation.fence.FenceConstants;
import org.dmabufspec.conformance.relation.fence.FenceFlags;
import org.dmabufspec.conformance.relation.fence.WaitTimeout;
import org.dmabufspec.conformance.relation.fence.WaiterStatus;
import org.dmabufspec.tlc.TlaValue;
import org.dmabufspec.conformance.relation.Tla;

/**
 * A seeded random walk over the DmaFence relation (MCDmaFence's Next: release only of signalled
 * fences), interleaved with the stuttering calls a trace can log: {@code DmaFenceSignalAgain}
 * (dma_fence_signal of a signalled fence, -EINVAL) and {@code RemoveCallbackLate}
 * (dma_fence_remove_callback of a callback that ran or was removed, false). {@code length} steps,
 * then a drain (signals, callbacks, wake-ups, time-outs) until no call is in flight. Models:
 * MCDmaFence's constants (f1, f2 on context 1, callbacks c1, c2 on f1, waiters w1 on f2 without a
 * timeout and w2 on f1 with one, error -EIO) and a wide one (f3 on context 2, c3 on f2, w3 on f3
 * with a zero timeout).
 */
public record FenceWalk(boolean wide, long seed, int length, List<FenceWalkStep> steps) {
    public static final List<String> STUTTERS = List.of("DmaFenceSignalAgain", "RemoveCallbackLate");
    private static final Set<String> DRAIN = Set.of("DmaFenceSignal", "DmaFenceRunCallback", "DmaFenceWaitWake",
            "DmaFenceWaitTimeoutExpire");
    private static final int STUTTER_ODDS = 6;
    private static final int MAX_DRAIN = 100;

    public FenceWalk {
        steps = List.copyOf(steps);
    }

    public static FenceConstants constants(boolean wide) {
        Map<String, TlaValue> ctx = wide ? Map.of("f1", Tla.integer(1), "f2", Tla.integer(1), "f3", Tla.integer(2))
                : Map.of("f1", Tla.integer(1), "f2", Tla.integer(1));
        Map<String, Long> seqno = wide ? Map.of("f1", 1L, "f2", 2L, "f3", 1L) : Map.of("f1", 1L, "f2", 2L);
        return new FenceConstants(wide ? List.of("f1", "f2", "f3") : List.of("f1", "f2"), ctx, seqno,
                wide ? List.of("c1", "c2", "c3") : List.of("c1", "c2"),
                wide ? Map.of("c1", "f1", "c2", "f1", "c3", "f2") : Map.of("c1", "f1", "c2", "f1"),
                wide ? List.of("w1", "w2", "w3") : List.of("w1", "w2"),
                wide ? Map.of("w1", "f2", "w2", "f1", "w3", "f3") : Map.of("w1", "f2", "w2", "f1"),
                wide ? Map.of("w1", WaitTimeout.INFINITE, "w2", WaitTimeout.FINITE, "w3", WaitTimeout.ZERO)
                        : Map.of("w1", WaitTimeout.INFINITE, "w2", WaitTimeout.FINITE),
                List.of(-5L));
    }

    public FenceConstants constants() {
        return constants(wide);
    }

    public static DmaFenceSpec spec(boolean wide) {
        return new DmaFenceSpec(constants(wide), true);
    }

    public static FenceWalk walk(boolean wide, long seed, int length) {
        DmaFenceSpec spec = spec(wide);
        Random rnd = new Random(seed);
        DmaFenceVars s = spec.init();
        List<FenceWalkStep> steps = new ArrayList<>();
        for (int i = 0; i < length; i++) {
            List<FenceWalkStep> options = rnd.nextInt(STUTTER_ODDS) == 0 ? stutters(spec.constants(), s) : List.of();
            if (options.isEmpty()) {
                options = steps(spec, s);
            }
            if (options.isEmpty()) {
                break;
            }
            FenceWalkStep st = options.get(rnd.nextInt(options.size()));
            steps.add(st);
            s = st.after();
        }
        for (int i = 0; inFlight(spec.constants(), s); i++) {
            List<FenceWalkStep> options = steps(spec, s).stream().filter(w -> DRAIN.contains(w.action())).toList();
            if (options.isEmpty() || i >= MAX_DRAIN) {
                throw new IllegalStateException("fence walk seed " + seed + ": a call in flight cannot return in " + s);
            }
            FenceWalkStep st = options.get(rnd.nextInt(options.size()));
            steps.add(st);
            s = st.after();
        }
        return new FenceWalk(wide, seed, length, steps);
    }

    /** A signal still running callbacks, or a waiter asleep. */
    static boolean inFlight(FenceConstants k, DmaFenceVars s) {
        return s.running().values().stream().anyMatch(l -> !l.isEmpty())
                || k.waiters().stream().anyMatch(w -> s.wstate().get(w) == WaiterStatus.WAITING);
    }

    /** Every enabled step of Next, each with what it names, in a stable order. */
    static List<FenceWalkStep> steps(DmaFenceSpec spec, DmaFenceVars s) {
        List<FenceWalkStep> out = new ArrayList<>();
        for (Transition<DmaFenceVars> t : spec.next(s)) {
            if (t.successor().equals(s)) {
                continue; // DmaFenceSetError of the error already set: the walk takes only steps that show
            }
            out.add(new FenceWalkStep(t.action(), target(spec.constants(), t.action(), s, t.successor()), s, t.successor()));
        }
        out.sort(Comparator.comparing(FenceWalkStep::toString));
        return out;
    }

    static List<FenceWalkStep> stutters(FenceConstants k, DmaFenceVars s) {
        List<FenceWalkStep> out = new ArrayList<>();
        for (String f : k.fences()) {
            if (s.fstate().get(f) == FenceFlags.SIGNALED && !s.released().get(f) && s.running().get(f).isEmpty()) {
                out.add(new FenceWalkStep("DmaFenceSignalAgain", f, s, s));
            }
        }
        for (String c : k.callbacks()) {
            String f = k.callbackFence().get(c);
            CallbackStatus st = s.cbStatus().get(c);
            // not after -ENOENT: the kernel answers false, but a failed add created no id a trace could name
            if ((st == CallbackStatus.RAN || st == CallbackStatus.REMOVED) && !s.released().get(f)
                    && s.running().get(f).isEmpty()) {
                out.add(new FenceWalkStep("RemoveCallbackLate", c, s, s));
            }
        }
        return out;
    }

    /** The fence, callback or waiter a step names: found from what changed. */
    static String target(FenceConstants k, String action, DmaFenceVars s, DmaFenceVars t) {
        switch (action) {
            case "DmaFenceAddCallback", "DmaFenceRemoveCallback" -> {
                for (String c : k.callbacks()) {
                    if (s.cbStatus().get(c) != t.cbStatus().get(c)) {
                        return c;
                    }
                }
            }
            case "DmaFenceRunCallback" -> {
                for (String f : k.fences()) {
                    if (!s.running().get(f).equals(t.running().get(f))) {
                        return s.running().get(f).get(0);
                    }
                }
            }
            case "DmaFenceWaitTimeout", "DmaFenceWaitWake", "DmaFenceWaitTimeoutExpire" -> {
                for (String w : k.waiters()) {
                    if (s.wstate().get(w) != t.wstate().get(w)) {
                        return w;
                    }
                }
            }
            default -> {
                for (String f : k.fences()) {
                    if (s.fstate().get(f) != t.fstate().get(f) || !s.ferror().get(f).equals(t.ferror().get(f))
                            || s.released().get(f) != t.released().get(f)) {
                        return f;
                    }
                }
            }
        }
        throw new IllegalStateException(action + ": nothing changed from " + s + " to " + t);
    }
}
