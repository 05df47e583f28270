package org.dmabufspec.gpuvm;

import java.util.Optional;

import org.dmabufspec.buf.DmaBuf;
import org.dmabufspec.buf.DmaBufAttachOps;
import org.dmabufspec.buf.DmaBufAttachment;
import org.dmabufspec.buf.DmaDataDirection;
import org.dmabufspec.buf.SgTable;
import org.dmabufspec.buf.Storage;
import org.dmabufspec.fence.DmaFence;
import org.dmabufspec.importer.Access;
import org.dmabufspec.kernel.Kernel;
import org.dmabufspec.kernel.KernelError;
import org.dmabufspec.resv.DmaResv;
import org.dmabufspec.resv.DmaResvUsage;
import org.dmabufspec.trace.Errno;

/**
 * An importing device with its own page tables and engines, the device DmaBufDeviceAccess.tla
 * models (amdgpu/xe style): each of its mapping slots holds a {@link Translation}, each job slot
 * a {@link DeviceJob}. Its move_notify ({@code invalidate_mappings} in 7.1) marks every mapping
 * invalid and zaps present PTEs, publishing each TLB flush as a fence in the buffer's reservation
 * (DMA_RESV_USAGE_BOOKKEEP, like a page-table update: the KERNEL usage is the exporter's move
 * fence, which depends on it) and returns before the flush completes ({@link #tlbFlushComplete}).
 * A 7.1 read-and-discard importer keeps its translations and only reads until it unmaps (R5b).
 * Jobs add their fence with WRITE or READ usage and hold their storage until it signals, whatever
 * happens to the mapping. Every access goes through {@link DeviceMemory}, which flags storage the
 * buffer no longer owns. Not thread-safe beyond what the kernel guarantees: the slots change under
 * the reservation lock or on the importer's own thread, and the TLB flush on either.
 */
public final class VmImporter implements DmaBufAttachOps {
    private final Kernel kernel;
    private final String dev;
    private final boolean dynamic;
    private final boolean readAndDiscard;
    private final Translation[] slots;
    private final DeviceJob[] jobs;
    /**
     * One fence context per job slot and one per mapping slot for its TLB flushes: fences of
     * different slots signal in any order, those of one context in seqno order (F12).
     */
    private final long jobContext;
    private final long flushContext;
    private final long[] jobSeqno;
    private final long[] flushSeqno;
    private volatile DmaBufAttachment attach;
    /** sg_table ids in creation order ("sgt9" before "sgt10"). */
    private static final java.util.Comparator<String> NEWER =
            java.util.Comparator.comparingInt(String::length).thenComparing(java.util.Comparator.naturalOrder());

    /**
     * @param readAndDiscard a 7.1 dynamic importer that keeps its translations after invalidate_mappings
     */
    public VmImporter(Kernel kernel, String dev, boolean dynamic, boolean readAndDiscard, int mappingSlots, int jobSlots) {
        if (readAndDiscard && !(dynamic && kernel.behaviour().invalidateMappings())) {
            throw new IllegalArgumentException(dev + ": read-and-discard is a 7.1 dynamic importer's choice");
        }
        this.kernel = kernel;
        this.dev = dev;
        this.dynamic = dynamic;
        this.readAndDiscard = readAndDiscard;
        this.slots = new Translation[mappingSlots];
        this.jobs = new DeviceJob[jobSlots];
        this.jobSeqno = new long[jobSlots];
        this.flushSeqno = new long[mappingSlots];
        this.jobContext = kernel.fenceContextAlloc(jobSlots);
        this.flushContext = kernel.fenceContextAlloc(mappingSlots);
    }

    public String dev() {
        return dev;
    }

    public boolean dynamic() {
        return dynamic;
    }

    public DmaBufAttachment attachment() {
        return attach;
    }

    public synchronized Optional<Translation> translation(int slot) {
        return Optional.ofNullable(slots[slot]);
    }

    public synchronized Optional<DeviceJob> job(int slot) {
        return Optional.ofNullable(jobs[slot]);
    }

    /** {@code dma_buf_dynamic_attach} or {@code dma_buf_attach} (R1). */
    public void attach(DmaBuf buf) {
        attach = dynamic ? buf.dynamicAttach(dev, this) : buf.attach(dev);
    }

    /** {@code dma_buf_detach}: from 6.15 every mapping is unmapped first (R12); the core checks. */
    public void detach() {
        DmaBufAttachment a = attach;
        a.dmabuf().detach(a);
        attach = null;
    }

    /**
     * {@code dma_buf_map_attachment} under the lock (dynamic) or {@code _unlocked} (static: the
     * core pins and waits for the KERNEL fences, R9, R6) into a free slot. A static importer
     * programs its PTEs at once, a dynamic one in {@link #bindPtes}.
     */
    public SgTable map(int slot, DmaDataDirection dir) {
        if (translation(slot).isPresent()) {
            throw new IllegalStateException(dev + ": mapping slot " + slot + " is in use");
        }
        DmaBuf buf = attach.dmabuf();
        SgTable sgt;
        if (dynamic) {
            lock(buf.resv());
            try {
                sgt = buf.mapAttachment(attach, dir);
            } finally {
                buf.resv().unlock();
            }
        } else {
            sgt = buf.mapAttachmentUnlocked(attach, dir);
        }
        synchronized (this) {
            slots[slot] = Translation.mapped(sgt, !dynamic);
        }
        return sgt;
    }

