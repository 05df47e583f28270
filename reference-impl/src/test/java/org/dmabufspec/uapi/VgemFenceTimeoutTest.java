package org.dmabufspec.uapi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;
import org.dmabufspec.buf.DmaBuf;
import org.dmabufspec.kernel.KernelError;
import org.dmabufspec.resv.DmaResvUsage;
import org.dmabufspec.trace.Errno;
import org.junit.jupiter.api.Test;

/**
 * drivers/gpu/drm/vgem/vgem_fence.c beyond IGT vgem_basic's bad-* cases: the 10 s self-expiry
 * (VGEM_FENCE_TIMEOUT) on the kernel's virtual timer wheel, -ETIMEDOUT for an expired fence,
 * -ENOENT once consumed, and closing the DRM fd (vgem_fence_close); scenario names follow the
 * native harness (conformance/native/MAPPING.md: vgem/fence-timeout, vgem/drm-close-signals,
 * threads/drm-close-releases-waiter).
 */
class VgemFenceTimeoutTest {
    private static Errno errno(Runnable r) {
        return assertThrows(KernelError.class, r::run).errno();
    }

    @Test
    void fenceTimeout_expiresAfterTenSeconds_thenSignalIsEtimedout_thenEnoent() {
        RecordedTrace t = new RecordedTrace("6.15");
        Vgem vgem = new Vgem(t.kernel);
        int bo = vgem.createBo(4096);
        DmaBuf b = vgem.buf(bo);
        int f = vgem.fenceAttach(bo, Vgem.VGEM_FENCE_WRITE, 0);
        t.kernel.timers().advance(Vgem.VGEM_FENCE_TIMEOUT_NS - 1);
        assertFalse(b.resv().testSignaled(DmaResvUsage.WRITE), "still pending 1 ns before the timeout");
        assertEquals(1, t.kernel.timers().advance(1));
        assertTrue(b.resv().testSignaled(DmaResvUsage.READ), "expired by itself");
        assertEquals(Errno.ETIMEDOUT, errno(() -> vgem.fenceSignal(f, 0)));
        assertEquals(Errno.ENOENT, errno(() -> vgem.fenceSignal(f, 0)), "the ETIMEDOUT signal consumed the id");

        List<JsonNode> evs = t.events();
        List<JsonNode> signals = RecordedTrace.select(evs, RecordedTrace.op("dma_fence_signal"));
        assertEquals(1, signals.size(), "one signal: the timer's; the late ioctl's no-op signal is not an event");
        assertTrue(signals.get(0).path("hidden").asBoolean(), "no thread called the timer");
        List<JsonNode> ioctls = RecordedTrace.select(evs, RecordedTrace.op("DRM_IOCTL_VGEM_FENCE_SIGNAL"));
        assertEquals("ETIMEDOUT", ioctls.get(0).get("result").asText());
        assertEquals(signals.get(0).get("fence"), ioctls.get(0).get("fence"));
        assertEquals("ENOENT", ioctls.get(1).get("result").asText());
        assertEquals(signals.get(0).get("fence"), ioctls.get(1).get("fence"), "a consumed id still names its fence");
    }

    @Test
    void signalledInTime_timerFindsNothingToDo() {
        RecordedTrace t = new RecordedTrace("6.15");
        Vgem vgem = new Vgem(t.kernel);
        int bo = vgem.createBo(4096);
        int f = vgem.fenceAttach(bo, 0, 0);
        vgem.fenceSignal(f, 0);
        t.kernel.timers().advance(Vgem.VGEM_FENCE_TIMEOUT_NS);
        List<JsonNode> signals = RecordedTrace.select(t.events(), RecordedTrace.op("dma_fence_signal"));
        assertEquals(1, signals.size());
        assertFalse(signals.get(0).has("hidden"));
    }

    @Test
    void busyFence_failedAttachDoesNotLeaveATimer() {
        RecordedTrace t = new RecordedTrace("6.15");
        Vgem vgem = new Vgem(t.kernel);
        int bo = vgem.createBo(4096);
        int rf = vgem.fenceAttach(bo, 0, 0);
        assertEquals(Errno.EBUSY, errno(() -> vgem.fenceAttach(bo, Vgem.VGEM_FENCE_WRITE, 0)));
        assertEquals(1, t.kernel.timers().pending(), "only the read fence's timer is armed");
        vgem.fenceSignal(rf, 0);
    }

