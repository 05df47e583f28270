package org.dmabufspec.conformance.checker;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Scenarios of the protocol rules, each checked through the public entry point. */
class TraceCheckerTest {
    @TempDir
    Path dir;

    private CheckReport check(TraceBuilder t) throws Exception {
        return TraceChecker.check(t.write(dir, "t.ndjson"));
    }

    private static void assertRejectedFor(CheckReport r, String rule) {
        assertEquals(Verdict.REJECTED, r.verdict(), r.toText());
        assertTrue(r.brokenRules().contains(rule), "expected " + rule + " in " + r.toText());
    }

    private static TraceBuilder dynamicImporterAttached(String behaviour) {
        return TraceBuilder.reference(behaviour).exportDynamic("b1")
                .call("gpu", "dma_buf_dynamic_attach", "\"buf\":\"b1\",\"attach\":\"a1\",\"dev\":\"gpu\",\"args\":{\"move_notify\":true}");
    }

    @Test
    void dynamicImporterMapsAndUnmapsUnderTheLockIsAccepted() throws Exception {
        CheckReport r = check(dynamicImporterAttached("6.15")
                .call("gpu", "dma_resv_lock", "\"buf\":\"b1\"")
                .call("gpu", "dma_buf_map_attachment", "\"buf\":\"b1\",\"attach\":\"a1\",\"sgt\":\"s1\",\"args\":{\"dir\":\"BIDIRECTIONAL\"}")
                .call("gpu", "dma_buf_unmap_attachment", "\"buf\":\"b1\",\"attach\":\"a1\",\"sgt\":\"s1\",\"args\":{\"dir\":\"BIDIRECTIONAL\"}")
                .call("gpu", "dma_resv_unlock", "\"buf\":\"b1\"")
                .call("gpu", "dma_buf_detach", "\"buf\":\"b1\",\"attach\":\"a1\""));
        assertEquals(Verdict.ACCEPTED, r.verdict(), r.toText());
        assertEquals(0, r.exitCode());
    }

    /** 6.15 static importer of a dynamic exporter, one map: the callbacks nest inside the core calls. */
    private static TraceBuilder staticMapOfDynamicExporter(boolean withPin) {
        TraceBuilder t = TraceBuilder.reference("6.15").exportDynamic("b1")
                .at("cam", 3, 4, "dma_buf_attach", "\"buf\":\"b1\",\"attach\":\"a1\",\"dev\":\"cam\"");
        if (withPin) {
            t.at("cam", 6, 7, "exporter.pin", "\"buf\":\"b1\",\"attach\":\"a1\",\"resv_held\":true");
        }
        t.at("cam", 8, 9, "exporter.map_dma_buf", "\"buf\":\"b1\",\"attach\":\"a1\",\"sgt\":\"s1\",\"args\":{\"dir\":\"TO_DEVICE\"},\"resv_held\":true")
                .at("cam", 5, 10, "dma_buf_map_attachment_unlocked", "\"buf\":\"b1\",\"attach\":\"a1\",\"sgt\":\"s1\",\"args\":{\"dir\":\"TO_DEVICE\"}")
                .at("cam", 12, 13, "exporter.unmap_dma_buf", "\"buf\":\"b1\",\"attach\":\"a1\",\"sgt\":\"s1\",\"args\":{\"dir\":\"TO_DEVICE\"},\"resv_held\":true");
        if (withPin) {
            t.at("cam", 14, 15, "exporter.unpin", "\"buf\":\"b1\",\"attach\":\"a1\",\"resv_held\":true");
        }
        return t.at("cam", 11, 16, "dma_buf_unmap_attachment_unlocked", "\"buf\":\"b1\",\"attach\":\"a1\",\"sgt\":\"s1\",\"args\":{\"dir\":\"TO_DEVICE\"}")
                .at("cam", 17, 18, "dma_buf_detach", "\"buf\":\"b1\",\"attach\":\"a1\"");
    }

    @Test
    void staticImporterMapOfADynamicExporterWithoutExporterPinBreaksR9() throws Exception {
        CheckReport ok = check(staticMapOfDynamicExporter(true));
        assertEquals(Verdict.ACCEPTED, ok.verdict(), ok.toText());
        CheckReport r = check(staticMapOfDynamicExporter(false));
        assertRejectedFor(r, "R9");
        assertTrue(r.toText().contains("without exporter.pin first"), r.toText());
    }

