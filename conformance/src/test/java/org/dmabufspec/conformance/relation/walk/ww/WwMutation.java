package org.dmabufspec.conformance.relation.walk.ww;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Random;

import org.dmabufspec.conformance.relation.walk.MutationSites;
import org.dmabufspec.conformance.relation.walk.resv.ResvEvent;

/** One mutation of a ww walk's trace; empty when the trace has nothing it applies to. */
enum WwMutation {
    /** A call (not the set-up) is lost. */
    DROP_EVENT,
    /** Two adjacent calls of different threads are logged in the other order (their intervals swapped). */
    SWAP_THREADS,
    /** A result is another one: a lock's 0 / -EDEADLK / -EALREADY, a lock_slow's 0 as -EDEADLK, a trylock's bool. */
    FLIP_RESULT,
    /** A lock, unlock or trylock names the other object. */
    OTHER_OBJECT;

    Optional<List<ResvEvent>> apply(List<ResvEvent> events, Random rnd) {
        return MutationSites.firstWellFormed(events.size(), i -> applies(events, i), i -> mutate(events, i, rnd), MutationSites::noThreadOverlapsItself, rnd);
    }

    private boolean applies(List<ResvEvent> events, int i) {
        ResvEvent e = events.get(i);
        boolean setUp = e.op().equals("dma_buf_export");
        return switch (this) {
            case DROP_EVENT -> !setUp;
            case SWAP_THREADS -> !setUp && MutationSites.swappable(events, i);
            case FLIP_RESULT -> e.op().startsWith("dma_resv_lock") || e.op().equals("dma_resv_trylock");
            case OTHER_OBJECT -> e.op().startsWith("dma_resv_");
        };
    }

    private List<ResvEvent> mutate(List<ResvEvent> events, int i, Random rnd) {
        List<ResvEvent> out = new ArrayList<>(events);
        ResvEvent e = events.get(i);
        switch (this) {
            case DROP_EVENT -> out.remove(i);
            case SWAP_THREADS -> {
                out = MutationSites.swapped(events, i);
                out.sort(Comparator.comparingLong(ResvEvent::end).thenComparingLong(ResvEvent::start));
            }
            case FLIP_RESULT -> {
                if (e.op().equals("dma_resv_trylock")) {
                    out.set(i, e.withResult("0", !(Boolean) e.ret()));
                } else if (!e.succeeded() || e.op().equals("dma_resv_lock_slow")) {
                    out.set(i, e.withResult(e.succeeded() ? "EDEADLK" : "0", null));
                } else {
                    out.set(i, e.withResult(rnd.nextBoolean() ? "EDEADLK" : "EALREADY", null));
                }
            }
            case OTHER_OBJECT -> out.set(i, e.withId("buf", e.ids().get("buf").equals("l1") ? "l2" : "l1"));
        }
        return out;
    }
}
