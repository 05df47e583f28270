package org.dmabufspec.gpuvm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Set;

import org.dmabufspec.buf.DmaBuf;
import org.dmabufspec.buf.DmaDataDirection;
import org.dmabufspec.buf.Storage;
import org.dmabufspec.exporter.Placement;
import org.dmabufspec.exporter.VramExporter;
import org.dmabufspec.fence.DmaFence;
import org.dmabufspec.importer.Access;
import org.dmabufspec.kernel.Kernel;
import org.dmabufspec.kernel.KernelError;
import org.dmabufspec.lockdep.Mode;
import org.dmabufspec.resv.DmaResvUsage;
import org.dmabufspec.trace.Clock;
import org.dmabufspec.trace.Errno;
import org.dmabufspec.trace.KernelBehaviour;
import org.dmabufspec.trace.TraceRecorder;
import org.dmabufspec.trace.Tracer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The device side of DmaBufDeviceAccess.tla on a VramExporter buffer: translations per mapping,
 * jobs that hold their storage until their fence signals, the TLB flush fence move_notify
 * publishes, and the exporter's move that waits for both before it frees the old storage.
 */
@Timeout(120) // a wait the model says returns at once must not hang the build
class VmImporterTest {

    private static Kernel kernel(String behaviour, Mode mode) {
        return new Kernel(KernelBehaviour.parse(behaviour, true), new Tracer(new TraceRecorder(), Clock.LOGICAL), mode);
    }

    private static VmImporter boundImporter(Kernel k, DmaBuf b, String dev, boolean readAndDiscard) {
        VmImporter d = new VmImporter(k, dev, true, readAndDiscard, 2, 1);
        d.attach(b);
        d.map(0, DmaDataDirection.BIDIRECTIONAL);
        assertTrue(d.bindPtes(0));
        return d;
    }

    @Test
    void moveNotifyZapsThePtesAndTheMoveFreesTheOldStorageOnlyAfterTheTlbFlush() {
        Kernel k = kernel("6.15", Mode.STRICT);
        VramExporter vram = new VramExporter(k);
        DmaBuf b = vram.create(4096);
        VmImporter d1 = boundImporter(k, b, "d1", false);
        Storage old = d1.translation(0).orElseThrow().sgt().storage();

        VramExporter.Move m = vram.evict(b);
        Translation t = d1.translation(0).orElseThrow();
        assertFalse(t.valid(), "R4: invalid after move_notify");
        assertEquals(PteState.ZAPPED, t.pte(), "move_notify zaps and returns before the flush completes");
        assertTrue(b.resv().getFences(DmaResvUsage.BOOKKEEP).contains(t.flush()), "the TLB flush fence is in the reservation");
        assertTrue(m.predating().contains(t.flush()), "the move waits for the TLB flush");
        assertFalse(vram.moveReady(m));
        assertTrue(d1.translationAccess(0, Access.WRITE).isolated(), "a stale TLB hit still reaches storage the buffer owns");

        d1.tlbFlushComplete(0);
        assertEquals(PteState.NONE, d1.translation(0).orElseThrow().pte());
        assertTrue(vram.moveReady(m));
        vram.completeMove(m);
        assertTrue(old.freed(), "6.15: the old storage goes back once the move fence signalled");
        d1.unmap(0);
        d1.detach();
    }

    @Test
    void aJobHoldsItsStorageAfterMoveNotifyAndTheMoveWaitsForItsFence() {
        Kernel k = kernel("6.15", Mode.STRICT);
        VramExporter vram = new VramExporter(k);
        DmaBuf b = vram.create(4096);
        VmImporter d1 = boundImporter(k, b, "d1", false);
        DmaFence job = d1.submitJob(0, 0, Access.READ);
        VramExporter.Move m = vram.evict(b);
        d1.tlbFlushComplete(0);
        assertTrue(m.predating().contains(job), "R5: a reading job's fence too (BOOKKEEP covers READ)");
        assertFalse(vram.moveReady(m), "the job still runs on the old storage");
        assertTrue(d1.jobAccess(0).isolated(), "the job touches the old storage, which the buffer still owns");
        d1.signalJob(0);
        assertTrue(vram.moveReady(m));
        vram.completeMove(m);
        assertTrue(d1.job(0).isEmpty());
    }

    @Test
    void anInvalidatedMappingIsKeptBesideTheNewOneWhoseJobsWaitForTheMoveFence() {
        Kernel k = kernel("6.15", Mode.STRICT);
        VramExporter vram = new VramExporter(k);
        DmaBuf b = vram.create(4096);
        VmImporter d1 = boundImporter(k, b, "d1", false);
        VramExporter.Move m = vram.evict(b);
        d1.map(1, DmaDataDirection.BIDIRECTIONAL);
        assertEquals(Placement.GTT.name(), d1.translation(1).orElseThrow().sgt().storage().placement(), "R4: the new placement");
        assertEquals(2, d1.attachment().mappingCount(), "the old mapping is still held");
        KernelError e = assertThrows(KernelError.class, () -> d1.submitJob(0, 0, Access.WRITE), "R4: no new work through it");
        assertEquals(Errno.EAGAIN, e.errno());
        d1.tlbFlushComplete(0);
        vram.completeMove(m);
        assertTrue(d1.bindPtes(1), "R6: the PTEs of the new mapping after the KERNEL fence");
        d1.submitJob(0, 1, Access.WRITE);
        assertTrue(d1.jobAccess(0).isolated());
        d1.signalJob(0);
        d1.unmap(0);
        assertThrows(IllegalStateException.class, () -> d1.unmap(1), "its PTEs are present");
        d1.zapPtes(1);
        d1.tlbFlushComplete(1);
        d1.unmap(1);
        d1.detach();
        assertEquals(0, b.attachments().size());
    }

