package org.dmabufspec.uapi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.dmabufspec.buf.DmaBuf;
import org.dmabufspec.kernel.Kernel;
import org.dmabufspec.kernel.KernelError;
import org.dmabufspec.lockdep.Mode;
import org.dmabufspec.trace.Errno;
import org.dmabufspec.trace.KernelBehaviour;
import org.dmabufspec.trace.Tracer;
import org.junit.jupiter.api.Test;

/** IGT tests/vgem_basic.c fence cases and dmabuf-heap kselftest error cases. */
class IgtVgemBasicTest {
    private final Kernel k = new Kernel(KernelBehaviour.parse("6.15", true), Tracer.DISABLED, Mode.STRICT);
    private final Vgem vgem = new Vgem(k);
    private final DmaBufIoctl io = new DmaBufIoctl(k);

    private static Errno errno(Runnable r) {
        return assertThrows(KernelError.class, r::run).errno();
    }

    @Test
    void bad_flag() {
        int bo = vgem.createBo(4096);
        assertEquals(Errno.EINVAL, errno(() -> vgem.fenceAttach(bo, 0xff, 0)));
        int f = vgem.fenceAttach(bo, 0, 0);
        assertEquals(Errno.EINVAL, errno(() -> vgem.fenceSignal(f, 0xff)));
        vgem.fenceSignal(f, 0);
    }

    @Test
    void bad_pad() {
        int bo = vgem.createBo(4096);
        assertEquals(Errno.EINVAL, errno(() -> vgem.fenceAttach(bo, 0, 1)));
    }

    @Test
    void bad_handle() {
        assertEquals(Errno.ENOENT, errno(() -> vgem.fenceAttach(12345, 0, 0)));
    }

    @Test
    void bad_fence() {
        assertEquals(Errno.ENOENT, errno(() -> vgem.fenceSignal(999, 0)));
    }

    @Test
    void busy_fence() {
        int bo = vgem.createBo(4096);
        int rf = vgem.fenceAttach(bo, 0, 0);
        assertEquals(Errno.EBUSY, errno(() -> vgem.fenceAttach(bo, Vgem.VGEM_FENCE_WRITE, 0)));
        vgem.fenceSignal(rf, 0);
        // vgem_fence_signal_ioctl consumed the id (idr_replace with NULL): a second signal finds nothing
        assertEquals(Errno.ENOENT, errno(() -> vgem.fenceSignal(rf, 0)), "signalling twice");
    }

    @Test
    void dmabuf_fence() {
        int bo = vgem.createBo(4096);
        DmaBuf b = vgem.buf(bo);
        int rf = vgem.fenceAttach(bo, 0, 0);
        assertEquals("POLLIN", io.poll(b, true, true), "read fence: POLLIN ready, POLLOUT busy");
        vgem.fenceSignal(rf, 0);
        int wf = vgem.fenceAttach(bo, Vgem.VGEM_FENCE_WRITE, 0);
        assertEquals("", io.poll(b, true, true));
        vgem.fenceSignal(wf, 0);
        assertEquals("POLLIN|POLLOUT", io.poll(b, true, true));
    }

    @Test
    void test_alloc_errors() {
        DmaHeap heap = new DmaHeap(k);
        assertEquals(Errno.EINVAL, errno(() -> heap.alloc(4096, SyncFlags.O_RDWR, 0x111111)));
        assertEquals(Errno.EINVAL, errno(() -> heap.alloc(4096, ~(SyncFlags.O_RDWR | SyncFlags.O_CLOEXEC), 0)));
        assertEquals(Errno.EINVAL, errno(() -> heap.alloc(0, SyncFlags.O_RDWR, 0)));
    }

    @Test
    void test_alloc_zeroed() {
        DmaHeap heap = new DmaHeap(k);
        for (int i = 0; i < 32; i++) {
            DmaBuf b = heap.alloc(4096, SyncFlags.O_RDWR | SyncFlags.O_CLOEXEC, 0);
            java.util.Arrays.fill(((org.dmabufspec.exporter.SystemHeap.HeapBuffer) b.priv()).pages(), (byte) 0xff);
            b.put();
        }
        for (int i = 0; i < 32; i++) {
            DmaBuf b = heap.alloc(4096, SyncFlags.O_RDWR | SyncFlags.O_CLOEXEC, 0);
            for (byte x : ((org.dmabufspec.exporter.SystemHeap.HeapBuffer) b.priv()).pages()) {
                assertEquals(0, x);
            }
            b.put();
        }
    }

    @Test
    void syncIoctlRejectsBadFlagsAndNames() {
        DmaBuf b = vgem.buf(vgem.createBo(4096));
        assertEquals(Errno.EINVAL, errno(() -> io.sync(b, 0)), "no R/W bit");
        assertEquals(Errno.EINVAL, errno(() -> io.sync(b, 8 | 1)), "bit outside the mask");
        io.sync(b, SyncFlags.DMA_BUF_SYNC_START | SyncFlags.DMA_BUF_SYNC_RW);
        io.sync(b, SyncFlags.DMA_BUF_SYNC_END | SyncFlags.DMA_BUF_SYNC_RW);
        assertEquals(Errno.EINVAL, errno(() -> io.setName(b, "x".repeat(32))));
        io.setName(b, "x".repeat(31));
        assertEquals("x".repeat(31), b.name());
    }
}
