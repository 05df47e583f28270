package org.dmabufspec.conformance.relation.walk.fence;

import static org.dmabufspec.conformance.relation.walk.OracleSearch.DONE;
import static org.dmabufspec.conformance.relation.walk.OracleSearch.IN_PROGRESS;
import static org.dmabufspec.conformance.relation.walk.OracleSearch.NOT_STARTED;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.dmabufspec.conformance.relation.Tla;
import org.dmabufspec.conformance.relation.Transition;
import org.dmabufspec.conformance.relation.fence.CallbackStatus;
import org.dmabufspec.conformance.relation.fence.DmaFenceSpec;
import org.dmabufspec.conformance.relation.fence.DmaFenceVars;
import org.dmabufspec.conformance.relation.fence.FenceConstants;
import org.dmabufspec.conformance.relation.fence.FenceFlags;
import org.dmabufspec.conformance.relation.fence.WaiterStatus;
import org.dmabufspec.conformance.relation.walk.OracleSearch;
import org.dmabufspec.conformance.relation.walk.OracleSearch.Config;
import org.dmabufspec.conformance.relation.walk.resv.ResvEvent;

/**
 * Decides with the DmaFence relation (MCDmaFence's Next) whether a trace in
 * {@link FenceWalkToTrace}'s vocabulary is a behaviour of the spec: its table read backwards, as a
 * search with the interval semantics of {@code SpecOracle} (each call's steps between its start and
 * end: {@link OracleSearch}).
 *
 * <p>Readings beyond the table: a waiter is its thread (the trace names no waiter); a
 * dma_fence_signal is complete once its fence's callbacks have all run; dma_fence_enable_sw_signaling
 * of a fence already enabled or signalled changes nothing (the kernel's test_and_set_bit), and
 * dma_fence_remove_callback returning false is a look at the list (the callback was added and is no
 * longer in it). Hidden steps, as the fast engine infers them: DmaFenceSignal (an unlogged signal)
 * and DmaFenceRunCallback (dma_fence_callback events are optional).
 */
public final class FenceOracle {
    private static final Set<String> HIDDEN = Set.of("DmaFenceSignal", "DmaFenceRunCallback");

    public record Verdict(boolean accepted, int rejectedIndex, String why) {
    }

    /** The oracle's part of a configuration: the spec state and the fences a dma_fence_init has named. */
    private record State(DmaFenceVars s, Set<String> inited) {
    }

    private final FenceConstants k;
    private final DmaFenceSpec spec;
    /** Next of each state met in one check: the search asks for the same states many times. */
    private final Map<DmaFenceVars, List<Transition<DmaFenceVars>>> nextOf = new HashMap<>();
    private final OracleSearch<State, ResvEvent> search = new OracleSearch<>("fence oracle", (s, e) -> true, this::hidden, this::advance);

    private List<Transition<DmaFenceVars>> next(DmaFenceVars s) {
        return nextOf.computeIfAbsent(s, spec::next);
    }

    public FenceOracle(FenceConstants constants) {
        this.k = constants;
        this.spec = new DmaFenceSpec(constants, true);
    }

    public Verdict check(List<ResvEvent> trace) {
        nextOf.clear();
        OracleSearch.Outcome o = search.check(trace, new State(spec.init(), Set.of()));
        nextOf.clear();
        return new Verdict(o.accepted(), o.index(), o.why(trace));
    }

    private boolean inited(State cf, String target, String action) {
        String f = action.equals("DmaFenceRunCallback") ? k.callbackFence().get(target) : target;
        return cf.inited().contains(f);
    }

    /** Hidden steps: unlogged signals and callbacks of fences a dma_fence_init has named. */
    private List<Config<State>> hidden(Config<State> cf) {
        List<Config<State>> succ = new ArrayList<>();
        DmaFenceVars s = cf.part().s();
        for (Transition<DmaFenceVars> t : next(s)) {
            if (HIDDEN.contains(t.action()) && inited(cf.part(), FenceWalk.target(k, t.action(), s, t.successor()), t.action())) {
                succ.add(cf.with(new State(t.successor(), cf.part().inited())));
            }
        }
        return succ;
    }

