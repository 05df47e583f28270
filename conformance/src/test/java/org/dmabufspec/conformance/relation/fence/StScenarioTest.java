package org.dmabufspec.conformance.relation.fence;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.dmabufspec.conformance.relation.Transition;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class StScenarioTest {

    private static DmaFenceStRelation relation(String test, FenceConstants k) {
        DmaFenceSpec spec = new DmaFenceSpec(k, false);
        return new DmaFenceStRelation(spec, StScenario.of(test, spec).orElseThrow());
    }

    private static DmaFenceStRelation relation(String test) {
        return relation(test, FenceModels.st(List.of("f1"), List.of("c1"), List.of(), WaitTimeout.INFINITE));
    }

    /** The one path of a scenario (its graph is a line ending in Finished's self-loop). */
    private static List<StState> run(DmaFenceStRelation rel) {
        List<StState> path = new java.util.ArrayList<>();
        StState s = rel.initialStates().orElseThrow().iterator().next();
        while (true) {
            path.add(s);
            List<Transition<StState>> next = rel.next(s);
            assertEquals(1, next.size(), () -> "a scenario is deterministic: " + next);
            if (next.get(0).action().equals("Finished")) {
                assertEquals(s, next.get(0).successor());
                return path;
            }
            s = next.get(0).successor();
        }
    }

    private static StState last(DmaFenceStRelation rel) {
        List<StState> path = run(rel);
        return path.get(path.size() - 1);
    }

    @Test
    void testSignalingSecondSignalReturnsEinvalAndChangesNothing() {
        List<StState> path = run(relation("test_signaling"));
        assertEquals(3, path.size());
        assertEquals(0, path.get(1).ret());
        assertEquals(DmaFenceSpec.EINVAL, path.get(2).ret());
        assertEquals(path.get(1).fence(), path.get(2).fence());
    }

    @Test
    void testAddCallbackRunsTheCallbackInBackgroundBeforeTheTestGoesOn() {
        DmaFenceStRelation rel = relation("test_add_callback");
        List<StState> path = run(rel);
        // add, signal, Background runs c1, then Finished
        assertEquals(4, path.size());
        assertEquals(List.of("c1"), path.get(3).fence().ran().get("f1"));
    }

    @Test
    void testLateAddCallbackReturnsEnoentAndNeverRuns() {
        List<StState> path = run(relation("test_late_add_callback"));
        assertEquals(DmaFenceSpec.ENOENT, path.get(2).ret());
        assertTrue(path.get(path.size() - 1).fence().ran().get("f1").isEmpty());
    }

    @Test
    void testRmCallbackRemovedCallbackDoesNotRun() {
        List<StState> path = run(relation("test_rm_callback"));
        assertEquals(1, path.get(2).ret());
        assertTrue(path.get(path.size() - 1).fence().ran().get("f1").isEmpty());
    }

    @Test
    void testLateRmCallbackReturnsFalseAfterTheCallbackRan() {
        StState end = last(relation("test_late_rm_callback"));
        assertEquals(0, end.ret());
        assertEquals(List.of("c1"), end.fence().ran().get("f1"));
    }

    @Test
    void testErrorStatusIsEioOnlyOnceSignalled() {
        DmaFenceStRelation rel = relation("test_error", FenceModels.st(List.of("f1"), List.of(), List.of(), WaitTimeout.INFINITE));
        List<StState> path = run(rel);
        DmaFenceSpec spec = new DmaFenceSpec(FenceModels.st(List.of("f1"), List.of(), List.of(), WaitTimeout.INFINITE), false);
        assertEquals(0, spec.dmaFenceGetStatus(path.get(1).fence(), "f1"));
        assertEquals(-5, spec.dmaFenceGetStatus(path.get(2).fence(), "f1"));
    }

    @Test
    void testWaitTimeoutSleepingWaiterReturnsWhenTheFenceSignals() {
        FenceConstants k = FenceModels.st(List.of("f1"), List.of(), List.of("w1", "w2"), WaitTimeout.FINITE);
        StState end = last(relation("test_wait_timeout", k));
        assertEquals(WaiterStatus.TIMEDOUT, end.fence().wstate().get("w1"));
        assertEquals(WaiterStatus.SIGNALED, end.fence().wstate().get("w2"));
        assertEquals(5, end.step());
    }

    @Test
    void testWaitZeroTimeoutTimesOutBeforeTheSignal() {
        FenceConstants k = FenceModels.st(List.of("f1"), List.of(), List.of("w1", "w2"), WaitTimeout.ZERO);
        StState end = last(relation("test_wait", k));
        assertEquals(WaiterStatus.TIMEDOUT, end.fence().wstate().get("w1"));
        assertEquals(WaiterStatus.SIGNALED, end.fence().wstate().get("w2"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"sanitycheck", "test_signaling", "test_add_callback", "test_late_add_callback",
            "test_rm_callback", "test_late_rm_callback", "test_status", "test_error", "test_wait", "test_wait_timeout",
            "test_stub"})
    void everyStDmaFenceScenarioRunsToFinishedWithoutDeadlock(String test) {
        FenceConstants k = switch (test) {
            case "test_stub" -> FenceModels.st(List.of("f1", "f2"), List.of(), List.of(), WaitTimeout.INFINITE);
            case "test_wait" -> FenceModels.st(List.of("f1"), List.of(), List.of("w1", "w2"), WaitTimeout.ZERO);
            case "test_wait_timeout" -> FenceModels.st(List.of("f1"), List.of(), List.of("w1", "w2"), WaitTimeout.FINITE);
            default -> FenceModels.st(List.of("f1"), List.of("c1"), List.of(), WaitTimeout.INFINITE);
        };
        DmaFenceStRelation rel = relation(test, k);
        Set<StState> seen = new HashSet<>();
        Deque<StState> todo = new ArrayDeque<>(rel.initialStates().orElseThrow());
        while (!todo.isEmpty()) {
            StState s = todo.pop();
            if (seen.add(s)) {
                List<Transition<StState>> next = rel.next(s);
                assertFalse(next.isEmpty(), () -> test + " deadlocks in " + s);
                next.forEach(t -> todo.push(t.successor()));
            }
        }
        assertTrue(seen.stream().anyMatch(s -> s.step() == StScenario.of(test, new DmaFenceSpec(k, false)).orElseThrow().calls().size()));
    }

    @Test
    void anUnknownTestHasNoScenario() {
        assertTrue(StScenario.of("test_no_such", new DmaFenceSpec(FenceModels.mcDmaFence(), false)).isEmpty());
    }
}
