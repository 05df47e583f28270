package org.dmabufspec.cpuvm;

import java.util.Optional;

import org.dmabufspec.buf.DmaBuf;
import org.dmabufspec.buf.Storage;
import org.dmabufspec.exporter.VramExporter;
import org.dmabufspec.fence.DmaFence;
import org.dmabufspec.importer.Access;
import org.dmabufspec.kernel.Call;
import org.dmabufspec.kernel.Kernel;
import org.dmabufspec.kernel.KernelError;
import org.dmabufspec.resv.DmaResvUsage;
import org.dmabufspec.trace.Errno;
import org.dmabufspec.trace.ObjectIds;
import org.dmabufspec.uapi.DmaBufIoctl;
import org.dmabufspec.uapi.DmaBufMmap;

/**
 * A userspace process's mmap of a VramExporter buffer's fd (one VMA over the whole buffer) and its
 * page-table entries. mmap installs no PTE; a fault ({@code ttm_bo_vm_fault}, under the
 * reservation, once the move's KERNEL fence signalled, R22) maps the buffer's current storage; the
 * exporter's move zaps the PTEs ({@code unmap_mapping_range}) before it switches storage, so the
 * next access faults again (R21). Traced: the fault's {@code dma_resv_lock}, its
 * {@code dma_resv_wait_timeout(KERNEL)} when a move's copy is pending, {@code exporter.vm_fault}
 * (the PTEs inserted, with the lock held), and every access as {@code cpu.access}.
 */
public final class CpuMmap implements VramExporter.CpuMapping {
    private final Kernel kernel;
    private final DmaBufIoctl uapi;
    private final VramExporter exporter;
    private final String user;
    private final DmaBufMmap vma;
    /** The VMA's name in the trace ({@code args.vma}). */
    private final String vmaId;
    /** The storage the PTEs map, or null (none installed, or zapped). */
    private volatile Storage pte;
    private volatile boolean unmapped;

    private CpuMmap(Kernel kernel, DmaBufIoctl uapi, VramExporter exporter, String user, DmaBufMmap vma) {
        this.kernel = kernel;
        this.uapi = uapi;
        this.exporter = exporter;
        this.user = user;
        this.vma = vma;
        this.vmaId = kernel.newId("vma");
    }

    /** mmap(2) of the whole fd, shared (dma_buf_mmap_internal, then the exporter's mmap): no PTE yet. */
    public static CpuMmap mmap(Kernel kernel, VramExporter exporter, DmaBuf buf, String user) {
        DmaBufIoctl uapi = new DmaBufIoctl(kernel);
        CpuMmap m = new CpuMmap(kernel, uapi, exporter, user, uapi.mmap(buf, 0, buf.size(), true));
        exporter.addCpuMapping(buf, m);
        return m;
    }

    public String user() {
        return user;
    }

    /** The storage the PTEs map, if present. */
    public Optional<Storage> pte() {
        return Optional.ofNullable(pte);
    }

    /** As {@link #fault(Access)}, for an access of unknown kind. */
    public Storage fault() {
        return fault(null);
    }

    /**
     * ttm_bo_vm_fault for an access of {@code kind} (null: not said): ttm_bo_vm_reserve takes the
     * reservation (a fault during a move waits for it); ttm_bo_vm_fault_idle finds the KERNEL
     * fences (a pipelined move's copy) signalled, or drops the lock, waits for them and retries
     * (VM_FAULT_RETRY); then the PTEs map the buffer's current storage (R21, R22). Returns it.
     * Injection "fault-before-move-done" skips the wait for the KERNEL fences
     * (DmaBufCpuDeviceAccess_FaultBeforeMoveDone).
     */
    public Storage fault(Access kind) {
        if (unmapped) {
            throw new KernelError(Errno.EFAULT, user + ": fault after munmap (SIGSEGV)");
        }
        DmaBuf buf = vma.buf();
        while (true) {
            Errno e = buf.resv().lock(null);
            if (e != null) {
                throw new KernelError(e, "fault: lock");
            }
            try {
                if (buf.resv().unsignalled(DmaResvUsage.KERNEL).isEmpty() || kernel.injected("fault-before-move-done")) {
                    VramExporter.Bo bo = VramExporter.bo(buf);
                    try (Call c = kernel.call("exporter.vm_fault", ObjectIds.buf(buf.id()))) {
                        c.arg("vma", vmaId).arg("placement", bo.placement().name());
                        if (kind != null) {
                            c.arg("access", kind.name());
                        }
                        c.resvHeld(buf.resv().isHeldByCurrentThread());
                        pte = bo.storage();
                    }
                    return pte;
                }
            } finally {
                buf.resv().unlock();
            }
            // ttm_bo_vm_fault_idle with FAULT_FLAG_ALLOW_RETRY: wait without the locks, then fault again
            buf.resv().waitTimeout(DmaResvUsage.KERNEL, false, DmaFence.MAX_TIMEOUT);
        }
    }

    /** A load or store through the present PTEs (the model's CpuMmapAccess; without PTEs it would fault first). */
    public synchronized CpuAccess access(Access kind) {
        Storage st = pte;
        if (st == null) {
            throw new IllegalStateException(user + ": no PTE present, the access would fault");
        }
        return CpuMemory.touch(kernel, vma.buf(), user, "mmap", vmaId, !unmapped, st, kind, "R21");
    }

    /**
     * A load or store as the process makes it: through the present PTEs, or, with none (never
     * faulted, or zapped by a move), after a fault maps the current storage (DmaBufCpuDeviceAccess's
     * CpuPageFault, TtmBoVmFault, CpuMmapAccess). A move may zap between the fault and the access:
     * then the access faults again, as the CPU would.
     */
    public CpuAccess load(Access kind) {
        while (true) {
            synchronized (this) {
                if (pte != null || unmapped) {
                    return access(kind);
                }
            }
            fault(kind); // not under this monitor: the zap takes it with the reservation held
        }
    }

    /** The VMA's name in the trace. */
    public String vmaId() {
        return vmaId;
    }

    /** unmap_mapping_range on a move (R21): the PTEs are gone and the TLBs flushed when it returns. */
    @Override
    public synchronized void zap() {
        // synchronized with access: the TLB flush returns only once no access through the old PTEs is in flight
        pte = null;
    }

    /** munmap(2): the VMA and its PTEs go away, with the file reference it held. */
    public void munmap() {
        if (unmapped) {
            throw new IllegalStateException(user + ": munmap twice");
        }
        unmapped = true;
        // the PTEs and the VMA go inside the traced munmap: an eviction that finds no mapping to zap ran after it began
        uapi.munmap(vma, vmaId, () -> {
            synchronized (this) {
                pte = null;
            }
            exporter.removeCpuMapping(vma.buf(), this);
        });
    }
}
