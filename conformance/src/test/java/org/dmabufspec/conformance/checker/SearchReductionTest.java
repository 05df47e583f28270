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

    /** The lazy pass without its local retries (a dead end ends the pass): null when it accepts. */
    private static CheckReport.Rejection lazyPassWithoutRetry(Path trace) throws Exception {
        try (TraceReader reader = TraceReader.readingAhead(trace)) {
            FastEngine engine = new FastEngine(reader.header(), CheckOptions.defaults(), trace.toString(), true, false);
            return engine.run(reader).rejection();
        }
    }

    /**
     * drv adds write fence f1 to b1; cam's dma_buf_attach (its own lock logged nested, its unlock
     * long) reports f1 unsignalled in its snapshot; irq signals f1 at {@code signal}, and drv's
     * later calls make that signal due long before the attach is. Signalled inside the attach,
     * only attach-then-signal explains the snapshot: the lazy pass takes the due signal first and
     * reaches a dead end, which only a search that takes the attach early (the full one, or the
     * lazy pass's retry from a checkpoint) gets past. Signalled before the attach started, no
     * order explains it.
     */
    private static TraceBuilder attachSnapshotBeforeADueSignal(long signal, boolean laterCall) {
        String snapshot = ",\"state\":{\"attachments\":[\"a1\"],\"fences\":[{\"fence\":\"f1\",\"usage\":\"WRITE\",\"signaled\":false}]}";
        return TraceBuilder.reference("6.15").exportStatic("b1")
                .at("drv", 3, 4, "dma_fence_init", "\"fence\":\"f1\",\"args\":{\"context\":1,\"seqno\":1}")
                .at("drv", 5, 6, "dma_resv_lock", B1 + ",\"resv_held\":false")
                .at("drv", 7, 8, "dma_resv_reserve_fences", B1 + ",\"args\":{\"num\":1},\"resv_held\":true")
                .at("drv", 9, 10, "dma_resv_add_fence", B1 + ",\"fence\":\"f1\",\"args\":{\"usage\":\"WRITE\"},\"resv_held\":true")
                .at("drv", 11, 12, "dma_resv_unlock", B1 + ",\"resv_held\":true")
                .at("cam", 16, 17, "exporter.attach", B1 + ",\"attach\":\"a1\",\"caller\":11,\"resv_held\":false")
                .at("cam", 18, 19, "dma_resv_lock", B1 + ",\"caller\":11,\"resv_held\":false")
                .at("irq", signal, signal + 1, "dma_fence_signal", "\"fence\":\"f1\"")
                .at("cam", 22, 39, "dma_resv_unlock", B1 + ",\"caller\":11,\"resv_held\":true")
                .at("cam", 15, 40, "dma_buf_attach", B1 + ",\"attach\":\"a1\",\"dev\":\"cam\",\"resv_held\":false" + snapshot)
                .at("drv", 25, 26, "dma_fence_init", "\"fence\":\"f2\",\"args\":{\"context\":1,\"seqno\":2}")
                .at("drv", laterCall ? 45 : 27, laterCall ? 46 : 28, "dma_fence_signal", "\"fence\":\"f2\"");
    }

    /** laterCall: the dead end shows when a later call is admitted; otherwise only at the end of the trace. */
    @org.junit.jupiter.params.ParameterizedTest(name = "dead end at a later call: {0}")
    @org.junit.jupiter.params.provider.ValueSource(booleans = {true, false})
    void attachSnapshotTakenBeforeASignalThatIsDueFirstIsAcceptedThroughTheLazyPassRetry(boolean laterCall) throws Exception {
        Path p = attachSnapshotBeforeADueSignal(20, laterCall).write(dir, "attach-snapshot-due-signal.ndjson");
        assertTrue(lazyPassWithoutRetry(p) != null, "without its retry the lazy pass should reach a dead end here");
        try (TraceReader reader = TraceReader.readingAhead(p)) {
            FastEngine engine = new FastEngine(reader.header(), CheckOptions.defaults(), p.toString(), true);
            assertNull(engine.run(reader).rejection(), "the retry from a checkpoint should explain it");
            assertTrue(engine.retries() >= 1, "explained by a retry");
        }
        assertSameVerdictEverywhere(p, Verdict.ACCEPTED);
    }

    @Test
    void attachSnapshotShowingAFenceSignalledBeforeTheAttachStartedIsStillRejected() throws Exception {
        Path p = attachSnapshotBeforeADueSignal(13, true).write(dir, "attach-snapshot-stale.ndjson");
        assertTrue(lazyPassAlone(p) != null, "no retry may explain a stale snapshot");
        assertSameVerdictEverywhere(p, Verdict.REJECTED);
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
     * The search (LinearizationSearch) asserts that each guard-only step it takes leaves the state as it was (equal
     * states): a case of Transitions.guardOnly that writes fails here, on the simulator's uAPI mix
     * (every guard-only op, nested calls and all) under two kernel behaviours.
     */
    @org.junit.jupiter.params.ParameterizedTest(name = "kernel {0}")
    @org.junit.jupiter.params.provider.ValueSource(strings = {"6.2", "6.15"})
    void guardOnlyStepsLeaveTheStateUnchangedOnConcurrentSimulatorTraces(String kernel) throws Exception {
        assertTrue(org.dmabufspec.conformance.checker.search.LinearizationSearch.class.desiredAssertionStatus(), "needs -ea (surefire's default)");
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
    /** The lazy pass alone: its outcome (peak candidates, rejection). */
    private static FastEngine.Outcome lazyOutcome(Path trace) throws Exception {
        try (TraceReader reader = TraceReader.readingAhead(trace)) {
            return new FastEngine(reader.header(), CheckOptions.defaults(), trace.toString(), true).run(reader);
        }
    }

    /**
     * drv adds {@code k} READ fences to b1; then, while k irq threads signal them in long calls
     * (pending, not due), gpu holds b1's lock and cam's dma_resv_lock waits for gpu's unlock. When
     * cam's lock and gpu's unlock are both due, the lock is refused until the unlock is taken.
     * The lazy pass used to try every pending step of b1's group then, and kept every subset of
     * the signals taken early (2^k candidates, 64 for k = 6, until the signals were due); it now
     * takes the due unlock that holds, then the lock. Signals on other fences and the lock's own
     * steps commute (a lock step reads no fence), so at the end the signals go one group at a time.
     */
    private static TraceBuilder lockHandoverWhileSignalsArePending(int k, boolean camLocksFirst) {
        TraceBuilder t = TraceBuilder.reference("6.15").exportStatic("b1");
        for (int i = 1; i <= k; i++) {
            t.call("drv", "dma_fence_init", "\"fence\":\"f" + i + "\",\"args\":{\"context\":" + i + ",\"seqno\":1}");
        }
        t.call("drv", "dma_resv_lock", B1 + ",\"resv_held\":false");
        t.call("drv", "dma_resv_reserve_fences", B1 + ",\"args\":{\"num\":" + k + "},\"resv_held\":true");
        for (int i = 1; i <= k; i++) {
            t.call("drv", "dma_resv_add_fence", B1 + ",\"fence\":\"f" + i + "\",\"args\":{\"usage\":\"READ\"},\"resv_held\":true");
        }
        t.call("drv", "dma_resv_unlock", B1 + ",\"resv_held\":true");
        t.at("gpu", 100, 101, "dma_resv_lock", B1 + ",\"resv_held\":false");
        // camLocksFirst: cam's lock returned before gpu's lock was taken, yet gpu held it: no order explains it
        t.at("cam", camLocksFirst ? 98 : 103, camLocksFirst ? 99 : 120, "dma_resv_lock", B1 + ",\"resv_held\":false");
        t.at("gpu", 118, 119, "dma_resv_unlock", B1 + ",\"resv_held\":true");
        t.at("cam", 121, 122, "dma_resv_unlock", B1 + ",\"resv_held\":true");
        t.at("drv", 130, 131, "dma_fence_init", "\"fence\":\"f99\",\"args\":{\"context\":99,\"seqno\":1}");
        for (int i = 1; i <= k; i++) {
            t.at("irq" + i, 102 + i, 200 + i, "dma_fence_signal", "\"fence\":\"f" + i + "\"");
        }
        return t.at("drv", 300, 301, "dma_fence_signal", "\"fence\":\"f99\"");
    }

    @Test
    void lockHandedOverWhileSignalsArePendingKeepsTheLazyPassAtOneCandidate() throws Exception {
        Path p = lockHandoverWhileSignalsArePending(6, false).write(dir, "lock-handover-pending-signals.ndjson");
        FastEngine.Outcome lazy = lazyOutcome(p);
        assertNull(lazy.rejection(), "legal: gpu unlocks, then cam's lock returns");
        assertEquals(1, lazy.peak(), "the signals taken early or not should not multiply the candidates (was 64)");
        assertSameVerdictEverywhere(p, Verdict.ACCEPTED);
    }

    @Test
    void lockReturningWhileAnotherThreadHeldItIsStillRejected() throws Exception {
        Path p = lockHandoverWhileSignalsArePending(6, true).write(dir, "lock-handover-too-early.ndjson");
        assertSameVerdictEverywhere(p, Verdict.REJECTED);
    }
}
