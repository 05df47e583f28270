package org.dmabufspec.conformance.relation.walk.resv;

import org.dmabufspec.conformance.checker.CheckReport;
import org.dmabufspec.conformance.checker.Verdict;

/**
 * Disagreements between the DmaResv spec and the fast engine found by the resv walks, each pinned
 * on a minimal trace in {@link KnownResvDisagreementTest}; the walk tests set them aside by these
 * exact tests (not by message) and count them.
 */
final class KnownResvDisagreements {
    private KnownResvDisagreements() {
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
