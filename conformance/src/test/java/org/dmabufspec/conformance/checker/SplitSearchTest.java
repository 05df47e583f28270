package org.dmabufspec.conformance.checker;

import org.dmabufspec.trace.Clock;
import org.dmabufspec.trace.Implementation;
import org.dmabufspec.trace.KernelBehaviour;
import org.dmabufspec.trace.KernelInfo;
import org.dmabufspec.trace.TraceEnd;
import org.dmabufspec.trace.TraceHeader;
import org.dmabufspec.trace.TraceWriter;
import org.dmabufspec.trace.Tracer;
import org.dmabufspec.workload.Injection;
import org.dmabufspec.workload.Workload;
import org.dmabufspec.workload.WorkloadConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.io.OutputStream;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The linearization search split over independent objects (buffers with their reservation
 * objects and attachments, fences and their contexts, sync_files): it gives the verdict the
 * unsplit search gives, and keeps concurrent traces far below the candidate bound.
 */
class SplitSearchTest {
    @TempDir
    Path dir;

    static Stream<Path> corpus() throws IOException, URISyntaxException {
        Path root = Path.of(SplitSearchTest.class.getResource("/traces").toURI()).getParent();
        try (Stream<Path> s = Stream.concat(Files.walk(root.resolve("traces")), Files.walk(root.resolve("native")))) {
            return s.filter(p -> p.toString().endsWith(".ndjson")).sorted().toList().stream();
        }
    }

