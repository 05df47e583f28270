package org.dmabufspec.conformance.relation.walk.fence;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
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
import org.dmabufspec.conformance.relation.walk.resv.ResvEvent;

/** The oracle before its port onto OracleSearch, verbatim but for its name: the cross-check of the port (removed once it agreed).
 *
 * <p>Former documentation:
 * Decides with the DmaFence relation (MCDmaFence's Next) whether a trace in
 * {@link FenceWalkToTrace}'s vocabulary is a behaviour of the spec: its table read backwards, as a
 * search with the interval semantics of {@code SpecOracle} (each call's steps between its start and
 * end; at an end point the call is complete).
 *
 * <p>Readings beyond the table: a waiter is its thread (the trace names no waiter); a
 * dma_fence_signal is complete once its fence's callbacks have all run; dma_fence_enable_sw_signaling
 * of a fence already enabled or signalled changes nothing (the kernel's test_and_set_bit), and
 * dma_fence_remove_callback returning false is a look at the list (the callback was added and is no
 * longer in it). Hidden steps, as the fast engine infers them: DmaFenceSignal (an unlogged signal)
 * and DmaFenceRunCallback (dma_fence_callback events are optional).
 */
public final class FenceOracleByPoints {
    private static final int NOT_STARTED = 0;
    private static final int IN_PROGRESS = 1;
    private static final int DONE = 2;
    private static final int MAX_CONFIGS = 200_000;
    private static final Set<String> HIDDEN = Set.of("DmaFenceSignal", "DmaFenceRunCallback");

    public record Verdict(boolean accepted, int rejectedIndex, String why) {
    }

    private record Config(DmaFenceVars s, Set<String> inited, Map<Integer, Integer> open) {
        Config phase(int event, int ph) {
            Map<Integer, Integer> o = new HashMap<>(open);
            o.put(event, ph);
            return new Config(s, inited, Map.copyOf(o));
        }

        Config state(DmaFenceVars s2) {
            return new Config(s2, inited, open);
        }
    }

    private record Point(long time, boolean start, int event) {
    }

    private final FenceConstants k;
    private final DmaFenceSpec spec;
    private List<ResvEvent> events;
    /** Next of each state met in one check: the search asks for the same states many times. */
    private final Map<DmaFenceVars, List<Transition<DmaFenceVars>>> nextOf = new HashMap<>();

    private List<Transition<DmaFenceVars>> next(DmaFenceVars s) {
        return nextOf.computeIfAbsent(s, spec::next);
    }

    public FenceOracleByPoints(FenceConstants constants) {
        this.k = constants;
        this.spec = new DmaFenceSpec(constants, true);
    }

    public Verdict check(List<ResvEvent> trace) {
        this.events = trace;
        nextOf.clear();
        List<Point> points = new ArrayList<>();
        for (int i = 0; i < trace.size(); i++) {
            points.add(new Point(trace.get(i).start(), true, i));
            points.add(new Point(trace.get(i).end(), false, i));
        }
        points.sort(Comparator.comparingLong(Point::time).thenComparing(p -> !p.start()).thenComparingInt(Point::event));
        Set<Config> configs = new LinkedHashSet<>();
        configs.add(new Config(spec.init(), Set.of(), Map.of()));
        for (Point p : points) {
            Set<Config> next = new LinkedHashSet<>();
            for (Config cf : p.start() ? configs : closure(configs)) {
                if (p.start()) {
                    next.add(cf.phase(p.event(), NOT_STARTED));
                } else if (cf.open().get(p.event()) == DONE) {
                    Map<Integer, Integer> o = new HashMap<>(cf.open());
                    o.remove(p.event());
                    next.add(new Config(cf.s(), cf.inited(), Map.copyOf(o)));
                }
            }
            if (next.isEmpty()) {
                return new Verdict(false, p.event(), (p.start() ? "cannot start: " : "no spec step explains it: ") + trace.get(p.event()));
            }
            configs = next;
        }
        return new Verdict(true, -1, "");
    }

