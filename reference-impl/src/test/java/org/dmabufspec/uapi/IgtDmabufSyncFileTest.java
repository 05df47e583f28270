package org.dmabufspec.uapi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.dmabufspec.buf.DmaBuf;
import org.dmabufspec.fence.DmaFence;
import org.dmabufspec.kernel.Kernel;
import org.dmabufspec.lockdep.Mode;
import org.dmabufspec.syncfile.SyncFile;
import org.dmabufspec.trace.KernelBehaviour;
import org.dmabufspec.trace.Tracer;
import org.junit.jupiter.api.Test;

/** IGT tests/dmabuf_sync_file.c (vgem exporter). */
class IgtDmabufSyncFileTest {
    private final Kernel k = new Kernel(KernelBehaviour.parse("6.15", true), Tracer.DISABLED, Mode.STRICT);
    private final Vgem vgem = new Vgem(k);
    private final DmaBufIoctl io = new DmaBufIoctl(k);
    private final int bo = vgem.createBo(4096);
    private final DmaBuf buf = vgem.buf(bo);

    /** IGT dmabuf_busy: READ = poll(POLLIN) not ready, WRITE = poll(POLLOUT) not ready. */
    private boolean pollBusy(boolean write) {
        String ready = write ? io.poll(buf, false, true) : io.poll(buf, true, false);
        return ready.isEmpty();
    }

    private boolean syncFileBusy(long flags) {
        SyncFile sf = io.exportSyncFile(buf, flags);
        return !io.syncWait(sf, 0);
    }

    private boolean busy(boolean write) {
        boolean p = pollBusy(write);
        boolean s = syncFileBusy(write ? SyncFlags.DMA_BUF_SYNC_WRITE : SyncFlags.DMA_BUF_SYNC_READ);
        assertEquals(p, s, "poll and exported sync_file agree (U4)");
        return p;
    }

    @Test
    void export_basic() {
        assertFalse(busy(false));
        assertFalse(busy(true));
        int rf = vgem.fenceAttach(bo, 0, 0);
        assertFalse(busy(false), "a read fence does not block readers");
        assertTrue(busy(true), "a read fence blocks writers");
        assertTrue(syncFileBusy(SyncFlags.DMA_BUF_SYNC_RW));
        vgem.fenceSignal(rf, 0);
        int wf = vgem.fenceAttach(bo, Vgem.VGEM_FENCE_WRITE, 0);
        assertTrue(busy(false));
        assertTrue(busy(true));
        vgem.fenceSignal(wf, 0);
        assertFalse(busy(false));
        assertFalse(busy(true));
    }

    @Test
    void export_before_signal() {
        int rf = vgem.fenceAttach(bo, 0, 0);
        SyncFile r = io.exportSyncFile(buf, SyncFlags.DMA_BUF_SYNC_READ);
        SyncFile w = io.exportSyncFile(buf, SyncFlags.DMA_BUF_SYNC_WRITE);
        assertTrue(io.syncWait(r, 0));
        assertFalse(io.syncWait(w, 0));
        vgem.fenceSignal(rf, 0);
        assertTrue(io.syncWait(w, 0), "becomes idle when the fence signals");
    }

    @Test
    void export_multiwait() {
        int f1 = vgem.fenceAttach(bo, 0, 0);
        int f2 = vgem.fenceAttach(bo, 0, 0);
        SyncFile w = io.exportSyncFile(buf, SyncFlags.DMA_BUF_SYNC_WRITE);
        int f3 = vgem.fenceAttach(bo, 0, 0);
        vgem.fenceSignal(f1, 0);
        assertFalse(io.syncWait(w, 0));
        vgem.fenceSignal(f2, 0);
        assertTrue(io.syncWait(w, 0), "ignores the fence added after the export");
        vgem.fenceSignal(f3, 0);
    }

    @Test
    void export_wait_after_attach() {
        SyncFile before = io.exportSyncFile(buf, SyncFlags.DMA_BUF_SYNC_WRITE);
        int f1 = vgem.fenceAttach(bo, Vgem.VGEM_FENCE_WRITE, 0);
        assertTrue(io.syncWait(before, 0), "snapshot taken before the fence is idle");
        SyncFile after = io.exportSyncFile(buf, SyncFlags.DMA_BUF_SYNC_READ);
        vgem.fenceSignal(f1, 0);
        int f2 = vgem.fenceAttach(bo, Vgem.VGEM_FENCE_WRITE, 0);
        assertTrue(io.syncWait(after, 0), "waits for that fence only, not a later one");
        vgem.fenceSignal(f2, 0);
    }

    private DmaFence swSyncFence() {
        return DmaFence.init(k, k.fenceContextAlloc(1), 1);
    }

    @Test
    void import_basic() {
        for (long flags : new long[] {SyncFlags.DMA_BUF_SYNC_READ, SyncFlags.DMA_BUF_SYNC_WRITE, SyncFlags.DMA_BUF_SYNC_RW}) {
            DmaFence f = swSyncFence();
            io.importSyncFile(buf, flags, SyncFile.create(k, f));
            boolean write = (flags & SyncFlags.DMA_BUF_SYNC_WRITE) != 0;
            assertEquals(write, busy(false), "flags " + flags + ": readers wait only for imported writes");
            assertTrue(busy(true), "flags " + flags + ": writers wait for everything");
            f.signal();
            assertFalse(busy(false));
            assertFalse(busy(true));
        }
    }

    @Test
    void import_multiple_read_only() {
        List<DmaFence> fs = new ArrayList<>();
        for (int i = 0; i < 32; i++) {
            DmaFence f = swSyncFence();
            fs.add(f);
            io.importSyncFile(buf, SyncFlags.DMA_BUF_SYNC_READ, SyncFile.create(k, f));
        }
        for (DmaFence f : fs) {
            assertFalse(busy(false), "read fences never block READ");
            assertTrue(busy(true));
            f.signal();
        }
        assertFalse(busy(true), "WRITE idle after the last one");
    }

    @Test
    void import_multiple_read_write() {
        List<DmaFence> fs = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            DmaFence f = swSyncFence();
            fs.add(f);
            io.importSyncFile(buf, SyncFlags.DMA_BUF_SYNC_READ, SyncFile.create(k, f));
        }
        DmaFence w = swSyncFence();
        io.importSyncFile(buf, SyncFlags.DMA_BUF_SYNC_WRITE, SyncFile.create(k, w));
        for (DmaFence f : fs) {
            f.signal();
        }
        assertTrue(busy(false));
        assertTrue(busy(true));
        w.signal();
        assertFalse(busy(false));
        assertFalse(busy(true));
    }

    @Test
    void pollArmsAtMostOneCallbackPerDirection() {
        int rf = vgem.fenceAttach(bo, 0, 0);
        assertEquals("", io.poll(buf, false, true));
        assertTrue(buf.pollOutArmed.get(), "the first poll arms cb_out");
        assertEquals("", io.poll(buf, false, true), "armed: reported busy without a second callback");
        vgem.fenceSignal(rf, 0);
        assertFalse(buf.pollOutArmed.get(), "the fence callback disarms it");
        assertEquals("POLLOUT", io.poll(buf, false, true));
    }

    @Test
    void exportAndImportRejectBadFlags() {
        for (long bad : new long[] {0, 4, 8}) {
            assertEquals(org.dmabufspec.trace.Errno.EINVAL,
                    org.junit.jupiter.api.Assertions.assertThrows(org.dmabufspec.kernel.KernelError.class,
                            () -> io.exportSyncFile(buf, bad)).errno());
        }
    }
}
