package org.dmabufspec.conformance.relation.walk.ww;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import org.dmabufspec.conformance.checker.CheckReport;
import org.dmabufspec.conformance.checker.Verdict;
import org.dmabufspec.conformance.relation.walk.EventTrace;
import org.dmabufspec.conformance.relation.walk.resv.ResvEvent;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.ResourceAccessMode;
import org.junit.jupiter.api.parallel.ResourceLock;
import org.junit.jupiter.api.parallel.Resources;

/** Every behaviour of the WwMutex spec, logged as the reference implementation logs it, is accepted by the fast engine. */
@ResourceLock(value = Resources.SYSTEM_OUT, mode = ResourceAccessMode.READ)
class WwWalkAcceptedTest {
    static final int SEEDS = Integer.getInteger("ww.walk.seeds", 100);

    @Test
    void everyWwWalkWithTwoAndThreeContextsIsAcceptedByTheFastEngine() {
        List<String> failures = new ArrayList<>();
        Set<String> actions = new TreeSet<>();
        Set<String> ops = new TreeSet<>();
        int walks = 0;
        long events = 0;
        for (boolean three : new boolean[] {false, true}) {
            for (long seed = 1; seed <= SEEDS; seed++) {
                WwWalk w = WwWalk.walk(three, seed);
                w.steps().forEach(s -> actions.add(s.action()));
                EventTrace t = WwWalkToTrace.trace(w);
                t.events().forEach(e -> ops.add(e.op() + (e.succeeded() ? "" : "/" + e.result())));
                CheckReport r = t.check();
                walks++;
                events += t.events().size();
                if (r.verdict() != Verdict.ACCEPTED) {
                    failures.add(w.steps() + "\n" + t.toNdjson() + r.toText());
                }
            }
        }
        System.out.printf("ww walks: %d walks, %d events; rejected: %d; actions %s; ops %s%n", walks, events, failures.size(),
                actions, ops);
        assertTrue(failures.isEmpty(), failures.size() + " walks rejected; first:\n" + (failures.isEmpty() ? "" : failures.get(0)));
        assertEquals(new TreeSet<>(List.of("WwAcquireInit", "DmaResvLock", "DmaResvLockWake", "DmaResvLockDie",
                "DmaResvUnlockBackoff", "DmaResvLockSlow", "DmaResvTrylock", "WwAcquireDone", "DmaResvUnlock", "WwAcquireFini")),
                actions, "the walks took every WwMutex action but the stuttering Terminated");
        assertTrue(ops.containsAll(List.of("dma_resv_lock/EDEADLK", "dma_resv_lock/EALREADY", "dma_resv_lock_slow")), ops::toString);
    }

    @Test
    void aWwWalkReplaysFromItsSeed() {
        assertEquals(WwWalk.walk(true, 42).steps(), WwWalk.walk(true, 42).steps());
        assertTrue(!WwWalk.walk(true, 42).steps().equals(WwWalk.walk(true, 43).steps()), "another seed, another walk");
    }

    /**
     * The walk check can fail: a dma_resv_trylock that took the lock, logged as failed, leaves the
     * later unlock of a lock the thread does not hold, which the fast engine rejects.
     */
    @Test
    void aWalkWithASuccessfulTrylockLoggedAsFailedIsRejected() {
        int flipped = 0;
        for (long seed = 1; seed <= 40; seed++) {
            EventTrace t = WwWalkToTrace.trace(WwWalk.walk(seed % 2 == 0, seed));
            for (int i = 0; i < t.events().size(); i++) {
                ResvEvent e = t.events().get(i);
                if (e.op().equals("dma_resv_trylock") && Boolean.TRUE.equals(e.ret())) {
                    List<ResvEvent> evs = new ArrayList<>(t.events());
                    evs.set(i, e.withResult("0", false));
                    CheckReport r = t.withEvents(t.name() + "-flipped", evs).check();
                    assertEquals(Verdict.REJECTED, r.verdict(), r::toText);
                    flipped++;
                    break;
                }
            }
        }
        assertTrue(flipped >= 5, "walks with a successful trylock: " + flipped);
    }
}
