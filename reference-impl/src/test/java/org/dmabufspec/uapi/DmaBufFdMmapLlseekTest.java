package org.dmabufspec.uapi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.dmabufspec.buf.DmaBuf;
import org.dmabufspec.buf.DmaBufAttachment;
import org.dmabufspec.buf.DmaBufOps;
import org.dmabufspec.buf.DmaDataDirection;
import org.dmabufspec.buf.SgTable;
import org.dmabufspec.kernel.Kernel;
import org.dmabufspec.kernel.KernelError;
import org.dmabufspec.lockdep.Mode;
import org.dmabufspec.trace.Errno;
import org.dmabufspec.trace.KernelBehaviour;
import org.dmabufspec.trace.Tracer;
import org.junit.jupiter.api.Test;

/**
 * The dma-buf fd's mmap (U7, dma_buf_mmap_internal) and lseek (U6, dma_buf_llseek), as IGT
 * vgem_basic dmabuf-mmap and userspace size queries use them.
 */
class DmaBufFdMmapLlseekTest {
    private final Kernel k = new Kernel(KernelBehaviour.parse("6.15", true), Tracer.DISABLED, Mode.STRICT);
    private final DmaBufIoctl io = new DmaBufIoctl(k);

    private static Errno errno(Runnable r) {
        return assertThrows(KernelError.class, r::run).errno();
    }

    @Test
    void dmabuf_mmap_rangeMustLieInsideTheBuffer() {
        DmaBuf b = new DmaHeap(k).alloc(4 * 4096, SyncFlags.O_RDWR | SyncFlags.O_CLOEXEC, 0);
        assertEquals(Errno.EINVAL, errno(() -> io.mmap(b, 0, 5 * 4096, true)), "longer than the buffer");
        assertEquals(Errno.EINVAL, errno(() -> io.mmap(b, 4 * 4096, 1, true)), "starts at the end");
        assertEquals(Errno.EINVAL, errno(() -> io.mmap(b, 3 * 4096, 4097, true)), "partial page past the end");
        assertEquals(Errno.EINVAL, errno(() -> io.mmap(b, 100, 4096, true)), "offset not page-aligned");
        assertEquals(Errno.EINVAL, errno(() -> io.mmap(b, 0, 0, true)), "empty");
        DmaBufMmap last = io.mmap(b, 3 * 4096, 4096, false);
        DmaBufMmap tail = io.mmap(b, 0, 4 * 4096 - 1, true);
        assertEquals(3, b.refcount(), "each mapping holds the file");
        b.put();
        io.munmap(last);
        assertFalse(b.released());
        io.munmap(tail);
        assertTrue(b.released(), "the last munmap released the buffer");
    }

    @Test
    void mmapOfAnExporterWithoutMmap_isEinval() {
        DmaBufOps noMmap = new DmaBufOps() {
            @Override
            public String name() {
                return "no-mmap";
            }

            @Override
            public SgTable mapDmaBuf(DmaBufAttachment attach, DmaDataDirection dir) {
                return new SgTable(attach.dmabuf().newSgtId(), null, dir);
            }

            @Override
            public void unmapDmaBuf(DmaBufAttachment attach, SgTable sgt, DmaDataDirection dir) {
            }

            @Override
            public void release(DmaBuf buf) {
            }
        };
        DmaBuf b = DmaBuf.export(k, noMmap, 4096, null);
        assertEquals(Errno.EINVAL, errno(() -> io.mmap(b, 0, 4096, true)));
        assertEquals(1, b.refcount());
    }

    @Test
    void llseek_onlyOffsetZeroWithSeekSetOrSeekEnd() {
        DmaBuf b = new DmaHeap(k).alloc(3 * 4096, SyncFlags.O_RDWR, 0);
        assertEquals(3 * 4096, io.llseek(b, 0, DmaBufIoctl.SEEK_END), "SEEK_END gives the size");
        assertEquals(0, io.llseek(b, 0, DmaBufIoctl.SEEK_SET));
        for (int whence : List.of(DmaBufIoctl.SEEK_CUR, 3, 4)) {
            assertEquals(Errno.EINVAL, errno(() -> io.llseek(b, 0, whence)), "whence " + whence);
        }
        assertEquals(Errno.EINVAL, errno(() -> io.llseek(b, 4096, DmaBufIoctl.SEEK_SET)));
        assertEquals(Errno.EINVAL, errno(() -> io.llseek(b, -1, DmaBufIoctl.SEEK_END)));
    }
}
