package org.dmabufspec.conformance.relation.walk.ww;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.dmabufspec.conformance.checker.CheckReport;
import org.dmabufspec.conformance.checker.Verdict;
import org.dmabufspec.conformance.relation.walk.EventTrace;
import org.dmabufspec.conformance.relation.walk.resv.ResvEvent;
import org.junit.jupiter.api.Test;

/**
 * The checker bugs the ww walks found (mutants the WwMutex spec rejects and the fast engine used to
 * accept), each on a minimal trace that both now reject, beside the legal trace it was cut from.
 */
class WwWalkFindingsTest {
    private static ResvEvent ev(String thread, long s, long e, String op, Map<String, Object> ids, Map<String, Object> args,
                                String result, Object ret, Boolean held) {
        return new ResvEvent(thread, s, e, op, ids, args, result, ret, held);
    }

    private static List<ResvEvent> exports() {
        List<ResvEvent> l = new ArrayList<>();
        for (String b : List.of("l1", "l2")) {
            l.add(ev("exporter", l.size() + 1, l.size() + 1, "dma_buf_export", Map.of("buf", b), Map.of("exporter", "system",
                    "dynamic", false, "cache_sgt_mapping", false, "size", 4096, "placement", "SYSTEM"), "0", null, null));
        }
        return l;
    }

    private static void assertVerdicts(boolean accepted, List<ResvEvent> evs, String name) {
        EventTrace t = new EventTrace(name, "WwMutex", evs);
        WwOracle.Verdict spec = new WwOracle(WwWalk.constants(false)).check(evs);
        CheckReport fast = t.check();
        assertEquals(accepted, spec.accepted(), spec::why);
        assertEquals(accepted ? Verdict.ACCEPTED : Verdict.REJECTED, fast.verdict(), fast::toText);
        if (!accepted) {
            assertTrue(fast.brokenRules().contains("F18"), fast::toText);
        }
    }

    /**
     * p1 (stamp 1) holds l1; p2 (stamp 2) takes l2, dies on l1 (-EDEADLK), drops l2, sleeps in
     * dma_resv_lock_slow(l1) until p1 lets go, relocks l2. With a second lock_slow after that (its
     * -EDEADLK dropped): ww_mutex_lock_slow warns when the context has no contending lock, and
     * DmaResvLockSlow needs the backoff state. The fast engine used to accept it (contended null).
     */
    @Test
    void lockSlowWithoutAPrecedingEdeadlkIsRejected() {
        List<ResvEvent> evs = exports();
        evs.add(ev("p1", 10, 19, "ww_acquire_init", Map.of("ctx", "c-p1"), Map.of("stamp", 1), "0", null, null));
        evs.add(ev("p2", 20, 29, "ww_acquire_init", Map.of("ctx", "c-p2"), Map.of("stamp", 2), "0", null, null));
        evs.add(ev("p1", 30, 39, "dma_resv_lock", Map.of("buf", "l1", "ctx", "c-p1"), Map.of(), "0", null, false));
        evs.add(ev("p2", 40, 49, "dma_resv_lock", Map.of("buf", "l2", "ctx", "c-p2"), Map.of(), "0", null, false));
        evs.add(ev("p2", 50, 59, "dma_resv_lock", Map.of("buf", "l1", "ctx", "c-p2"), Map.of(), "EDEADLK", null, false));
        evs.add(ev("p2", 60, 69, "dma_resv_unlock", Map.of("buf", "l2"), Map.of(), "0", null, true));
        evs.add(ev("p1", 70, 79, "dma_resv_unlock", Map.of("buf", "l1"), Map.of(), "0", null, true));
        evs.add(ev("p2", 72, 89, "dma_resv_lock_slow", Map.of("buf", "l1", "ctx", "c-p2"), Map.of(), "0", null, false));
        evs.add(ev("p2", 90, 99, "dma_resv_lock", Map.of("buf", "l2", "ctx", "c-p2"), Map.of(), "0", null, false));
        evs.sort(java.util.Comparator.comparingLong(ResvEvent::end));
        assertVerdicts(true, evs, "lock-slow-after-edeadlk");
        List<ResvEvent> again = new ArrayList<>(evs);
        again.add(ev("p2", 100, 109, "dma_resv_unlock", Map.of("buf", "l2"), Map.of(), "0", null, true));
        again.add(ev("p2", 110, 119, "dma_resv_unlock", Map.of("buf", "l1"), Map.of(), "0", null, true));
        again.add(ev("p2", 120, 129, "dma_resv_lock_slow", Map.of("buf", "l2", "ctx", "c-p2"), Map.of(), "0", null, false));
        assertVerdicts(false, again, "lock-slow-without-edeadlk");
    }

