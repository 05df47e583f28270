package org.dmabufspec.conformance.relation.fence;

import java.util.List;
import java.util.Map;

import org.dmabufspec.conformance.relation.Tla;

/** Constants as MCDmaFence.cfg binds them: f1, f2 on context 1 (seqno 1, 2); c1, c2 on f1; w1 infinite on f2, w2 finite on f1. */
final class FenceModels {
    private FenceModels() {
    }

    static FenceConstants mcDmaFence() {
        return new FenceConstants(List.of("f1", "f2"),
                Map.of("f1", Tla.integer(1), "f2", Tla.integer(1), "f3", Tla.integer(2)),
                Map.of("f1", 1L, "f2", 2L, "f3", 1L),
                List.of("c1", "c2"), Map.of("c1", "f1", "c2", "f1", "c3", "f2"),
                List.of("w1", "w2"), Map.of("w1", "f2", "w2", "f1"),
                Map.of("w1", WaitTimeout.INFINITE, "w2", WaitTimeout.FINITE), List.of(-5L));
    }

    /** MCDmaFence_Ind.cfg: one fence, two callbacks on it, no waiter. */
    static FenceConstants ind() {
        FenceConstants k = mcDmaFence();
        return new FenceConstants(List.of("f1"), k.fenceContext(), k.fenceSeqno(), List.of("c1", "c2"),
                k.callbackFence(), List.of(), Map.of(), Map.of(), k.errnos());
    }

    /** An MCDmaFence_St cfg: f1 (and f2 for test_stub), callbacks as given, waiters w1, w2 on f1. */
    static FenceConstants st(List<String> fences, List<String> callbacks, List<String> waiters, WaitTimeout timeout) {
        FenceConstants k = mcDmaFence();
        Map<String, String> waiterFence = Map.of("w1", "f1", "w2", "f1");
        Map<String, WaitTimeout> timeouts = Map.of("w1", timeout, "w2", timeout);
        return new FenceConstants(fences, k.fenceContext(), k.fenceSeqno(), callbacks, k.callbackFence(), waiters,
                waiters.isEmpty() ? Map.of() : waiterFence, waiters.isEmpty() ? Map.of() : timeouts, k.errnos());
    }
}
