package org.dmabufspec.buf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.dmabufspec.exporter.SystemHeap;
import org.dmabufspec.exporter.VramExporter;
import org.dmabufspec.kernel.Kernel;
import org.dmabufspec.kernel.KernelError;
import org.dmabufspec.lockdep.Mode;
import org.dmabufspec.trace.Clock;
import org.dmabufspec.trace.Errno;
import org.dmabufspec.trace.KernelBehaviour;
import org.dmabufspec.trace.TraceEnd;
import org.dmabufspec.trace.TraceEvent;
import org.dmabufspec.trace.TraceRecorder;
import org.dmabufspec.trace.Tracer;
import org.junit.jupiter.api.Test;

/** The R9/R11/R12 and MOVE_NOTIFY switch (docs/rules.md#r9, #r11, #r12). */
class KernelVersionSwitchTest {
    private final TraceRecorder rec = new TraceRecorder();

    private Kernel kernel(String label, boolean moveNotify) {
        return new Kernel(KernelBehaviour.parse(label, moveNotify), new Tracer(rec, Clock.LOGICAL), Mode.STRICT);
    }

    private List<String> ops() {
        rec.finish(TraceEnd.Status.COMPLETE, null);
        return rec.events().stream().map(e -> e.op().wire()).collect(Collectors.toList());
    }

    @Test
    void upTo614StaticImporterOfDynamicExporterIsPinnedAndMappedAtAttachAndCached() {
        Kernel k = kernel("6.2", true);
        VramExporter vram = new VramExporter(k);
        DmaBuf b = vram.create(4096);
        DmaBufAttachment a = b.attach("prime0");
        assertEquals(1, vram.pinCount(b), "R9: pinned at attach");
        SgTable s1 = b.mapAttachmentUnlocked(a, DmaDataDirection.TO_DEVICE);
        SgTable s2 = b.mapAttachmentUnlocked(a, DmaDataDirection.FROM_DEVICE);
        assertSame(s1, s2, "R11: cached BIDIRECTIONAL table returned for any direction");
        assertSame(a.cachedSgt(), s1);
        b.unmapAttachmentUnlocked(a, s1, DmaDataDirection.TO_DEVICE); // no-op on the cached table
        assertEquals(1, a.mappingCount());
        assertThrows(KernelError.class, () -> vram.evict(b), "pinned: cannot move");
        b.detach(a);
        assertEquals(0, vram.pinCount(b), "detach unmaps the cached table and unpins");
        List<String> ops = ops();
        assertEquals(1, ops.stream().filter("exporter.map_dma_buf"::equals).count());
        assertEquals(1, ops.stream().filter("exporter.unmap_dma_buf"::equals).count());
    }

    @Test
    void from615StaticImporterIsPinnedAroundEachMapAndDetachUnmapsNothing() {
        Kernel k = kernel("6.15", true);
        VramExporter vram = new VramExporter(k);
        DmaBuf b = vram.create(4096);
        DmaBufAttachment a = b.attach("prime0");
        assertEquals(0, vram.pinCount(b), "no pin at attach");
        SgTable s1 = b.mapAttachmentUnlocked(a, DmaDataDirection.BIDIRECTIONAL);
        assertEquals(1, vram.pinCount(b), "R9: pin on map");
        SgTable s2 = b.mapAttachmentUnlocked(a, DmaDataDirection.TO_DEVICE);
        assertNotEquals(s1, s2, "no caching: a fresh table each time");
        assertEquals(2, vram.pinCount(b));
        b.unmapAttachmentUnlocked(a, s1, DmaDataDirection.BIDIRECTIONAL);
        b.unmapAttachmentUnlocked(a, s2, DmaDataDirection.TO_DEVICE);
        assertEquals(0, vram.pinCount(b));
        b.detach(a);
        List<String> ops = ops();
        assertEquals(2, ops.stream().filter("exporter.unmap_dma_buf"::equals).count(), "only the importer's unmaps");
        assertEquals(2, ops.stream().filter("exporter.pin"::equals).count(), "one pin per map");
    }

    @Test
    void cacheSgtMappingExporterRefusesASecondDirectionWithEbusy() {
        Kernel k = kernel("6.2", true);
        SystemHeap heap = new SystemHeap(k);
        DmaBufOps caching = new DmaBufOps() {
            @Override
            public String name() {
                return "caching";
            }

            @Override
            public boolean cacheSgtMapping() {
                return true;
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
        DmaBuf b = DmaBuf.export(k, caching, 4096, heap);
        DmaBufAttachment a = b.attach("prime0");
        SgTable s = b.mapAttachmentUnlocked(a, DmaDataDirection.TO_DEVICE);
        assertSame(s, b.mapAttachmentUnlocked(a, DmaDataDirection.TO_DEVICE));
        KernelError e = assertThrows(KernelError.class, () -> b.mapAttachmentUnlocked(a, DmaDataDirection.FROM_DEVICE));
        assertEquals(Errno.EBUSY, e.errno());
        b.detach(a);
    }

    @Test
    void withoutMoveNotifyDynamicImportersArePinnedPerMap() {
        Kernel k = kernel("6.15", false);
        VramExporter vram = new VramExporter(k);
        DmaBuf b = vram.create(4096);
        DmaBufAttachment a = b.dynamicAttach("gpu0", x -> { });
        b.resv().lock(null);
        SgTable s = b.mapAttachment(a, DmaDataDirection.BIDIRECTIONAL);
        b.resv().unlock();
        assertEquals(1, vram.pinCount(b));
        assertEquals(Errno.EBUSY, assertThrows(KernelError.class, () -> vram.evict(b)).errno());
        b.resv().lock(null);
        b.unmapAttachment(a, s, DmaDataDirection.BIDIRECTIONAL);
        b.resv().unlock();
        assertEquals(0, vram.pinCount(b));
        b.detach(a);
    }

    @Test
    void moveNotifyReachesDynamicAttachmentsOnlyAndIsInvalidateMappingsIn71() {
        Kernel k = kernel("7.1", true);
        VramExporter vram = new VramExporter(k);
        DmaBuf b = vram.create(4096);
        AtomicInteger notified = new AtomicInteger();
        DmaBufAttachment dyn = b.dynamicAttach("gpu0", x -> notified.incrementAndGet());
        VramExporter.Move m = vram.evict(b);
        vram.completeMove(m);
        assertEquals(1, notified.get());
        assertTrue(m.to().ready() && m.from().freed());
        DmaBufAttachment st = b.attach("prime0");
        b.detach(st);
        b.detach(dyn);
        List<String> ops = ops();
        assertTrue(ops.contains("dma_buf_invalidate_mappings") && ops.contains("importer.invalidate_mappings"), ops::toString);
        assertTrue(!ops.contains("dma_buf_move_notify"));
    }

    @Test
    void exportRejectsCachingWithPinBefore615() {
        Kernel k = kernel("6.2", true);
        DmaBufOps bad = new DmaBufOps() {
            @Override
            public String name() {
                return "bad";
            }

            @Override
            public boolean dynamic() {
                return true;
            }

            @Override
            public boolean cacheSgtMapping() {
                return true;
            }

            @Override
            public SgTable mapDmaBuf(DmaBufAttachment attach, DmaDataDirection dir) {
                return null;
            }

            @Override
            public void unmapDmaBuf(DmaBufAttachment attach, SgTable sgt, DmaDataDirection dir) {
            }

            @Override
            public void release(DmaBuf buf) {
            }
        };
        assertEquals(Errno.EINVAL, assertThrows(KernelError.class, () -> DmaBuf.export(k, bad, 4096, new Object())).errno());
    }
}
