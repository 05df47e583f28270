package org.dmabufspec.exporter;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.dmabufspec.buf.DmaBuf;
import org.dmabufspec.buf.DmaBufAttachment;
import org.dmabufspec.buf.DmaBufOps;
import org.dmabufspec.buf.DmaDataDirection;
import org.dmabufspec.buf.SgTable;
import org.dmabufspec.buf.Storage;
import org.dmabufspec.kernel.Kernel;
import org.dmabufspec.trace.Errno;

/**
 * The system dma-heap exporter (drivers/dma-buf/heaps/system_heap.c): static (no pin), pages
 * zeroed at allocation, one duplicated sg_table per attachment with a {@code mapped} flag, CPU
 * access syncs only mapped attachments. Pages are a real byte array so the zeroing can be tested.
 */
public final class SystemHeap implements DmaBufOps {
    public static final long PAGE_SIZE = 4096;

    /** {@code struct system_heap_buffer}. */
    public static final class HeapBuffer {
        private final Storage storage;
        private final byte[] pages;
        private final Map<String, Boolean> mapped = new ConcurrentHashMap<>();
        private final AtomicInteger cpuSyncs = new AtomicInteger();

        HeapBuffer(Storage storage, byte[] pages) {
            this.storage = storage;
            this.pages = pages;
        }

        public byte[] pages() {
            return pages;
        }

        public Storage storage() {
            return storage;
        }

        /** Attachments synced by the last begin/end_cpu_access calls (only mapped ones). */
        public int cpuSyncs() {
            return cpuSyncs.get();
        }
    }

    private final Kernel kernel;

    public SystemHeap(Kernel kernel) {
        this.kernel = kernel;
    }

    @Override
    public String name() {
        return "system";
    }

    /** The heap's {@code allocate}: PAGE_ALIGNed, zeroed (__GFP_ZERO). */
    public DmaBuf allocate(long len) {
        return allocate(len, true);
    }

    /** {@code traceExport = false} inside DMA_HEAP_IOCTL_ALLOC, whose event stands for the export. */
    public DmaBuf allocate(long len, boolean traceExport) {
        long size = (len + PAGE_SIZE - 1) / PAGE_SIZE * PAGE_SIZE;
        if (size <= 0 || size > Integer.MAX_VALUE) {
            throw new org.dmabufspec.kernel.KernelError(Errno.EINVAL, "len " + len);
        }
        HeapBuffer hb = new HeapBuffer(new Storage(kernel.newId("pages"), "SYSTEM", true), new byte[(int) size]);
        return DmaBuf.export(kernel, this, size, hb, traceExport);
    }

    private static HeapBuffer hb(DmaBuf b) {
        return (HeapBuffer) b.priv();
    }

    @Override
    public Errno attach(DmaBuf buf, DmaBufAttachment attach) {
        hb(buf).mapped.put(attach.id(), false);
        return null;
    }

    @Override
    public void detach(DmaBuf buf, DmaBufAttachment attach) {
        hb(buf).mapped.remove(attach.id());
    }

    @Override
    public SgTable mapDmaBuf(DmaBufAttachment attach, DmaDataDirection dir) {
        HeapBuffer h = hb(attach.dmabuf());
        h.mapped.put(attach.id(), true);
        return new SgTable(attach.dmabuf().newSgtId(), h.storage, dir);
    }

    @Override
    public void unmapDmaBuf(DmaBufAttachment attach, SgTable sgt, DmaDataDirection dir) {
        hb(attach.dmabuf()).mapped.put(attach.id(), false);
    }

    @Override
    public Errno beginCpuAccess(DmaBuf buf, DmaDataDirection dir) {
        HeapBuffer h = hb(buf);
        h.mapped.values().stream().filter(Boolean::booleanValue).forEach(x -> h.cpuSyncs.incrementAndGet());
        return null;
    }

    @Override
    public Errno endCpuAccess(DmaBuf buf, DmaDataDirection dir) {
        return beginCpuAccess(buf, dir);
    }

    /** system_heap_vmap: vmap() of the pages; nothing to undo in the model. */
    @Override
    public boolean hasVmap() {
        return true;
    }

    /** system_heap_mmap: remap_pfn_range of the pages, private or shared. */
    @Override
    public boolean hasMmap() {
        return true;
    }

    @Override
    public void release(DmaBuf buf) {
        hb(buf).storage.markFreed();
    }
}
