package org.dmabufspec.conformance.relation.walk.fence;

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

/** Every behaviour of the DmaFence spec, logged as the reference implementation logs it, is accepted by the fast engine. */
@ResourceLock(value = Resources.SYSTEM_OUT, mode = ResourceAccessMode.READ)
class FenceWalkAcceptedTest {
    static final int SEEDS = Integer.getInteger("fence.walk.seeds", 100);
    static final int LENGTH = 30;

    @Test
    void everyFenceWalkOfBothModelsIsAcceptedByTheFastEngine() {
        List<String> failures = new ArrayList<>();
        Set<String> actions = new TreeSet<>();
        Set<String> ops = new TreeSet<>();
        int walks = 0;
        long events = 0;
        for (boolean wide : new boolean[] {false, true}) {
            for (long seed = 1; seed <= SEEDS; seed++) {
                FenceWalk w = FenceWalk.walk(wide, seed, LENGTH);
                w.steps().forEach(s -> actions.add(s.action()));
                EventTrace t = FenceWalkToTrace.trace(w);
                t.events().forEach(e -> ops.add(e.op() + (e.succeeded() ? "" : "/" + e.result())));
                CheckReport r = t.check();
                walks++;
                events += t.events().size();
                if (r.verdict() != Verdict.ACCEPTED) {
                    failures.add(w.steps() + "\n" + t.toNdjson() + r.toText());
                }
            }
        }
        System.out.printf("fence walks: %d walks, %d events; rejected: %d; actions %s; ops %s%n", walks, events, failures.size(),
                actions, ops);
        assertTrue(failures.isEmpty(), failures.size() + " walks rejected; first:\n" + (failures.isEmpty() ? "" : failures.get(0)));
        Set<String> expected = new TreeSet<>(List.of("DmaFenceEnableSwSignaling", "DmaFenceSetError", "DmaFenceSignal",
                "DmaFenceRunCallback", "MCDmaFenceRelease", "DmaFenceAddCallback", "DmaFenceRemoveCallback", "DmaFenceWaitTimeout",
                "DmaFenceWaitWake", "DmaFenceWaitTimeoutExpire"));
        expected.addAll(FenceWalk.STUTTERS);
        assertEquals(expected, actions, "the walks took every DmaFence action and both stutters");
        assertTrue(ops.containsAll(List.of("dma_fence_add_callback/ENOENT", "dma_fence_signal/EINVAL", "dma_fence_callback")), ops::toString);
    }

    @Test
    void aFenceWalkReplaysFromItsSeed() {
        assertEquals(FenceWalk.walk(true, 42, LENGTH).steps(), FenceWalk.walk(true, 42, LENGTH).steps());
        assertTrue(!FenceWalk.walk(true, 42, LENGTH).steps().equals(FenceWalk.walk(true, 43, LENGTH).steps()));
    }

    /** The walk check can fail: a callback logged twice breaks F7 (callbacks run exactly once). */
    @Test
    void aWalkWithACallbackLoggedTwiceIsRejected() {
        int duplicated = 0;
        for (long seed = 1; seed <= 40; seed++) {
            EventTrace t = FenceWalkToTrace.trace(FenceWalk.walk(seed % 2 == 0, seed, LENGTH));
            for (int i = 0; i < t.events().size(); i++) {
                ResvEvent e = t.events().get(i);
                if (e.op().equals("dma_fence_callback")) {
                    List<ResvEvent> evs = new ArrayList<>(t.events());
                    evs.add(e.withTimes(e.end() + 1, e.end() + 1));
                    evs.sort(FenceWalkToTrace.ORDER);
                    CheckReport r = t.withEvents(t.name() + "-twice", evs).check();
                    assertEquals(Verdict.REJECTED, r.verdict(), r::toText);
                    duplicated++;
                    break;
                }
            }
        }
        assertTrue(duplicated >= 10, "walks with a callback: " + duplicated);
    }
}
