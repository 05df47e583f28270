package org.dmabufspec.fence;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.dmabufspec.kernel.Kernel;
import org.dmabufspec.lockdep.Mode;
import org.dmabufspec.trace.Errno;
import org.dmabufspec.trace.KernelBehaviour;
import org.dmabufspec.trace.Tracer;
import org.junit.jupiter.api.Test;

/** drivers/dma-buf/st-dma-fence.c (KUnit suite dma-buf-fence), case by case. */
class StDmaFenceTest {
    private final Kernel k = new Kernel(KernelBehaviour.parse("6.15", true), Tracer.DISABLED, Mode.STRICT);

    private DmaFence mock() {
        return DmaFence.init(k, k.fenceContextAlloc(1), 1);
    }

    @Test
    void sanitycheck() {
        DmaFence f = mock();
        f.enableSwSignaling();
        assertNull(f.signal());
        f.put();
        assertTrue(f.isSignaled());
    }

    @Test
    void test_signaling() {
        DmaFence f = mock();
        assertFalse(f.isSignaled(), "not signalled on creation");
        assertNull(f.signal(), "first signal reports not previously signalled");
        assertTrue(f.isSignaled());
        assertEquals(Errno.EINVAL, f.signal(), "second signal reports already signalled");
    }

    @Test
    void test_add_callback() {
        DmaFence f = mock();
        AtomicInteger seen = new AtomicInteger();
        assertNull(f.addCallback(new DmaFenceCb("cb", x -> seen.incrementAndGet())));
        f.signal();
        assertEquals(1, seen.get());
    }

    @Test
    void test_late_add_callback() {
        DmaFence f = mock();
        f.signal();
        AtomicInteger seen = new AtomicInteger();
        assertEquals(Errno.ENOENT, f.addCallback(new DmaFenceCb("cb", x -> seen.incrementAndGet())));
        f.signal();
        assertEquals(0, seen.get(), "a late callback never runs");
    }

    @Test
    void test_rm_callback() {
        DmaFence f = mock();
        AtomicInteger seen = new AtomicInteger();
        DmaFenceCb cb = new DmaFenceCb("cb", x -> seen.incrementAndGet());
        f.addCallback(cb);
        assertTrue(f.removeCallback(cb));
        f.signal();
        assertEquals(0, seen.get());
    }

    @Test
    void test_late_rm_callback() {
        DmaFence f = mock();
        DmaFenceCb cb = new DmaFenceCb("cb", x -> { });
        f.addCallback(cb);
        f.signal();
        assertFalse(f.removeCallback(cb), "removing a callback that already ran returns false");
    }

    @Test
    void test_status() {
        DmaFence f = mock();
        assertEquals(0, f.getStatus());
        f.signal();
        assertEquals(1, f.getStatus());
    }

    @Test
    void test_error() {
        DmaFence f = mock();
        f.setError(Errno.EIO);
        assertEquals(0, f.getStatus(), "error invisible until signalled");
        f.signal();
        assertEquals(-Errno.EIO.value(), f.getStatus());
    }

    @Test
    void test_wait() {
        DmaFence f = mock();
        assertEquals(0, f.waitTimeout(false, 0), "times out before signal");
        f.signal();
        assertEquals(1, f.waitTimeout(false, 0), "timeout 0 on a signalled fence returns 1");
    }

    @Test
    void test_wait_timeout() throws Exception {
        DmaFence f = mock();
        assertEquals(0, f.waitTimeout(false, TimeUnit.MILLISECONDS.toNanos(5)), "one tick without a signal times out");
        Thread timer = new Thread(f::signal, "timer");
        timer.start();
        assertTrue(f.waitTimeout(false, DmaFence.MAX_TIMEOUT) > 0, "a timer-signalled fence ends the wait");
        timer.join();
    }

    @Test
    void test_stub() {
        for (int i = 0; i < 64; i++) {
            assertTrue(DmaFence.getStub(k).isSignaled());
        }
    }

    @Test
    void callbacksRunOnceInRegistrationOrderBySignaller() {
        DmaFence f = mock();
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            int n = i;
            f.addCallback(new DmaFenceCb("cb" + i, x -> order.add(n)));
        }
        f.signal();
        f.signal();
        assertEquals(List.of(0, 1, 2, 3, 4), order);
    }

    /** race_signal_callback: two threads cross-add callbacks while signalling; no wakeup may be lost. */
    @Test
    void race_signal_callback() throws Exception {
        int rounds = 2000;
        AtomicInteger ran = new AtomicInteger();
        AtomicInteger added = new AtomicInteger();
        DmaFence[][] fences = new DmaFence[2][rounds];
        long ctx = k.fenceContextAlloc(2);
        for (int i = 0; i < rounds; i++) {
            fences[0][i] = DmaFence.init(k, ctx, i + 1);
            fences[1][i] = DmaFence.init(k, ctx + 1, i + 1);
        }
        CountDownLatch go = new CountDownLatch(1);
        List<Thread> ts = new ArrayList<>();
        for (int t = 0; t < 2; t++) {
            int me = t;
            Thread th = new Thread(() -> {
                try {
                    go.await();
                } catch (InterruptedException e) {
                    return;
                }
                for (int i = 0; i < rounds; i++) {
                    if (fences[1 - me][i].addCallback(new DmaFenceCb("x", x -> ran.incrementAndGet())) == null) {
                        added.incrementAndGet();
                    }
                    fences[me][i].signal();
                }
            }, "race" + t);
            ts.add(th);
            th.start();
        }
        go.countDown();
        for (Thread th : ts) {
            th.join();
        }
        assertEquals(added.get(), ran.get(), "every callback added before the signal ran exactly once");
    }

    @Test
    void fenceArraySignalsWhenEveryComponentDid() {
        DmaFence a = mock();
        DmaFence b = mock();
        DmaFenceArray arr = DmaFenceArray.create(k, List.of(a, b));
        assertTrue(arr.isContainer());
        a.signal();
        assertFalse(arr.isSignaled());
        b.signal();
        assertTrue(arr.isSignaled());
        assertEquals(List.of(a, b), arr.unwrap());
    }
}
