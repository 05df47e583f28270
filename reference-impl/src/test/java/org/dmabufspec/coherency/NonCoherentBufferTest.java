package org.dmabufspec.coherency;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.dmabufspec.buf.DmaDataDirection;
import org.dmabufspec.kernel.Kernel;
import org.dmabufspec.lockdep.MisuseException;
import org.dmabufspec.lockdep.Mode;
import org.dmabufspec.trace.Clock;
import org.dmabufspec.trace.KernelBehaviour;
import org.dmabufspec.trace.TraceRecorder;
import org.dmabufspec.trace.Tracer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** DmaBufCoherency.tla's data flows on one non-coherent buffer: seed 003's two-sided barriers, seed 004's cached table. */
@Timeout(60)
class NonCoherentBufferTest {
    private static final DmaDataDirection TO = DmaDataDirection.TO_DEVICE;
    private static final DmaDataDirection FROM = DmaDataDirection.FROM_DEVICE;
    private static final DmaDataDirection BIDI = DmaDataDirection.BIDIRECTIONAL;

    private static Kernel kernel(String version, Mode mode, String... injections) {
        Kernel k = new Kernel(KernelBehaviour.parse(version, true), new Tracer(new TraceRecorder(), Clock.LOGICAL), mode);
        List.of(injections).forEach(k::inject);
        return k;
    }

    @Test
    void cpuWritesSyncEndThenMapToDeviceCleansAndTheDeviceReadsTheCpuWrite() {
        NonCoherentBuffer b = new NonCoherentBuffer(kernel("6.15", Mode.STRICT), "buf", BIDI, false, false);
        b.beginCpuAccess(TO);
        b.cpuStore();
        b.endCpuAccess();
        assertEquals(new CacheLine(CacheLine.State.DIRTY, 1), b.line());
        assertEquals(0, b.memory()); // no exporter ops: the store is still only in the cache
        b.attach();
        assertTrue(b.map(TO)); // arch_sync_dma_for_device: clean
        assertEquals(new CacheLine(CacheLine.State.CLEAN, 1), b.line());
        Read r = b.deviceRead();
        assertEquals(1, r.value());
        assertFalse(r.stale());
    }

    @Test
    void deviceWritesUnmapFromDeviceInvalidatesAndTheCpuReadsTheDeviceWrite() {
        NonCoherentBuffer b = new NonCoherentBuffer(kernel("6.15", Mode.STRICT), "buf", BIDI, false, false);
        b.cacheSpeculativeFill(); // the line holds version 0
        b.attach();
        b.map(FROM); // arch_sync_dma_for_device: clean, the line stays valid (v5.19+)
        b.deviceWrite();
        assertEquals(new CacheLine(CacheLine.State.CLEAN, 0), b.line());
        b.unmap(); // arch_sync_dma_for_cpu(FROM_DEVICE): invalidate
        assertEquals(CacheLine.INVALID, b.line());
        b.beginCpuAccess(FROM);
        assertEquals(1, b.cpuLoad().value());
    }

    @Test
    void bidirectionalMappingHeldAcrossSyncRwBracketsRoundTripsBothWays() {
        NonCoherentBuffer b = new NonCoherentBuffer(kernel("6.15", Mode.STRICT), "buf", BIDI, true, false);
        b.attach();
        b.map(BIDI);
        b.beginCpuAccess(BIDI);
        b.cpuStore();
        b.endCpuAccess(); // end_cpu_access on the mapped attachment: clean
        assertEquals(1, b.deviceRead().value());
        b.deviceWrite();
        b.beginCpuAccess(BIDI); // begin_cpu_access: invalidate
        assertEquals(2, b.cpuLoad().value());
        b.endCpuAccess();
    }

