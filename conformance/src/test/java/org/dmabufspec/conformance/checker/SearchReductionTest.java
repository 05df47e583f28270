package org.dmabufspec.conformance.checker;

import org.dmabufspec.conformance.trace.TraceReader;
import org.dmabufspec.trace.Clock;
import org.dmabufspec.trace.Implementation;
import org.dmabufspec.trace.KernelBehaviour;
import org.dmabufspec.trace.KernelInfo;
import org.dmabufspec.trace.TraceEnd;
import org.dmabufspec.trace.TraceHeader;
import org.dmabufspec.trace.TraceWriter;
import org.dmabufspec.trace.Tracer;
import org.dmabufspec.workload.Workload;
import org.dmabufspec.workload.WorkloadConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The reductions of the linearization search (docs/trace-checker.md): guard-only steps taken as
 * soon as they hold, and the lazy pass trying a call before its own nested unlock. Each legal
 * scenario needs an order that is not the order of the calls' ends, and stays accepted; each
 * illegal twin stays rejected with its rule, by the lazy pass, the full search and the unsplit
 * search alike.
 */
class SearchReductionTest {
    @TempDir
    Path dir;

    private static final String B1 = "\"buf\":\"b1\"";

    private static void assertSameVerdictEverywhere(Path trace, Verdict expected) {
        CheckReport lazyFirst = TraceChecker.check(trace, CheckOptions.defaults());
        assertEquals(expected, lazyFirst.verdict(), lazyFirst.toText());
        CheckReport full = TraceChecker.check(trace, CheckOptions.defaults().withLazyFirst(false));
        assertEquals(expected, full.verdict(), full.toText());
        CheckReport whole = TraceChecker.check(trace, CheckOptions.defaults().withLazyFirst(false).withSplit(false));
        assertEquals(expected, whole.verdict(), whole.toText());
        assertEquals(whole.brokenRules(), full.brokenRules(), whole.toText() + full.toText());
        assertEquals(whole.brokenRules(), lazyFirst.brokenRules(), whole.toText() + lazyFirst.toText());
    }

    /** The lazy pass alone (no full search behind it): null when it accepts. */
    private static CheckReport.Rejection lazyPassAlone(Path trace) throws Exception {
        try (TraceReader reader = TraceReader.readingAhead(trace)) {
            FastEngine engine = new FastEngine(reader.header(), CheckOptions.defaults(), trace.toString(), true);
            return engine.run(reader).rejection();
        }
    }

    /**
     * cam's dma_buf_attach logs its own dma_resv_lock/unlock (ends before the attach returns), and
     * gpu locks b1 right after cam's nested unlock, before cam's attach has returned. The attach
     * must take effect inside its own hold (R1), so before its nested unlock, although the unlock
     * is due first (real time) and the attach is not. Simulated 8-thread traces hit this at once.
     */
    private static TraceBuilder attachWithNestedLockThenGpuLocks(long gpuLockStart) {
        return TraceBuilder.reference("6.15").exportStatic("b1")
                .at("cam", 6, 7, "exporter.attach", B1 + ",\"attach\":\"a1\",\"caller\":6,\"resv_held\":false")
                .at("cam", 8, 9, "dma_resv_lock", B1 + ",\"caller\":6,\"resv_held\":false")
                .at("cam", 10, 11, "dma_resv_unlock", B1 + ",\"caller\":6,\"resv_held\":true")
                .at("gpu", gpuLockStart, gpuLockStart + 1, "dma_resv_lock", B1 + ",\"resv_held\":false")
                .at("cam", 5, 16, "dma_buf_attach", B1 + ",\"attach\":\"a1\",\"dev\":\"cam\",\"resv_held\":false")
                .at("gpu", 20, 21, "dma_resv_unlock", B1 + ",\"resv_held\":true");
    }

    @Test
    void attachTakingEffectInsideItsNestedLockHoldBeforeAnotherThreadLocksIsAcceptedByTheLazyPass() throws Exception {
        Path p = attachWithNestedLockThenGpuLocks(12).write(dir, "attach-nested-hold.ndjson");
        assertNull(lazyPassAlone(p), "the lazy pass should find the order attach-then-nested-unlock");
        assertSameVerdictEverywhere(p, Verdict.ACCEPTED);
    }

