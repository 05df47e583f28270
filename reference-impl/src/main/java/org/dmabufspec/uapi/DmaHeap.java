package org.dmabufspec.uapi;

import org.dmabufspec.buf.DmaBuf;
import org.dmabufspec.exporter.SystemHeap;
import org.dmabufspec.kernel.Call;
import org.dmabufspec.kernel.Kernel;
import org.dmabufspec.kernel.KernelError;
import org.dmabufspec.trace.Errno;
import org.dmabufspec.trace.ObjectIds;

/** {@code /dev/dma_heap/system} and its one ioctl, DMA_HEAP_IOCTL_ALLOC (drivers/dma-buf/dma-heap.c). */
public final class DmaHeap {
    private final Kernel kernel;
    private final SystemHeap heap;

    public DmaHeap(Kernel kernel) {
        this.kernel = kernel;
        this.heap = new SystemHeap(kernel);
    }

    public SystemHeap exporter() {
        return heap;
    }

    /**
     * DMA_HEAP_IOCTL_ALLOC: -EINVAL for fd_flags outside O_CLOEXEC|O_ACCMODE, heap_flags ≠ 0, or a
     * length that page-aligns to 0.
     */
    public DmaBuf alloc(long len, int fdFlags, long heapFlags) {
        try (Call c = kernel.call("DMA_HEAP_IOCTL_ALLOC", ObjectIds.NONE)) {
            c.ioctl("DMA_HEAP_IOCTL_ALLOC").arg("heap", heap.name()).arg("len", len).arg("fd_flags", fdFlags)
                    .arg("heap_flags", heapFlags);
            if ((fdFlags & ~(SyncFlags.O_CLOEXEC | SyncFlags.O_ACCMODE)) != 0) {
                throw c.fail(Errno.EINVAL, "fd_flags 0x" + Integer.toHexString(fdFlags));
            }
            if (heapFlags != 0) {
                throw c.fail(Errno.EINVAL, "heap_flags 0x" + Long.toHexString(heapFlags));
            }
            if (len <= 0) {
                throw c.fail(Errno.EINVAL, "len " + len);
            }
            try {
                DmaBuf b = heap.allocate(len, false);
                c.ids(ObjectIds.buf(b.id()));
                return b;
            } catch (KernelError e) {
                throw c.fail(e.errno(), e.getMessage());
            }
        }
    }
}