    /**
     * A dynamic importer writes the PTEs of a new mapping once the KERNEL fences signalled (R6),
     * under the lock, and only if no move_notify invalidated the mapping meanwhile
     * (amdgpu_vm_handle_moved). Returns false, writing nothing, for an invalidated mapping.
     */
    public boolean bindPtes(int slot) {
        DmaResv resv = attach.dmabuf().resv();
        lock(resv);
        try {
            if (!translation(slot).map(t -> t.valid() && t.pte() == PteState.NONE).orElse(false)) {
                return false;
            }
            resv.waitTimeout(DmaResvUsage.KERNEL, false, DmaFence.MAX_TIMEOUT);
            synchronized (this) {
                Translation t = slots[slot];
                if (t == null || !t.valid() || t.pte() != PteState.NONE) {
                    return false;
                }
                slots[slot] = t.bound();
                return true;
            }
        } finally {
            resv.unlock();
        }
    }

    /**
     * Submits device work through a valid mapping with present PTEs, after the KERNEL fences (a
     * scheduler dependency, R6), and adds the job fence with {@code dma_resv_add_fence} (WRITE for
     * a writer, READ for a reader, R5). -EAGAIN for a mapping invalidated since: re-map first (R4).
     */
    public DmaFence submitJob(int jobSlot, int slot, Access kind) {
        DmaResv resv = attach.dmabuf().resv();
        lock(resv);
        try {
            Translation t;
            synchronized (this) {
                t = slots[slot];
                if (jobs[jobSlot] != null) {
                    throw new IllegalStateException(dev + ": job slot " + jobSlot + " is busy");
                }
            }
            if (t == null || !t.valid() || t.pte() != PteState.PRESENT) {
                throw new KernelError(Errno.EAGAIN, dev + ": mapping slot " + slot + " is not valid and bound");
            }
            if (!t.allowsJob(kind)) {
                throw new KernelError(Errno.EINVAL, dev + ": a " + kind + " job through a " + t.dir() + " mapping");
            }
            // a valid mapping postdates every move_notify, so this waits at most for a copy into its storage
            resv.waitTimeout(DmaResvUsage.KERNEL, false, DmaFence.MAX_TIMEOUT);
            Errno e = resv.reserveFences(1);
            if (e != null) {
                throw new KernelError(e, "submit: reserve");
            }
            DmaFence f = DmaFence.init(kernel, jobContext + jobSlot, ++jobSeqno[jobSlot]);
            resv.addFence(f, kind == Access.WRITE ? DmaResvUsage.WRITE : DmaResvUsage.READ);
            synchronized (this) {
                jobs[jobSlot] = new DeviceJob(attach, t.sgt(), kind, f);
            }
            return f;
        } finally {
            resv.unlock();
        }
    }

    /** The engine finished the job: its fence signals (F1) and it no longer holds the storage. */
    public void signalJob(int jobSlot) {
        DeviceJob j;
        synchronized (this) {
            j = jobs[jobSlot];
            jobs[jobSlot] = null;
        }
        if (j == null) {
            throw new IllegalStateException(dev + ": no job in slot " + jobSlot);
        }
        j.fence().signal();
    }

    /** The importer tears a mapping down: zaps its present PTEs and publishes the TLB flush (R5). */
    public void zapPtes(int slot) {
        DmaResv resv = attach.dmabuf().resv();
        lock(resv);
        try {
            synchronized (this) {
                Translation t = slots[slot];
                if (t == null || t.pte() != PteState.PRESENT) {
                    throw new IllegalStateException(dev + ": no present PTEs in mapping slot " + slot);
                }
                slots[slot] = t.zapped(publishTlbFlush(resv, slot)).invalidated();
            }
        } finally {
            resv.unlock();
        }
    }

    /** The TLB flush of a zap completes: its fence signals, nothing translates through the mapping. */
    public void tlbFlushComplete(int slot) {
        Translation t;
        synchronized (this) {
            t = slots[slot];
            if (t == null || t.pte() != PteState.ZAPPED) {
                throw new IllegalStateException(dev + ": no TLB flush pending in mapping slot " + slot);
            }
            slots[slot] = t.flushed();
        }
        t.flush().signal();
    }

