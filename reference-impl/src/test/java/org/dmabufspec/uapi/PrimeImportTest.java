package org.dmabufspec.uapi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import org.dmabufspec.buf.DmaBuf;
import org.dmabufspec.kernel.KernelError;
import org.dmabufspec.resv.DmaResvUsage;
import org.dmabufspec.trace.Errno;
import org.junit.jupiter.api.Test;

/**
 * DRM PRIME import into vgem (drivers/gpu/drm/drm_prime.c, conformance/native/MAPPING.md):
 * kselftest dmabuf-heaps test_alloc_and_import, the per-file import cache, GEM_CLOSE and DRM fd
 * close tearing the import down, with the nested core calls the trace must show.
 */
class PrimeImportTest {
    private static final int RW_CLOEXEC = SyncFlags.O_RDWR | SyncFlags.O_CLOEXEC;

    private static Errno errno(Runnable r) {
        return assertThrows(KernelError.class, r::run).errno();
    }

    @Test
    void test_alloc_and_import() {
        RecordedTrace t = new RecordedTrace("6.15");
        DmaHeap heap = new DmaHeap(t.kernel);
        DmaBufIoctl io = new DmaBufIoctl(t.kernel);
        Vgem vgem = new Vgem(t.kernel);
        DmaBuf b = heap.alloc(1024 * 1024, RW_CLOEXEC, 0);
        DmaBufMmap p = io.mmap(b, 0, 1024 * 1024, true);
        io.sync(b, SyncFlags.DMA_BUF_SYNC_START | SyncFlags.DMA_BUF_SYNC_RW);
        io.sync(b, SyncFlags.DMA_BUF_SYNC_END | SyncFlags.DMA_BUF_SYNC_RW);
        DrmFile file = vgem.open();
        int handle = vgem.primeFdToHandle(file, b);
        assertEquals(1, b.attachments().size());
        io.sync(b, SyncFlags.DMA_BUF_SYNC_START | SyncFlags.DMA_BUF_SYNC_RW);
        io.sync(b, SyncFlags.DMA_BUF_SYNC_END | SyncFlags.DMA_BUF_SYNC_RW);
        vgem.gemClose(file, handle);
        assertTrue(b.attachments().isEmpty());
        io.munmap(p);
        b.put();
        assertTrue(b.released());

        List<JsonNode> evs = t.events();
        JsonNode imp = RecordedTrace.select(evs, RecordedTrace.op("DRM_IOCTL_PRIME_FD_TO_HANDLE")).get(0);
        assertEquals(List.of("dma_buf_get", "dma_buf_attach", "dma_buf_map_attachment_unlocked"),
                RecordedTrace.callees(evs, imp));
        assertEquals("vgem", imp.get("dev").asText());
        assertEquals(handle, imp.get("args").get("handle").asInt());
        JsonNode map = RecordedTrace.select(evs, RecordedTrace.op("dma_buf_map_attachment_unlocked")).get(0);
        assertEquals("BIDIRECTIONAL", map.get("args").get("dir").asText());
        assertEquals(imp.get("attach"), map.get("attach"));
        JsonNode close = RecordedTrace.select(evs, RecordedTrace.op("DRM_IOCTL_GEM_CLOSE")).get(0);
        assertEquals(List.of("dma_buf_unmap_attachment_unlocked", "dma_buf_detach", "dma_buf_put"),
                RecordedTrace.callees(evs, close));
        assertEquals(imp.get("attach"), close.get("attach"));
    }

