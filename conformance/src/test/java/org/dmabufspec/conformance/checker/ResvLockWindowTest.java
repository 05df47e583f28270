package org.dmabufspec.conformance.checker;

import org.junit.jupiter.api.Test;

import java.net.URISyntaxException;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Calls that take the reservation lock inside their logged interval, where the lock does not make
 * the whole call one atomic step. Found by the schedule fuzzer (dmabuf bench schedules) on
 * 2-thread 6.2 workloads, where CI saw the same rejection at random.
 */
class ResvLockWindowTest {
    private static Path corpus(String name) throws URISyntaxException {
        return Path.of(ResvLockWindowTest.class.getResource("/traces/" + name).toURI());
    }

    /**
     * dma_buf_poll(EPOLLIN|EPOLLOUT) decides EPOLLOUT (f1 busy, callback armed), then f1 signals on
     * the engine, then it decides EPOLLIN (ready): the lock keeps fences from being added, not from
     * signalling. t1 takes the lock before poll returns. The checker used to judge both directions
     * at one point and rejected this legal trace ("ORDER: the reservation lock of b1 is held by t1,
     * so poll could not complete at this point" in its deepest candidate).
     */
    @Test
    void fenceSignalledBetweenPollOutAndPollInIsAccepted() throws Exception {
        CheckReport r = TraceChecker.check(corpus("accepted/poll-fence-signalled-between-pollout-and-pollin-6.2.ndjson"));
        assertEquals(Verdict.ACCEPTED, r.verdict(), r.toText());
    }

    /** The second direction is still checked: EPOLLIN ready while its WRITE fence never signalled breaks U3. */
    @Test
    void pollInReadyWhileItsWriteFenceNeverSignalledIsRejected() throws Exception {
        CheckReport r = TraceChecker.check(corpus("rejected/U3-poll-pollin-ready-while-write-fence-unsignalled-6.2.ndjson"));
        assertEquals(Verdict.REJECTED, r.verdict(), r.toText());
        assertTrue(r.brokenRules().contains("U3"), r.toText());
    }

    /**
     * vgem_fence_attach_ioctl tests for a conflicting fence (dma_resv_test_signaled) before it takes
     * the lock, and -EBUSY returns without locking: it may happen while another thread holds it.
     */
    @Test
    void vgemFenceAttachBusyWhileAnotherThreadHoldsTheLockIsAccepted() throws Exception {
        CheckReport r = TraceChecker.check(corpus("accepted/vgem-busy-while-another-thread-holds-the-lock-6.15.ndjson"));
        assertEquals(Verdict.ACCEPTED, r.verdict(), r.toText());
    }
}