    @Test
    void drmCloseSignals_onlyThatFilesFences_andTheFileIsGone() {
        RecordedTrace t = new RecordedTrace("6.15");
        Vgem vgem = new Vgem(t.kernel);
        DrmFile a = vgem.open();
        DrmFile other = vgem.open();
        int boA = vgem.createBo(a, 4096);
        int boB = vgem.createBo(other, 4096);
        int r1 = vgem.fenceAttach(a, boA, 0, 0);
        vgem.fenceAttach(a, boA, 0, 0);
        int consumed = vgem.fenceAttach(a, vgem.createBo(a, 4096), 0, 0);
        vgem.fenceSignal(a, consumed, 0);
        int fb = vgem.fenceAttach(other, boB, 0, 0);
        assertEquals(2, a.outstandingFences());
        DmaBuf bufA = vgem.buf(a, boA);
        DmaBuf bufB = vgem.buf(other, boB);
        vgem.close(a);
        assertTrue(bufA.resv().testSignaled(DmaResvUsage.BOOKKEEP), "vgem_fence_close signalled both");
        assertFalse(bufB.resv().testSignaled(DmaResvUsage.READ), "another file's fence is untouched");
        assertEquals(0, a.outstandingFences());
        assertEquals(Errno.EBADF, errno(() -> vgem.fenceSignal(a, r1, 0)));
        assertEquals(Errno.EBADF, errno(() -> vgem.close(a)));
        vgem.fenceSignal(other, fb, 0);
        t.kernel.timers().advance(Vgem.VGEM_FENCE_TIMEOUT_NS);

        List<JsonNode> evs = t.events();
        JsonNode close = RecordedTrace.select(evs, RecordedTrace.op("drm_close")).get(0);
        assertEquals(List.of("dma_fence_signal", "dma_fence_signal"), RecordedTrace.callees(evs, close));
        assertEquals("vgem", close.get("dev").asText());
        assertTrue(RecordedTrace.callees(evs, close).size() == 2
                && RecordedTrace.select(evs, RecordedTrace.op("dma_fence_signal")).size() == 4,
                "two signals by close, two by ioctl, none by a timer afterwards");
    }

    @Test
    void drmCloseReleasesWaiter_blockedInSyncStartWrite() throws Exception {
        RecordedTrace t = new RecordedTrace("6.15");
        Vgem vgem = new Vgem(t.kernel);
        DmaBufIoctl io = new DmaBufIoctl(t.kernel);
        DrmFile file = vgem.open();
        int bo = vgem.createBo(file, 4096);
        DmaBuf b = vgem.buf(file, bo);
        vgem.fenceAttach(file, bo, 0, 0);
        CountDownLatch started = new CountDownLatch(1);
        AtomicReference<Throwable> failed = new AtomicReference<>();
        Thread writer = new Thread(() -> {
            started.countDown();
            try {
                io.sync(b, SyncFlags.DMA_BUF_SYNC_START | SyncFlags.DMA_BUF_SYNC_WRITE);
                io.sync(b, SyncFlags.DMA_BUF_SYNC_END | SyncFlags.DMA_BUF_SYNC_WRITE);
            } catch (Throwable e) {
                failed.set(e);
            }
        }, "cpu-writer");
        writer.start();
        started.await();
        // the writer may or may not be blocked yet; either way it can finish only after the close
        assertFalse(b.resv().testSignaled(DmaResvUsage.READ));
        vgem.close(file);
        writer.join(60_000);
        assertFalse(writer.isAlive(), "the writer stayed blocked after drm_close");
        assertEquals(null, failed.get());
        List<JsonNode> evs = t.events();
        JsonNode close = RecordedTrace.select(evs, RecordedTrace.op("drm_close")).get(0);
        JsonNode start = RecordedTrace.select(evs, n -> n.get("op").asText().equals("DMA_BUF_IOCTL_SYNC")
                && n.get("args").get("flags").asText().startsWith("START")).get(0);
        assertTrue(start.get("end").asLong() > close.get("start").asLong(), "SYNC START returned after the close began");
    }
}
