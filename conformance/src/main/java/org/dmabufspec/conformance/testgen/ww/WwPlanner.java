package org.dmabufspec.conformance.testgen.ww;

import static org.dmabufspec.conformance.testgen.KernelCall.argMap;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import org.dmabufspec.conformance.relation.ww.Pc;
import org.dmabufspec.conformance.relation.ww.WwMutexConstants;
import org.dmabufspec.conformance.relation.ww.WwMutexState;
import org.dmabufspec.conformance.testgen.KernelCall;
import org.dmabufspec.conformance.testgen.StepPlan;
import org.dmabufspec.conformance.testgen.Vocabulary;
import org.dmabufspec.tlc.TlaValue;

/**
 * WwMutex edges as ww_mutex calls, one executor thread per model thread. The model lets a thread
 * that could take a freed lock, or that must die, wait while others run; a real ww_mutex does not:
 * the waiter is woken at the unlock (or at the older waiter's arrival) and takes the lock or
 * returns -EDEADLK at once. So the planner splits states in two: <em>settled</em> ones, where no
 * sleeping thread can move by itself, and the others, where exactly the waiter's own step
 * (DmaResvLockWake, DmaResvLockDie, DmaResvLockSlow out of "slow") is the one the implementation
 * takes. Edges of a settled state are calls of the thread that moves; from an unsettled state only
 * that one step can be driven, and every other edge (another thread running first, or two waiters
 * racing for one lock) is not drivable, with that reason.
 * <p>
 * Calls: WwAcquireInit {@code ww_acquire_init}; DmaResvLock {@code dma_resv_lock(l, ctx)} = 0,
 * EALREADY, or {@code sleeps} when the caller blocks; the waiter's own step: the blocked call
 * returns 0 or EDEADLK; DmaResvUnlockBackoff and DmaResvUnlock {@code dma_resv_unlock};
 * DmaResvLockSlow {@code dma_resv_lock_slow} = 0 or {@code sleeps}; DmaResvTrylock
 * {@code dma_resv_trylock} = true/false; WwAcquireDone and WwAcquireFini (context threads only).
 * Observable in settled states: per lock whether it is locked, per context thread
 * {@code ctx->acquired}, per thread whether it sleeps in a call.
 */
final class WwPlanner implements Vocabulary.Planner {
    private final WwMutexConstants k;

    WwPlanner(WwMutexConstants k) {
        this.k = k;
    }

    @Override
    public List<KernelCall> setup() {
        List<KernelCall> out = new ArrayList<>();
        for (String l : new TreeSet<>(k.locks())) {
            out.add(new KernelCall("dma_resv_init", argMap("lock", l), "0"));
        }
        for (String p : k.procs()) {
            out.add(new KernelCall("thread", argMap("proc", p, "ctx", String.valueOf(k.ctxProcs().contains(p))), "0"));
        }
        return out;
    }

    /** The steps a real ww_mutex takes by itself in this state: "Wake p", "Die p", "Slow p". */
    List<String> eager(WwMutexState s) {
        List<String> out = new ArrayList<>();
        for (String p : k.procs()) {
            Pc pc = s.pc().get(p);
            if (pc == Pc.BLOCKED) {
                String l = want(s, p);
                if (free(s, l)) {
                    out.add("DmaResvLockWake " + p);
                } else if (mustDie(s, p, l)) {
                    out.add("DmaResvLockDie " + p);
                }
            } else if (pc == Pc.SLOW && free(s, s.contended().get(p))) {
                out.add("DmaResvLockSlow " + p);
            }
        }
        return out;
    }