    @Test
    void aReadAndDiscardImporterOnlyReadsUntilItUnmapsAndTheOldStorageWaitsForTheUnmap() {
        Kernel k = kernel("7.1", Mode.STRICT);
        VramExporter vram = new VramExporter(k);
        DmaBuf b = vram.create(4096);
        VmImporter d2 = boundImporter(k, b, "d2", true);
        Storage old = d2.translation(0).orElseThrow().sgt().storage();
        VramExporter.Move m = vram.evict(b);
        Translation t = d2.translation(0).orElseThrow();
        assertEquals(PteState.PRESENT, t.pte(), "R5b: the translations stay");
        assertEquals(Set.of(Access.READ), t.kinds(), "R5b: read and discard, never write");
        assertThrows(IllegalStateException.class, () -> d2.translationAccess(0, Access.WRITE));
        assertTrue(m.predating().isEmpty(), "nothing to flush, no job");
        vram.completeMove(m);
        assertFalse(old.freed(), "R5b: 7.1 frees the old storage only after the last unmap of it");
        assertTrue(d2.translationAccess(0, Access.READ).isolated());
        d2.zapPtes(0);
        d2.tlbFlushComplete(0);
        assertFalse(old.freed(), "zapped and flushed, still mapped");
        d2.unmap(0);
        assertTrue(old.freed(), "the last unmap returns the old storage");
    }

    @Test
    void aStaticImporterPinnedByItsMappingKeepsTheBufferInPlace() {
        Kernel k = kernel("6.15", Mode.STRICT);
        VramExporter vram = new VramExporter(k);
        DmaBuf b = vram.create(4096);
        VmImporter s = new VmImporter(k, "s1", false, false, 1, 1);
        s.attach(b);
        s.map(0, DmaDataDirection.TO_DEVICE);
        assertEquals(Set.of(Access.READ), s.translation(0).orElseThrow().kinds(), "TO_DEVICE maps read-only");
        KernelError e = assertThrows(KernelError.class, () -> vram.evict(b), "R9, R7: pinned by dma_buf_pin_on_map");
        assertEquals(Errno.EBUSY, e.errno());
        KernelError w = assertThrows(KernelError.class, () -> s.submitJob(0, 0, Access.WRITE));
        assertEquals(Errno.EINVAL, w.errno(), "a write job through a TO_DEVICE mapping");
        s.zapPtes(0);
        s.tlbFlushComplete(0);
        s.unmap(0);
        assertEquals(0, vram.pinCount(b));
        s.detach();
    }

    @Test
    void aJobStillRunningOnFreedStorageIsDetected() {
        Kernel k = kernel("6.15", Mode.RECORD); // RECORD: the exporter's own R5 check does not stop the reuse
        k.inject("reuse-before-fence"); // the exporter frees the old storage without waiting for the fences
        VramExporter vram = new VramExporter(k);
        DmaBuf b = vram.create(4096);
        VmImporter d1 = boundImporter(k, b, "d1", false);
        d1.submitJob(0, 0, Access.READ);
        vram.completeMove(vram.evict(b));
        DeviceAccess a = d1.jobAccess(0);
        assertFalse(a.isolated(), "the job still reads the storage the exporter gave back");
        assertEquals(List.of("R5"), a.broken());
        assertTrue(k.lockdep().recorded().stream().anyMatch(x -> x.op().equals("importer.device_access") && x.rule().equals("R5")),
                k.lockdep().recorded().toString());
    }

    @Test
    void inRecordModeTheAccessToFreedStorageNamesTheRulesItBreaks() {
        Kernel k = kernel("6.15", Mode.RECORD);
        k.inject("reuse-before-fence");
        VramExporter vram = new VramExporter(k);
        DmaBuf b = vram.create(4096);
        VmImporter d1 = boundImporter(k, b, "d1", false);
        d1.submitJob(0, 0, Access.WRITE);
        vram.completeMove(vram.evict(b));
        DeviceAccess a = d1.jobAccess(0);
        assertFalse(a.isolated());
        assertEquals(List.of("R5", "R5b"), a.broken(), "freed, and a write into the copy the move read");
    }

    @Test
    void unmapWithoutWaitingLeavesAJobThatTouchesTheBufferAfterDetach() {
        Kernel k = kernel("6.15", Mode.RECORD);
        VramExporter vram = new VramExporter(k);
        DmaBuf b = vram.create(4096);
        VmImporter d1 = boundImporter(k, b, "d1", false);
        d1.submitJob(0, 0, Access.READ);
        d1.zapPtes(0);
        d1.tlbFlushComplete(0);
        d1.unmapWithoutWaiting(0);
        d1.detach();
        assertEquals(List.of("R12"), d1.jobAccess(0).broken(), "DmaBufDeviceAccess_UnmapJobInFlight: unmap stops no engine");
    }
}
