package org.dmabufspec.conformance.relation.walk.ww;

import static org.dmabufspec.conformance.relation.walk.OracleSearch.DONE;
import static org.dmabufspec.conformance.relation.walk.OracleSearch.IN_PROGRESS;
import static org.dmabufspec.conformance.relation.walk.OracleSearch.NOT_STARTED;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import org.dmabufspec.conformance.relation.Transition;
import org.dmabufspec.conformance.relation.walk.OracleSearch;
import org.dmabufspec.conformance.relation.walk.OracleSearch.Config;
import org.dmabufspec.conformance.relation.walk.resv.ResvEvent;
import org.dmabufspec.conformance.relation.ww.Pc;
import org.dmabufspec.conformance.relation.ww.WwMutexConstants;
import org.dmabufspec.conformance.relation.ww.WwMutexRelation;
import org.dmabufspec.conformance.relation.ww.WwMutexState;

/**
 * Decides with the WwMutex relation whether a trace in {@link WwWalkToTrace}'s vocabulary is a
 * behaviour of the spec: {@link WwWalkToTrace}'s table read backwards, as a search.
 *
 * <p>Concurrency as the checker reads it (as {@code SpecOracle}): each event's spec steps happen
 * between its start and end, interleaved with other calls' ({@link OracleSearch}).
 *
 * <p>What the trace does not show, and the oracle therefore leaves open:
 * <ul>
 * <li>LockOrder, the program's loop rather than a kernel rule: each pass's order is learned from its
 *     calls (the call after the known part names the next object, any object), afresh after each
 *     dma_resv_lock_slow (a program may lock other objects after a backoff, as drm_exec's retry
 *     does when its object list changes). WwAcquireDone closes it.</li>
 * <li>Stamps: the kernel's counter is global, so only their order is compared: a ww_acquire_init's
 *     stamp must exceed every stamp logged by an init the spec took before it.</li>
 * <li>Hidden steps: WwAcquireDone (ww_acquire_done is an annotation the kernel does not require,
 *     and a NULL-context thread has no context to log it on), taken just before the thread's
 *     dma_resv_unlock or ww_acquire_fini that needs it: no other thread's guard reads it, so
 *     taking it later changes nothing. WwAcquireFini of a NULL-context thread is never needed
 *     (a finished thread and one in its critical section holding nothing look alike to the
 *     others) and so never taken.</li>
 * </ul>
 * Threads are the model's: a context thread's calls name its context, a NULL-context thread's none.
 */
public final class WwOracle {
    /** The verdict: accepted, or the index (file order) of the first event no configuration explains. */
    public record Verdict(boolean accepted, int rejectedIndex, String why) {
    }

    /**
     * The oracle's part of a configuration.
     *
     * @param orders  each thread's LockOrder as far as learned
     * @param closed  threads whose order is complete (WwAcquireDone taken)
     * @param ctxOf   each context thread's ctx id, once initialised
     * @param exported buffers exported
     * @param stamp   the greatest stamp logged by an init taken so far
     */
    private record State(WwMutexState s, Map<String, List<String>> orders, Set<String> closed, Map<String, String> ctxOf,
                         Set<String> exported, long stamp) {
        static State of(WwMutexState s2, Map<String, List<String>> o2, Set<String> c2, Map<String, String> x2, Set<String> e2,
                        long st2) {
            return new State(s2, Map.copyOf(o2), Set.copyOf(c2), Map.copyOf(x2), Set.copyOf(e2), st2);
        }
    }

    private final WwMutexConstants c;
    private final Map<Map<String, List<String>>, WwMutexRelation> relations = new HashMap<>();
    /** Next of each (orders, state) met: the search asks for the same ones many times. */
    private final Map<List<Object>, List<Transition<WwMutexState>>> nextOf = new HashMap<>();
    private final OracleSearch<State, ResvEvent> search = new OracleSearch<>("ww oracle", this::startOk, cf -> List.of(), this::advance);

    private List<Transition<WwMutexState>> next(Map<String, List<String>> orders, WwMutexState s) {
        return nextOf.computeIfAbsent(List.of(orders, s), k -> rel(orders).next(s));
    }