    /**
     * p2's ww_acquire_init returns stamp 2, then p1's, started after it returned, stamp 1:
     * reservation_ww_class's stamp is an atomic counter (WwAcquireInit takes nextStamp), so a later
     * init has the larger stamp. Found by swapping two threads' inits; the fast engine used to take
     * the stamps as given. Overlapping inits may return in either order.
     */
    @Test
    void aLaterInitWithASmallerStampIsRejected() {
        List<ResvEvent> evs = exports();
        evs.add(ev("p2", 10, 19, "ww_acquire_init", Map.of("ctx", "c-p2"), Map.of("stamp", 2), "0", null, null));
        evs.add(ev("p1", 20, 29, "ww_acquire_init", Map.of("ctx", "c-p1"), Map.of("stamp", 1), "0", null, null));
        assertVerdicts(false, evs, "stamps-reversed");
        List<ResvEvent> overlapping = exports();
        overlapping.add(ev("p2", 10, 25, "ww_acquire_init", Map.of("ctx", "c-p2"), Map.of("stamp", 2), "0", null, null));
        overlapping.add(ev("p1", 20, 29, "ww_acquire_init", Map.of("ctx", "c-p1"), Map.of("stamp", 1), "0", null, null));
        assertVerdicts(true, overlapping, "stamps-of-overlapping-inits");
        assertFalse(new WwOracle(WwWalk.constants(false)).check(evs).accepted());
    }

    /**
     * n1 (NULL context) holds l2; p1, the only context, holds l1 and gets -EDEADLK on l2. Wait-die
     * kills a context only for an older holder or an older waiter ahead of it, and there is no
     * other context: DmaResvLockDie needs MustDie, and the kernel's __ww_mutex_check_kill skips a
     * holder without a context. The fast engine used to accept any -EDEADLK against a NULL-context
     * holder.
     */
    @Test
    void edeadlkAgainstANullContextHolderWithNoOlderContextIsRejected() {
        List<ResvEvent> evs = exports();
        evs.add(ev("n1", 10, 19, "dma_resv_lock", Map.of("buf", "l2"), Map.of(), "0", null, false));
        evs.add(ev("p1", 20, 29, "ww_acquire_init", Map.of("ctx", "c-p1"), Map.of("stamp", 1), "0", null, null));
        evs.add(ev("p1", 30, 39, "dma_resv_lock", Map.of("buf", "l1", "ctx", "c-p1"), Map.of(), "0", null, false));
        List<ResvEvent> waits = new ArrayList<>(evs);
        waits.add(ev("p1", 40, 59, "dma_resv_lock", Map.of("buf", "l2", "ctx", "c-p1"), Map.of(), "0", null, false));
        waits.add(0, ev("n1", 50, 55, "dma_resv_unlock", Map.of("buf", "l2"), Map.of(), "0", null, true));
        waits.sort(java.util.Comparator.comparingLong(ResvEvent::end));
        assertVerdicts(true, waits, "null-ctx-holder-waited-for");
        evs.add(ev("p1", 40, 49, "dma_resv_lock", Map.of("buf", "l2", "ctx", "c-p1"), Map.of(), "EDEADLK", null, false));
        assertVerdicts(false, evs, "null-ctx-holder-edeadlk");
    }

    /**
     * Still different: n1 (NULL context) holds l2; p1 (stamp 1) and p2 (stamp 2) initialised; p2
     * holds l1 and gets -EDEADLK on l2, while no call of p1 is in flight. The spec needs an older
     * context holding or waiting for l2 (MustDie), and p1's lock call would be in the trace, so it
     * rejects. The fast engine lets any older live context be a waiter it cannot see (a partial
     * trace need not log another driver's locking), so it accepts.
     */
    @Test
    void pinsAKnownDifferenceEdeadlkWithAnOlderContextThatWaitsForNothing() {
        List<ResvEvent> evs = exports();
        evs.add(ev("n1", 10, 19, "dma_resv_lock", Map.of("buf", "l2"), Map.of(), "0", null, false));
        evs.add(ev("p1", 20, 29, "ww_acquire_init", Map.of("ctx", "c-p1"), Map.of("stamp", 1), "0", null, null));
        evs.add(ev("p2", 30, 39, "ww_acquire_init", Map.of("ctx", "c-p2"), Map.of("stamp", 2), "0", null, null));
        evs.add(ev("p2", 40, 49, "dma_resv_lock", Map.of("buf", "l1", "ctx", "c-p2"), Map.of(), "0", null, false));
        evs.add(ev("p2", 50, 59, "dma_resv_lock", Map.of("buf", "l2", "ctx", "c-p2"), Map.of(), "EDEADLK", null, false));
        EventTrace t = new EventTrace("unseen-older-waiter", "WwMutex", evs);
        WwOracle.Verdict spec = new WwOracle(WwWalk.constants(false)).check(evs);
        assertFalse(spec.accepted());
        assertEquals(6, spec.rejectedIndex(), spec::why);
        CheckReport fast = t.check();
        assertEquals(Verdict.ACCEPTED, fast.verdict(), fast::toText);
        assertTrue(KnownWwDisagreements.unseenOlderWaiter(fast, spec, t));
    }
}