    @Override
    public StepPlan plan(Map<String, TlaValue> before, String action, Map<String, TlaValue> after) {
        WwMutexState b = WwMutexState.decode(before);
        WwMutexState a = WwMutexState.decode(after);
        String p = k.procs().stream().filter(q -> changed(b, a, q)).findFirst().orElse(null);
        List<String> eager = eager(b);
        if (p == null) {
            return eager.isEmpty() ? new StepPlan(null, "every thread has finished", "F18")
                    : StepPlan.notDrivable("a step from a state where a woken waiter has yet to move", "F18");
        }
        if (!eager.isEmpty()) {
            if (eager.size() > 1) {
                return StepPlan.notDrivable("several sleeping threads can move at once (a race the test does not control)",
                        "F18");
            }
            if (!eager.get(0).equals(action + " " + p)) {
                return StepPlan.notDrivable("another thread runs while a woken waiter has yet to move: the implementation"
                        + " wakes it at once", "F18");
            }
            String l = action.equals("DmaResvLockSlow") ? b.contended().get(p) : want(b, p);
            return new StepPlan(new KernelCall("return", argMap("proc", p, "lock", l),
                    action.equals("DmaResvLockDie") ? "EDEADLK" : "0"),
                    action.equals("DmaResvLockDie") ? "the sleeping dma_resv_lock returns -EDEADLK (wait-die)"
                            : "the sleeping call is woken and takes the lock", "F18");
        }
        boolean ctx = k.ctxProcs().contains(p);
        return switch (action) {
            case "WwAcquireInit" -> call("ww_acquire_init", "0", "proc", p);
            case "DmaResvLock" -> {
                String l = want(b, p);
                String expect = a.pc().get(p) == Pc.BLOCKED ? sleeps(a, p) : a.held().get(p).contains(l) && !b.held().get(p).contains(l)
                        ? "0" : "EALREADY";
                yield call("dma_resv_lock", expect, "proc", p, "lock", l, "ctx", String.valueOf(ctx));
            }
            case "DmaResvUnlockBackoff", "DmaResvUnlock" -> {
                Set<String> gone = new TreeSet<>(b.held().get(p));
                gone.removeAll(a.held().get(p));
                yield call("dma_resv_unlock", "0", "proc", p, "lock", gone.iterator().next());
            }
            case "DmaResvLockSlow" -> call("dma_resv_lock_slow", a.pc().get(p) == Pc.SLOW ? sleeps(a, p) : "0", "proc", p,
                    "lock", b.contended().get(p));
            case "DmaResvTrylock" -> {
                String l = want(b, p);
                yield call("dma_resv_trylock", String.valueOf(a.held().get(p).contains(l)), "proc", p, "lock", l);
            }
            case "WwAcquireDone" -> ctx ? call("ww_acquire_done", "0", "proc", p)
                    : new StepPlan(null, "a NULL-context thread has no acquire context: it enters its critical section", "F18");
            case "WwAcquireFini" -> ctx ? call("ww_acquire_fini", "0", "proc", p)
                    : new StepPlan(null, "a NULL-context thread has no acquire context: it is done", "F18");
            default -> StepPlan.notDrivable("no ww_mutex call for action " + action, "F18");
        };
    }

    /**
     * A call the model puts to sleep: {@code sleeps} (the executor waits until it does), or
     * {@code called} when its own return is the next step the implementation takes (it may return
     * before it ever sleeps; that step collects the result).
     */
    private String sleeps(WwMutexState after, String p) {
        return eager(after).stream().anyMatch(e -> e.endsWith(" " + p)) ? "called" : "sleeps";
    }

    private static boolean changed(WwMutexState b, WwMutexState a, String p) {
        return b.pc().get(p) != a.pc().get(p) || !b.idx().get(p).equals(a.idx().get(p)) || !b.held().get(p).equals(a.held().get(p))
                || !b.contended().get(p).equals(a.contended().get(p)) || !b.stamp().get(p).equals(a.stamp().get(p));
    }

    private String want(WwMutexState s, String p) {
        List<String> order = k.lockOrder().get(p);
        int i = s.idx().get(p);
        return i <= order.size() ? order.get(i - 1) : null;
    }

    private boolean free(WwMutexState s, String l) {
        return k.procs().stream().noneMatch(q -> s.held().get(q).contains(l));
    }

    private boolean waiting(WwMutexState s, String q, String l) {
        return s.pc().get(q) == Pc.BLOCKED && l.equals(want(s, q)) || s.pc().get(q) == Pc.SLOW && l.equals(s.contended().get(q));
    }

    /** MustDie(p, l): p holds a lock and an older context holds l or waits for it. */
    private boolean mustDie(WwMutexState s, String p, String l) {
        if (!k.ctxProcs().contains(p) || s.held().get(p).isEmpty()) {
            return false;
        }
        for (String q : k.ctxProcs()) {
            if (!q.equals(p) && s.stamp().get(q) < s.stamp().get(p) && (s.held().get(q).contains(l) || waiting(s, q, l))) {
                return true;
            }
        }
        return false;
    }

    @Override
    public Map<String, String> observe(Map<String, TlaValue> state) {
        WwMutexState s = WwMutexState.decode(state);
        Map<String, String> out = new TreeMap<>();
        if (!eager(s).isEmpty()) {
            return out; // a waiter has yet to move: the next step is its own, and observes
        }
        for (String l : k.locks()) {
            out.put(l + ".locked", String.valueOf(!free(s, l)));
        }
        for (String p : k.procs()) {
            if (k.ctxProcs().contains(p) && s.pc().get(p) != Pc.INIT) {
                out.put(p + ".acquired", String.valueOf(s.held().get(p).size()));
            }
            out.put(p + ".sleeping", String.valueOf(s.pc().get(p) == Pc.BLOCKED || s.pc().get(p) == Pc.SLOW));
        }
        return out;
    }

    private static StepPlan call(String op, String expect, String... kv) {
        return new StepPlan(new KernelCall(op, argMap(kv), expect), "", "F18");
    }

}
