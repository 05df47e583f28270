package org.dmabufspec.conformance.checker;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The two verdict classes: the kernel's behaviour (accepted/rejected) and the userspace program's
 * protocol use (warnings). U1 is the rule moved from the first class to the second: the kernel
 * pairs no SYNC_START with a SYNC_END (dma_buf_ioctl calls dma_buf_end_cpu_access and returns 0).
 */
class UserspaceVerdictTest {
    @TempDir
    Path dir;

    private static final String SYNC_END_READ = "\"buf\":\"b1\",\"args\":{\"flags\":\"SYNC_END|SYNC_READ\"}";
    private static final String SYNC_START_READ = "\"buf\":\"b1\",\"args\":{\"flags\":\"SYNC_START|SYNC_READ\"}";

    private CheckReport check(TraceBuilder t) throws Exception {
        return TraceChecker.check(t.write(dir, "t.ndjson"));
    }

    @Test
    void syncEndWithoutSyncStartIsAcceptedWithAU1Warning() throws Exception {
        CheckReport r = check(TraceBuilder.nativeRun("6.15").exportStatic("b1")
                .call("main", "DMA_BUF_IOCTL_SYNC", SYNC_END_READ));
        assertEquals(Verdict.ACCEPTED, r.verdict(), r.toText());
        assertEquals(0, r.exitCode(), "warnings do not change the kernel verdict's exit code");
        assertEquals(CheckReport.EXIT_USERSPACE_WARNINGS, r.exitCode(true), "--strict-userspace");
        assertEquals(1, r.userspace().size(), r.toText());
        UserspaceWarning w = r.userspace().get(0);
        assertEquals("U1", w.rule());
        assertEquals(3, w.line(), "header, export, then the SYNC_END");
        assertEquals("main", w.thread());
        assertTrue(w.message().contains("never began"), w.message());
        assertTrue(r.toText().contains("kernel behaviour: accepted; userspace protocol: 1 warning(s)"), r.toText());
        assertTrue(r.toText().contains("userspace warning U1: line 3"), r.toText());

        JsonNode j = new ObjectMapper().readTree(r.toJson());
        assertEquals("accepted", j.get("verdict").asText());
        assertEquals(0, j.get("exit").asInt());
        assertEquals("warnings", j.at("/userspace/verdict").asText());
        assertEquals("U1", j.at("/userspace/warnings/0/rule").asText());
        assertEquals(3, j.at("/userspace/warnings/0/line").asLong());
        assertEquals(3, new ObjectMapper().readTree(r.toJson(true)).get("exit").asInt());
    }

    @Test
    void balancedBracketsGiveNoWarning() throws Exception {
        CheckReport r = check(TraceBuilder.nativeRun("6.15").exportStatic("b1")
                .call("main", "DMA_BUF_IOCTL_SYNC", SYNC_START_READ)
                .call("main", "DMA_BUF_IOCTL_SYNC", SYNC_END_READ));
        assertEquals(Verdict.ACCEPTED, r.verdict(), r.toText());
        assertTrue(r.userspace().isEmpty(), r.toText());
        assertEquals("clean", r.userspaceVerdict());
        assertEquals(0, r.exitCode(true));
        assertEquals("clean", new ObjectMapper().readTree(r.toJson()).at("/userspace/verdict").asText());
    }

    @Test
    void aBracketOpenedByAnotherThreadDoesNotCloseThisOne() throws Exception {
        CheckReport r = check(TraceBuilder.nativeRun("6.15").exportStatic("b1")
                .call("t1", "DMA_BUF_IOCTL_SYNC", SYNC_START_READ)
                .call("t2", "DMA_BUF_IOCTL_SYNC", SYNC_END_READ)
                .call("t1", "DMA_BUF_IOCTL_SYNC", SYNC_END_READ));
        assertEquals(Verdict.ACCEPTED, r.verdict(), r.toText());
        assertEquals(1, r.userspace().size(), r.toText());
        assertEquals("t2", r.userspace().get(0).thread());
    }

    @Test
    void syncStartNeverEndedInACompleteTraceIsAWarning() throws Exception {
        CheckReport r = check(TraceBuilder.nativeRun("6.15").exportStatic("b1")
                .call("main", "DMA_BUF_IOCTL_SYNC", SYNC_START_READ));
        assertEquals(Verdict.ACCEPTED, r.verdict(), r.toText());
        assertEquals(1, r.userspace().size(), r.toText());
        assertTrue(r.userspace().get(0).message().contains("never ended"), r.toText());
    }

    @Test
    void aFailedSyncEndOpensAndClosesNothing() throws Exception {
        CheckReport r = check(TraceBuilder.nativeRun("6.15").exportStatic("b1")
                .call("main", "DMA_BUF_IOCTL_SYNC", "\"buf\":\"b1\",\"args\":{\"flags\":\"SYNC_END|SYNC_READ\"},\"result\":\"EINTR\""));
        assertEquals(Verdict.ACCEPTED, r.verdict(), r.toText());
        assertTrue(r.userspace().isEmpty(), r.toText());
    }

    /** End-ordered nesting: the ioctl's nested dma_buf_end_cpu_access is logged first; one bracket, one warning. */
    @Test
    void nestedEndCpuAccessOfTheIoctlCountsOnce() throws Exception {
        CheckReport r = check(TraceBuilder.nativeRun("6.15").exportStatic("b1")
                .at("main", 11, 12, "dma_buf_end_cpu_access", "\"caller\":3,\"buf\":\"b1\",\"args\":{\"dir\":\"FROM_DEVICE\"}")
                .at("main", 10, 13, "DMA_BUF_IOCTL_SYNC", SYNC_END_READ));
        assertEquals(Verdict.ACCEPTED, r.verdict(), r.toText());
        assertEquals(1, r.userspace().size(), r.toText());
    }

    /** The kernel rules stay kernel verdicts: U2 (SYNC_START waits for the write fence) still rejects. */
    @Test
    void syncStartThatDidNotWaitForTheWriteFenceIsStillRejected() throws Exception {
        CheckReport r = check(TraceBuilder.reference("6.15").exportStatic("b1")
                .call("gpu", "dma_fence_init", "\"fence\":\"f1\",\"args\":{\"context\":7,\"seqno\":1}")
                .call("gpu", "dma_resv_lock", "\"buf\":\"b1\"")
                .call("gpu", "dma_resv_reserve_fences", "\"buf\":\"b1\",\"args\":{\"num\":1}")
                .call("gpu", "dma_resv_add_fence", "\"buf\":\"b1\",\"fence\":\"f1\",\"args\":{\"usage\":\"WRITE\"}")
                .call("gpu", "dma_resv_unlock", "\"buf\":\"b1\"")
                .call("main", "DMA_BUF_IOCTL_SYNC", SYNC_START_READ));
        assertEquals(Verdict.REJECTED, r.verdict(), r.toText());
        assertTrue(r.brokenRules().contains("U2"), r.toText());
    }
}
