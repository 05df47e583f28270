package org.dmabufspec.resv;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.dmabufspec.fence.DmaFence;
import org.dmabufspec.kernel.Kernel;
import org.dmabufspec.lockdep.Mode;
import org.dmabufspec.trace.KernelBehaviour;
import org.dmabufspec.trace.Tracer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** drivers/dma-buf/st-dma-resv.c (KUnit suite dma-buf-resv): every case once per usage. */
class StDmaResvTest {
    private final Kernel k = new Kernel(KernelBehaviour.parse("6.15", true), Tracer.DISABLED, Mode.STRICT);

    private DmaFence fence() {
        return DmaFence.init(k, k.fenceContextAlloc(1), 1);
    }

    @Test
    void sanitycheck() {
        DmaFence f = fence();
        f.enableSwSignaling();
        f.signal();
        f.put();
        DmaResv r = new DmaResv(k, "b1");
        assertNull(r.lock(null));
        r.unlock();
    }

    @ParameterizedTest
    @EnumSource(DmaResvUsage.class)
    void test_signaling(DmaResvUsage usage) {
        DmaResv r = new DmaResv(k, "b1");
        DmaFence f = fence();
        r.lock(null);
        assertNull(r.reserveFences(1));
        r.addFence(f, usage);
        assertFalse(r.testSignaled(usage));
        f.signal();
        assertTrue(r.testSignaled(usage));
        r.unlock();
    }

    @ParameterizedTest
    @EnumSource(DmaResvUsage.class)
    void test_for_each(DmaResvUsage usage) {
        DmaResv r = new DmaResv(k, "b1");
        DmaFence f = fence();
        r.lock(null);
        r.reserveFences(1);
        r.addFence(f, usage);
        assertEquals(List.of(new DmaResv.Entry(f, usage)), r.entries());
        r.unlock();
        f.signal();
    }

    @ParameterizedTest
    @EnumSource(DmaResvUsage.class)
    void test_get_fences(DmaResvUsage usage) {
        DmaResv r = new DmaResv(k, "b1");
        DmaFence f = fence();
        r.lock(null);
        r.reserveFences(1);
        r.addFence(f, usage);
        r.unlock();
        List<DmaFence> got = r.getFences(usage);
        assertEquals(1, got.size());
        assertSame(f, got.get(0));
        f.signal();
    }

    @ParameterizedTest
    @EnumSource(DmaResvUsage.class)
    void queryForUsageSeesEveryFenceOfEqualOrStrongerUsage(DmaResvUsage usage) {
        DmaResv r = new DmaResv(k, "b1");
        DmaFence f = fence();
        r.lock(null);
        r.reserveFences(1);
        r.addFence(f, usage);
        r.unlock();
        for (DmaResvUsage q : DmaResvUsage.values()) {
            assertEquals(q.compareTo(usage) < 0, r.testSignaled(q), "query " + q + " for a " + usage + " fence");
        }
        f.signal();
    }

    @Test
    void addFenceReplacesSameContextLaterOrSameButNeverDegrades() {
        DmaResv r = new DmaResv(k, "b1");
        long ctx = k.fenceContextAlloc(1);
        DmaFence f1 = DmaFence.init(k, ctx, 1);
        DmaFence f2 = DmaFence.init(k, ctx, 2);
        r.lock(null);
        r.reserveFences(1);
        r.addFence(f1, DmaResvUsage.READ);
        r.addFence(f1, DmaResvUsage.READ); // B12: re-adding the same fence reuses its slot
        r.addFence(f2, DmaResvUsage.READ); // later on the same context replaces it
        assertEquals(List.of(new DmaResv.Entry(f2, DmaResvUsage.READ)), r.entries());
        r.reserveFences(1);
        r.addFence(f2, DmaResvUsage.BOOKKEEP); // weaker usage: never degrade, a new slot
        assertEquals(2, r.entries().size());
        r.unlock();
        f1.signal();
        f2.signal();
    }

    @Test
    void usageRwSelectsWhatReadersAndWritersWaitFor() {
        assertEquals(DmaResvUsage.READ, DmaResvUsage.usageRw(true));
        assertEquals(DmaResvUsage.WRITE, DmaResvUsage.usageRw(false));
    }

    @Test
    void waitTimeoutZeroReportsIdleAsOneAndBusyAsZero() {
        DmaResv r = new DmaResv(k, "b1");
        assertEquals(1, r.waitTimeout(DmaResvUsage.BOOKKEEP, false, 0));
        DmaFence f = fence();
        r.lock(null);
        r.reserveFences(1);
        r.addFence(f, DmaResvUsage.KERNEL);
        r.unlock();
        assertEquals(0, r.waitTimeout(DmaResvUsage.KERNEL, false, 0));
        f.signal();
        assertTrue(r.waitTimeout(DmaResvUsage.KERNEL, false, 1_000_000) > 0);
    }
}
