package org.dmabufspec.resv;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.util.List;
import org.dmabufspec.fence.DmaFence;
import org.dmabufspec.kernel.Kernel;
import org.dmabufspec.lockdep.Mode;
import org.dmabufspec.trace.KernelBehaviour;
import org.dmabufspec.trace.Tracer;
import org.junit.jupiter.api.Test;

/**
 * The unlocked iterator ({@code dma_resv_iter_first/next_unlocked}) restarts when a writer changed
 * the table during its walk ({@code read_seqcount_retry}). Without the restart a reader could
 * answer a set of fences that was never the unsignalled set at one instant: the trace checker
 * rightly rejects such a {@code dma_resv_get_fences} (U4). The writer's step is made to fall
 * inside the walk deterministically: the first fence's signalled flag, read by the walk, runs it.
 */
class UnlockedWalkRestartTest {
    private final Kernel k = new Kernel(KernelBehaviour.parse("6.15", true), Tracer.DISABLED, Mode.STRICT);

    /** A fence that runs {@code onFirstRead} the first time an armed walk reads its flag. */
    private static final class WriterInsideWalk extends DmaFence {
        private Runnable onFirstRead;

        WriterInsideWalk(Kernel k) {
            super(k, k.newId("f"), k.fenceContextAlloc(1), 1);
            traceInit();
        }

        @Override
        public boolean isSignaledQuiet() {
            Runnable r = onFirstRead;
            if (r != null) {
                onFirstRead = null;
                r.run();
            }
            return super.isSignaledQuiet();
        }
    }

    @Test
    void getFencesWalksAgainWhenAFenceIsAddedAndTheWalkedOnesSignalMidWalk() {
        DmaResv r = new DmaResv(k, "b1");
        WriterInsideWalk a = new WriterInsideWalk(k);
        DmaFence b = DmaFence.init(k, k.fenceContextAlloc(1), 1);
        DmaFence c = DmaFence.init(k, k.fenceContextAlloc(1), 1);
        r.lock(null);
        r.reserveFences(3);
        r.addFence(a, DmaResvUsage.WRITE);
        r.addFence(b, DmaResvUsage.WRITE);
        // while the walk reads a's flag: c is added (a new table), then a and b signal
        a.onFirstRead = () -> {
            r.addFence(c, DmaResvUsage.WRITE);
            a.signal();
            b.signal();
        };
        List<DmaFence> got = r.getFences(DmaResvUsage.WRITE);
        r.unlock();
        // the stale walk would answer [] (a and b signalled, c not in its table): at no instant was
        // nothing unsignalled, since c was added before a and b signalled
        assertEquals(List.of(c), got);
        c.signal();
    }

    @Test
    void testSignaledWalksAgainWhenAFenceIsAddedMidWalk() {
        DmaResv r = new DmaResv(k, "b1");
        WriterInsideWalk a = new WriterInsideWalk(k);
        DmaFence c = DmaFence.init(k, k.fenceContextAlloc(1), 1);
        r.lock(null);
        r.reserveFences(2);
        r.addFence(a, DmaResvUsage.WRITE);
        a.onFirstRead = () -> {
            r.addFence(c, DmaResvUsage.WRITE);
            a.signal();
        };
        // the stale walk would answer "all signalled" although c was pending from before a signalled
        assertFalse(r.testSignaled(DmaResvUsage.WRITE));
        r.unlock();
        c.signal();
    }
}