    /** gpu's lock now overlaps cam's nested hold: the lock cannot have been taken by both, whatever the order. */
    @Test
    void nestedLockOverlappingAnotherThreadsHoldIsStillRejected() throws Exception {
        Path p = TraceBuilder.reference("6.15").exportStatic("b1")
                .at("gpu", 3, 4, "dma_resv_lock", B1 + ",\"resv_held\":false")
                .at("cam", 6, 7, "exporter.attach", B1 + ",\"attach\":\"a1\",\"caller\":6,\"resv_held\":false")
                .at("cam", 8, 9, "dma_resv_lock", B1 + ",\"caller\":6,\"resv_held\":false")
                .at("cam", 10, 11, "dma_resv_unlock", B1 + ",\"caller\":6,\"resv_held\":true")
                .at("cam", 5, 16, "dma_buf_attach", B1 + ",\"attach\":\"a1\",\"dev\":\"cam\",\"resv_held\":false")
                .at("gpu", 20, 21, "dma_resv_unlock", B1 + ",\"resv_held\":true")
                .write(dir, "attach-nested-hold-overlap.ndjson");
        assertSameVerdictEverywhere(p, Verdict.REJECTED);
        assertTrue(TraceChecker.check(p).brokenRules().contains("ORDER"), TraceChecker.check(p).toText());
    }

    /**
     * A dma_fence_wait_timeout that timed out (ret 0) overlaps the fence's signal on another
     * thread: only wait-then-signal explains it. The wait is a guard-only step, taken as soon as it
     * holds, i.e. before the signal.
     */
    private static TraceBuilder waitTimedOutAround(long waitStart, long waitEnd) {
        return TraceBuilder.reference("6.15")
                .at("drv", 1, 2, "dma_fence_init", "\"fence\":\"f1\",\"args\":{\"context\":1,\"seqno\":1}")
                .at("cpu", waitStart, waitEnd, "dma_fence_wait_timeout", "\"fence\":\"f1\",\"args\":{\"timeout\":10,\"intr\":true},\"ret\":0")
                .at("irq", 5, 6, "dma_fence_signal", "\"fence\":\"f1\"");
    }

    @Test
    void waitTimingOutWhileTheFenceSignalsOnAnotherThreadIsAccepted() throws Exception {
        assertSameVerdictEverywhere(waitTimedOutAround(4, 7).write(dir, "wait-timeout-overlap.ndjson"), Verdict.ACCEPTED);
    }

    @Test
    void waitTimingOutAfterTheFenceSignalledIsStillRejectedAsF7() throws Exception {
        Path p = waitTimedOutAround(8, 9).write(dir, "wait-timeout-late.ndjson");
        assertSameVerdictEverywhere(p, Verdict.REJECTED);
        assertTrue(TraceChecker.check(p).brokenRules().contains("F7"), TraceChecker.check(p).toText());
    }

    /**
     * A wait that returned "signalled" overlapping the signal cannot be taken first: the guard-only
     * step stays pending until the signal, and the trace is accepted.
     */
    @Test
    void waitReturningSignalledOverlappingTheSignalIsAccepted() throws Exception {
        Path p = TraceBuilder.reference("6.15")
                .at("drv", 1, 2, "dma_fence_init", "\"fence\":\"f1\",\"args\":{\"context\":1,\"seqno\":1}")
                .at("cpu", 4, 7, "dma_fence_wait_timeout", "\"fence\":\"f1\",\"args\":{\"timeout\":10,\"intr\":true},\"ret\":5")
                .at("irq", 5, 6, "dma_fence_signal", "\"fence\":\"f1\"")
                .write(dir, "wait-signalled-overlap.ndjson");
        assertSameVerdictEverywhere(p, Verdict.ACCEPTED);
    }

    /**
     * FastEngine asserts that each guard-only step it takes leaves the state as it was (equal
     * states): a case of Transitions.guardOnly that writes fails here, on the simulator's uAPI mix
     * (every guard-only op, nested calls and all) under two kernel behaviours.
     */
    @org.junit.jupiter.params.ParameterizedTest(name = "kernel {0}")
    @org.junit.jupiter.params.provider.ValueSource(strings = {"6.2", "6.15"})
    void guardOnlyStepsLeaveTheStateUnchangedOnConcurrentSimulatorTraces(String kernel) throws Exception {
        assertTrue(FastEngine.class.desiredAssertionStatus(), "needs -ea (surefire's default)");
        WorkloadConfig cfg = new WorkloadConfig(4, 600, 3, KernelBehaviour.parse(kernel, true), null, Clock.LOGICAL, true);
        TraceHeader header = new TraceHeader(Implementation.REFERENCE, new KernelInfo(cfg.kernel(), null, false, true),
                cfg.clock(), "test", 3L, null, null);
        Path p = dir.resolve("uapi-" + kernel + ".ndjson");
        try (OutputStream os = Files.newOutputStream(p)) {
            TraceWriter w = new TraceWriter(os, header);
            new Workload(cfg, new Tracer(w, cfg.clock())).run();
            w.finish(TraceEnd.Status.COMPLETE, null);
        }
        CheckReport r = TraceChecker.check(p, CheckOptions.defaults().withLazyFirst(false));
        assertEquals(Verdict.ACCEPTED, r.verdict(), r.toText());
    }
}
