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
}
