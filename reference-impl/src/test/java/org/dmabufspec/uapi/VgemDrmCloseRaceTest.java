package org.dmabufspec.uapi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.dmabufspec.buf.DmaBuf;
import org.dmabufspec.kernel.Kernel;
import org.dmabufspec.kernel.KernelError;
import org.dmabufspec.lockdep.Mode;
import org.dmabufspec.resv.DmaResvUsage;
import org.dmabufspec.trace.Errno;
import org.dmabufspec.trace.KernelBehaviour;
import org.dmabufspec.trace.Op;
import org.dmabufspec.trace.Clock;
import org.dmabufspec.trace.TraceEnd;
import org.dmabufspec.trace.TraceRecorder;
import org.dmabufspec.trace.TraceEvent;
import org.dmabufspec.trace.Tracer;
import org.junit.jupiter.api.Test;

/**
 * FENCE_SIGNAL, the 10 s timer and DRM fd close racing for the same vgem fences (idr_replace under
 * fence_mutex in vgem_fence_signal_ioctl vs idr_for_each in vgem_fence_close): each fence has
 * exactly one successful dma_fence_signal (a loser of the race gets -EINVAL, as in the kernel),
 * every FENCE_SIGNAL answers 0, ETIMEDOUT, ENOENT or EBADF, and nothing is left unsignalled.
 * Bounded by rounds, not by time.
 */
class VgemDrmCloseRaceTest {
    @Test
    void fenceSignalTimerAndDrmClose_signalEachFenceOnce() throws Exception {
        for (int round = 0; round < 200; round++) {
            TraceRecorder rec = new TraceRecorder();
            Kernel k = new Kernel(KernelBehaviour.parse("6.15", true), new Tracer(rec, Clock.LOGICAL), Mode.STRICT);
            Vgem vgem = new Vgem(k);
            DrmFile file = vgem.open();
            List<Integer> ids = new ArrayList<>();
            List<DmaBuf> bufs = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                int bo = vgem.createBo(file, 4096);
                bufs.add(vgem.buf(file, bo));
                ids.add(vgem.fenceAttach(file, bo, Vgem.VGEM_FENCE_WRITE, 0));
            }
            CyclicBarrier go = new CyclicBarrier(3);
            AtomicInteger unexpected = new AtomicInteger();
            Thread signaller = new Thread(() -> {
                await(go);
                for (int id : ids) {
                    try {
                        vgem.fenceSignal(file, id, 0);
                    } catch (KernelError e) {
                        if (e.errno() != Errno.ETIMEDOUT && e.errno() != Errno.ENOENT && e.errno() != Errno.EBADF) {
                            unexpected.incrementAndGet();
                        }
                    }
                }
            }, "signaller");
            Thread timer = new Thread(() -> {
                await(go);
                k.timers().advance(Vgem.VGEM_FENCE_TIMEOUT_NS);
            }, "timer");
            signaller.start();
            timer.start();
            await(go);
            vgem.close(file);
            signaller.join();
            timer.join();
            assertEquals(0, unexpected.get());
            assertEquals(0, file.outstandingFences());
            for (DmaBuf b : bufs) {
                assertTrue(b.resv().testSignaled(DmaResvUsage.BOOKKEEP));
            }
            assertTrue(k.lockdep().recorded().isEmpty());
            rec.finish(TraceEnd.Status.COMPLETE, null);
            Map<String, Long> successfulSignals = rec.events().stream()
                    .filter(e -> e.op() == Op.DMA_FENCE_SIGNAL && e.succeeded())
                    .collect(Collectors.groupingBy(TraceEvent::fence, Collectors.counting()));
            assertEquals(4, successfulSignals.size());
            successfulSignals.forEach((f, n) -> assertEquals(1L, n, () -> "fence " + f + " signalled " + n + " times"));
        }
    }

    private static void await(CyclicBarrier b) {
        try {
            b.await();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