    @Test
    void endCpuAccessWithoutTheSyncLeavesTheStoreInTheCacheAndTheDeviceReadIsAStaleReadMisuseOfU1() {
        NonCoherentBuffer ok = new NonCoherentBuffer(kernel("6.15", Mode.STRICT), "buf", BIDI, true, false);
        Kernel k = kernel("6.15", Mode.STRICT, NonCoherentBuffer.END_CPU_ACCESS_WITHOUT_SYNC);
        NonCoherentBuffer bug = new NonCoherentBuffer(k, "buf", BIDI, true, false);
        for (NonCoherentBuffer b : List.of(ok, bug)) {
            b.attach();
            b.map(BIDI);
            b.beginCpuAccess(TO);
            b.cpuStore();
            b.endCpuAccess();
        }
        assertEquals(1, ok.deviceRead().value());
        MisuseException e = assertThrows(MisuseException.class, bug::deviceRead);
        assertTrue(e.getMessage().contains("version 0, the last write is 1"), e.getMessage());
        assertEquals("U1", e.rule());
    }

    @Test
    void seed004CachedBidirectionalTableReusedForFromDeviceSkipsTheUnmapInvalidateAndTheCpuReadsAStaleLine() {
        Kernel k = kernel("6.2", Mode.RECORD);
        NonCoherentBuffer b = new NonCoherentBuffer(k, "buf", BIDI, false, false);
        b.attach(); // the cached table is mapped BIDIRECTIONAL here
        b.cacheSpeculativeFill();
        assertTrue(b.map(FROM)); // served from the cache: no maintenance
        b.deviceWrite();
        b.unmap(); // a no-op on the cached table (R11)
        b.beginCpuAccess(FROM);
        Read r = b.cpuLoad();
        assertEquals(0, r.value());
        assertEquals(1, r.latest());
        assertEquals(List.of("U1"), r.broken());
        assertEquals("U1", k.lockdep().recorded().get(0).rule());
    }

    @Test
    void cachedToDeviceTableRefusesOtherDirectionsWithEbusy() {
        NonCoherentBuffer b = new NonCoherentBuffer(kernel("6.2", Mode.STRICT), "buf", TO, true, false);
        b.attach();
        assertEquals(TO, b.dmaMap());
        assertFalse(b.map(FROM));
        assertFalse(b.map(BIDI));
        assertTrue(b.map(TO));
        b.unmap();
        assertEquals(TO, b.dmaMap()); // still cached until detach
        b.detach();
        assertEquals(null, b.dmaMap());
    }

    @Test
    void aStoreOutsideAWriteBracketIsRefused() {
        NonCoherentBuffer b = new NonCoherentBuffer(kernel("6.15", Mode.STRICT), "buf", BIDI, true, false);
        assertThrows(IllegalStateException.class, b::cpuStore);
        b.beginCpuAccess(FROM);
        assertThrows(IllegalStateException.class, b::cpuStore);
    }
    @Test
    void anInjectedDirtyLineUnderAMappingIsCleanedBySyncEndAndAnInconsistentMappingIsRefused() {
        // an IndInv state no call sequence from a fresh buffer reaches: memory holds version 2, a dirty line version 1
        Kernel k = kernel("6.15", Mode.STRICT);
        NonCoherentBuffer b = NonCoherentBuffer.injectState(k, "buf", BIDI, true, false, new NonCoherentBuffer.InjectedState(
                2, new CacheLine(CacheLine.State.DIRTY, 1), true, TO, TO, TO, 1, null));
        assertEquals(TO, b.cpuSync());
        b.endCpuAccess(); // arch_sync_dma_for_device: the dirty line is written back over memory
        assertEquals(1, b.memory());
        assertEquals(new CacheLine(CacheLine.State.CLEAN, 1), b.line());
        assertEquals(1, b.deviceRead().value());
        b.unmap();
        b.beginCpuAccess(TO);
        b.cpuStore();
        assertEquals(new CacheLine(CacheLine.State.DIRTY, 2), b.line()); // the injected lastWrite numbers the next version
        // a mapping without an attachment, or a DMA-API mapping map did not make, is no state the kernel can hold
        assertThrows(IllegalStateException.class, () -> NonCoherentBuffer.injectState(k, "x", BIDI, true, false,
                new NonCoherentBuffer.InjectedState(0, CacheLine.INVALID, false, TO, TO, null, 0, null)));
        assertThrows(IllegalStateException.class, () -> NonCoherentBuffer.injectState(k, "x", BIDI, true, false,
                new NonCoherentBuffer.InjectedState(0, CacheLine.INVALID, true, TO, null, null, 0, null)));
    }
}
