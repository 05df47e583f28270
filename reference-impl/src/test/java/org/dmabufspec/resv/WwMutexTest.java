package org.dmabufspec.resv;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;
import org.dmabufspec.kernel.Kernel;
import org.dmabufspec.lockdep.Mode;
import org.dmabufspec.trace.Errno;
import org.dmabufspec.trace.KernelBehaviour;
import org.dmabufspec.trace.Tracer;
import org.junit.jupiter.api.Test;

/** Wait-die of reservation_ww_class (kernel/locking/ww_mutex.h; rule F18 of docs/rules.md). */
class WwMutexTest {
    private final Kernel k = new Kernel(KernelBehaviour.parse("6.15", true), Tracer.DISABLED, Mode.STRICT);
    private final WwClass cls = new WwClass("test");

    @Test
    void relockingWithTheSameContextReturnsEalready() {
        DmaResv a = new DmaResv(k, "b1");
        WwAcquireCtx ctx = WwAcquireCtx.init(k, cls);
        assertNull(a.lock(ctx));
        assertEquals(Errno.EALREADY, a.lock(ctx));
        a.unlock();
        ctx.fini();
    }

    @Test
    void trylockFailsWhileHeldElsewhere() throws Exception {
        DmaResv a = new DmaResv(k, "b1");
        a.lock(null);
        AtomicReference<Boolean> got = new AtomicReference<>();
        Thread t = new Thread(() -> got.set(a.trylock()));
        t.start();
        t.join();
        assertFalse(got.get());
        a.unlock();
        assertTrue(a.trylock());
        a.unlock();
    }

    /**
     * ABBA with contexts: the younger context holding a lock dies with -EDEADLK when it wants the
     * older one's lock; after dropping everything, lock_slow gets it and both finish.
     */
    @Test
    void youngerContextDiesThenLockSlowMakesProgress() throws Exception {
        DmaResv a = new DmaResv(k, "b1");
        DmaResv b = new DmaResv(k, "b2");
        CountDownLatch oldHasA = new CountDownLatch(1);
        CountDownLatch youngHasB = new CountDownLatch(1);
        AtomicReference<Errno> youngResult = new AtomicReference<>();
        Thread old = new Thread(() -> {
            WwAcquireCtx ctx = WwAcquireCtx.init(k, cls);
            a.lock(ctx);
            oldHasA.countDown();
            try {
                youngHasB.await();
            } catch (InterruptedException e) {
                return;
            }
            assertNull(b.lock(ctx)); // older: waits for the young one to back off
            b.unlock();
            a.unlock();
            ctx.fini();
        }, "old");
        Thread young = new Thread(() -> {
            try {
                oldHasA.await();
            } catch (InterruptedException e) {
                return;
            }
            WwAcquireCtx ctx = WwAcquireCtx.init(k, cls);
            b.lock(ctx);
            youngHasB.countDown();
            Errno e = a.lock(ctx);
            youngResult.set(e);
            if (e == Errno.EDEADLK) {
                b.unlock();
                a.lockSlow(ctx);
                assertNull(b.lock(ctx));
                b.unlock();
            }
            a.unlock();
            ctx.fini();
        }, "young");
        old.start();
        young.start();
        old.join(10_000);
        young.join(10_000);
        assertFalse(old.isAlive() || young.isAlive(), "no deadlock");
        assertEquals(Errno.EDEADLK, youngResult.get());
    }

    @Test
    void contextHoldingNothingNeverDies() throws Exception {
        DmaResv a = new DmaResv(k, "b1");
        WwAcquireCtx older = WwAcquireCtx.init(k, cls);
        assertNull(a.lock(older));
        AtomicReference<Errno> r = new AtomicReference<>(Errno.EIO);
        Thread t = new Thread(() -> {
            WwAcquireCtx younger = WwAcquireCtx.init(k, cls);
            r.set(a.lock(younger));
            a.unlock();
            younger.fini();
        });
        t.start();
        // the younger context must really queue behind the older holder before the holder lets go
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (a.lockWaiters() == 0 || t.getState() != Thread.State.WAITING) {
            assertTrue(t.isAlive(), "the younger context returned without waiting: " + r.get());
            assertTrue(System.nanoTime() < deadline, "the younger context never queued for the lock");
            Thread.onSpinWait();
        }
        a.unlock();
        t.join(10_000);
        assertNull(r.get(), "a context with no locks waits instead of dying");
        older.fini();
    }
}