    @Test
    void mapWithoutTheReservationLockBreaksR3() throws Exception {
        CheckReport r = check(dynamicImporterAttached("6.15")
                .call("gpu", "dma_buf_map_attachment", "\"buf\":\"b1\",\"attach\":\"a1\",\"sgt\":\"s1\",\"args\":{\"dir\":\"BIDIRECTIONAL\"}"));
        assertRejectedFor(r, "R3");
        assertEquals(3, r.rejection().seq());
        assertEquals(1, r.exitCode());
        assertTrue(r.toText().contains("R3: dma_buf_map_attachment called without the reservation lock"), r.toText());
    }

    @Test
    void staticImporterMapsUnlockedOnPreConventionKernels() throws Exception {
        TraceBuilder t = TraceBuilder.reference("6.1").exportStatic("b1")
                .call("cam", "dma_buf_attach", "\"buf\":\"b1\",\"attach\":\"a1\",\"dev\":\"cam\"")
                .call("cam", "dma_buf_map_attachment", "\"buf\":\"b1\",\"attach\":\"a1\",\"sgt\":\"s1\",\"args\":{\"dir\":\"TO_DEVICE\"}");
        assertEquals(Verdict.ACCEPTED, check(t).verdict());
    }

    @Test
    void detachWithALiveMappingBreaksR12() throws Exception {
        CheckReport r = check(TraceBuilder.reference("6.15").exportStatic("b1")
                .call("cam", "dma_buf_attach", "\"buf\":\"b1\",\"attach\":\"a1\",\"dev\":\"cam\"")
                .call("cam", "dma_buf_map_attachment_unlocked", "\"buf\":\"b1\",\"attach\":\"a1\",\"sgt\":\"s1\",\"args\":{\"dir\":\"TO_DEVICE\"}")
                .call("cam", "dma_buf_detach", "\"buf\":\"b1\",\"attach\":\"a1\""));
        assertRejectedFor(r, "R12");
    }

    @Test
    void secondDirectionOnACachedMappingMustFailWithEbusy() throws Exception {
        TraceBuilder cached = TraceBuilder.reference("6.2")
                .call("exporter", "dma_buf_export", "\"buf\":\"b1\",\"args\":{\"exporter\":\"x\",\"dynamic\":false,\"cache_sgt_mapping\":true}")
                .call("cam", "dma_buf_attach", "\"buf\":\"b1\",\"attach\":\"a1\",\"dev\":\"cam\"")
                .call("cam", "dma_buf_map_attachment_unlocked", "\"buf\":\"b1\",\"attach\":\"a1\",\"sgt\":\"s1\",\"args\":{\"dir\":\"TO_DEVICE\"}");
        Path ok = cached.call("cam", "dma_buf_map_attachment_unlocked", "\"buf\":\"b1\",\"attach\":\"a1\",\"args\":{\"dir\":\"FROM_DEVICE\"},\"result\":\"EBUSY\"")
                .write(dir, "ebusy.ndjson");
        assertEquals(Verdict.ACCEPTED, TraceChecker.check(ok).verdict());
        CheckReport bad = check(TraceBuilder.reference("6.2")
                .call("exporter", "dma_buf_export", "\"buf\":\"b1\",\"args\":{\"exporter\":\"x\",\"dynamic\":false,\"cache_sgt_mapping\":true}")
                .call("cam", "dma_buf_attach", "\"buf\":\"b1\",\"attach\":\"a1\",\"dev\":\"cam\"")
                .call("cam", "dma_buf_map_attachment_unlocked", "\"buf\":\"b1\",\"attach\":\"a1\",\"sgt\":\"s1\",\"args\":{\"dir\":\"TO_DEVICE\"}")
                .call("cam", "dma_buf_map_attachment_unlocked", "\"buf\":\"b1\",\"attach\":\"a1\",\"sgt\":\"s2\",\"args\":{\"dir\":\"FROM_DEVICE\"}"));
        assertRejectedFor(bad, "R11");
    }

    @Test
    void addFenceNeedsASlotReservedInTheSameLockHold() throws Exception {
        TraceBuilder t = TraceBuilder.reference("6.15").exportStatic("b1")
                .call("drv", "dma_fence_init", "\"fence\":\"f1\",\"args\":{\"context\":1,\"seqno\":1}")
                .call("drv", "dma_resv_lock", "\"buf\":\"b1\"")
                .call("drv", "dma_resv_reserve_fences", "\"buf\":\"b1\",\"args\":{\"num\":1}")
                .call("drv", "dma_resv_unlock", "\"buf\":\"b1\"")
                .call("drv", "dma_resv_lock", "\"buf\":\"b1\"")
                .call("drv", "dma_resv_add_fence", "\"buf\":\"b1\",\"fence\":\"f1\",\"args\":{\"usage\":\"WRITE\"}");
        assertRejectedFor(check(t), "F13");
    }

