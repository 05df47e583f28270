package org.dmabufspec.conformance.relation.ww;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.dmabufspec.conformance.relation.Transition;
import org.junit.jupiter.api.Test;

/** WwMutex.tla's actions on hand-built states of MCWwMutex's constants (F18 wait-die). */
class WwMutexRelationTest {
    static final WwMutexConstants C = new WwMutexConstants(Set.of("l1", "l2"), Set.of("p1", "p2"), Set.of("n1"),
            Map.of("p1", List.of("l1", "l2"), "p2", List.of("l2", "l1"), "n1", List.of("l2")), "NoLock");
    private final WwMutexRelation r = new WwMutexRelation(C, false);

    /** p1 (stamp 1, older) holds l1, p2 (stamp 2, younger) holds l2; both blocked on the other's lock. */
    private static WwMutexState abba() {
        return new WwMutexState(
                Map.of("p1", Pc.BLOCKED, "p2", Pc.BLOCKED, "n1", Pc.DONE),
                Map.of("p1", 2, "p2", 2, "n1", 2),
                Map.of("p1", Set.of("l1"), "p2", Set.of("l2"), "n1", Set.of()),
                Map.of("p1", "NoLock", "p2", "NoLock", "n1", "NoLock"),
                Map.of("p1", 1, "p2", 2, "n1", 0), 3);
    }

    private static List<String> actions(List<Transition<WwMutexState>> ts) {
        return ts.stream().map(Transition::action).toList();
    }

    @Test
    void initialStateHasContextsInAcquireInitAndNullContextThreadsLocking() {
        WwMutexState s = r.init();
        assertEquals(Pc.INIT, s.pc().get("p1"));
        assertEquals(Pc.LOCK, s.pc().get("n1"));
        assertEquals(1, s.nextStamp());
        assertEquals(Optional.of(Set.of(s)), r.initialStates());
        assertEquals(Optional.empty(), new WwMutexRelation(C, true).initialStates());
    }

    @Test
    void acquireInitHandsOutTheClassStampInOrder() {
        WwMutexState s = r.wwAcquireInit(r.init(), "p2").orElseThrow();
        assertEquals(1, s.stamp().get("p2"));
        assertEquals(2, s.nextStamp());
        assertEquals(Pc.LOCK, s.pc().get("p2"));
    }

    @Test
    void youngerContextDiesOnAnOlderHolderAndRecordsTheContendedLock() {
        WwMutexState s = r.dmaResvLockDie(abba(), "p2").orElseThrow();
        assertEquals(Pc.BACKOFF, s.pc().get("p2"));
        assertEquals("l1", s.contended().get("p2"));
        assertTrue(r.dmaResvLockDie(abba(), "p1").isEmpty(), "the older context waits, it never dies");
    }

    @Test
    void contextHoldingNothingNeverDies() { // __ww_mutex_check_kill: ctx->acquired == 0 returns 0
        WwMutexState s = abba().withHeld("p2", Set.of());
        assertFalse(r.mustDie(s, "p2", "l1"));
        assertTrue(r.dmaResvLockDie(s, "p2").isEmpty());
    }

    @Test
    void backoffDropsOneLockAtATimeThenLockSlowTakesTheContendedLockAndRestartsTheLoop() {
        WwMutexState dead = r.dmaResvLockDie(abba(), "p2").orElseThrow();
        assertTrue(r.dmaResvLockSlow(dead, "p2").isEmpty(), "lock_slow only once nothing is held");
        List<WwMutexState> dropped = r.dmaResvUnlockBackoff(dead, "p2");
        assertEquals(1, dropped.size());
        // p1 now takes l2 (freed) ...
        WwMutexState p1Woken = r.dmaResvLockWake(dropped.get(0), "p1").orElseThrow();
        // ... so p2's slow lock on l1 sleeps
        WwMutexState sleeping = r.dmaResvLockSlow(p1Woken, "p2").orElseThrow();
        assertEquals(Pc.SLOW, sleeping.pc().get("p2"));
        assertTrue(r.dmaResvLockSlow(sleeping, "p2").isEmpty(), "a sleeping lock_slow waits for l1 to be free");
        WwMutexState released = sleeping.withHeld("p1", Set.of()).withPc("p1", Pc.DONE);
        WwMutexState got = r.dmaResvLockSlow(released, "p2").orElseThrow();
        assertEquals(Set.of("l1"), got.held().get("p2"));
        assertEquals("NoLock", got.contended().get("p2"));
        assertEquals(1, got.idx().get("p2"));
        assertEquals(Pc.LOCK, got.pc().get("p2"));
    }

    @Test
    void relockInTheLoopAfterLockSlowIsEalreadyAndSkipped() {
        WwMutexState s = abba().withPc("p2", Pc.LOCK).withIdx("p2", 1).withHeld("p1", Set.of()).withHeld("p2", Set.of("l2"));
        WwMutexState next = r.dmaResvLock(s, "p2").orElseThrow();
        assertEquals(2, next.idx().get("p2"));
        assertEquals(Set.of("l2"), next.held().get("p2"));
    }

    @Test
    void nullContextRelockSelfDeadlocks() {
        WwMutexState s = r.init().withHeld("n1", Set.of("l2"));
        assertEquals(Pc.BLOCKED, r.dmaResvLock(s, "n1").orElseThrow().pc().get("n1"));
    }

    @Test
    void trylockOnAHeldLockSkipsTheObject() {
        WwMutexState s = r.init().withHeld("p2", Set.of("l2"));
        WwMutexState next = r.dmaResvTrylock(s, "n1").orElseThrow();
        assertEquals(Set.of(), next.held().get("n1"));
        assertEquals(2, next.idx().get("n1"));
        assertTrue(r.dmaResvTrylock(s, "p1").isEmpty(), "contexts never trylock");
    }

    @Test
    void youngerWaiterIsNotHandedALockAnOlderContextWaitsFor() {
        // l1 free; p1 (older) blocked on it in lock_slow, p2 (younger) blocked on it in the loop
        WwMutexState s = abba().withHeld("p1", Set.of()).withPc("p1", Pc.SLOW).withContended("p1", "l1");
        assertTrue(r.dmaResvLockWake(s, "p2").isEmpty());
        assertTrue(r.dmaResvLockSlow(s, "p1").isPresent());
    }

    @Test
    void acquireFiniOnlyAfterEveryLockIsReleased() {
        WwMutexState s = abba().withPc("p1", Pc.CRITICAL).withIdx("p1", 3).withHeld("p1", Set.of("l1", "l2"))
                .withHeld("p2", Set.of());
        assertTrue(r.wwAcquireFini(s, "p1").isEmpty());
        assertEquals(2, r.dmaResvUnlock(s, "p1").size());
        WwMutexState empty = s.withHeld("p1", Set.of());
        assertEquals(Pc.DONE, r.wwAcquireFini(empty, "p1").orElseThrow().pc().get("p1"));
    }

    @Test
    void terminatedIsAStutterOnceEveryThreadIsDone() {
        WwMutexState done = r.init().withPc("p1", Pc.DONE).withPc("p2", Pc.DONE).withPc("n1", Pc.DONE);
        assertEquals(List.of(new Transition<>("Terminated", done)), r.next(done));
        assertFalse(actions(r.next(r.init())).contains("Terminated"));
    }

    @Test
    void encodeDecodeRoundTrips() {
        WwMutexState s = r.dmaResvLockDie(abba(), "p2").orElseThrow();
        assertEquals(s, r.decode(r.encode(s)));
    }
}
