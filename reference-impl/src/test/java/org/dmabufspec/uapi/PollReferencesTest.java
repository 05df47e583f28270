package org.dmabufspec.uapi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.dmabufspec.buf.DmaBuf;
import org.dmabufspec.exporter.SystemHeap;
import org.dmabufspec.fence.DmaFence;
import org.dmabufspec.kernel.Kernel;
import org.dmabufspec.lockdep.Misuse;
import org.dmabufspec.lockdep.Mode;
import org.dmabufspec.resv.DmaResvUsage;
import org.dmabufspec.trace.KernelBehaviour;
import org.dmabufspec.trace.Tracer;
import org.junit.jupiter.api.Test;

/**
 * The references dma_buf_poll takes for its callback (DmaBufLifetime.tla's DmaBufPoll and
 * DmaBufPollCb): {@code get_file} (B5's fix) and dma_buf_poll_add_cb's {@code dma_fence_get}, both
 * dropped by dma_buf_poll_cb; the buffer's release (dma_resv_fini) drops the table's fence
 * references (F9, R18).
 */
class PollReferencesTest {
    /** A buffer whose reservation holds one unsignalled KERNEL fence; {@code b5}: the bug injected. */
    private static final class World {
        private final Kernel k;
        private final DmaBufIoctl io;
        private final DmaBuf buf;
        private final DmaFence fence;

        World(boolean b5) {
            k = new Kernel(KernelBehaviour.parse("6.15", true), Tracer.DISABLED, Mode.RECORD);
            if (b5) {
                k.inject(DmaBufIoctl.POLL_WITHOUT_FILE_REF);
            }
            io = new DmaBufIoctl(k);
            buf = new SystemHeap(k).allocate(4096);
            fence = DmaFence.init(k, k.fenceContextAlloc(1), 1);
            buf.resv().lock(null);
            buf.resv().reserveFences(1);
            buf.resv().addFence(fence, DmaResvUsage.KERNEL);
            buf.resv().unlock();
        }

        List<String> r18() {
            return k.lockdep().recorded().stream().filter(m -> m.rule().equals("R18")).map(Misuse::message).toList();
        }
    }

    private final World w = new World(false);
    private final DmaBufIoctl io = w.io;
    private final DmaBuf buf = w.buf;
    private final DmaFence fence = w.fence;

    private List<String> r18() {
        return w.r18();
    }

    @Test
    void pollArmsItsCallbackWithAFileAndAFenceReference() {
        assertEquals(1, buf.refcount());
        assertEquals(2, fence.refcount(), "the producer's and the reservation object's");
        assertEquals("", io.poll(buf, true, false));
        assertTrue(buf.pollInArmed.get());
        assertEquals(2, buf.refcount(), "get_file for the callback");
        assertEquals(3, fence.refcount(), "dma_buf_poll_add_cb's dma_fence_get");
        fence.signal();
        assertFalse(buf.pollInArmed.get());
        assertEquals(1, buf.refcount(), "the callback's fput");
        assertEquals(2, fence.refcount(), "the callback's dma_fence_put");
    }

    @Test
    void lastDmaBufPutWhileAPollCallbackIsArmedKeepsTheBufferUntilTheFenceSignals() {
        io.poll(buf, true, false);
        buf.put(); // close(fd): the last reference userspace has
        assertFalse(buf.released(), "the armed callback holds the file");
        assertEquals(1, buf.refcount());
        fence.signal();
        assertTrue(buf.released(), "the callback's fput was the last");
        assertEquals(List.of(), r18(), "released with no poll callback armed");
        assertEquals(1, fence.refcount(), "the callback and dma_resv_fini dropped theirs: the producer's is left");
    }

    @Test
    void pollWithNothingToWaitForDropsBothReferencesAtOnce() {
        fence.signal();
        assertEquals("POLLIN", io.poll(buf, true, false));
        assertFalse(buf.pollInArmed.get());
        assertEquals(1, buf.refcount());
        assertEquals(2, fence.refcount());
    }

    @Test
    void releaseDropsTheReservationObjectsFenceReferences() {
        buf.put();
        assertTrue(buf.released());
        assertEquals(1, fence.refcount(), "dma_resv_fini put the table's reference");
        fence.put();
        assertEquals(0, fence.refcount());
    }

    /** B5 (before ff2d23843f7f): without get_file, close() releases the buffer under the armed callback. */
    @Test
    void injectedB5PollWithoutFileRefLetsTheLastPutReleaseWithTheCallbackArmed() {
        World b5 = new World(true);
        assertEquals("", b5.io.poll(b5.buf, true, false));
        assertEquals(1, b5.buf.refcount(), "no get_file");
        b5.buf.put();
        assertTrue(b5.buf.released(), "released while the callback is armed");
        assertEquals(List.of(b5.buf.id() + " released with a poll callback armed"), b5.r18());
        assertEquals(List.of(), r18(), "the control, without the bug, records nothing");
    }
}
