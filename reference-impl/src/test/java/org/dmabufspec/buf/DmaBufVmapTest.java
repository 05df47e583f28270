package org.dmabufspec.buf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.atomic.AtomicInteger;
import org.dmabufspec.exporter.SystemHeap;
import org.dmabufspec.kernel.Kernel;
import org.dmabufspec.kernel.KernelError;
import org.dmabufspec.lockdep.Misuse;
import org.dmabufspec.lockdep.MisuseException;
import org.dmabufspec.lockdep.Mode;
import org.dmabufspec.trace.Errno;
import org.dmabufspec.trace.KernelBehaviour;
import org.dmabufspec.trace.Tracer;
import org.junit.jupiter.api.Test;

/**
 * dma_buf_vmap/dma_buf_vunmap (dma-buf.c): refcounted {@code vmapping_counter}, the exporter called
 * for the first vmap and the last vunmap, the reservation asserted held from 6.2 (locking
 * convention), the {@code _unlocked} wrappers, and {@code BUG_ON(dmabuf->vmapping_counter)} in
 * dma_buf_release (R18).
 */
class DmaBufVmapTest {
    /** A static exporter that counts its vmap/vunmap calls. */
    private static final class CountingExporter implements DmaBufOps {
        final AtomicInteger vmaps = new AtomicInteger();
        final AtomicInteger vunmaps = new AtomicInteger();
        final boolean hasVmap;

        CountingExporter(boolean hasVmap) {
            this.hasVmap = hasVmap;
        }

        @Override
        public String name() {
            return "counting";
        }

        @Override
        public SgTable mapDmaBuf(DmaBufAttachment attach, DmaDataDirection dir) {
            throw new KernelError(Errno.ENOMEM, "not used");
        }

        @Override
        public void unmapDmaBuf(DmaBufAttachment attach, SgTable sgt, DmaDataDirection dir) {
        }

        @Override
        public void release(DmaBuf buf) {
        }

        @Override
        public boolean hasVmap() {
            return hasVmap;
        }

        @Override
        public Errno vmap(DmaBuf buf) {
            vmaps.incrementAndGet();
            return null;
        }

        @Override
        public void vunmap(DmaBuf buf) {
            vunmaps.incrementAndGet();
        }
    }

    private static Kernel kernel(String label, Mode mode) {
        return new Kernel(KernelBehaviour.parse(label, true), Tracer.DISABLED, mode);
    }

    @Test
    void nestedVmaps_callTheExporterOnceEachWay() {
        Kernel k = kernel("6.15", Mode.STRICT);
        CountingExporter ops = new CountingExporter(true);
        DmaBuf b = DmaBuf.export(k, ops, 4096, null);
        String first = b.vmapUnlocked();
        assertEquals(first, b.vmapUnlocked(), "a nested vmap returns the same address");
        assertEquals(2, b.vmappingCount());
        assertEquals(1, ops.vmaps.get(), "the second vmap only counts");
        b.vunmapUnlocked(first);
        assertEquals(0, ops.vunmaps.get());
        b.vunmapUnlocked(first);
        assertEquals(1, ops.vunmaps.get(), "the last vunmap calls the exporter");
        b.put();
        assertTrue(b.released());
    }

    @Test
    void lockedVmap_from6_2_assertsTheReservation() {
        Kernel k = kernel("6.2", Mode.STRICT);
        DmaBuf b = DmaBuf.export(k, new CountingExporter(true), 4096, null);
        assertEquals("R3", assertThrows(MisuseException.class, b::vmap).rule());
        b.resv().lock(null);
        b.vunmap(b.vmap());
        b.resv().unlock();
        assertEquals(0, b.vmappingCount());
    }

    @Test
    void vmap_upTo6_1_needsNoReservation() {
        Kernel k = kernel("6.1", Mode.STRICT);
        DmaBuf b = DmaBuf.export(k, new CountingExporter(true), 4096, null);
        b.vunmap(b.vmap());
        assertEquals(0, b.vmappingCount());
    }

    @Test
    void unlockedVmap_withTheReservationHeld_selfDeadlocks() {
        Kernel k = kernel("6.15", Mode.STRICT);
        DmaBuf b = DmaBuf.export(k, new CountingExporter(true), 4096, null);
        b.resv().lock(null);
        try {
            assertEquals("B17", assertThrows(MisuseException.class, b::vmapUnlocked).rule());
        } finally {
            b.resv().unlock();
        }
    }

    @Test
    void exporterWithoutVmap_isEinval() {
        Kernel k = kernel("6.15", Mode.STRICT);
        DmaBuf b = DmaBuf.export(k, new CountingExporter(false), 4096, null);
        assertEquals(Errno.EINVAL, assertThrows(KernelError.class, b::vmapUnlocked).errno());
        assertEquals(0, b.vmappingCount());
    }

    @Test
    void releaseWhileVmapped_isR18_strictThrows_recordRecords() {
        Kernel strict = kernel("6.15", Mode.STRICT);
        DmaBuf s = new SystemHeap(strict).allocate(4096);
        s.vmapUnlocked();
        MisuseException e = assertThrows(MisuseException.class, s::put);
        assertEquals("R18", e.rule());
        assertTrue(e.getMessage().contains("vmapped"), e::getMessage);

        Kernel record = kernel("6.15", Mode.RECORD);
        DmaBuf r = new SystemHeap(record).allocate(4096);
        r.vmapUnlocked();
        r.put();
        assertTrue(r.released());
        Misuse m = record.lockdep().recorded().get(0);
        assertEquals("R18", m.rule());
        assertEquals("dma_buf_put", m.op());
    }

    @Test
    void vunmapWithoutVmap_isCaughtBeforeTheCounterUnderflows() {
        Kernel record = kernel("6.15", Mode.RECORD);
        CountingExporter ops = new CountingExporter(true);
        DmaBuf b = DmaBuf.export(record, ops, 4096, null);
        b.vunmapUnlocked("va0");
        assertEquals(0, b.vmappingCount());
        assertEquals(0, ops.vunmaps.get());
        assertEquals("R18", record.lockdep().recorded().get(0).rule());
        Kernel strict = kernel("6.15", Mode.STRICT);
        DmaBuf s = DmaBuf.export(strict, new CountingExporter(true), 4096, null);
        assertEquals("R18", assertThrows(MisuseException.class, () -> s.vunmapUnlocked("va0")).rule());
    }

    @Test
    void vunmapOfAnotherAddress_isR19AndLeavesTheVmapInPlace() {
        Kernel record = kernel("6.15", Mode.RECORD);
        CountingExporter ops = new CountingExporter(true);
        DmaBuf b = DmaBuf.export(record, ops, 4096, null);
        String addr = b.vmapUnlocked();
        b.vunmapUnlocked(addr + "x");
        assertEquals(1, b.vmappingCount());
        assertEquals(0, ops.vunmaps.get());
        assertEquals("R19", record.lockdep().recorded().get(0).rule());
        b.vunmapUnlocked(addr);
        assertEquals(1, ops.vunmaps.get());
    }
}
