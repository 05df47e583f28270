package org.dmabufspec.cpuvm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.dmabufspec.buf.DmaBuf;
import org.dmabufspec.buf.Storage;
import org.dmabufspec.exporter.Placement;
import org.dmabufspec.exporter.VramExporter;
import org.dmabufspec.importer.Access;
import org.dmabufspec.kernel.Kernel;
import org.dmabufspec.kernel.KernelError;
import org.dmabufspec.lockdep.MisuseException;
import org.dmabufspec.lockdep.Mode;
import org.dmabufspec.trace.Clock;
import org.dmabufspec.trace.Errno;
import org.dmabufspec.trace.KernelBehaviour;
import org.dmabufspec.trace.TraceEnd;
import org.dmabufspec.trace.TraceRecorder;
import org.dmabufspec.trace.Tracer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The CPU side of DmaBufCpuAccess.tla on a VramExporter buffer: an mmap whose PTEs the move zaps
 * and a fault re-installs for the new placement (R21), a vmap that pins the buffer (R20).
 */
@Timeout(120)
class CpuMappingTest {

    private static Kernel kernel(Mode mode) {
        return new Kernel(KernelBehaviour.parse("6.15", true), new Tracer(new TraceRecorder(), Clock.LOGICAL), mode);
    }

    private static void move(VramExporter vram, DmaBuf b) {
        VramExporter.Move m = vram.evict(b);
        assertTrue(vram.moveReady(m), "nothing to wait for");
        vram.completeMove(m);
    }

    @Test
    void aMoveZapsTheMmapPtesAndTheNextFaultMapsTheNewStorage() {
        Kernel k = kernel(Mode.STRICT);
        VramExporter vram = new VramExporter(k);
        DmaBuf b = vram.create(4096);
        CpuMmap p = CpuMmap.mmap(k, vram, b, "p1");
        assertTrue(p.pte().isEmpty(), "mmap installs no PTE");
        Storage old = p.fault();
        assertEquals(Placement.VRAM.name(), old.placement());
        assertTrue(p.access(Access.WRITE).isolated());

        VramExporter.Move m = vram.evict(b);
        assertTrue(p.pte().isEmpty(), "R21: the move zapped the PTEs before it switched storage");
        vram.completeMove(m);
        assertTrue(old.freed());

        Storage now = p.fault();
        assertSame(VramExporter.bo(b).storage(), now);
        assertEquals(Placement.GTT.name(), now.placement());
        assertTrue(p.access(Access.READ).isolated());
        assertEquals(List.of(), k.lockdep().recorded());
    }

    @Test
    void aMoveWithoutTheZapLeavesThePteOnFreedStorageAndTheAccessIsFlaggedR21() {
        Kernel k = kernel(Mode.RECORD);
        k.inject("move-without-zap");
        VramExporter vram = new VramExporter(k);
        DmaBuf b = vram.create(4096);
        CpuMmap p = CpuMmap.mmap(k, vram, b, "p1");
        Storage old = p.fault();
        move(vram, b);

        assertSame(old, p.pte().orElseThrow(), "the stale PTE survived the move");
        CpuAccess x = p.access(Access.WRITE);
        assertFalse(x.isolated());
        assertEquals(List.of("R21", "R21"), x.broken(), "freed, and a copy the move read");
        assertEquals("R21", k.lockdep().recorded().get(0).rule());
    }

    @Test
    void aMoveWithoutTheZapIsAMisuseInStrictMode() {
        Kernel k = kernel(Mode.STRICT);
        k.inject("move-without-zap");
        VramExporter vram = new VramExporter(k);
        DmaBuf b = vram.create(4096);
        CpuMmap p = CpuMmap.mmap(k, vram, b, "p1");
        p.fault();
        move(vram, b);
        MisuseException e = assertThrows(MisuseException.class, () -> p.access(Access.READ));
        assertTrue(e.getMessage().contains("freed"), e.getMessage());
    }