    private List<Config<State>> advance(Config<State> cf, int i, ResvEvent e, int phase) {
        List<Config<State>> out = new ArrayList<>();
        DmaFenceVars s = cf.part().s();
        Set<String> inited = cf.part().inited();
        String f = e.ids().get("fence") instanceof String x ? x : null;
        if (f == null || !k.fences().contains(f)) {
            return out;
        }
        if (e.op().equals("dma_fence_init")) {
            if (!inited.contains(f) && e.succeeded() && e.args().get("context") instanceof Number c
                    && c.longValue() == Tla.asLong(k.fenceContext().get(f)) && e.args().get("seqno") instanceof Number n
                    && n.longValue() == k.fenceSeqno().get(f)) {
                Set<String> in = new HashSet<>(inited);
                in.add(f);
                out.add(cf.with(new State(s, Set.copyOf(in)), i, DONE));
            }
            return out;
        }
        if (!inited.contains(f)) {
            return out;
        }
        String cb = e.ids().get("cb") instanceof String x ? x : null;
        if (cb != null && !f.equals(k.callbackFence().get(cb))) {
            return out;
        }
        String w = e.thread();
        switch (e.op()) {
            case "dma_fence_enable_sw_signaling" -> {
                if (!e.succeeded() || s.released().get(f)) {
                    return out;
                }
                if (s.fstate().get(f) != FenceFlags.UNSIGNALED) {
                    out.add(cf.phase(i, DONE));
                }
                step(s, "DmaFenceEnableSwSignaling", f).forEach(t -> out.add(state(cf, t).phase(i, DONE)));
            }
            case "dma_fence_set_error" -> {
                if (e.succeeded() && "EIO".equals(e.args().get("error"))) {
                    step(s, "DmaFenceSetError", f).forEach(t -> out.add(state(cf, t).phase(i, DONE)));
                }
            }
            case "dma_fence_signal" -> {
                if (e.result().equals("EINVAL")) {
                    if (phase == NOT_STARTED && s.fstate().get(f) == FenceFlags.SIGNALED && !s.released().get(f)) {
                        out.add(cf.phase(i, DONE));
                    }
                } else if (e.succeeded() && phase == NOT_STARTED) {
                    step(s, "DmaFenceSignal", f).forEach(t -> out.add(state(cf, t).phase(i, t.running().get(f).isEmpty() ? DONE : IN_PROGRESS)));
                } else if (e.succeeded() && s.running().get(f).isEmpty()) {
                    out.add(cf.phase(i, DONE));
                }
            }
            case "dma_fence_callback" -> {
                List<String> run = s.running().get(f);
                if (e.succeeded() && cb != null && !run.isEmpty() && run.get(0).equals(cb)) {
                    step(s, "DmaFenceRunCallback", f).forEach(t -> out.add(state(cf, t).phase(i, DONE)));
                }
            }
            case "dma_fence_add_callback" -> {
                if (cb == null) {
                    return out;
                }
                for (Transition<DmaFenceVars> t : next(s)) {
                    if (t.action().equals("DmaFenceAddCallback") && s.cbStatus().get(cb) != t.successor().cbStatus().get(cb)) {
                        boolean refused = t.successor().cbStatus().get(cb) == CallbackStatus.ENOENT;
                        if (refused ? e.result().equals("ENOENT") : e.succeeded()) {
                            out.add(state(cf, t.successor()).phase(i, DONE));
                        }
                    }
                }
            }
            case "dma_fence_remove_callback" -> {
                if (cb == null || !e.succeeded()) {
                    return out;
                }
                if (Boolean.TRUE.equals(e.ret())) {
                    for (Transition<DmaFenceVars> t : next(s)) {
                        if (t.action().equals("DmaFenceRemoveCallback") && s.cbStatus().get(cb) != t.successor().cbStatus().get(cb)) {
                            out.add(state(cf, t.successor()).phase(i, DONE));
                        }
                    }
                } else if (Boolean.FALSE.equals(e.ret()) && s.cbStatus().get(cb) != CallbackStatus.UNUSED
                        && !s.cbList().get(f).contains(cb) && s.running().get(f).isEmpty() && !s.released().get(f)) {
                    out.add(cf.phase(i, DONE));
                }
            }
            case "dma_fence_wait_timeout" -> {
                if (!k.waiters().contains(w) || !f.equals(k.waiterFence().get(w)) || !e.succeeded() || !(e.ret() instanceof Number r)
                        || !FenceWalkToTrace.timeoutArg(k.waiterTimeout().get(w)).equals(normal(e.args().get("timeout")))) {
                    return out;
                }
                boolean signalled = r.longValue() > 0;
                for (Transition<DmaFenceVars> t : next(s)) {
                    WaiterStatus before = s.wstate().get(w);
                    WaiterStatus after = t.successor().wstate().get(w);
                    if (before == after) {
                        continue;
                    }
                    if (phase == NOT_STARTED && t.action().equals("DmaFenceWaitTimeout")) {
                        if (after == WaiterStatus.WAITING) {
                            out.add(state(cf, t.successor()).phase(i, IN_PROGRESS));
                        } else if ((after == WaiterStatus.SIGNALED) == signalled) {
                            out.add(state(cf, t.successor()).phase(i, DONE));
                        }
                    } else if (phase == IN_PROGRESS && (t.action().equals("DmaFenceWaitWake") ? signalled
                            : t.action().equals("DmaFenceWaitTimeoutExpire") && !signalled)) {
                        out.add(state(cf, t.successor()).phase(i, DONE));
                    }
                }
            }
            case "dma_fence_put" -> {
                if (e.succeeded() && Boolean.TRUE.equals(e.args().get("last"))) {
                    step(s, "MCDmaFenceRelease", f).forEach(t -> out.add(state(cf, t).phase(i, DONE)));
                }
            }
            default -> {
            }
        }
        return out;
    }

    /** The same calls in flight and fences, another spec state. */
    private static Config<State> state(Config<State> cf, DmaFenceVars s2) {
        return cf.with(new State(s2, cf.part().inited()));
    }

    private static Object normal(Object timeout) {
        return timeout instanceof Number n ? (Object) n.longValue() : timeout;
    }

    /** The successors of {@code action} on fence f. */
    private List<DmaFenceVars> step(DmaFenceVars s, String action, String f) {
        List<DmaFenceVars> out = new ArrayList<>();
        for (Transition<DmaFenceVars> t : next(s)) {
            if (t.successor().equals(s)) {
                continue; // DmaFenceSetError of the error already set: below
            }
            if (t.action().equals(action) && (f.equals(FenceWalk.target(k, action, s, t.successor()))
                    || action.equals("DmaFenceRunCallback") && f.equals(k.callbackFence().get(FenceWalk.target(k, action, s, t.successor()))))) {
                out.add(t.successor());
            }
        }
        if (action.equals("DmaFenceSetError") && !s.released().get(f) && s.fstate().get(f) != FenceFlags.SIGNALED
                && k.errnos().contains(s.ferror().get(f))) {
            out.add(s);
        }
        return out;
    }
}