    public WwOracle(WwMutexConstants constants) {
        this.c = constants;
    }

    private WwMutexRelation rel(Map<String, List<String>> orders) {
        return relations.computeIfAbsent(orders, o -> new WwMutexRelation(
                new WwMutexConstants(c.locks(), c.ctxProcs(), c.nullProcs(), o, c.noLock()), false));
    }

    public Verdict check(List<ResvEvent> trace) {
        nextOf.clear();
        Map<String, List<String>> empty = new TreeMap<>();
        c.procs().forEach(p -> empty.put(p, List.of()));
        WwMutexState init = rel(Map.copyOf(empty)).init();
        OracleSearch.Outcome o = search.check(trace, new State(init, Map.copyOf(empty), Set.of(), Map.of(), Set.of(), Long.MIN_VALUE));
        nextOf.clear();
        return new Verdict(o.accepted(), o.index(), o.why(trace));
    }

    /** The call's thread may take this event's steps: a model thread, with the event's context if it has one. */
    private boolean threadMatches(State cf, ResvEvent e) {
        String p = e.thread();
        if (!c.procs().contains(p)) {
            return false;
        }
        Object ctx = e.ids().get("ctx");
        if (e.op().equals("ww_acquire_init")) {
            return ctx != null && c.ctxProcs().contains(p) && !cf.ctxOf().containsKey(p) && !cf.ctxOf().containsValue(ctx);
        }
        if (e.op().startsWith("ww_acquire") || e.op().equals("dma_resv_lock_slow")) {
            return ctx != null && ctx.equals(cf.ctxOf().get(p));
        }
        if (e.op().equals("dma_resv_lock")) {
            return c.ctxProcs().contains(p) ? ctx != null && ctx.equals(cf.ctxOf().get(p)) : ctx == null;
        }
        return ctx == null && (!e.op().equals("dma_resv_trylock") || c.nullProcs().contains(p));
    }

    private boolean startOk(State cf, ResvEvent e) {
        Object buf = e.ids().get("buf");
        if (e.op().equals("dma_buf_export")) {
            return true;
        }
        if (buf != null && !cf.exported().contains(buf)) {
            return false;
        }
        if (e.resvHeld() == null || buf == null) {
            return true;
        }
        return cf.s().held().containsKey(e.thread()) && cf.s().held().get(e.thread()).contains(buf) == e.resvHeld();
    }