    @Test
    void laterFenceOfTheSameContextReusesTheSlot() throws Exception {
        CheckReport r = check(slotReuse(2));
        assertEquals(Verdict.ACCEPTED, r.verdict(), r.toText());
    }

    /** The later fence replaces f1's slot in the kernel, but only a re-add of the same fence needs no reservation (F13, B12). */
    @Test
    void laterFenceOfTheSameContextStillNeedsItsOwnReservation() throws Exception {
        CheckReport r = check(slotReuse(1));
        assertEquals(Verdict.REJECTED, r.verdict(), r.toText());
        assertEquals("dma_resv_add_fence", r.rejection().op());
        assertTrue(r.toText().contains("F13"), r.toText());
    }

    private static TraceBuilder slotReuse(int reserved) {
        return TraceBuilder.reference("6.15").exportStatic("b1")
                .call("drv", "dma_fence_init", "\"fence\":\"f1\",\"args\":{\"context\":1,\"seqno\":1}")
                .call("drv", "dma_fence_init", "\"fence\":\"f2\",\"args\":{\"context\":1,\"seqno\":2}")
                .call("drv", "dma_resv_lock", "\"buf\":\"b1\"")
                .call("drv", "dma_resv_reserve_fences", "\"buf\":\"b1\",\"args\":{\"num\":" + reserved + "}")
                .call("drv", "dma_resv_add_fence", "\"buf\":\"b1\",\"fence\":\"f1\",\"args\":{\"usage\":\"WRITE\"}")
                .call("drv", "dma_resv_add_fence", "\"buf\":\"b1\",\"fence\":\"f2\",\"args\":{\"usage\":\"WRITE\"}")
                .call("drv", "dma_resv_unlock", "\"buf\":\"b1\",\"state\":{\"fences\":[{\"fence\":\"f2\",\"usage\":\"WRITE\",\"signaled\":false}]}");
    }

    @Test
    void callbackAddedToASignalledFenceMustGetEnoent() throws Exception {
        TraceBuilder base = TraceBuilder.reference("6.15")
                .call("drv", "dma_fence_init", "\"fence\":\"f1\",\"args\":{\"context\":1,\"seqno\":1}")
                .call("drv", "dma_fence_signal", "\"fence\":\"f1\"");
        Path ok = base.call("drv", "dma_fence_add_callback", "\"fence\":\"f1\",\"cb\":\"c1\",\"result\":\"ENOENT\"").write(dir, "ok.ndjson");
        assertEquals(Verdict.ACCEPTED, TraceChecker.check(ok).verdict());
        CheckReport bad = check(TraceBuilder.reference("6.15")
                .call("drv", "dma_fence_init", "\"fence\":\"f1\",\"args\":{\"context\":1,\"seqno\":1}")
                .call("drv", "dma_fence_signal", "\"fence\":\"f1\"")
                .call("drv", "dma_fence_add_callback", "\"fence\":\"f1\",\"cb\":\"c1\""));
        assertRejectedFor(bad, "F7");
    }

    @Test
    void kmodCallbackRefusedWithEnoentNamesNoCallbackAndIsStillJudged() throws Exception {
        // the native kmod logs a failed dma_fence_add_callback without a cb: it registered nothing
        Path ok = new TraceBuilder("native-kmod", "6.15", true)
                .call("drv", "dma_fence_init", "\"fence\":\"f1\",\"args\":{\"context\":1,\"seqno\":1}")
                .call("drv", "dma_fence_signal", "\"fence\":\"f1\"")
                .call("drv", "dma_fence_add_callback", "\"fence\":\"f1\",\"result\":\"ENOENT\"").write(dir, "enoent.ndjson");
        CheckReport r = TraceChecker.check(ok);
        assertEquals(Verdict.ACCEPTED, r.verdict(), r.toText());
        // -ENOENT still means "already signalled": with every step logged, an unsignalled fence breaks F7
        assertRejectedFor(check(TraceBuilder.reference("6.15")
                .call("drv", "dma_fence_init", "\"fence\":\"f1\",\"args\":{\"context\":1,\"seqno\":1}")
                .call("drv", "dma_fence_add_callback", "\"fence\":\"f1\",\"result\":\"ENOENT\"")), "F7");
    }

