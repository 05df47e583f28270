package org.dmabufspec.conformance.relation.walk.eviction;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import org.dmabufspec.conformance.checker.CheckOptions;
import org.dmabufspec.conformance.checker.CheckReport;
import org.dmabufspec.conformance.checker.HiddenSteps;
import org.dmabufspec.conformance.checker.Verdict;
import org.dmabufspec.conformance.relation.walk.EventTrace;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.ResourceAccessMode;
import org.junit.jupiter.api.parallel.ResourceLock;
import org.junit.jupiter.api.parallel.Resources;

/**
 * Every behaviour of DmaBufWwEviction (MCDmaBufWwEviction.cfg's constants), logged as the
 * reference implementation logs it, is accepted by the fast engine. {@code -Deviction.walk.seeds=N}
 * checks N walks.
 */
@ResourceLock(value = Resources.SYSTEM_OUT, mode = ResourceAccessMode.READ)
class EvictionWalkAcceptedTest {
    static final int SEEDS = Integer.getInteger("eviction.walk.seeds", 100);
    static final Set<String> ACTIONS = new TreeSet<>(List.of("WwAcquireInit", "DmaResvLock", "DmaResvLockWake",
            "DmaResvLockDie", "DmaBufPin", "DmaBufMapAttachment", "TtmTicketLock", "TtmTicketLockWake", "TtmTicketLockDie",
            "DmaBufCallEdeadlk", "TtmEvict", "DmaBufPinReturns", "MapDmaBuf", "DmaBufMapAttachmentPinned", "DmaResvWaitKernel",
            "DmaResvWaitInterrupted", "DmaResvUnlockBackoff", "DmaResvLockSlow", "DmaResvUnlock", "WwAcquireFini",
            "DmaFenceSignalMove"));

    @Test
    void everyEvictionWalkIsAcceptedByTheFastEngine() {
        long cpu0 = java.lang.management.ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime();
        List<String> failures = new ArrayList<>();
        Set<String> actions = new TreeSet<>();
        Set<String> ops = new TreeSet<>();
        long events = 0;
        for (long seed = 1; seed <= SEEDS; seed++) {
            EvictionWalk w = EvictionWalk.walk(seed);
            w.steps().forEach(s -> actions.add(s.action()));
            EventTrace t = EvictionWalkToTrace.trace(w);
            t.events().forEach(e -> ops.add(e.op() + (e.succeeded() ? "" : "/" + e.result())));
            events += t.events().size();
            CheckReport r = t.check(CheckOptions.defaults().withHidden(HiddenSteps.OFF)); // the reference implementation logs every signal
            if (r.verdict() != Verdict.ACCEPTED) {
                failures.add(w.steps() + "\n" + t.toNdjson() + r.toText());
            }
        }
        System.out.printf("eviction walks: %d walks, %d events, rejected %d, test thread CPU %.2f s; ops %s%n", SEEDS, events,
                failures.size(), (java.lang.management.ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime() - cpu0) / 1e9, ops);
        assertTrue(failures.isEmpty(), failures.size() + " walks rejected; first:\n" + (failures.isEmpty() ? "" : failures.get(0)));
        assertEquals(ACTIONS, actions, "the walks took every DmaBufWwEviction action but the stuttering Terminated");
        assertTrue(ops.containsAll(List.of("dma_resv_lock/EDEADLK", "dma_resv_lock/EALREADY", "dma_buf_map_attachment/EDEADLK",
                "dma_buf_map_attachment/ERESTARTSYS", "dma_resv_lock_slow", "exporter.move")), ops::toString);
    }

    @Test
    void anEvictionWalkReplaysFromItsSeed() {
        assertEquals(EvictionWalk.walk(42).steps(), EvictionWalk.walk(42).steps());
        assertTrue(!EvictionWalk.walk(42).steps().equals(EvictionWalk.walk(43).steps()), "another seed, another walk");
    }
}
