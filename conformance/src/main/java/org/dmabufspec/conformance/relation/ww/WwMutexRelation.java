package org.dmabufspec.conformance.relation.ww;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.dmabufspec.conformance.relation.Frozen;
import org.dmabufspec.conformance.relation.SpecRelation;
import org.dmabufspec.conformance.relation.Transition;
import org.dmabufspec.tlc.TlaValue;

/**
 * WwMutex.tla's Next in Java (reservation_ww_class wait-die, F18): one method per action, each
 * returning the successors its guard allows. {@code Next == (\E p \in Procs : ProcNext(p)) \/
 * Terminated}; TLC labels a step with the action inside ProcNext. Models: MCWwMutex (Init) and
 * MCWwMutex_Ind (Init is the predicate IndInit, so TLC supplies the initial states).
 */
public class WwMutexRelation implements SpecRelation<WwMutexState> {
    private final WwMutexConstants c;
    private final boolean inductive;

    public WwMutexRelation(WwMutexConstants constants, boolean inductive) {
        this.c = constants;
        this.inductive = inductive;
    }

    protected WwMutexConstants constants() {
        return c;
    }

    @Override
    public Optional<Set<WwMutexState>> initialStates() {
        return inductive ? Optional.empty() : Optional.of(Set.of(init()));
    }

    /** Init: contexts start in ww_acquire_init, NULL-context threads go straight to locking. */
    public WwMutexState init() {
        Map<String, Pc> pc = new HashMap<>();
        Map<String, Integer> idx = new HashMap<>();
        Map<String, Set<String>> held = new HashMap<>();
        Map<String, String> contended = new HashMap<>();
        Map<String, Integer> stamp = new HashMap<>();
        for (String p : c.procs()) {
            pc.put(p, c.ctxProcs().contains(p) ? Pc.INIT : Pc.LOCK);
            idx.put(p, 1);
            held.put(p, Set.of());
            contended.put(p, c.noLock());
            stamp.put(p, 0);
        }
        return new WwMutexState(pc, idx, held, contended, stamp, 1);
    }

    @Override
    public List<Transition<WwMutexState>> next(WwMutexState s) {
        List<Transition<WwMutexState>> out = new ArrayList<>();
        for (String p : c.procs()) {
            wwAcquireInit(s, p).ifPresent(t -> out.add(new Transition<>("WwAcquireInit", t)));
            dmaResvLock(s, p).ifPresent(t -> out.add(new Transition<>("DmaResvLock", t)));
            dmaResvLockWake(s, p).ifPresent(t -> out.add(new Transition<>("DmaResvLockWake", t)));
            dmaResvLockDie(s, p).ifPresent(t -> out.add(new Transition<>("DmaResvLockDie", t)));
            dmaResvUnlockBackoff(s, p).forEach(t -> out.add(new Transition<>("DmaResvUnlockBackoff", t)));
            dmaResvLockSlow(s, p).ifPresent(t -> out.add(new Transition<>("DmaResvLockSlow", t)));
            dmaResvTrylock(s, p).ifPresent(t -> out.add(new Transition<>("DmaResvTrylock", t)));
            wwAcquireDone(s, p).ifPresent(t -> out.add(new Transition<>("WwAcquireDone", t)));
            dmaResvUnlock(s, p).forEach(t -> out.add(new Transition<>("DmaResvUnlock", t)));
            wwAcquireFini(s, p).ifPresent(t -> out.add(new Transition<>("WwAcquireFini", t)));
        }
        terminated(s).ifPresent(t -> out.add(new Transition<>("Terminated", t)));
        return out;
    }

    @Override
    public Map<String, TlaValue> encode(WwMutexState s) {
        return s.encode();
    }

    @Override
    public WwMutexState decode(Map<String, TlaValue> variables) {
        return WwMutexState.decode(variables);
    }

    // ---- operators

    /** Free(l): no thread holds l. */
    boolean free(WwMutexState s, String l) {
        return s.held().values().stream().noneMatch(h -> h.contains(l));
    }

    /** Want(p) == LockOrder[p][idx[p]]. */
    String want(WwMutexState s, String p) {
        List<String> order = c.lockOrder().get(p);
        int i = s.idx().get(p);
        if (i < 1 || i > order.size()) {
            throw new IllegalStateException("Want(" + p + "): idx " + i + " outside LockOrder[" + p + "] = " + order);
        }
        return order.get(i - 1);
    }

    /** Waiting(p, l): p sleeps on l in dma_resv_lock or dma_resv_lock_slow. */
    boolean waiting(WwMutexState s, String p, String l) {
        return (s.pc().get(p) == Pc.BLOCKED && want(s, p).equals(l))
                || (s.pc().get(p) == Pc.SLOW && s.contended().get(p).equals(l));
    }

    /** Older(q, p) == stamp[q] < stamp[p]. */
    boolean older(WwMutexState s, String q, String p) {
        return s.stamp().get(q) < s.stamp().get(p);
    }

    /** MustDie(p, l): __ww_mutex_check_kill for wait-die. */
    protected boolean mustDie(WwMutexState s, String p, String l) {
        return c.ctxProcs().contains(p)
                && !s.held().get(p).isEmpty()
                && c.ctxProcs().stream().filter(q -> !q.equals(p))
                        .anyMatch(q -> older(s, q, p) && (s.held().get(q).contains(l) || waiting(s, q, l)));
    }

    /** MayTake(p, l): l is free and, for a context, no older context waits for it. */
    boolean mayTake(WwMutexState s, String p, String l) {
        return free(s, l)
                && (!c.ctxProcs().contains(p) || c.ctxProcs().stream().filter(q -> !q.equals(p))
                        .allMatch(q -> !waiting(s, q, l) || !older(s, q, p)));
    }

