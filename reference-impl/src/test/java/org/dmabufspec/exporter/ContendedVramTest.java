package org.dmabufspec.exporter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

import org.dmabufspec.buf.DmaBuf;
import org.dmabufspec.buf.DmaBufAttachOps;
import org.dmabufspec.buf.DmaBufAttachment;
import org.dmabufspec.buf.DmaDataDirection;
import org.dmabufspec.buf.SgTable;
import org.dmabufspec.kernel.Kernel;
import org.dmabufspec.kernel.KernelError;
import org.dmabufspec.lockdep.Mode;
import org.dmabufspec.resv.WwAcquireCtx;
import org.dmabufspec.resv.WwClass;
import org.dmabufspec.trace.Clock;
import org.dmabufspec.trace.Errno;
import org.dmabufspec.trace.KernelBehaviour;
import org.dmabufspec.trace.TraceRecorder;
import org.dmabufspec.trace.Tracer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The exporter of DmaBufWwEviction: a validation inside an importer's map or pin evicts another
 * buffer under the importer's ww ticket; wait-die -EDEADLK from that lock fails the map, and the
 * importer's backoff (unlock, dma_resv_lock_slow, retry) then evicts under the context's hold (F18,
 * R2, R4, R7).
 */
class ContendedVramTest {
    private final Kernel kernel = new Kernel(KernelBehaviour.parse("6.15", true), new Tracer(new TraceRecorder(), Clock.LOGICAL),
            Mode.STRICT);
    private final WwClass cls = new WwClass("reservation_ww_class");
    /** The other importer's thread: a ww_acquire_ctx belongs to its thread. */
    private final ExecutorService other = Executors.newSingleThreadExecutor();

    @AfterEach
    void stop() {
        other.shutdownNow();
    }

    private record Importer(AtomicInteger notified) implements DmaBufAttachOps {
        Importer() {
            this(new AtomicInteger());
        }

        @Override
        public void moveNotify(DmaBufAttachment attach) {
            notified.incrementAndGet();
        }
    }

    @Test
    void theYoungerContextsMapGetsEdeadlkFromTheEvictionThenBacksOffAndEvictsUnderItsHold() throws Exception {
        VramExporter vram = VramExporter.contendedVram(kernel);
        DmaBuf b1 = vram.create(4096);
        DmaBuf b2 = vram.create(4096);
        DmaBufAttachment a1 = b1.dynamicAttach("i1", new Importer());
        Importer i2 = new Importer();
        b2.dynamicAttach("i2", i2);
        // the older context holds b2 (i2's transaction), on its own thread
        WwAcquireCtx older = other.submit(() -> {
            WwAcquireCtx c = WwAcquireCtx.init(kernel, cls);
            assertNull(b2.resv().lock(c));
            return c;
        }).get();
        WwAcquireCtx ctx = WwAcquireCtx.init(kernel, cls);
        assertNull(b1.resv().lock(ctx));
        KernelError e = assertThrows(KernelError.class, () -> b1.mapAttachment(a1, DmaDataDirection.BIDIRECTIONAL));
        assertEquals(Errno.EDEADLK, e.errno(), "wait-die: the ticket lock of b2 dies, the map returns it");
        assertEquals(0, a1.mappingCount());
        assertEquals(0, VramExporter.bo(b2).moves(), "nothing evicted");
        assertEquals(1, ctx.acquired(), "the victim was not taken");
        // backoff: drop everything, sleep on the contended lock, retry from the own buffer
        b1.resv().unlock();
        other.submit(() -> {
            b2.resv().unlock();
            older.fini();
        }).get();
        b2.resv().lockSlow(ctx);
        assertEquals(Errno.EALREADY, b2.resv().lock(ctx), "the context holds b2 now");
        assertNull(b1.resv().lock(ctx));
        SgTable t = b1.mapAttachment(a1, DmaDataDirection.BIDIRECTIONAL);
        assertEquals(1, VramExporter.bo(b2).moves(), "b2 evicted under the context's hold (-EALREADY)");
        assertEquals(1, i2.notified().get(), "R4: b2's dynamic importer was notified");
        assertTrue(vram.moving(b2));
        assertEquals(0, VramExporter.bo(b1).moves(), "the validated buffer stays where it is");
        assertEquals(2, ctx.acquired(), "the victim stays locked until the transaction unlocks it");
        b1.unmapAttachment(a1, t, DmaDataDirection.BIDIRECTIONAL);
        b1.resv().unlock();
        b2.resv().unlock();
        ctx.fini();
        for (VramExporter.Move m : vram.movesInFlight(b2)) {
            vram.completeMove(m);
        }
        assertFalse(vram.moving(b2));
    }

    @Test
    void aPinnedVictimIsLockedButNotMovedAndAPinWithoutTicketTriesTheVictimsLock() {
        VramExporter vram = VramExporter.contendedVram(kernel);
        DmaBuf b1 = vram.create(4096);
        DmaBuf b2 = vram.create(4096);
        DmaBufAttachment a1 = b1.dynamicAttach("i1", new Importer());
        DmaBufAttachment a2 = b2.dynamicAttach("i2", new Importer());
        assertNull(b2.resv().lock(null));
        b2.pin(a2); // validates b2: no ticket, so b1 is tried with trylock, evicted and unlocked at once
        b2.resv().unlock();
        assertEquals(1, VramExporter.bo(b1).moves());
        assertFalse(b1.resv().isLocked());
        WwAcquireCtx ctx = WwAcquireCtx.init(kernel, cls);
        assertNull(b1.resv().lock(ctx));
        SgTable t = b1.mapAttachment(a1, DmaDataDirection.BIDIRECTIONAL);
        assertEquals(0, VramExporter.bo(b2).moves(), "R7: the pinned victim is not moved");
        assertEquals(2, ctx.acquired(), "but its lock was taken with the ticket");
        b1.unmapAttachment(a1, t, DmaDataDirection.BIDIRECTIONAL);
        b1.resv().unlock();
        b2.resv().unlock();
        ctx.fini();
    }
}