    private static TraceBuilder writerFenceSignalledThenPolled(boolean earlierPollArmed) {
        TraceBuilder t = TraceBuilder.reference("6.2").exportStatic("b1")
                .call("gpu", "dma_fence_init", "\"fence\":\"f1\",\"args\":{\"context\":1,\"seqno\":1}")
                .call("gpu", "dma_resv_lock", "\"buf\":\"b1\"")
                .call("gpu", "dma_resv_reserve_fences", "\"buf\":\"b1\",\"args\":{\"num\":1}")
                .call("gpu", "dma_resv_add_fence", "\"buf\":\"b1\",\"fence\":\"f1\",\"args\":{\"usage\":\"WRITE\"}")
                .call("gpu", "dma_resv_unlock", "\"buf\":\"b1\"");
        if (earlierPollArmed) {
            t.at("u1", 14, 15, "dma_fence_add_callback", "\"caller\":8,\"fence\":\"f1\",\"cb\":\"cb1\"")
                    .at("u1", 13, 16, "poll", "\"buf\":\"b1\",\"args\":{\"events\":\"POLLOUT\"},\"ret\":\"\"");
        }
        return t.call("gpu", "dma_fence_signal", "\"fence\":\"f1\"")
                .call("u2", "poll", "\"buf\":\"b1\",\"args\":{\"events\":\"POLLOUT\"},\"ret\":\"\"");
    }

    @Test
    void pollWhileAnEarlierPollCallbackHasNotRunReportsNotReady() throws Exception {
        // dma_buf_poll: dcb->active (the first poll's callback is due, not run) makes the second poll report nothing
        CheckReport ok = check(writerFenceSignalledThenPolled(true));
        assertEquals(Verdict.ACCEPTED, ok.verdict(), ok.toText());
        assertRejectedFor(check(writerFenceSignalledThenPolled(false)), "U3");
    }

    @Test
    void fencesOfOneContextSignalInSeqnoOrder() throws Exception {
        CheckReport r = check(TraceBuilder.reference("6.15")
                .call("drv", "dma_fence_init", "\"fence\":\"f1\",\"args\":{\"context\":1,\"seqno\":1}")
                .call("drv", "dma_fence_init", "\"fence\":\"f2\",\"args\":{\"context\":1,\"seqno\":2}")
                .call("drv", "dma_fence_signal", "\"fence\":\"f2\""));
        assertRejectedFor(r, "F12");
    }

    private static TraceBuilder waitReturnsWithoutALoggedSignal(TraceBuilder t) {
        return t.exportStatic("b1")
                .call("gpu", "dma_fence_init", "\"fence\":\"f1\",\"args\":{\"context\":1,\"seqno\":1}")
                .call("gpu", "dma_resv_lock", "\"buf\":\"b1\"")
                .call("gpu", "dma_resv_reserve_fences", "\"buf\":\"b1\",\"args\":{\"num\":1}")
                .call("gpu", "dma_resv_add_fence", "\"buf\":\"b1\",\"fence\":\"f1\",\"args\":{\"usage\":\"WRITE\"}")
                .call("gpu", "dma_resv_unlock", "\"buf\":\"b1\"")
                .call("cpu", "dma_resv_wait_timeout", "\"buf\":\"b1\",\"args\":{\"usage\":\"WRITE\",\"timeout\":\"MAX\",\"intr\":true},\"ret\":100");
    }

    @Test
    void waitReturningBeforeTheSignalIsRejectedWhenEveryStepIsLogged() throws Exception {
        assertRejectedFor(check(waitReturnsWithoutALoggedSignal(TraceBuilder.reference("6.15"))), "F7");
    }

    @Test
    void unloggedSignalIsInferredForPartiallyObservedRuns() throws Exception {
        CheckReport r = check(waitReturnsWithoutALoggedSignal(TraceBuilder.nativeRun("6.15")));
        assertEquals(Verdict.ACCEPTED, r.verdict(), r.toText());
        assertEquals(1, r.hiddenSteps());
    }