    // ---- actions

    /** WwAcquireInit(p): the context gets the class's next stamp. */
    Optional<WwMutexState> wwAcquireInit(WwMutexState s, String p) {
        if (s.pc().get(p) != Pc.INIT) {
            return Optional.empty();
        }
        return Optional.of(s.withStamp(p, s.nextStamp(), s.nextStamp() + 1).withPc(p, Pc.LOCK));
    }

    /** DmaResvLock(p): -EALREADY skip, take a free lock, or sleep as a waiter. */
    Optional<WwMutexState> dmaResvLock(WwMutexState s, String p) {
        if (s.pc().get(p) != Pc.LOCK || s.idx().get(p) > c.lockOrder().get(p).size()) {
            return Optional.empty();
        }
        String l = want(s, p);
        if (c.ctxProcs().contains(p) && s.held().get(p).contains(l)) {
            return Optional.of(s.withIdx(p, s.idx().get(p) + 1));
        }
        if (free(s, l)) {
            return Optional.of(s.withHeld(p, Frozen.plus(s.held().get(p), l)).withIdx(p, s.idx().get(p) + 1));
        }
        return Optional.of(s.withPc(p, Pc.BLOCKED));
    }

    /** DmaResvLockWake(p): the sleeper is handed the lock (stamp-ordered). */
    Optional<WwMutexState> dmaResvLockWake(WwMutexState s, String p) {
        if (s.pc().get(p) != Pc.BLOCKED || !mayTake(s, p, want(s, p))) {
            return Optional.empty();
        }
        return Optional.of(s.withHeld(p, Frozen.plus(s.held().get(p), want(s, p))).withIdx(p, s.idx().get(p) + 1)
                .withPc(p, Pc.LOCK));
    }

    /** DmaResvLockDie(p): wait-die returns -EDEADLK and records the contended lock. */
    Optional<WwMutexState> dmaResvLockDie(WwMutexState s, String p) {
        if (s.pc().get(p) != Pc.BLOCKED || !mustDie(s, p, want(s, p))) {
            return Optional.empty();
        }
        return Optional.of(s.withPc(p, Pc.BACKOFF).withContended(p, want(s, p)));
    }

    /** DmaResvUnlockBackoff(p): after -EDEADLK drop one held lock. */
    List<WwMutexState> dmaResvUnlockBackoff(WwMutexState s, String p) {
        if (s.pc().get(p) != Pc.BACKOFF) {
            return List.of();
        }
        return s.held().get(p).stream().sorted().map(l -> s.withHeld(p, Frozen.minus(s.held().get(p), l))).toList();
    }

    /** DmaResvLockSlow(p): with nothing held, take the contended lock or sleep on it. */
    Optional<WwMutexState> dmaResvLockSlow(WwMutexState s, String p) {
        Pc pc = s.pc().get(p);
        if (!((pc == Pc.BACKOFF && s.held().get(p).isEmpty()) || pc == Pc.SLOW)) {
            return Optional.empty();
        }
        String l = s.contended().get(p);
        if (mayTake(s, p, l)) {
            return Optional.of(s.withHeld(p, Set.of(l)).withContended(p, c.noLock()).withPc(p, Pc.LOCK).withIdx(p, 1));
        }
        if (pc != Pc.BACKOFF) {
            return Optional.empty();
        }
        return Optional.of(s.withPc(p, Pc.SLOW));
    }

    /** DmaResvTrylock(p): a NULL-context trylock; on failure the object is skipped. */
    Optional<WwMutexState> dmaResvTrylock(WwMutexState s, String p) {
        if (!c.nullProcs().contains(p) || s.pc().get(p) != Pc.LOCK || s.idx().get(p) > c.lockOrder().get(p).size()) {
            return Optional.empty();
        }
        String l = want(s, p);
        Set<String> held = free(s, l) ? Frozen.plus(s.held().get(p), l) : s.held().get(p);
        return Optional.of(s.withHeld(p, held).withIdx(p, s.idx().get(p) + 1));
    }

    /** WwAcquireDone(p): every object is locked; the critical section starts. */
    Optional<WwMutexState> wwAcquireDone(WwMutexState s, String p) {
        if (s.pc().get(p) != Pc.LOCK || s.idx().get(p) <= c.lockOrder().get(p).size()) {
            return Optional.empty();
        }
        return Optional.of(s.withPc(p, Pc.CRITICAL));
    }

    /** DmaResvUnlock(p): release one held object after the critical section. */
    List<WwMutexState> dmaResvUnlock(WwMutexState s, String p) {
        if (s.pc().get(p) != Pc.CRITICAL && s.pc().get(p) != Pc.UNLOCK) {
            return List.of();
        }
        return s.held().get(p).stream().sorted()
                .map(l -> s.withHeld(p, Frozen.minus(s.held().get(p), l)).withPc(p, Pc.UNLOCK)).toList();
    }

    /** WwAcquireFini(p): only once every lock is released. */
    Optional<WwMutexState> wwAcquireFini(WwMutexState s, String p) {
        if ((s.pc().get(p) != Pc.CRITICAL && s.pc().get(p) != Pc.UNLOCK) || !s.held().get(p).isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(s.withPc(p, Pc.DONE));
    }

    /** Terminated: every thread finished; the model stutters. */
    Optional<WwMutexState> terminated(WwMutexState s) {
        return c.procs().stream().allMatch(p -> s.pc().get(p) == Pc.DONE) ? Optional.of(s) : Optional.empty();
    }

}
