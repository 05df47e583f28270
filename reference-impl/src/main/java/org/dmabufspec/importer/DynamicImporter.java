package org.dmabufspec.importer;

import java.util.ArrayList;
import java.util.List;
import org.dmabufspec.buf.DmaBuf;
import org.dmabufspec.buf.DmaBufAttachOps;
import org.dmabufspec.buf.DmaBufAttachment;
import org.dmabufspec.buf.DmaDataDirection;
import org.dmabufspec.buf.SgTable;
import org.dmabufspec.fence.DmaFence;
import org.dmabufspec.kernel.Kernel;
import org.dmabufspec.kernel.KernelError;
import org.dmabufspec.resv.DmaResv;
import org.dmabufspec.resv.DmaResvUsage;
import org.dmabufspec.trace.Errno;

/**
 * A dynamic importer like amdgpu/xe: attaches with move_notify, maps under the reservation, runs
 * device jobs on an {@link Engine} with one fence per job (WRITE or READ usage), and after
 * move_notify drops its mapping and remaps before the next job, which waits for the KERNEL
 * (move) fence (R4, R6). Injections: "skip-kernel-fence-wait", "map-without-lock",
 * "unlocked-map-with-lock-held", "signal-out-of-order".
 */
public final class DynamicImporter implements DmaBufAttachOps {
    private final Kernel kernel;
    private final String dev;
    private final Engine engine;
    private final long context;
    private long seqno;
    /** signal-out-of-order: the seqno held back for the second job of a swapped pair. */
    private long heldBack;
    private DmaBufAttachment attach;
    private SgTable sgt;
    /** Cleared by move_notify (runs with the reservation held, like every access to it). */
    private volatile boolean mappingValid;
    private DmaFence lastFence;
    /** Mappings replaced after move_notify, unmapped once the last job using them has signalled. */
    private final List<Retired> retired = new ArrayList<>();

    private record Retired(SgTable sgt, DmaFence lastUse) {
    }

    public DynamicImporter(Kernel kernel, String dev, Engine engine) {
        this.kernel = kernel;
        this.dev = dev;
        this.engine = engine;
        this.context = kernel.fenceContextAlloc(1);
    }

    public String dev() {
        return dev;
    }

    public DmaBufAttachment attachment() {
        return attach;
    }

    public boolean attached() {
        return attach != null;
    }

    public void attach(DmaBuf buf) {
        attach = buf.dynamicAttach(dev, this);
    }

    @Override
    public void moveNotify(DmaBufAttachment a) {
        mappingValid = false;
    }

    /** Submits one device job: remap if needed, collect dependencies, add the job fence. */
    public DmaFence submit(Access access) {
        DmaBuf buf = attach.dmabuf();
        DmaResv resv = buf.resv();
        boolean write = access == Access.WRITE;
        if (kernel.injected("map-without-lock") && (sgt == null || !mappingValid)) {
            remap(buf, false);
        }
        Errno e = resv.lock(null);
        if (e != null) {
            throw new KernelError(e, "submit: lock");
        }
        try {
            if (sgt == null || !mappingValid) {
                remap(buf, kernel.injected("unlocked-map-with-lock-held"));
            }
            List<DmaFence> deps = new ArrayList<>();
            for (var en : resv.entries()) {
                boolean kernelFence = en.usage() == DmaResvUsage.KERNEL;
                if (kernelFence && kernel.injected("skip-kernel-fence-wait")) {
                    continue;
                }
                if (en.usage().coveredBy(DmaResvUsage.usageRw(write)) && !en.fence().isSignaledQuiet()) {
                    deps.add(en.fence());
                }
            }
            resv.reserveFences(1);
            DmaFence f = DmaFence.init(kernel, context, nextSeqno());
            resv.addFence(f, write ? DmaResvUsage.WRITE : DmaResvUsage.READ);
            engine.submit(new Engine.Job(attach, sgt, access, deps, f));
            lastFence = f;
            return f;
        } finally {
            resv.unlock();
        }
    }

    /**
     * Seqnos in submission order; injection "signal-out-of-order" swaps each pair, so the engine
     * (FIFO) signals a later seqno of the context before an earlier one (F12).
     */
    private long nextSeqno() {
        if (!kernel.injected("signal-out-of-order")) {
            return ++seqno;
        }
        if (heldBack != 0) {
            long s = heldBack;
            heldBack = 0;
            return s;
        }
        heldBack = seqno + 1;
        seqno += 2;
        return seqno;
    }

    /**
     * Replaces the mapping after move_notify (R4). The old one may still be in use by queued jobs:
     * it is retired and unmapped only once its last job signalled, never under a running job.
     */
    private void remap(DmaBuf buf, boolean unlockedWhileHeld) {
        if (sgt != null) {
            retired.add(new Retired(sgt, lastFence));
            sgt = null;
        }
        unmapRetired(buf, unlockedWhileHeld, false);
        mappingValid = true;
        sgt = unlockedWhileHeld ? buf.mapAttachmentUnlocked(attach, DmaDataDirection.BIDIRECTIONAL)
                : buf.mapAttachment(attach, DmaDataDirection.BIDIRECTIONAL);
    }

    /** Unmaps retired mappings whose jobs are done (all of them if {@code all}, after waiting). */
    private void unmapRetired(DmaBuf buf, boolean unlockedWhileHeld, boolean all) {
        for (var it = retired.iterator(); it.hasNext();) {
            Retired r = it.next();
            if (r.lastUse() != null && !r.lastUse().isSignaledQuiet()) {
                if (!all) {
                    continue;
                }
                r.lastUse().awaitSignaled(false, DmaFence.MAX_TIMEOUT);
            }
            if (unlockedWhileHeld) {
                buf.unmapAttachmentUnlocked(attach, r.sgt(), DmaDataDirection.BIDIRECTIONAL);
            } else {
                buf.unmapAttachment(attach, r.sgt(), DmaDataDirection.BIDIRECTIONAL);
            }
            it.remove();
        }
    }

    /** Whether {@link #release} would not block (single-threaded schedules). */
    public boolean idle() {
        return lastFence == null || lastFence.isSignaledQuiet();
    }

    /** Waits for the last job, unmaps and detaches. */
    public void release() {
        if (attach == null) {
            return;
        }
        if (lastFence != null) {
            lastFence.awaitSignaled(false, DmaFence.MAX_TIMEOUT);
        }
        DmaBuf buf = attach.dmabuf();
        if (sgt != null || !retired.isEmpty()) {
            Errno e = buf.resv().lock(null);
            if (e != null) {
                throw new KernelError(e, "release: lock");
            }
            try {
                if (sgt != null) {
                    buf.unmapAttachment(attach, sgt, DmaDataDirection.BIDIRECTIONAL);
                }
                unmapRetired(buf, false, true);
            } finally {
                buf.resv().unlock();
            }
            sgt = null;
        }
        buf.detach(attach);
        attach = null;
        lastFence = null;
    }
}
