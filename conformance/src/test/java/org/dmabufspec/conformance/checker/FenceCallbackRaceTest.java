package org.dmabufspec.conformance.checker;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * dma_fence_add_callback registers the callback, the fence signals on another CPU and runs it, and
 * only then does add_callback return: in an end-ordered trace the callback's run comes first
 * (seen in a two-thread 6.2 simulator run, seed 25).
 */
class FenceCallbackRaceTest {
    @TempDir
    Path dir;

    private CheckReport check(long addStart, long addEnd) throws Exception {
        return TraceChecker.check(TraceBuilder.reference("6.15")
                .at("drv", 1, 2, "dma_fence_init", "\"fence\":\"f1\",\"args\":{\"context\":1,\"seqno\":1}")
                .at("eng", 6, 7, "dma_fence_callback", "\"fence\":\"f1\",\"cb\":\"cb1\",\"caller\":3")
                .at("eng", 5, 8, "dma_fence_signal", "\"fence\":\"f1\"")
                .at("t0", addStart, addEnd, "dma_fence_add_callback", "\"fence\":\"f1\",\"cb\":\"cb1\"")
                .write(dir, "t.ndjson"));
    }

    @Test
    void callbackRunBeforeItsAddCallbackReturnedIsAccepted() throws Exception {
        CheckReport r = check(3, 9);
        assertEquals(Verdict.ACCEPTED, r.verdict(), r.toText());
    }

    @Test
    void addCallbackStartedAfterTheSignalMustGetEnoent() throws Exception {
        CheckReport r = check(9, 10);
        assertEquals(Verdict.REJECTED, r.verdict(), r.toText());
        assertTrue(r.brokenRules().contains("F7"), r.toText());
    }
}