    private Set<Config> closure(Set<Config> from) {
        Set<Config> seen = new HashSet<>(from);
        Deque<Config> todo = new ArrayDeque<>(from);
        while (!todo.isEmpty()) {
            Config cf = todo.pop();
            List<Config> succ = new ArrayList<>();
            for (Transition<DmaFenceVars> t : next(cf.s())) {
                if (HIDDEN.contains(t.action()) && inited(cf, FenceWalk.target(k, t.action(), cf.s(), t.successor()), t.action())) {
                    succ.add(cf.state(t.successor()));
                }
            }
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
                throw new IllegalStateException("fence oracle search exceeded " + MAX_CONFIGS + " configurations");
            }
        }
        return new LinkedHashSet<>(seen);
    }

    private boolean inited(Config cf, String target, String action) {
        String f = action.equals("DmaFenceRunCallback") ? k.callbackFence().get(target) : target;
        return cf.inited().contains(f);
    }

    private List<Config> advance(Config cf, int i, int phase) {
        ResvEvent e = events.get(i);
        List<Config> out = new ArrayList<>();
        DmaFenceVars s = cf.s();
        String f = e.ids().get("fence") instanceof String x ? x : null;
        if (f == null || !k.fences().contains(f)) {
            return out;
        }
        if (e.op().equals("dma_fence_init")) {
            if (!cf.inited().contains(f) && e.succeeded() && e.args().get("context") instanceof Number c
                    && c.longValue() == Tla.asLong(k.fenceContext().get(f)) && e.args().get("seqno") instanceof Number n
                    && n.longValue() == k.fenceSeqno().get(f)) {
                Set<String> in = new HashSet<>(cf.inited());
                in.add(f);
                out.add(new Config(s, Set.copyOf(in), cf.open()).phase(i, DONE));
            }
            return out;
        }
        if (!cf.inited().contains(f)) {
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
                step(cf, "DmaFenceEnableSwSignaling", f).forEach(t -> out.add(cf.state(t).phase(i, DONE)));
            }
            case "dma_fence_set_error" -> {
                if (e.succeeded() && "EIO".equals(e.args().get("error"))) {
                    step(cf, "DmaFenceSetError", f).forEach(t -> out.add(cf.state(t).phase(i, DONE)));
                }
            }
            case "dma_fence_signal" -> {
                if (e.result().equals("EINVAL")) {
                    if (phase == NOT_STARTED && s.fstate().get(f) == FenceFlags.SIGNALED && !s.released().get(f)) {
                        out.add(cf.phase(i, DONE));
                    }
                } else if (e.succeeded() && phase == NOT_STARTED) {
                    step(cf, "DmaFenceSignal", f).forEach(t -> out.add(cf.state(t).phase(i, t.running().get(f).isEmpty() ? DONE : IN_PROGRESS)));
                } else if (e.succeeded() && s.running().get(f).isEmpty()) {
                    out.add(cf.phase(i, DONE));
                }
            }
            case "dma_fence_callback" -> {
                List<String> run = s.running().get(f);
                if (e.succeeded() && cb != null && !run.isEmpty() && run.get(0).equals(cb)) {
                    step(cf, "DmaFenceRunCallback", f).forEach(t -> out.add(cf.state(t).phase(i, DONE)));
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
                            out.add(cf.state(t.successor()).phase(i, DONE));
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
                            out.add(cf.state(t.successor()).phase(i, DONE));
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
                            out.add(cf.state(t.successor()).phase(i, IN_PROGRESS));
                        } else if ((after == WaiterStatus.SIGNALED) == signalled) {
                            out.add(cf.state(t.successor()).phase(i, DONE));
                        }
                    } else if (phase == IN_PROGRESS && (t.action().equals("DmaFenceWaitWake") ? signalled
                            : t.action().equals("DmaFenceWaitTimeoutExpire") && !signalled)) {
                        out.add(cf.state(t.successor()).phase(i, DONE));
                    }
                }
            }
            case "dma_fence_put" -> {
                if (e.succeeded() && Boolean.TRUE.equals(e.args().get("last"))) {
                    step(cf, "MCDmaFenceRelease", f).forEach(t -> out.add(cf.state(t).phase(i, DONE)));
                }
            }
            default -> {
            }
        }
        return out;
    }

    private static Object normal(Object timeout) {
        return timeout instanceof Number n ? (Object) n.longValue() : timeout;
    }

    /** The successors of {@code action} on fence f. */
    private List<DmaFenceVars> step(Config cf, String action, String f) {
        List<DmaFenceVars> out = new ArrayList<>();
        for (Transition<DmaFenceVars> t : next(cf.s())) {
            if (t.successor().equals(cf.s())) {
                continue; // DmaFenceSetError of the error already set: below
            }
            if (t.action().equals(action) && (f.equals(FenceWalk.target(k, action, cf.s(), t.successor()))
                    || action.equals("DmaFenceRunCallback") && f.equals(k.callbackFence().get(FenceWalk.target(k, action, cf.s(), t.successor()))))) {
                out.add(t.successor());
            }
        }
        DmaFenceVars s = cf.s();
        if (action.equals("DmaFenceSetError") && !s.released().get(f) && s.fstate().get(f) != FenceFlags.SIGNALED
                && k.errnos().contains(s.ferror().get(f))) {
            out.add(s);
        }
        return out;
    }
}
