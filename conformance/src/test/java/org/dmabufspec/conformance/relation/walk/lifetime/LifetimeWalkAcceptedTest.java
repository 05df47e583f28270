package org.dmabufspec.conformance.relation.walk.lifetime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import org.dmabufspec.conformance.FullSets;
import org.dmabufspec.conformance.checker.CheckReport;
import org.dmabufspec.conformance.checker.Verdict;
import org.dmabufspec.conformance.relation.walk.EventTrace;
import org.dmabufspec.conformance.relation.walk.resv.ResvEvent;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.ResourceAccessMode;
import org.junit.jupiter.api.parallel.ResourceLock;
import org.junit.jupiter.api.parallel.Resources;

/**
 * Every behaviour of DmaBufLifetime (both default models, without the untraceable actions
 * {@link LifetimeWalk#UNTRACEABLE}), logged as the reference implementation logs it, is accepted
 * by the fast engine. {@code -Dlifetime.walk.seeds=N} walks N seeds per model.
 */
@ResourceLock(value = Resources.SYSTEM_OUT, mode = ResourceAccessMode.READ)
class LifetimeWalkAcceptedTest {
    static final int SEEDS = Integer.getInteger("lifetime.walk.seeds", FullSets.full() ? 500 : 60);
    static final int LENGTH = 30;

    @Test
    void everyLifetimeWalkOfBothDefaultModelsIsAcceptedByTheFastEngine() {
        List<String> failures = new ArrayList<>();
        Set<String> actions = new TreeSet<>();
        Set<String> ops = new TreeSet<>();
        int walks = 0;
        long events = 0;
        long cpu0 = java.lang.management.ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime();
        for (String model : LifetimeWalk.MODELS) {
            for (long seed = 1; seed <= SEEDS; seed++) {
                LifetimeWalk w = LifetimeWalk.walk(model, seed, LENGTH);
                w.steps().forEach(s -> actions.add(s.action()));
                EventTrace t = LifetimeWalkToTrace.trace(w);
                t.events().forEach(e -> ops.add(e.op() + (e.succeeded() ? "" : "/" + e.result())
                        + (e.args().containsKey("last") ? "/last=" + e.args().get("last") : "")));
                CheckReport r = t.check();
                walks++;
                events += t.events().size();
                if (r.verdict() != Verdict.ACCEPTED) {
                    failures.add(w.steps() + "\n" + t.toNdjson() + r.toText());
                }
            }
        }
        System.out.printf("lifetime walks: %d walks, %d events, %.2f s thread CPU; rejected: %d; actions %s; ops %s%n", walks, events,
                (java.lang.management.ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime() - cpu0) / 1e9, failures.size(), actions, ops);
        assertTrue(failures.isEmpty(), failures.size() + " walks rejected; first:\n" + (failures.isEmpty() ? "" : failures.get(0)));
        Set<String> expected = new TreeSet<>(List.of("CloseFd", "DmaBufFileRelease", "DmaBufPoll", "DmaBufPollCb", "DmaFenceSignal",
                "DmaFenceSignalDone", "ProducerPut", "DmaBufGet", "DmaBufPut", "DmaBufAttach", "DmaBufDetach", "AttachWaitDone",
                "AttachWaitInterrupted", "DmaBufMapAttachment", "MapWaitDone", "MapWaitInterrupted", "DmaBufUnmapAttachment",
                "ImporterAddCallback", "ImporterRemoveCallback", "ImporterFenceCb", "DmaFenceWait", "DmaFenceWaitWake",
                "DmaFenceWaitInterrupted", "DmaFenceWaitCb"));
        assertEquals(expected, actions, "the walks took every traceable DmaBufLifetime action");
        assertTrue(ops.containsAll(List.of("dma_fence_put/last=true", "dma_fence_put/last=false", "dma_buf_put/last=true",
                "exporter.release", "dma_buf_attach/ERESTARTSYS", "dma_buf_map_attachment_unlocked/ERESTARTSYS",
                "dma_fence_wait_timeout/ERESTARTSYS", "dma_fence_callback")), ops::toString);
    }

    @Test
    void aLifetimeWalkReplaysFromItsSeed() {
        assertEquals(LifetimeWalk.walk("6_15", 42, LENGTH).steps(), LifetimeWalk.walk("6_15", 42, LENGTH).steps());
        assertTrue(!LifetimeWalk.walk("6_15", 42, LENGTH).steps().equals(LifetimeWalk.walk("6_15", 43, LENGTH).steps()));
    }

    /** The walk check can fail: the importer's dma_buf_detach left out of a walk that released the buffer breaks R18. */
    @Test
    void aWalkWithoutItsDetachIsRejected() {
        int dropped = 0;
        for (long seed = 1; seed <= 40; seed++) {
            EventTrace t = LifetimeWalkToTrace.trace(LifetimeWalk.walk(seed % 2 == 0 ? "6_2_Attach" : "6_15", seed, LENGTH));
            List<ResvEvent> evs = new ArrayList<>(t.events());
            boolean released = evs.stream().anyMatch(e -> e.op().equals("exporter.release"));
            if (released && evs.removeIf(e -> e.op().equals("dma_buf_detach"))) {
                CheckReport r = t.withEvents(t.name() + "-no-detach", evs).check();
                assertEquals(Verdict.REJECTED, r.verdict(), r::toText);
                assertTrue(r.brokenRules().contains("R18"), r::toText);
                dropped++;
            }
        }
        assertTrue(dropped >= 5, "walks with a detach and a release: " + dropped);
    }
}
