package org.dmabufspec.exporter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;

import org.dmabufspec.buf.DmaBuf;
import org.dmabufspec.fence.DmaFence;
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

/** A VramExporter over a fixed set of VRAM regions: a region a buffer left backs another only after the move fence. */
class VramRegionPoolTest {
    private final Kernel kernel = new Kernel(KernelBehaviour.parse("6.15", true), new Tracer(new TraceRecorder(), Clock.LOGICAL),
            Mode.STRICT);

    @Test
    void aRegionLeftByAMoveBacksTheNextBufferOnlyOnceTheMoveCompleted() {
        VramRegionPool pool = new VramRegionPool(List.of("r1"));
        VramExporter vram = new VramExporter(kernel, pool);
        DmaBuf b1 = vram.create(4096, "r1");
        assertEquals(Optional.of("r1"), pool.regionOf(VramExporter.bo(b1).storage()));
        assertEquals(Errno.ENOSPC, assertThrows(KernelError.class, () -> vram.create(4096, Placement.VRAM)).errno());

        // a job on b1 still running: the move must wait for it, and r1 stays b1's until then (R5)
        DmaFence job = DmaFence.init(kernel, kernel.fenceContextAlloc(1), 1);
        b1.resv().lock(null);
        b1.resv().reserveFences(1);
        b1.resv().addFence(job, DmaResvUsage.WRITE);
        b1.resv().unlock();
        VramExporter.Move m = vram.evict(b1);
        assertEquals(Placement.GTT, VramExporter.bo(b1).placement());
        assertFalse(vram.moveReady(m));
        assertEquals(List.of(), pool.free());
        assertEquals(Errno.ENOSPC, assertThrows(KernelError.class, () -> vram.create(4096, Placement.VRAM)).errno());

        job.signal();
        vram.completeMove(m);
        assertTrue(m.from().freed());
        assertEquals(List.of("r1"), pool.free());
        DmaBuf b2 = vram.create(4096, Placement.VRAM);
        assertEquals(Optional.of("r1"), pool.regionOf(VramExporter.bo(b2).storage()));
        assertNotSame(m.from(), VramExporter.bo(b2).storage());
    }

    @Test
    void aMoveWithinVramTakesTheWantedRegionAndFreesTheOld() {
        VramRegionPool pool = new VramRegionPool(List.of("r1", "r2"));
        VramExporter vram = new VramExporter(kernel, pool);
        DmaBuf b = vram.create(4096, "r1");
        assertEquals(Errno.ENOSPC, assertThrows(KernelError.class, () -> vram.moveTo(b, Placement.VRAM, "r1")).errno());
        VramExporter.Move m = vram.moveTo(b, Placement.VRAM, "r2");
        assertEquals(List.of(), pool.free(), "the old region is the buffer's until the move completes");
        vram.completeMove(m);
        assertEquals(List.of("r1"), pool.free());
        assertEquals(Optional.of("r2"), pool.regionOf(VramExporter.bo(b).storage()));
        assertEquals(Optional.of(VramExporter.bo(b).storage()), pool.occupant("r2"));
    }

    @Test
    void withoutAPoolEveryPlacementIsAFreshStorage() {
        VramExporter vram = new VramExporter(kernel);
        DmaBuf a = vram.create(4096);
        DmaBuf b = vram.create(4096);
        assertNotSame(VramExporter.bo(a).storage(), VramExporter.bo(b).storage());
        assertTrue(vram.pool().isEmpty());
        assertThrows(IllegalStateException.class, () -> vram.create(4096, "r1"));
    }
}
