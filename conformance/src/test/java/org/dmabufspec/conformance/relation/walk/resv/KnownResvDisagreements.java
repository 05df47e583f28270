package org.dmabufspec.conformance.relation.walk.resv;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.dmabufspec.conformance.checker.CheckOptions;
import org.dmabufspec.conformance.checker.CheckReport;
import org.dmabufspec.conformance.checker.Engine;
import org.dmabufspec.conformance.checker.TraceChecker;
import org.dmabufspec.conformance.checker.Verdict;

/**
 * Disagreements between the DmaResv spec and the fast engine found by the resv walks, each pinned
 * on a minimal trace in {@link KnownResvDisagreementTest}; the walk tests set them aside by these
 * exact tests (not by message) and count them.
 */
final class KnownResvDisagreements {
    /** At most this many two-component imports are flipped (2^n re-checks). */
    private static final int MAX_FLIPPED = 6;

    private KnownResvDisagreements() {
    }

    /**
     * IMPORT_SYNC_FILE of two components: DmaResv's AddComponents adds them in either order, the
     * fast engine only in the order the event lists them. True when the fast engine accepts the
     * trace with the components of some two-component imports listed the other way round.
     */
    static boolean importComponentOrder(ResvTrace t, Path dir) throws IOException {
        List<Integer> pairs = new ArrayList<>();
        for (int i = 0; i < t.events().size(); i++) {
            ResvEvent e = t.events().get(i);
            if (e.op().equals("DMA_BUF_IOCTL_IMPORT_SYNC_FILE") && e.ids().get("fences") instanceof List<?> l && l.size() == 2) {
                pairs.add(i);
            }
        }
        if (pairs.isEmpty() || pairs.size() > MAX_FLIPPED) {
            return false;
        }
        for (int mask = 1; mask < 1 << pairs.size(); mask++) {
            List<ResvEvent> evs = new ArrayList<>(t.events());
            for (int b = 0; b < pairs.size(); b++) {
                if ((mask & 1 << b) != 0) {
                    ResvEvent e = evs.get(pairs.get(b));
                    List<?> l = (List<?>) e.ids().get("fences");
                    evs.set(pairs.get(b), e.withId("fences", List.of(l.get(1), l.get(0))));
                }
            }
            if (TraceChecker.check(t.withEvents(t.name() + "-flipped" + mask, evs).write(dir)).verdict() == Verdict.ACCEPTED) {
                return true;
            }
        }
        return false;
    }

    /**
     * dma_resv_reserve_fences: DmaResv reallocates (dropping signalled entries) exactly when the
     * table plus the new slots exceed max_fences; the fast engine keeps them, so a later add finds
     * another table and fails F13. Recognised by its shape (F13 on dma_resv_add_fence) and by the
     * spec (the TLC oracle) accepting the trace; looser than the import test: any F13 rejection of a
     * spec behaviour lands here.
     */
    static boolean reserveReallocation(CheckReport fast, ResvTrace t, Path dir) throws IOException {
        if (fast.verdict() != Verdict.REJECTED || !fast.rejection().op().equals("dma_resv_add_fence") || !fast.toText().contains("F13")) {
            return false;
        }
        Path p = t.write(dir);
        return TraceChecker.check(p, CheckOptions.defaults().withEngine(Engine.TLC)).verdict() == Verdict.ACCEPTED;
    }

    /**
     * poll on a buffer whose reservation another thread holds: dma_buf_poll takes dma_resv_lock, so
     * DmaBufPoll requires {@code holder[r] = NoProc}; the fast engine does not check the lock.
     * Recognised when the event the spec rejects is a poll on a buffer some other thread locked
     * (dma_resv_lock returned) and had not unlocked (no dma_resv_unlock started) before the poll started.
     */
    static boolean pollWhileLocked(CheckReport spec, ResvTrace t) {
        if (spec.verdict() != Verdict.REJECTED) {
            return false;
        }
        int k = (int) spec.rejection().line() - 2;
        if (k < 0 || k >= t.events().size() || !t.events().get(k).op().equals("poll") || t.events().get(k).ids().get("buf") == null) {
            return false;
        }
        ResvEvent poll = t.events().get(k);
        Object buf = poll.ids().get("buf");
        java.util.Set<String> holders = new java.util.HashSet<>();
        List<ResvEvent> byEnd = new ArrayList<>(t.events());
        byEnd.sort(java.util.Comparator.comparingLong(ResvEvent::end));
        for (ResvEvent e : byEnd) {
            if (!buf.equals(e.ids().get("buf"))) {
                continue;
            }
            if (e.op().equals("dma_resv_lock") && e.end() < poll.start()) {
                holders.add(e.thread());
            } else if (e.op().equals("dma_resv_unlock") && e.start() < poll.start()) {
                holders.remove(e.thread());
            }
        }
        holders.remove(poll.thread());
        return !holders.isEmpty();
    }

    /**
     * DRM_IOCTL_VGEM_FENCE_ATTACH returning -EBUSY although every conflicting fence has signalled:
     * vgem_fence_attach_ioctl fails only when dma_resv_test_signaled(resv, dma_resv_usage_rw(write))
     * is false, as VgemFenceAttach; the fast engine accepts it. Recognised when the event the spec
     * rejects is such an -EBUSY attach.
     */
    static boolean vgemBusyWithoutConflict(CheckReport spec, ResvTrace t) {
        if (spec.verdict() != Verdict.REJECTED) {
            return false;
        }
        int k = (int) spec.rejection().line() - 2;
        return k >= 0 && k < t.events().size() && t.events().get(k).op().equals("DRM_IOCTL_VGEM_FENCE_ATTACH")
                && t.events().get(k).result().equals("EBUSY");
    }

    /**
     * A vgem fence whose signal is not logged: the TLC oracle may infer any fence signalled
     * (HiddenFences == TFences), the fast engine infers a vgem fence signalled only by its 10 s
     * timer under a monotonic_ns clock (TRACE-FORMAT), never under a logical one. Recognised by its
     * shape: the spec accepts with unlogged steps, the fast engine rejects, and some successfully
     * attached vgem fence has no DRM_IOCTL_VGEM_FENCE_SIGNAL in the trace.
     */
    static boolean unloggedVgemSignal(CheckReport fast, CheckReport spec, ResvTrace t) {
        if (fast.verdict() != Verdict.REJECTED || spec.verdict() != Verdict.ACCEPTED || !spec.toText().contains("unlogged")) {
            return false;
        }
        java.util.Set<Object> attached = new java.util.HashSet<>();
        for (ResvEvent e : t.events()) {
            if (e.op().equals("DRM_IOCTL_VGEM_FENCE_ATTACH") && e.succeeded()) {
                attached.add(e.ids().get("fence"));
            }
        }
        for (ResvEvent e : t.events()) {
            if (e.op().equals("DRM_IOCTL_VGEM_FENCE_SIGNAL")) {
                attached.remove(e.ids().get("fence"));
            }
        }
        return !attached.isEmpty();
    }
}
