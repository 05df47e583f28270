package org.dmabufspec.conformance.checker;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * dma_buf_vmap/vunmap take the reservation lock only from 6.2 (the _unlocked wrappers came with the
 * locking convention); up to 6.1 they serialize on dmabuf->lock, so another thread's hold of the
 * reservation lock does not order them (seen in a two-thread 6.1 simulate --uapi run, seed 3).
 */
class VmapLockingTest {
    @TempDir
    Path dir;

    private CheckReport vunmapWhileAnotherThreadHoldsTheLock(String behaviour) throws Exception {
        return TraceChecker.check(TraceBuilder.reference(behaviour).exportStatic("b1")
                .call("t0", "dma_buf_vmap_unlocked", "\"buf\":\"b1\",\"resv_held\":false")
                .call("t1", "dma_resv_lock", "\"buf\":\"b1\",\"resv_held\":false")
                .call("t0", "dma_buf_vunmap_unlocked", "\"buf\":\"b1\",\"resv_held\":false")
                .call("t1", "dma_resv_unlock", "\"buf\":\"b1\",\"resv_held\":true")
                .write(dir, "t.ndjson"));
    }

    @Test
    void vunmapUnlockedWhileAnotherThreadHoldsTheReservationIsAcceptedOn61() throws Exception {
        CheckReport r = vunmapWhileAnotherThreadHoldsTheLock("6.1");
        assertEquals(Verdict.ACCEPTED, r.verdict(), r.toText());
    }

    @Test
    void vunmapUnlockedWhileAnotherThreadHoldsTheReservationIsRejectedFrom62() throws Exception {
        CheckReport r = vunmapWhileAnotherThreadHoldsTheLock("6.2");
        assertEquals(Verdict.REJECTED, r.verdict(), r.toText());
        assertTrue(r.brokenRules().contains("ORDER"), r.toText());
    }
}
