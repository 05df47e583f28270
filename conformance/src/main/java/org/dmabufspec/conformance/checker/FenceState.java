package org.dmabufspec.conformance.checker;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A {@code struct dma_fence}: context/seqno (F12), the one-way signalled bit (F7), error (F8),
 * callbacks registered and not yet run ({@code pending}) and callbacks the signal scheduled but
 * whose run the trace has not shown yet ({@code toRun}). Mutable; copied before a shared copy changes.
 */
final class FenceState {
    final long context;
    final long seqno;
    boolean signaled;
    boolean enabled;
    String error;
    /** Signalled through DRM_IOCTL_VGEM_FENCE_SIGNAL: the handle is gone, a second signal gets ENOENT. */
    boolean vgemSignaled;
    /** The DRM file of a vgem fence (args.file): drm_close signals it. */
    String drmFile;
    /** Its vgem attach logged its nested calls (the reference implementation): drm_close's signal of it is logged too (U9). */
    boolean closeSignalLogged;
    /** When the DRM_IOCTL_VGEM_FENCE_ATTACH that created a vgem fence started (its timer starts after); MIN_VALUE for other fences. */
    long vgemAttachStart = Long.MIN_VALUE;
    /**
     * The latest instant the signal can have happened: the end of the event that signalled it, or
     * MAX_VALUE for a signal the checker inferred (any time). dma_resv_add_fence reads it (F13).
     */
    long signalEnd = Long.MAX_VALUE;
    /** Introduced without a logged dma_fence_init (created inside the kernel). */
    final boolean inferred;
    final List<String> pending;
    final List<String> toRun;
    /** Callbacks that ran (exactly once each, F7). */
    final List<String> ran;
    /** A dma_fence_array's components, as its dma_fence_init named them (F19); null otherwise. */
    List<String> components;

    FenceState(long context, long seqno, boolean inferred) {
        this.context = context;
        this.seqno = seqno;
        this.inferred = inferred;
        this.pending = new ArrayList<>(0);
        this.toRun = new ArrayList<>(0);
        this.ran = new ArrayList<>(0);
    }

    private FenceState(FenceState o) {
        context = o.context;
        seqno = o.seqno;
        signaled = o.signaled;
        enabled = o.enabled;
        error = o.error;
        vgemSignaled = o.vgemSignaled;
        drmFile = o.drmFile;
        closeSignalLogged = o.closeSignalLogged;
        vgemAttachStart = o.vgemAttachStart;
        signalEnd = o.signalEnd;
        inferred = o.inferred;
        pending = new ArrayList<>(o.pending);
        toRun = new ArrayList<>(o.toRun);
        ran = new ArrayList<>(o.ran);
        components = o.components;
    }

    FenceState copy() {
        return new FenceState(this);
    }

    /** {@code dma_fence_is_later_or_same(this, old)} for fences of one context. */
    boolean laterOrSame(FenceState old) {
        return seqno >= old.seqno;
    }

    void signal(long end) {
        signaled = true;
        signalEnd = end;
        toRun.addAll(pending);
        pending.clear();
    }

    String describe(String id) {
        StringBuilder b = new StringBuilder(id).append(inferred ? " (unlogged init)" : " (context " + context + ", seqno " + seqno + ")")
                .append(signaled ? " signalled" : enabled ? " unsignalled, signalling enabled" : " unsignalled");
        if (error != null) {
            b.append(", error ").append(error);
        }
        if (!pending.isEmpty()) {
            b.append(", callbacks pending ").append(pending);
        }
        if (!toRun.isEmpty()) {
            b.append(", callbacks due ").append(toRun);
        }
        return b.toString();
    }

    /**
     * Ignores {@code enabled}: no guard reads it (reports only), so states that differ in it alone
     * have the same futures, and the search merges them.
     */
    @Override
    public boolean equals(Object o) {
        return o instanceof FenceState f && context == f.context && seqno == f.seqno && signaled == f.signaled
                && signalEnd == f.signalEnd && vgemSignaled == f.vgemSignaled && inferred == f.inferred
                && Objects.equals(error, f.error) && pending.equals(f.pending) && toRun.equals(f.toRun) && ran.equals(f.ran)
                && Objects.equals(components, f.components) && Objects.equals(drmFile, f.drmFile) && closeSignalLogged == f.closeSignalLogged;
    }

    @Override
    public int hashCode() {
        // fields equals compares, without boxing (Objects.hash): the search memo hashes candidates often
        int h = Long.hashCode(context);
        h = h * 31 + Long.hashCode(seqno);
        h = h * 31 + (signaled ? 1 : 0);
        h = h * 31 + (vgemSignaled ? 1 : 0);
        h = h * 31 + Objects.hashCode(error);
        h = h * 31 + pending.hashCode();
        return h * 31 + toRun.hashCode();
    }
}