    @Test
    void aVmappedBufferIsNotMovedUntilTheLastVunmap() {
        Kernel k = kernel(Mode.STRICT);
        VramExporter vram = new VramExporter(k);
        DmaBuf b = vram.create(4096);
        CpuVmap k1 = CpuVmap.vmap(k, b, "k1");
        CpuVmap k2 = CpuVmap.vmap(k, b, "k2");
        assertSame(k1.storage(), k2.storage(), "R19: one mapping shared");
        assertEquals(1, vram.pinCount(b), "the first vmap pins, later ones share it");

        KernelError e = assertThrows(KernelError.class, () -> vram.evict(b));
        assertEquals(Errno.EBUSY, e.errno(), "R20: a vmapped buffer stays in place");
        k1.vunmap();
        assertThrows(KernelError.class, () -> vram.evict(b), "still vmapped by k2");
        assertTrue(k2.access(Access.WRITE).isolated());
        k2.vunmap();
        assertEquals(0, vram.pinCount(b));

        Storage old = k2.storage();
        move(vram, b);
        assertTrue(old.freed());
        CpuVmap again = CpuVmap.vmap(k, b, "k1");
        assertSame(VramExporter.bo(b).storage(), again.storage(), "a new vmap maps the new placement");
        assertTrue(again.access(Access.READ).isolated());
    }

    @Test
    void anAccessThroughAVmapGivenUpIsFlaggedR20() {
        Kernel k = kernel(Mode.RECORD);
        VramExporter vram = new VramExporter(k);
        DmaBuf b = vram.create(4096);
        CpuVmap v = CpuVmap.vmap(k, b, "k1");
        v.vunmap();
        move(vram, b);
        assertEquals(List.of("R20", "R20"), v.access(Access.READ).broken(), "not held, and freed");
    }

    @Test
    void munmapLeavesTheAddressSpaceSoTheMoveNoLongerZapsIt() {
        Kernel k = kernel(Mode.STRICT);
        VramExporter vram = new VramExporter(k);
        DmaBuf b = vram.create(4096);
        CpuMmap p = CpuMmap.mmap(k, vram, b, "p1");
        CpuMmap q = CpuMmap.mmap(k, vram, b, "p2");
        p.fault();
        q.fault();
        p.munmap();
        assertThrows(IllegalStateException.class, () -> p.access(Access.READ), "no PTE after munmap");
        assertEquals(Errno.EFAULT, assertThrows(KernelError.class, p::fault).errno());
        move(vram, b);
        assertTrue(q.pte().isEmpty(), "the other process's PTEs were zapped");
        q.fault();
        assertTrue(q.access(Access.WRITE).isolated());
    }

    @Test
    void aFaultDuringAPipelinedMoveWaitsForTheMoveFenceThenMapsTheNewStorage() throws Exception {
        TraceRecorder rec = new TraceRecorder();
        Kernel k = new Kernel(KernelBehaviour.parse("6.15", true), new Tracer(rec, Clock.LOGICAL), Mode.STRICT);
        VramExporter vram = new VramExporter(k);
        DmaBuf b = vram.create(4096);
        CpuMmap p = CpuMmap.mmap(k, vram, b, "p1");
        p.fault(Access.READ);
        VramExporter.Move m = vram.evict(b); // published, its copy pending: the move fence is unsignalled
        assertTrue(p.pte().isEmpty(), "R21: zapped");
        ExecutorService cpu = Executors.newSingleThreadExecutor();
        try {
            // before or after the copy completes, whichever the schedule gives: the fault maps only a finished copy (R22)
            Future<Storage> faulted = cpu.submit(() -> p.fault(Access.WRITE));
            vram.completeMove(m);
            Storage st = faulted.get();
            assertSame(m.to(), st);
            assertTrue(st.ready(), "R22: mapped after the move's copy");
        } finally {
            cpu.shutdown();
        }
        assertTrue(p.load(Access.WRITE).isolated());
        rec.finish(TraceEnd.Status.COMPLETE, null);
        List<String> ops = rec.events().stream().map(e -> e.op().wire()).toList();
        assertEquals(2, ops.stream().filter("exporter.vm_fault"::equals).count(), ops.toString());
        assertTrue(ops.contains("unmap_mapping_range"), ops.toString());
        assertTrue(ops.contains("cpu.access"), ops.toString());
        assertTrue(rec.events().stream().filter(e -> e.op().wire().equals("exporter.vm_fault")).allMatch(e -> Boolean.TRUE.equals(e.resvHeld())),
                "the fault maps with the reservation held");
    }

    @Test
    void aFaultThatDoesNotWaitForTheMoveMapsStorageTheCopyHasNotWrittenAndTheAccessIsFlaggedR22() {
        Kernel k = kernel(Mode.RECORD);
        k.inject("fault-before-move-done");
        VramExporter vram = new VramExporter(k);
        DmaBuf b = vram.create(4096);
        CpuMmap p = CpuMmap.mmap(k, vram, b, "p1");
        VramExporter.Move m = vram.evict(b);
        assertSame(m.to(), p.fault(Access.WRITE), "mapped the new placement while its copy is pending");
        assertEquals(List.of("R22"), p.access(Access.WRITE).broken());
    }
}
