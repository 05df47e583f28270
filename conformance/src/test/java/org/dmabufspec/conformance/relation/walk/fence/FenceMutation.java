package org.dmabufspec.conformance.relation.walk.fence;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;

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
        List<Integer> sites = new ArrayList<>();
        for (int i = 0; i < events.size(); i++) {
            if (applies(events, i)) {
                sites.add(i);
            }
        }
        java.util.Collections.shuffle(sites, rnd);
        for (int i : sites) {
            List<ResvEvent> out = mutate(events, i);
            if (wellNested(out)) {
                return Optional.of(out);
            }
        }
        return Optional.empty();
    }

    /** A thread's calls are disjoint or nested (a callback inside its signal): anything else is bad input. */
    static boolean wellNested(List<ResvEvent> events) {
        Map<String, List<ResvEvent>> byThread = new HashMap<>();
        events.forEach(e -> byThread.computeIfAbsent(e.thread(), x -> new ArrayList<>()).add(e));
        for (List<ResvEvent> l : byThread.values()) {
            for (int a = 0; a < l.size(); a++) {
                for (int b = a + 1; b < l.size(); b++) {
                    ResvEvent x = l.get(a);
                    ResvEvent y = l.get(b);
                    boolean disjoint = x.end() < y.start() || y.end() < x.start();
                    boolean nested = x.start() <= y.start() && y.end() <= x.end() || y.start() <= x.start() && x.end() <= y.end();
                    if (!disjoint && !nested) {
                        return false;
                    }
                }
            }
        }
        return true;
    }

    private boolean applies(List<ResvEvent> events, int i) {
        ResvEvent e = events.get(i);
        boolean setUp = e.op().equals("dma_fence_init");
        return switch (this) {
            case DROP_EVENT -> !setUp;
            case SWAP_THREADS -> !setUp && i + 1 < events.size() && !events.get(i + 1).thread().equals(e.thread())
                    && e.end() < events.get(i + 1).start();
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
                ResvEvent f = events.get(i + 1);
                out.set(i, f.withTimes(e.start(), e.end()));
                out.set(i + 1, e.withTimes(f.start(), f.end()));
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
