package org.dmabufspec.conformance.relation.walk.resv;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Random;

import org.dmabufspec.conformance.relation.walk.MutationSites;

/**
 * One mutation of a resv walk's trace: the kinds of mistakes a kernel (or a logger) could make.
 * Each returns empty when the trace has nothing it applies to.
 */
enum ResvMutation {
    /** A call that changes state (not the set-up, not a query) is lost. */
    DROP_EVENT,
    /** A returned value is wrong: test_signaled's bool, a wait's time left, a poll mask, get_fences' set. */
    FLIP_RETURN,
    /** Two adjacent calls of different threads are logged in the other order (their intervals swapped). */
    SWAP_THREADS,
    /** A usage (or READ/WRITE flag) is another one. */
    CHANGE_USAGE;

    private static final List<String> USAGES = List.of("KERNEL", "WRITE", "READ", "BOOKKEEP");

    Optional<List<ResvEvent>> apply(List<ResvEvent> events, Random rnd) {
        return MutationSites.firstWellFormed(events.size(), i -> applies(events, i), i -> mutate(events, i, rnd), MutationSites::noThreadOverlapsItself, rnd);
    }

    private List<ResvEvent> mutate(List<ResvEvent> events, int i, Random rnd) {
        List<ResvEvent> out = new ArrayList<>(events);
        ResvEvent e = events.get(i);
        switch (this) {
            case DROP_EVENT -> out.remove(i);
            case FLIP_RETURN -> out.set(i, flipped(e));
            case SWAP_THREADS -> {
                out = MutationSites.swapped(events, i);
                out.sort(Comparator.comparingLong(ResvEvent::end).thenComparingLong(ResvEvent::start));
            }
            case CHANGE_USAGE -> {
                if (e.args().containsKey("usage")) {
                    List<String> others = new ArrayList<>(USAGES);
                    others.remove((String) e.args().get("usage"));
                    out.set(i, e.withArg("usage", others.get(rnd.nextInt(others.size()))));
                } else {
                    String flags = (String) e.args().get("flags");
                    out.set(i, e.withArg("flags", flags.contains("READ") ? flags.replace("READ", "WRITE")
                            : flags.contains("RW") ? flags.replace("RW", "READ") : flags.replace("WRITE", "READ")));
                }
            }
        }
        return out;
    }

    private boolean applies(List<ResvEvent> events, int i) {
        ResvEvent e = events.get(i);
        boolean setUp = e.op().equals("dma_buf_export") || e.op().equals("dma_fence_init");
        return switch (this) {
            // a dropped query never changes the verdict: drop calls that change state
            case DROP_EVENT -> !setUp && !e.thread().equals(ResvWalkToTrace.OBSERVER_THREAD);
            case FLIP_RETURN -> e.ret() != null || e.op().equals("dma_resv_get_fences");
            case SWAP_THREADS -> !setUp && MutationSites.swappable(events, i);
            case CHANGE_USAGE -> e.args().containsKey("usage")
                    || (e.args().get("flags") instanceof String f && (f.contains("READ") || f.contains("WRITE") || f.contains("RW"))
                    && !e.op().equals("DRM_IOCTL_VGEM_FENCE_ATTACH") && !f.startsWith("END"));
        };
    }

    private static ResvEvent flipped(ResvEvent e) {
        if (e.op().equals("dma_resv_get_fences")) {
            List<?> fs = (List<?>) e.ids().get("fences");
            return e.withId("fences", fs.isEmpty() ? List.of("f1") : fs.subList(1, fs.size()));
        }
        Object ret = e.ret();
        Object flipped;
        if (ret instanceof Boolean b) {
            flipped = !b;
        } else if (ret instanceof Integer n) {
            flipped = n == 0 ? 1 : 0;
        } else {
            String events = (String) e.args().get("events");
            flipped = ret.equals("") ? events : "";
        }
        return e.withResult(e.result(), flipped);
    }
}
