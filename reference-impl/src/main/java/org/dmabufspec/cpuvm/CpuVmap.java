package org.dmabufspec.cpuvm;

import org.dmabufspec.buf.DmaBuf;
import org.dmabufspec.buf.Storage;
import org.dmabufspec.exporter.VramExporter;
import org.dmabufspec.importer.Access;
import org.dmabufspec.kernel.Kernel;

/**
 * A kernel user's dma_buf_vmap of a VramExporter buffer: the exporter's vmap pins the buffer (R20),
 * so the kernel address keeps mapping the storage it mapped until the last vunmap. A vmap is not in
 * the fd's address space: a move's zap does not reach it, only the pin keeps it valid.
 */
public final class CpuVmap {
    private final Kernel kernel;
    private final DmaBuf buf;
    private final String user;
    private final String addr;
    private final Storage storage;
    private volatile boolean unmapped;

    private CpuVmap(Kernel kernel, DmaBuf buf, String user, String addr, Storage storage) {
        this.kernel = kernel;
        this.buf = buf;
        this.user = user;
        this.addr = addr;
        this.storage = storage;
    }

    /** dma_buf_vmap_unlocked: the exporter pins and maps the current storage (later vmaps share the address, R19). */
    public static CpuVmap vmap(Kernel kernel, DmaBuf buf, String user) {
        String addr = buf.vmapUnlocked();
        // the pin taken under the reservation keeps the storage where the address maps it
        return new CpuVmap(kernel, buf, user, addr, VramExporter.bo(buf).storage());
    }

    public String user() {
        return user;
    }

    /** The storage the address maps. */
    public Storage storage() {
        return storage;
    }

    /** A load or store through the address (the model's CpuVmapAccess). */
    public CpuAccess access(Access kind) {
        return CpuMemory.touch(kernel, buf, user, "vmap", addr, !unmapped, storage, kind, "R20");
    }

    /** dma_buf_vunmap_unlocked: the last one unmaps and unpins (R19, R20). */
    public void vunmap() {
        if (unmapped) {
            throw new IllegalStateException(user + ": vunmap twice");
        }
        unmapped = true;
        buf.vunmapUnlocked(addr);
    }
}
