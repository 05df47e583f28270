package org.dmabufspec.conformance.relation.walk.fence;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;

import org.dmabufspec.conformance.relation.walk.MutationSites;
import org.dmabufspec.conformance.relation.walk.resv.ResvEvent;

/** One mutation of a fence walk's trace; empty when the trace has nothing it applies to. */
enum FenceMutation {
    /** A call (not the set-up) is lost. */
    DROP_EVENT,
    /** Two adjacent calls of different threads are logged in the other order (their intervals swapped). */
    SWAP_THREADS,
    /** A result is another one: a signal's 0 / -EINVAL, an add_callback's 0 / -ENOENT, a remove's bool, a wait's time left. */
    FLIP_RESULT,
    /** A dma_fence_callback is lost. */
    DROP_CALLBACK,
    /** A dma_fence_callback is logged twice (the copy right after it). */
    DUPLICATE_CALLBACK;

    Optional<List<ResvEvent>> apply(List<ResvEvent> events, Random rnd) {
        return MutationSites.firstWellFormed(events.size(), i -> applies(events, i), i -> mutate(events, i), MutationSites::wellNested, rnd);
    }

    private boolean applies(List<ResvEvent> events, int i) {
        ResvEvent e = events.get(i);
        boolean setUp = e.op().equals("dma_fence_init");
        return switch (this) {
            case DROP_EVENT -> !setUp;
            case SWAP_THREADS -> !setUp && MutationSites.swappable(events, i);
            case FLIP_RESULT -> e.op().equals("dma_fence_signal") || e.op().equals("dma_fence_add_callback")
                    || e.op().equals("dma_fence_remove_callback") || e.op().equals("dma_fence_wait_timeout");
            case DROP_CALLBACK, DUPLICATE_CALLBACK -> e.op().equals("dma_fence_callback");
        };
    }

    private List<ResvEvent> mutate(List<ResvEvent> events, int i) {
        List<ResvEvent> out = new ArrayList<>(events);
        ResvEvent e = events.get(i);
        switch (this) {
            case DROP_EVENT, DROP_CALLBACK -> out.remove(i);
            case SWAP_THREADS -> {
                out = MutationSites.swapped(events, i);
                out.sort(FenceWalkToTrace.ORDER);
            }
            case FLIP_RESULT -> out.set(i, switch (e.op()) {
                case "dma_fence_signal" -> e.withResult(e.succeeded() ? "EINVAL" : "0", null);
                case "dma_fence_add_callback" -> e.withResult(e.succeeded() ? "ENOENT" : "0", null);
                case "dma_fence_remove_callback" -> e.withResult("0", !(Boolean) e.ret());
                default -> e.withResult("0", ((Number) e.ret()).longValue() > 0 ? 0L : 1L);
            });
            case DUPLICATE_CALLBACK -> {
                out.add(e.withTimes(e.end() + 1, e.end() + 1));
                out.sort(FenceWalkToTrace.ORDER);
            }
        }
        return out;
    }
}
