package org.dmabufspec.conformance.checker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Consumer;

import org.dmabufspec.buf.DmaBuf;
import org.dmabufspec.exporter.SystemHeap;
import org.dmabufspec.fence.DmaFence;
import org.dmabufspec.kernel.Kernel;
import org.dmabufspec.resv.DmaResvUsage;
import org.dmabufspec.uapi.DmaBufIoctl;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A poll callback holds a file reference (dma_buf_poll's get_file, B5's fix): after close() the
 * buffer is released by the callback's fput inside dma_fence_signal, with no dma_buf_put of
 * last=true in the trace. The checker takes that exporter.release as the release (a later use is
 * a use after free, R18), and the fence put after dma_resv_fini dropped the table's reference as
 * the last one (F9 is not broken by a released buffer's table).
 */
class PollCallbackReleaseTest {
    @TempDir
    Path dir;

    /** poll(POLLIN) arms the callback on the buffer's KERNEL fence, then close(); {@code after} gets buffer and fence. */
    private Path run(String kernel, String name, java.util.function.BiConsumer<DmaBuf, DmaFence> after) throws Exception {
        Consumer<Kernel> scenario = k -> {
            DmaBuf buf = new SystemHeap(k).allocate(4096);
            DmaFence f = DmaFence.init(k, k.fenceContextAlloc(1), 1);
            buf.resv().lock(null);
            buf.resv().reserveFences(1);
            buf.resv().addFence(f, DmaResvUsage.KERNEL);
            buf.resv().unlock();
            new DmaBufIoctl(k).poll(buf, true, false);
            buf.put(); // close(fd): not the last reference
            f.signal(); // the callback's fput releases the buffer
            after.accept(buf, f);
        };
        return ReferenceRun.record(dir, name, kernel, true, scenario);
    }

    @ParameterizedTest(name = "kernel {0}")
    @ValueSource(strings = {"6.2", "6.15"})
    void releaseByThePollCallbacksFputIsAcceptedAndTheFenceOutlivesTheTable(String kernel) throws Exception {
        Path p = run(kernel, "poll/callback-release", (buf, f) -> {
            assertTrue(buf.released());
            f.put(); // the producer's: the last, dma_resv_fini dropped the table's
        });
        String trace = Files.readString(p);
        assertTrue(trace.contains("\"op\":\"exporter.release\""), trace);
        assertTrue(trace.contains("\"last\":true"), "the producer's put is the last:\n" + trace);
        CheckReport r = TraceChecker.check(p);
        assertEquals(Verdict.ACCEPTED, r.verdict(), r.toText());
    }

    @ParameterizedTest(name = "kernel {0}")
    @ValueSource(strings = {"6.2", "6.15"})
    void aPutAfterThePollCallbackReleasedTheBufferIsAUseAfterFree(String kernel) throws Exception {
        Path p = run(kernel, "poll/put-after-callback-release", (buf, f) -> buf.put());
        CheckReport r = TraceChecker.check(p);
        assertEquals(Verdict.REJECTED, r.verdict(), r.toText());
        assertTrue(r.brokenRules().contains("R18"), r.toText());
    }

    /**
     * b1 with f1 (KERNEL) in its reservation, and poll(POLLIN) arming cb-poll on f1 (its
     * dma_fence_add_callback nested in the poll), then close(): B5's shape.
     */
    private static TraceBuilder pollArmedThenClosed() {
        return TraceBuilder.reference("6.15").exportStatic("b1")
                .call("producer", "dma_fence_init", "\"fence\":\"f1\",\"args\":{\"context\":1,\"seqno\":1}")
                .call("producer", "dma_resv_lock", "\"buf\":\"b1\"")
                .call("producer", "dma_resv_reserve_fences", "\"buf\":\"b1\",\"args\":{\"num\":1}")
                .call("producer", "dma_resv_add_fence", "\"buf\":\"b1\",\"fence\":\"f1\",\"args\":{\"usage\":\"KERNEL\"}")
                .call("producer", "dma_resv_unlock", "\"buf\":\"b1\"")
                .at("app", 21, 22, "dma_fence_add_callback", "\"caller\":8,\"fence\":\"f1\",\"cb\":\"cb-poll\"")
                .at("app", 20, 23, "poll", "\"buf\":\"b1\",\"args\":{\"events\":\"POLLIN\"},\"ret\":\"\"")
                .call("app", "close", "\"buf\":\"b1\"");
    }

    /**
     * B5 (LifetimeRelationMutantTest's B5PollWithoutFileRef, once a known difference): the buffer
     * released while the callback poll armed has not run. The callback holds a file reference
     * (dma_buf_poll's get_file) and dma_buf_release BUG_ONs on an armed one, so no kernel logs this.
     */
    @Test
    void aReleaseWhilePollsCallbackIsArmedBreaksR18() throws Exception {
        Path p = pollArmedThenClosed()
                .call("fput", "exporter.release", "\"buf\":\"b1\",\"args\":{\"leaked_mappings\":0,\"leaked_pins\":0}")
                .write(dir, "b5-release.ndjson");
        CheckReport r = TraceChecker.check(p);
        assertEquals(Verdict.REJECTED, r.verdict(), r.toText());
        assertEquals(java.util.List.of("R18"), r.brokenRules(), r.toText());
        assertEquals(10, r.rejection().seq(), r.toText());
    }

    @Test
    void aLastPutWhilePollsCallbackIsArmedBreaksR18() throws Exception {
        Path p = TraceBuilder.reference("6.15").exportStatic("b1")
                .call("producer", "dma_fence_init", "\"fence\":\"f1\",\"args\":{\"context\":1,\"seqno\":1}")
                .call("producer", "dma_resv_lock", "\"buf\":\"b1\"")
                .call("producer", "dma_resv_reserve_fences", "\"buf\":\"b1\",\"args\":{\"num\":1}")
                .call("producer", "dma_resv_add_fence", "\"buf\":\"b1\",\"fence\":\"f1\",\"args\":{\"usage\":\"KERNEL\"}")
                .call("producer", "dma_resv_unlock", "\"buf\":\"b1\"")
                .at("app", 21, 22, "dma_fence_add_callback", "\"caller\":8,\"fence\":\"f1\",\"cb\":\"cb-poll\"")
                .at("app", 20, 23, "poll", "\"buf\":\"b1\",\"args\":{\"events\":\"POLLIN\"},\"ret\":\"\"")
                .call("app", "dma_buf_put", "\"buf\":\"b1\",\"args\":{\"last\":true}")
                .write(dir, "b5-last-put.ndjson");
        CheckReport r = TraceChecker.check(p);
        assertEquals(Verdict.REJECTED, r.verdict(), r.toText());
        assertEquals(java.util.List.of("R18"), r.brokenRules(), r.toText());
    }

    /** The legal order: f1 signals, its callback runs (the fput), then the deferred release. */
    @Test
    void aReleaseAfterPollsCallbackRanIsAccepted() throws Exception {
        Path p = pollArmedThenClosed()
                .at("sig", 30, 31, "dma_fence_callback", "\"caller\":11,\"fence\":\"f1\",\"cb\":\"cb-poll\"")
                .at("sig", 29, 32, "dma_fence_signal", "\"fence\":\"f1\"")
                .call("fput", "exporter.release", "\"buf\":\"b1\",\"args\":{\"leaked_mappings\":0,\"leaked_pins\":0}")
                .write(dir, "b5-release-after-callback.ndjson");
        CheckReport r = TraceChecker.check(p);
        assertEquals(Verdict.ACCEPTED, r.verdict(), r.toText());
    }

    /** The reference implementation with B5 injected (no get_file): close() is the last put, the callback still armed. */
    @ParameterizedTest(name = "kernel {0}")
    @ValueSource(strings = {"6.2", "6.15"})
    void theReferenceImplementationsB5RunIsRejectedAtItsLastPut(String kernel) throws Exception {
        Path p = ReferenceRun.record(dir, "poll/b5", kernel, true, k -> {
            k.inject(DmaBufIoctl.POLL_WITHOUT_FILE_REF);
            DmaBuf buf = new SystemHeap(k).allocate(4096);
            DmaFence f = DmaFence.init(k, k.fenceContextAlloc(1), 1);
            buf.resv().lock(null);
            buf.resv().reserveFences(1);
            buf.resv().addFence(f, DmaResvUsage.KERNEL);
            buf.resv().unlock();
            new DmaBufIoctl(k).poll(buf, true, false);
            buf.put(); // the last reference: the callback holds none
        });
        CheckReport r = TraceChecker.check(p);
        assertEquals(Verdict.REJECTED, r.verdict(), r.toText());
        assertEquals(java.util.List.of("R18"), r.brokenRules(), r.toText());
    }
}