    @Test
    void overlappingLockersTakeEffectInTheOrderThatWorks() throws Exception {
        // B's lock is logged first but A's unlock overlaps it: A locked, unlocked, then B locked
        TraceBuilder t = TraceBuilder.reference("6.15").exportStatic("b1")
                .at("A", 10, 11, "dma_resv_lock", "\"buf\":\"b1\"")
                .at("B", 12, 20, "dma_resv_lock", "\"buf\":\"b1\"")
                .at("A", 13, 21, "dma_resv_unlock", "\"buf\":\"b1\"")
                .at("B", 22, 23, "dma_resv_unlock", "\"buf\":\"b1\"");
        CheckReport r = check(t);
        assertEquals(Verdict.ACCEPTED, r.verdict(), r.toText());
        assertTrue(r.peakCandidates() >= 1);
    }

    @Test
    void twoHoldersOfOneLockAreExplainedByNoOrder() throws Exception {
        TraceBuilder t = TraceBuilder.reference("6.15").exportStatic("b1")
                .at("A", 10, 11, "dma_resv_lock", "\"buf\":\"b1\"")
                .at("B", 12, 13, "dma_resv_lock", "\"buf\":\"b1\"")
                .at("A", 14, 15, "dma_resv_unlock", "\"buf\":\"b1\"");
        CheckReport r = check(t);
        assertEquals(Verdict.REJECTED, r.verdict(), r.toText());
        assertEquals(3, r.rejection().seq(), r.toText()); // B's lock: A held it until seq 4
    }

    @Test
    void deviceAccessAfterTheOldStorageWasReusedBreaksIsolation() throws Exception {
        TraceBuilder t = dynamicImporterAttached("6.15")
                .call("gpu", "dma_resv_lock", "\"buf\":\"b1\"")
                .call("gpu", "dma_buf_map_attachment", "\"buf\":\"b1\",\"attach\":\"a1\",\"sgt\":\"s1\",\"args\":{\"dir\":\"BIDIRECTIONAL\"}")
                .call("gpu", "dma_resv_unlock", "\"buf\":\"b1\"")
                .call("exporter", "dma_resv_lock", "\"buf\":\"b1\"")
                .call("exporter", "dma_buf_move_notify", "\"buf\":\"b1\"")
                .call("exporter", "dma_fence_init", "\"fence\":\"m1\",\"args\":{\"context\":9,\"seqno\":1}")
                .call("exporter", "exporter.move", "\"buf\":\"b1\",\"fence\":\"m1\",\"args\":{\"from\":\"VRAM\",\"to\":\"GTT\"}")
                .call("exporter", "dma_resv_unlock", "\"buf\":\"b1\"")
                .call("exporter", "dma_fence_signal", "\"fence\":\"m1\"")
                .call("exporter", "exporter.reuse_storage", "\"buf\":\"b1\",\"args\":{\"placement\":\"VRAM\"}")
                .call("gpu", "importer.device_access", "\"buf\":\"b1\",\"attach\":\"a1\",\"sgt\":\"s1\",\"args\":{\"access\":\"WRITE\"}");
        assertRejectedFor(check(t), "ISOLATION");
    }