    private static void assertSameVerdict(Path trace) {
        CheckReport full = TraceChecker.check(trace, CheckOptions.defaults().withLazyFirst(false));
        CheckReport split = TraceChecker.check(trace, CheckOptions.defaults());
        assertEquals(full.verdict(), split.verdict(), trace + "\nfull search only:\n" + full.toText() + "lazy pass first:\n" + split.toText());
        CheckReport whole = TraceChecker.check(trace, CheckOptions.defaults().withSplit(false));
        assertEquals(whole.verdict(), split.verdict(), trace + "\nunsplit:\n" + whole.toText() + "split:\n" + split.toText());
        assertEquals(whole.brokenRules(), split.brokenRules(), trace + "\nunsplit:\n" + whole.toText() + "split:\n" + split.toText());
        if (whole.rejection() != null) {
            assertEquals(whole.rejection().seq(), split.rejection().seq(), "first rejected event\n" + whole.toText() + split.toText());
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("corpus")
    void corpusTraceGetsTheSameVerdictSplitOrNot(Path trace) {
        assertSameVerdict(trace);
    }

    @ParameterizedTest(name = "{0} threads, kernel {1}, seed {2}, inject {3}")
    @CsvSource({"2,6.15,1,", "2,7.1,4,", "2,6.15,2,", "3,6.15,5,", "2,6.15,3,skip-move-notify", "2,6.15,3,reuse-before-fence",
            "2,6.15,3,signal-out-of-order", "2,6.15,3,map-without-lock"})
    void concurrentSimulatorTraceGetsTheSameVerdictSplitOrNot(int threads, String kernel, long seed, String inject) throws Exception {
        assertSameVerdict(simulate(threads, 200, kernel, seed, inject));
    }

    /** Before the split (and the eager waits) such traces hit the 20,000-candidate bound: 58 s, 3.6 GB. */
    @Test
    void fourThreadSixteenHundredOpTraceIsAcceptedFarBelowTheCandidateBound() throws Exception {
        CheckReport r = TraceChecker.check(simulate(4, 1600, "6.15", 1, null));
        assertEquals(Verdict.ACCEPTED, r.verdict(), r.toText());
        assertTrue(r.events() > 5000, "a 1600-op run logs thousands of events, got " + r.events());
        assertTrue(r.peakCandidates() <= 2_000, "peak candidates " + r.peakCandidates() + " (bound 20,000)");
    }

    /**
     * b1 and b2 both hold fence f1. A test_signaled on b1 that reports it signalled overlaps the
     * signal of f1 on another thread: only the order signal-then-test explains it. The two steps
     * name different objects, but the footprint of the test includes the fences in b1's
     * reservation object, so they are one group and both orders are tried. (With buffers alone as
     * the footprint the test is tried first on its own, refused, and the trace wrongly rejected.)
     */
    @Test
    void testSignaledOverlappingTheSignalOfAFenceSharedByTwoBuffersIsAccepted() throws Exception {
        TraceBuilder t = TraceBuilder.reference("6.15").exportStatic("b1").exportStatic("b2")
                .call("gpu", "dma_fence_init", "\"fence\":\"f1\",\"args\":{\"context\":1,\"seqno\":1}");
        for (String b : new String[] {"b1", "b2"}) {
            String buf = "\"buf\":\"" + b + "\"";
            t.call("gpu", "dma_resv_lock", buf)
                    .call("gpu", "dma_resv_reserve_fences", buf + ",\"args\":{\"num\":1}")
                    .call("gpu", "dma_resv_add_fence", buf + ",\"fence\":\"f1\",\"args\":{\"usage\":\"WRITE\"}")
                    .call("gpu", "dma_resv_unlock", buf);
        }
        t.at("cpu", 100, 103, "dma_resv_test_signaled", "\"buf\":\"b1\",\"args\":{\"usage\":\"WRITE\"},\"ret\":true")
                .at("irq", 101, 102, "dma_fence_signal", "\"fence\":\"f1\"")
                .at("cpu2", 104, 105, "dma_resv_test_signaled", "\"buf\":\"b2\",\"args\":{\"usage\":\"WRITE\"},\"ret\":true");
        Path p = t.write(dir, "shared-fence.ndjson");
        CheckReport r = TraceChecker.check(p);
        assertEquals(Verdict.ACCEPTED, r.verdict(), r.toText());
        assertSameVerdict(p);
    }

    /** The same overlap where the test reports f1 signalled before anything could signal it is rejected either way. */
    @Test
    void testSignaledBeforeTheSignalOfASharedFenceIsRejected() throws Exception {
        TraceBuilder t = TraceBuilder.reference("6.15").exportStatic("b1").exportStatic("b2")
                .call("gpu", "dma_fence_init", "\"fence\":\"f1\",\"args\":{\"context\":1,\"seqno\":1}");
        for (String b : new String[] {"b1", "b2"}) {
            String buf = "\"buf\":\"" + b + "\"";
            t.call("gpu", "dma_resv_lock", buf)
                    .call("gpu", "dma_resv_reserve_fences", buf + ",\"args\":{\"num\":1}")
                    .call("gpu", "dma_resv_add_fence", buf + ",\"fence\":\"f1\",\"args\":{\"usage\":\"WRITE\"}")
                    .call("gpu", "dma_resv_unlock", buf);
        }
        t.at("cpu", 100, 101, "dma_resv_test_signaled", "\"buf\":\"b1\",\"args\":{\"usage\":\"WRITE\"},\"ret\":true")
                .at("irq", 102, 103, "dma_fence_signal", "\"fence\":\"f1\"");
        Path p = t.write(dir, "shared-fence-early.ndjson");
        assertEquals(Verdict.REJECTED, TraceChecker.check(p).verdict());
        assertSameVerdict(p);
    }

    private Path simulate(int threads, int ops, String kernel, long seed, String inject) throws Exception {
        WorkloadConfig cfg = new WorkloadConfig(threads, ops, seed, KernelBehaviour.parse(kernel, true),
                inject == null ? null : Injection.parse(inject), Clock.LOGICAL);
        TraceHeader header = new TraceHeader(Implementation.REFERENCE, new KernelInfo(cfg.kernel(), null, false, true),
                cfg.clock(), "test", seed, inject, null);
        Path p = dir.resolve(threads + "t-" + ops + "-" + kernel + "-" + seed + (inject == null ? "" : "-" + inject) + ".ndjson");
        try (OutputStream os = Files.newOutputStream(p)) {
            TraceWriter w = new TraceWriter(os, header);
            new Workload(cfg, new Tracer(w, cfg.clock())).run();
            w.finish(TraceEnd.Status.COMPLETE, null);
        }
        return p;
    }
}