    /**
     * {@code dma_buf_unmap_attachment} (dynamic, under the lock) or {@code _unlocked} (static). The
     * importer unmaps only once its device is done with the mapping (the DMA API's rule): its PTEs
     * zapped and the TLB flush completed, and no job running on the mapping's storage; otherwise
     * it refuses (IllegalStateException), as the simulated device has no engine that would finish
     * on its own. The unmap itself stops nothing.
     */
    public void unmap(int slot) {
        Translation t = translation(slot).orElseThrow(() -> new IllegalStateException(dev + ": slot " + slot + " is not mapped"));
        if (t.pte().translates()) {
            throw new IllegalStateException(dev + ": mapping slot " + slot + " still translates (" + t.pte()
                    + "): zap its PTEs and let the TLB flush complete first");
        }
        synchronized (this) {
            for (DeviceJob j : jobs) {
                if (j != null && j.storage() == t.sgt().storage()) {
                    throw new IllegalStateException(dev + ": a job still runs on " + j.storage().id() + ": wait for its fence first");
                }
            }
        }
        unmapTable(t.sgt());
    }

    /**
     * The importer's misuse DmaBufDeviceAccess_UnmapJobInFlight models: unmap without waiting for
     * the jobs on the mapping's storage (they go on running).
     */
    public void unmapWithoutWaiting(int slot) {
        Translation t = translation(slot).orElseThrow(() -> new IllegalStateException(dev + ": slot " + slot + " is not mapped"));
        unmapTable(t.sgt());
    }

    private void unmapTable(SgTable sgt) {
        DmaBuf buf = attach.dmabuf();
        if (dynamic) {
            lock(buf.resv());
            try {
                buf.unmapAttachment(attach, sgt, sgt.dir());
            } finally {
                buf.resv().unlock();
            }
        } else {
            buf.unmapAttachmentUnlocked(attach, sgt, sgt.dir());
        }
        synchronized (this) {
            for (int i = 0; i < slots.length; i++) {
                if (slots[i] != null && slots[i].sgt() == sgt) {
                    slots[i] = null;
                }
            }
        }
    }

    /**
     * move_notify / invalidate_mappings, called by the exporter with the reservation held (R2):
     * every mapping becomes invalid (R4); present PTEs are zapped and their TLB flush published in
     * the reservation (R5), or, for a read-and-discard importer, kept read-only (R5b).
     */
    @Override
    public void moveNotify(DmaBufAttachment a) {
        DmaResv resv = a.dmabuf().resv();
        // injection "move-notify-one-mapping" (DmaBufDeviceAccess_MoveNotifyOneMapping): only the newest mapping
        int newest = -1;
        synchronized (this) {
            for (int i = 0; i < slots.length; i++) {
                if (slots[i] != null && (newest < 0 || NEWER.compare(slots[i].sgt().id(), slots[newest].sgt().id()) > 0)) {
                    newest = i;
                }
            }
            for (int i = 0; i < slots.length; i++) {
                Translation t = slots[i];
                if (t == null || i != newest && kernel.injected("move-notify-one-mapping")) {
                    continue;
                }
                t = t.invalidated();
                if (readAndDiscard) {
                    t = t.readOnly();
                } else if (t.pte() == PteState.PRESENT) {
                    t = t.zapped(publishTlbFlush(resv, i));
                }
                slots[i] = t;
            }
        }
    }

    /** A TLB flush fence, added to the reservation (held by the caller) with BOOKKEEP usage. */
    private DmaFence publishTlbFlush(DmaResv resv, int slot) {
        Errno e = resv.reserveFences(1);
        if (e != null) {
            throw new KernelError(e, "tlb flush: reserve");
        }
        DmaFence f = DmaFence.init(kernel, flushContext + slot, ++flushSeqno[slot]);
        resv.addFence(f, DmaResvUsage.BOOKKEEP);
        return f;
    }

    /**
     * A running job touches the storage it was submitted against, with its kind. Synchronized: the
     * job is read and the access traced in one step, so a trace never shows it after the job ended.
     */
    public synchronized DeviceAccess jobAccess(int jobSlot) {
        DeviceJob j = job(jobSlot).orElseThrow(() -> new IllegalStateException(dev + ": no job in slot " + jobSlot));
        return DeviceMemory.touch(kernel, this, j.attach(), j.sgt(), j.kind(), j.fence(), "job " + jobSlot);
    }

    /**
     * The device reaches memory through a translation it still holds (present, or zapped with the
     * flush pending), with a kind the translation allows: prefetch, untracked engines, stale TLB hits.
     * Synchronized: the translation is read and the access traced in one step, so a trace never shows
     * an access through a translation after the invalidation or zap that changed it.
     */
    public synchronized DeviceAccess translationAccess(int slot, Access kind) {
        Translation t = translation(slot).orElseThrow(() -> new IllegalStateException(dev + ": slot " + slot + " is not mapped"));
        if (!t.kinds().contains(kind)) {
            throw new IllegalStateException(dev + ": mapping slot " + slot + " does not translate a " + kind + " (" + t + ")");
        }
        return DeviceMemory.touch(kernel, this, attach, t.sgt(), kind, t.flush(), "mapping " + slot);
    }

    private static void lock(DmaResv resv) {
        Errno e = resv.lock(null);
        if (e != null) {
            throw new KernelError(e, "dma_resv_lock");
        }
    }
}