    /**
     * The kernel module's shape: a job fence (BOOKKEEP) in the reservation, the importer unmaps while
     * the job runs, the exporter moves naming its own move fence, which signals first. The old
     * storage must outlive the job too (regression: the named move fence used to be the only wait).
     */
    private static TraceBuilder jobOutlivesUnmap(TraceBuilder t, boolean jobSignalledBeforeReuse) {
        t.exportDynamic("b1")
                .call("gpu", "dma_buf_dynamic_attach", "\"buf\":\"b1\",\"attach\":\"a1\",\"dev\":\"gpu\",\"args\":{\"move_notify\":true}")
                .call("gpu", "dma_fence_init", "\"fence\":\"j1\",\"args\":{\"context\":1,\"seqno\":1}")
                .call("gpu", "dma_resv_lock", "\"buf\":\"b1\"")
                .call("gpu", "dma_buf_map_attachment", "\"buf\":\"b1\",\"attach\":\"a1\",\"sgt\":\"s1\",\"args\":{\"dir\":\"BIDIRECTIONAL\"}")
                .call("gpu", "dma_resv_reserve_fences", "\"buf\":\"b1\",\"args\":{\"num\":1}")
                .call("gpu", "dma_resv_add_fence", "\"buf\":\"b1\",\"fence\":\"j1\",\"args\":{\"usage\":\"BOOKKEEP\"}")
                .call("gpu", "dma_buf_unmap_attachment", "\"buf\":\"b1\",\"attach\":\"a1\",\"sgt\":\"s1\",\"args\":{\"dir\":\"BIDIRECTIONAL\"}")
                .call("gpu", "dma_resv_unlock", "\"buf\":\"b1\"")
                .call("exporter", "dma_fence_init", "\"fence\":\"m1\",\"args\":{\"context\":9,\"seqno\":1}")
                .call("exporter", "dma_resv_lock", "\"buf\":\"b1\"")
                .call("exporter", "dma_buf_move_notify", "\"buf\":\"b1\"")
                .call("exporter", "exporter.move", "\"buf\":\"b1\",\"fence\":\"m1\",\"args\":{\"from\":\"VRAM\",\"to\":\"GTT\"}")
                .call("exporter", "dma_resv_reserve_fences", "\"buf\":\"b1\",\"args\":{\"num\":1}")
                .call("exporter", "dma_resv_add_fence", "\"buf\":\"b1\",\"fence\":\"m1\",\"args\":{\"usage\":\"KERNEL\"}")
                .call("exporter", "dma_resv_unlock", "\"buf\":\"b1\"")
                .call("gpu-job", "importer.device_access", "\"buf\":\"b1\",\"attach\":\"a1\",\"sgt\":\"s1\",\"fence\":\"j1\",\"args\":{\"access\":\"READ\"}")
                .call("exporter", "dma_fence_signal", "\"fence\":\"m1\"");
        if (jobSignalledBeforeReuse) {
            t.call("gpu-job", "dma_fence_signal", "\"fence\":\"j1\"");
        }
        t.call("exporter", "exporter.reuse_storage", "\"buf\":\"b1\",\"args\":{\"placement\":\"VRAM\"}");
        if (!jobSignalledBeforeReuse) {
            t.call("gpu-job", "dma_fence_signal", "\"fence\":\"j1\"");
        }
        return t;
    }

    @Test
    void jobRunningOnAnUnmappedTableKeepsTheOldStorageUntilItsFenceSignals() throws Exception {
        CheckReport r = check(jobOutlivesUnmap(TraceBuilder.reference("6.2"), true));
        assertEquals(Verdict.ACCEPTED, r.verdict(), r.toText());
    }

    @Test
    void reuseAfterTheNamedMoveFenceButBeforeTheJobFenceBreaksR5() throws Exception {
        assertRejectedFor(check(jobOutlivesUnmap(TraceBuilder.reference("6.2"), false)), "R5");
    }

    @Test
    void kernelModuleTracesLogEverySignalSoNoneIsInferred() throws Exception {
        // with inference the reuse would be explained by an unlogged signal of j1 and the trace
        // rejected only at j1's real signal, for F7
        CheckReport r = check(jobOutlivesUnmap(new TraceBuilder("native-kmod", "6.2", false), false));
        assertRejectedFor(r, "R5");
        assertEquals(0, r.hiddenSteps(), r.toText());
    }

    @Test
    void moveWithoutMoveNotifyBreaksR4() throws Exception {
        TraceBuilder t = dynamicImporterAttached("6.15")
                .call("exporter", "dma_resv_lock", "\"buf\":\"b1\"")
                .call("exporter", "exporter.move", "\"buf\":\"b1\",\"args\":{\"from\":\"VRAM\",\"to\":\"GTT\"}");
        assertRejectedFor(check(t), "R4");
    }

    @Test
    void rejectionReportInJsonNamesEventRuleAndCandidateState() throws Exception {
        CheckReport r = check(dynamicImporterAttached("6.15")
                .call("gpu", "dma_buf_pin", "\"buf\":\"b1\",\"attach\":\"a1\""));
        JsonNode j = new ObjectMapper().readTree(r.toJson());
        assertEquals("rejected", j.get("verdict").asText());
        assertEquals(1, j.get("exit").asInt());
        assertEquals("dma_buf_pin", j.at("/rejection/op").asText());
        assertEquals("R8", j.at("/rejection/rules/0").asText());
        assertTrue(j.at("/rejection/candidates/0/state").asText().contains("buffer b1: exporter vram (dynamic)"), r.toJson());
    }

    @Test
    void badInputIsReportedWithExitCodeTwo() throws Exception {
        Path p = dir.resolve("bad.ndjson");
        java.nio.file.Files.writeString(p, "{\"type\":\"header\"");
        CheckReport r = TraceChecker.check(p);
        assertEquals(Verdict.BAD_INPUT, r.verdict());
        assertEquals(2, r.exitCode());
        assertTrue(r.problem().contains("bad.ndjson:1"), r.problem());
    }
}
