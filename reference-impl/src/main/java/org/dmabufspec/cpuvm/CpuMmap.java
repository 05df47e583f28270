package org.dmabufspec.cpuvm;

import java.util.Optional;

import org.dmabufspec.buf.DmaBuf;
import org.dmabufspec.buf.Storage;
import org.dmabufspec.exporter.VramExporter;
import org.dmabufspec.importer.Access;
import org.dmabufspec.kernel.Kernel;
import org.dmabufspec.kernel.KernelError;
import org.dmabufspec.trace.Errno;
import org.dmabufspec.uapi.DmaBufIoctl;
import org.dmabufspec.uapi.DmaBufMmap;

/**
 * A userspace process's mmap of a VramExporter buffer's fd (one VMA over the whole buffer) and its
 * page-table entries. mmap installs no PTE; a fault ({@code ttm_bo_vm_fault}, under the
 * reservation) maps the buffer's current storage; the exporter's move zaps the PTEs
 * ({@code unmap_mapping_range}) before it switches storage, so the next access faults again (R21).
 */
public final class CpuMmap implements VramExporter.CpuMapping {
    private final Kernel kernel;
    private final DmaBufIoctl uapi;
    private final VramExporter exporter;
    private final String user;
    private final DmaBufMmap vma;
    /** The storage the PTEs map, or null (none installed, or zapped). */
    private volatile Storage pte;
    private volatile boolean unmapped;

    private CpuMmap(Kernel kernel, DmaBufIoctl uapi, VramExporter exporter, String user, DmaBufMmap vma) {
        this.kernel = kernel;
        this.uapi = uapi;
        this.exporter = exporter;
        this.user = user;
        this.vma = vma;
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

    /**
     * ttm_bo_vm_fault: with the reservation held (a fault during a move waits for it), maps the
     * buffer's current storage. Returns it.
     */
    public Storage fault() {
        if (unmapped) {
            throw new KernelError(Errno.EFAULT, user + ": fault after munmap (SIGSEGV)");
        }
        DmaBuf buf = vma.buf();
        Errno e = buf.resv().lock(null);
        if (e != null) {
            throw new KernelError(e, "fault: lock");
        }
        try {
            pte = VramExporter.bo(buf).storage();
            return pte;
        } finally {
            buf.resv().unlock();
        }
    }

    /** A load or store through the present PTEs (the model's CpuMmapAccess; without PTEs it would fault first). */
    public CpuAccess access(Access kind) {
        Storage st = pte;
        if (st == null) {
            throw new IllegalStateException(user + ": no PTE present, the access would fault");
        }
        return CpuMemory.touch(kernel, user, "mmap", !unmapped, st, kind, "R21");
    }

    /** unmap_mapping_range on a move (R21): the PTEs are gone and the TLBs flushed when it returns. */
    @Override
    public void zap() {
        pte = null;
    }

    /** munmap(2): the VMA and its PTEs go away, with the file reference it held. */
    public void munmap() {
        if (unmapped) {
            throw new IllegalStateException(user + ": munmap twice");
        }
        unmapped = true;
        pte = null;
        exporter.removeCpuMapping(vma.buf(), this);
        uapi.munmap(vma);
    }
}