    @Test
    void reimportIntoTheSameFile_returnsTheCachedHandle_withoutANewAttachment() {
        RecordedTrace t = new RecordedTrace("6.2");
        Vgem vgem = new Vgem(t.kernel);
        DmaBuf b = new DmaHeap(t.kernel).alloc(4096, RW_CLOEXEC, 0);
        DrmFile f1 = vgem.open();
        DrmFile f2 = vgem.open();
        int h1 = vgem.primeFdToHandle(f1, b);
        assertEquals(h1, vgem.primeFdToHandle(f1, b));
        assertEquals(1, b.attachments().size());
        int h2 = vgem.primeFdToHandle(f2, b);
        assertEquals(2, b.attachments().size(), "another DRM file imports on its own");
        assertEquals(3, b.refcount(), "the fd's reference and one per GEM object");
        vgem.gemClose(f1, h1);
        assertEquals(Errno.EINVAL, errno(() -> vgem.gemClose(f1, h1)), "handle already closed");
        vgem.gemClose(f2, h2);
        b.put();
        assertTrue(b.released());

        List<JsonNode> evs = t.events();
        List<JsonNode> imports = RecordedTrace.select(evs, RecordedTrace.op("DRM_IOCTL_PRIME_FD_TO_HANDLE"));
        assertEquals(imports.get(0).get("attach"), imports.get(1).get("attach"));
        assertEquals(List.of("dma_buf_get", "dma_buf_put"), RecordedTrace.callees(evs, imports.get(1)));
        assertNotEquals(imports.get(0).get("attach"), imports.get(2).get("attach"));
    }

    @Test
    void gemClosePendingFence_attachmentGoesFenceStays() {
        RecordedTrace t = new RecordedTrace("6.15");
        Vgem vgem = new Vgem(t.kernel);
        DmaBuf b = new DmaHeap(t.kernel).alloc(4096, RW_CLOEXEC, 0);
        DrmFile file = vgem.open();
        int h = vgem.primeFdToHandle(file, b);
        int f = vgem.fenceAttach(file, h, Vgem.VGEM_FENCE_WRITE, 0);
        vgem.gemClose(file, h);
        assertTrue(b.attachments().isEmpty());
        assertFalse(b.resv().testSignaled(DmaResvUsage.WRITE), "a vgem fence does not hold the GEM object");
        vgem.fenceSignal(file, f, 0);
        assertTrue(b.resv().testSignaled(DmaResvUsage.BOOKKEEP));
        b.put();
        assertTrue(b.released());
    }

    @Test
    void drmClose_releasesImportsBeforeSignallingFences() {
        RecordedTrace t = new RecordedTrace("6.15");
        Vgem vgem = new Vgem(t.kernel);
        DmaBuf b = new DmaHeap(t.kernel).alloc(4096, RW_CLOEXEC, 0);
        DrmFile file = vgem.open();
        int h = vgem.primeFdToHandle(file, b);
        vgem.fenceAttach(file, h, 0, 0);
        vgem.close(file);
        assertTrue(b.attachments().isEmpty());
        assertTrue(b.resv().testSignaled(DmaResvUsage.BOOKKEEP));
        assertEquals(1, b.refcount());
        b.put();

        List<JsonNode> evs = t.events();
        JsonNode close = RecordedTrace.select(evs, RecordedTrace.op("drm_close")).get(0);
        assertEquals(List.of("dma_buf_unmap_attachment_unlocked", "dma_buf_detach", "dma_buf_put", "dma_fence_signal"),
                RecordedTrace.callees(evs, close));
    }

    @Test
    void importOfAReleasedBuffer_isEbadf_andSelfImportTakesNoAttachment() {
        RecordedTrace t = new RecordedTrace("6.15");
        Vgem vgem = new Vgem(t.kernel);
        DmaBuf gone = new DmaHeap(t.kernel).alloc(4096, RW_CLOEXEC, 0);
        gone.put();
        DrmFile file = vgem.open();
        assertEquals(Errno.EBADF, errno(() -> vgem.primeFdToHandle(file, gone)));
        assertEquals(0, file.handleCount());
        DmaBuf own = vgem.buf(vgem.createBo(4096));
        int h = vgem.primeFdToHandle(file, own);
        assertTrue(own.attachments().isEmpty(), "vgem importing its own buffer: a GEM reference, no attach");
        assertEquals(own, vgem.buf(file, h));
    }
}
