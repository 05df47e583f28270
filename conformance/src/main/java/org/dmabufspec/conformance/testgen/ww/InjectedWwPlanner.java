package org.dmabufspec.conformance.testgen.ww;

import static org.dmabufspec.conformance.testgen.KernelCall.argMap;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;

import org.dmabufspec.conformance.relation.ww.Pc;
import org.dmabufspec.conformance.relation.ww.WwMutexConstants;
import org.dmabufspec.conformance.relation.ww.WwMutexState;
import org.dmabufspec.conformance.testgen.KernelCall;
import org.dmabufspec.conformance.testgen.StepPlan;
import org.dmabufspec.conformance.testgen.Vocabulary;
import org.dmabufspec.tlc.TlaValue;

/**
 * MCWwMutex_Ind's edges: every initial state is an Inv state of the bounded domain, built on the
 * reference implementation before the test's steps, then each edge is the call {@link WwPlanner}
 * makes of it (its settled and unsettled states, and its not-drivable races, are the same). What a
 * call can build is built by calls, on the owning model thread's executor thread: the locks each
 * thread holds ({@code dma_resv_lock}), {@code ww_acquire_done} and {@code _fini} of a context past
 * its loop, and the sleeping {@code dma_resv_lock} or {@code dma_resv_lock_slow} of a blocked or
 * slow thread. What no call sets is injected ({@code WwStateInjection}): the class's stamp counter
 * ({@code nextStamp}), each context's stamp (any order the domain allows, not the order of the
 * inits), and the contending lock a -EDEADLK left in a context that backs off. Not drivable: a step
 * from a state where a thread sleeps on a lock it holds itself (a context's {@code dma_resv_lock}
 * returns -EALREADY there, a NULL context's deadlocks), which the implementation cannot be put in.
 */
final class InjectedWwPlanner implements Vocabulary.Planner {
    /** The setup calls that build an injected state (the executor's {@code init}). */
    static final String CLASS = "inject_ww_class";
    static final String CTX = "inject_ww_acquire_ctx";
    static final String HOLD = "hold";
    static final String CONTENDING = "inject_contending_lock";
    static final String SLEEP = "sleep";

    private final WwMutexConstants k;
    private final WwPlanner calls;

    InjectedWwPlanner(WwMutexConstants k) {
        this.k = k;
        this.calls = new WwPlanner(k);
    }

    @Override
    public List<KernelCall> setup() {
        return calls.setup();
    }

    @Override
    public Optional<List<KernelCall>> inject(Map<String, TlaValue> state) {
        WwMutexState s = WwMutexState.decode(state);
        List<KernelCall> out = new ArrayList<>(calls.setup());
        out.add(new KernelCall(CLASS, argMap("next_stamp", String.valueOf(s.nextStamp())), "0"));
        for (String p : k.procs()) {
            Pc pc = s.pc().get(p);
            if (k.ctxProcs().contains(p) && pc != Pc.INIT) {
                out.add(new KernelCall(CTX, argMap("proc", p, "stamp", String.valueOf(s.stamp().get(p))), "0"));
            }
        }
        for (String p : k.procs()) {
            for (String l : new TreeSet<>(s.held().get(p))) {
                out.add(new KernelCall(HOLD, argMap("proc", p, "lock", l, "ctx", String.valueOf(k.ctxProcs().contains(p))), "0"));
            }
        }
        for (String p : k.procs()) {
            Pc pc = s.pc().get(p);
            if (k.ctxProcs().contains(p) && (pc == Pc.CRITICAL || pc == Pc.UNLOCK || pc == Pc.DONE)) {
                out.add(new KernelCall("ww_acquire_done", argMap("proc", p), "0"));
            }
            if (k.ctxProcs().contains(p) && pc == Pc.DONE) {
                out.add(new KernelCall("ww_acquire_fini", argMap("proc", p), "0"));
            }
            if (pc == Pc.BACKOFF || pc == Pc.SLOW) {
                out.add(new KernelCall(CONTENDING, argMap("proc", p, "lock", s.contended().get(p)), "0"));
            }
        }
        // the sleeping calls last, the one that returns by itself (an unsettled state's waiter) after the others
        List<String> eager = calls.eager(s);
        List<KernelCall> last = new ArrayList<>();
        for (String p : k.procs()) {
            Pc pc = s.pc().get(p);
            if (pc != Pc.BLOCKED && pc != Pc.SLOW) {
                continue;
            }
            boolean returns = eager.stream().anyMatch(e -> e.endsWith(" " + p));
            KernelCall c = new KernelCall(SLEEP, argMap("proc", p, "lock", pc == Pc.SLOW ? s.contended().get(p) : want(s, p),
                    "slow", String.valueOf(pc == Pc.SLOW), "ctx", String.valueOf(k.ctxProcs().contains(p))),
                    returns ? "called" : "sleeps");
            (returns ? last : out).add(c);
        }
        out.addAll(last);
        return Optional.of(out);
    }

    @Override
    public StepPlan plan(Map<String, TlaValue> before, String action, Map<String, TlaValue> after) {
        WwMutexState b = WwMutexState.decode(before);
        for (String p : k.procs()) {
            if (b.pc().get(p) == Pc.BLOCKED && b.held().get(p).contains(want(b, p))) {
                return StepPlan.notDrivable("a thread asleep on a lock it holds itself: the implementation returns -EALREADY (a"
                        + " context) or deadlocks (NULL context) instead of sleeping, so it cannot be put in this state", "F18");
            }
        }
        return calls.plan(before, action, after);
    }

    @Override
    public Map<String, String> observe(Map<String, TlaValue> state) {
        return calls.observe(state);
    }

    private String want(WwMutexState s, String p) {
        List<String> order = k.lockOrder().get(p);
        int i = s.idx().get(p);
        return i <= order.size() ? order.get(i - 1) : null;
    }
}