    /** The next step of call {@code i}. */
    private List<Config<State>> advance(Config<State> cf0, int i, ResvEvent e, int phase) {
        State cf = cf0.part();
        List<Config<State>> out = new ArrayList<>();
        if (e.op().equals("dma_buf_export")) {
            Object b = e.ids().get("buf");
            if (e.succeeded() && b instanceof String l && c.locks().contains(l) && !cf.exported().contains(l)) {
                Set<String> ex = new HashSet<>(cf.exported());
                ex.add(l);
                out.add(cf0.with(State.of(cf.s(), cf.orders(), cf.closed(), cf.ctxOf(), ex, cf.stamp()), i, DONE));
            }
            return out;
        }
        if (!threadMatches(cf, e)) {
            return out;
        }
        String p = e.thread();
        String buf = (String) e.ids().get("buf");
        Map<String, List<String>> orders = cf.orders();
        boolean locking = e.op().equals("dma_resv_lock") || e.op().equals("dma_resv_trylock");
        if (locking && phase == NOT_STARTED) {
            List<String> o = orders.get(p);
            int idx = cf.s().idx().get(p);
            if (cf.s().pc().get(p) == Pc.LOCK && idx == o.size() + 1 && !cf.closed().contains(p) && c.locks().contains(buf)) {
                Map<String, List<String>> extended = new HashMap<>(orders);
                List<String> l = new ArrayList<>(o);
                l.add(buf);
                extended.put(p, List.copyOf(l));
                orders = Map.copyOf(extended);
            }
        }
        WwMutexState from = cf.s();
        Set<String> closedFrom = cf.closed();
        if ((e.op().equals("dma_resv_unlock") || e.op().equals("ww_acquire_fini")) && from.pc().get(p) == Pc.LOCK
                && from.idx().get(p) > orders.get(p).size()) {
            // the unlogged WwAcquireDone this call needs
            for (Transition<WwMutexState> t : next(orders, cf.s())) {
                if (t.action().equals("WwAcquireDone") && p.equals(WwWalk.mover(c, cf.s(), t.successor()))) {
                    from = t.successor();
                    Set<String> cl = new HashSet<>(closedFrom);
                    cl.add(p);
                    closedFrom = cl;
                    break;
                }
            }
        }
        for (Transition<WwMutexState> t : next(orders, from)) {
            if (t.action().equals("Terminated") || !p.equals(WwWalk.mover(c, from, t.successor()))) {
                continue;
            }
            WwMutexState pre = from;
            WwMutexState post = t.successor();
            String a = t.action();
            String want = WwWalk.want(c, orders, pre, p);
            int ph = -1;
            Set<String> closed = closedFrom;
            Map<String, String> ctxOf = cf.ctxOf();
            long stamp = cf.stamp();
            switch (e.op()) {
                case "ww_acquire_init" -> {
                    if (a.equals("WwAcquireInit") && e.succeeded() && e.args().get("stamp") instanceof Number n && n.longValue() > stamp) {
                        Map<String, String> x = new HashMap<>(ctxOf);
                        x.put(p, (String) e.ids().get("ctx"));
                        ctxOf = x;
                        stamp = n.longValue();
                        ph = DONE;
                    }
                }
                case "ww_acquire_done" -> {
                    if (a.equals("WwAcquireDone") && e.succeeded()) {
                        Set<String> cl = new HashSet<>(closed);
                        cl.add(p);
                        closed = cl;
                        ph = DONE;
                    }
                }
                case "ww_acquire_fini" -> ph = a.equals("WwAcquireFini") && e.succeeded() ? DONE : -1;
                case "dma_resv_unlock" -> {
                    boolean released = pre.held().get(p).contains(buf) && !post.held().get(p).contains(buf);
                    ph = (a.equals("DmaResvUnlock") || a.equals("DmaResvUnlockBackoff")) && released && e.succeeded() ? DONE : -1;
                }
                case "dma_resv_trylock" -> {
                    if (a.equals("DmaResvTrylock") && want.equals(buf) && e.succeeded()
                            && Boolean.valueOf(post.held().get(p).contains(buf) && !pre.held().get(p).contains(buf)).equals(e.ret())) {
                        ph = DONE;
                    }
                }
                case "dma_resv_lock" -> {
                    if (phase == NOT_STARTED && a.equals("DmaResvLock") && want.equals(buf)) {
                        if (post.pc().get(p) == Pc.BLOCKED) {
                            ph = e.succeeded() || e.result().equals("EDEADLK") ? IN_PROGRESS : -1;
                        } else if (c.ctxProcs().contains(p) && pre.held().get(p).contains(buf)) {
                            ph = e.result().equals("EALREADY") ? DONE : -1;
                        } else {
                            ph = e.succeeded() ? DONE : -1;
                        }
                    } else if (phase == IN_PROGRESS && want.equals(buf)) {
                        ph = a.equals("DmaResvLockWake") && e.succeeded() || a.equals("DmaResvLockDie") && e.result().equals("EDEADLK")
                                ? DONE : -1;
                    }
                }
                case "dma_resv_lock_slow" -> {
                    if (a.equals("DmaResvLockSlow") && buf.equals(pre.contended().get(p)) && e.succeeded()) {
                        ph = post.pc().get(p) == Pc.SLOW ? IN_PROGRESS : DONE;
                        if (ph == DONE) {   // a new pass: its order is learned afresh
                            Map<String, List<String>> o = new HashMap<>(orders);
                            o.put(p, List.of());
                            orders = o;
                        }
                    }
                }
                default -> {
                }
            }
            if (ph >= 0) {
                out.add(cf0.with(State.of(post, orders, closed, ctxOf, cf.exported(), stamp), i, ph));
            }
        }
        return out;
    }
}
