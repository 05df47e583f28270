package org.dmabufspec.conformance.checker;

import org.dmabufspec.trace.TraceEvent;
import org.dmabufspec.conformance.trace.TraceReader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * CPU mappings of a movable buffer (R20-R22): a process's mmap faults (exporter.vm_fault), a move
 * zaps its PTEs (unmap_mapping_range), loads and stores go through them (cpu.access); a kernel
 * user's vmap pins the buffer. Each rejected trace has an accepted twin that differs in the step
 * the rule is about; the overlapping cases are the ones a real schedule produces and must pass.
 */
class CpuMappingTraceTest {
    @TempDir
    Path dir;

    private static final String B = "\"buf\":\"b1\"";

    private static TraceBuilder exported(TraceBuilder t) {
        return t.call("t0", "dma_buf_export", B + ",\"args\":{\"exporter\":\"vram\",\"dynamic\":true,\"placement\":\"VRAM\",\"vmap\":true}")
                .call("t1", "mmap", B);
    }

    private static TraceBuilder fault(TraceBuilder t, String thread, String placement) {
        return t.call(thread, "dma_resv_lock", B + ",\"resv_held\":false")
                .call(thread, "exporter.vm_fault", B + ",\"args\":{\"vma\":\"vma1\",\"placement\":\"" + placement + "\"},\"resv_held\":true")
                .call(thread, "dma_resv_unlock", B + ",\"resv_held\":true");
    }

    private static TraceBuilder store(TraceBuilder t) {
        return t.call("t1", "cpu.access", B + ",\"args\":{\"via\":\"mmap\",\"vma\":\"vma1\",\"access\":\"WRITE\"}");
    }

    /** The eviction of the reference implementation, VRAM to GTT, with or without its zap; the move fence f1 is left pending. */
    private static TraceBuilder move(TraceBuilder t, boolean zap) {
        t.call("t0", "dma_resv_lock", B + ",\"resv_held\":false");
        if (zap) {
            t.call("t0", "unmap_mapping_range", B + ",\"resv_held\":true");
        }
        return t.call("t0", "dma_buf_move_notify", B + ",\"resv_held\":true")
                .call("t0", "dma_fence_init", "\"fence\":\"f1\",\"args\":{\"context\":7,\"seqno\":1}")
                .call("t0", "exporter.move", B + ",\"args\":{\"from\":\"VRAM\",\"to\":\"GTT\"},\"resv_held\":true")
                .call("t0", "dma_resv_reserve_fences", B + ",\"args\":{\"num\":1},\"resv_held\":true")
                .call("t0", "dma_resv_add_fence", B + ",\"fence\":\"f1\",\"args\":{\"usage\":\"KERNEL\"},\"resv_held\":true")
                .call("t0", "dma_resv_unlock", B + ",\"resv_held\":true");
    }

    private static TraceBuilder signalAndReuse(TraceBuilder t) {
        return t.call("t0", "dma_fence_signal", "\"fence\":\"f1\"")
                .call("t0", "exporter.reuse_storage", B + ",\"args\":{\"placement\":\"VRAM\"},\"resv_held\":false");
    }

    private CheckReport verdictOf(TraceBuilder t) throws Exception {
        return TraceChecker.check(t.write(dir, "t.ndjson"));
    }

    private static void rejected(CheckReport r, String rule) {
        assertEquals(Verdict.REJECTED, r.verdict(), r.toText());
        assertEquals(List.of(rule), List.copyOf(r.brokenRules()), r.toText());
    }

    private static void accepted(CheckReport r) {
        assertEquals(Verdict.ACCEPTED, r.verdict(), r.toText());
    }

    // ---------------------------------------------------------------- R21

    @Test
    void aStoreThroughPtesThatAMoveDidNotZapIsRejectedAsR21AtTheMove() throws Exception {
        CheckReport r = verdictOf(store(signalAndReuse(move(fault(exported(TraceBuilder.reference("6.15")), "t1", "VRAM"), false))));
        rejected(r, "R21");
        assertEquals("exporter.move", r.rejection().op(), r.toText());
    }

    @Test
    void aMoveWithoutAZapOverPtesNoAccessUsesAfterwardsIsRejectedAsR21NamingTheFault() throws Exception {
        // CpuMappingsCurrent fails at the move itself: the PTEs map storage the buffer no longer owns
        CheckReport r = verdictOf(move(fault(exported(TraceBuilder.reference("6.15")), "t1", "VRAM"), false));
        rejected(r, "R21");
        assertEquals("exporter.move", r.rejection().op(), r.toText());
        assertTrue(r.toText().contains("installed by line 5 (seq 4, thread t1, exporter.vm_fault)"), r.toText());
    }

    @Test
    void aMoveWithoutAZapAfterTheMappingsMunmapIsAccepted() throws Exception {
        // the reference implementation's eviction finds no mapping left to zap and logs none
        TraceBuilder t = fault(exported(TraceBuilder.reference("6.15")), "t1", "VRAM")
                .call("t1", "munmap", B + ",\"args\":{\"vma\":\"vma1\"}");
        accepted(verdictOf(signalAndReuse(move(t, false))));
    }

    @Test
    void aMoveWithoutAZapAfterAMunmapNamingNoMappingIsAccepted() throws Exception {
        // the munmap may have been vma1's: the trace no longer proves its PTEs present
        TraceBuilder t = fault(exported(TraceBuilder.reference("6.15")), "t1", "VRAM").call("t2", "munmap", B);
        accepted(verdictOf(move(t, false)));
    }

    @Test
    void aMoveWithoutAZapIsRejectedOnceAnAccessShowsTheMappingOutlivedAMunmapNamingNone() throws Exception {
        TraceBuilder t = store(fault(exported(TraceBuilder.reference("6.15")), "t1", "VRAM").call("t2", "munmap", B));
        CheckReport r = verdictOf(move(t, false));
        rejected(r, "R21");
        assertEquals("exporter.move", r.rejection().op(), r.toText());
    }

    @Test
    void aMoveWithoutAZapAfterTheFaultingThreadsMunmapIsAccepted() throws Exception {
        // faults without vma: one mapping per thread, and that thread's munmap removes it
        rejected(verdictOf(move(threadFault(), false)), "R21");
        accepted(verdictOf(move(threadFault().call("t1", "munmap", B), false)));
    }

    private static TraceBuilder threadFault() {
        return exported(TraceBuilder.reference("6.15"))
                .call("t1", "dma_resv_lock", B + ",\"resv_held\":false")
                .call("t1", "exporter.vm_fault", B + ",\"args\":{\"placement\":\"VRAM\"},\"resv_held\":true")
                .call("t1", "dma_resv_unlock", B + ",\"resv_held\":true");
    }

    @Test
    void aZapOverlappingTheMoveMayHaveComeFirstAndIsAccepted() throws Exception {
        TraceBuilder t = fault(exported(TraceBuilder.reference("6.15")), "t1", "VRAM");
        t.at("t0", 101, 102, "dma_resv_lock", B + ",\"resv_held\":false")
                .at("t3", 103, 120, "unmap_mapping_range", B + ",\"resv_held\":true")
                .at("t0", 105, 106, "dma_buf_move_notify", B + ",\"resv_held\":true")
                .at("t0", 107, 108, "dma_fence_init", "\"fence\":\"f1\",\"args\":{\"context\":7,\"seqno\":1}")
                .at("t0", 109, 110, "exporter.move", B + ",\"args\":{\"from\":\"VRAM\",\"to\":\"GTT\"},\"resv_held\":true")
                .at("t0", 111, 112, "dma_resv_reserve_fences", B + ",\"args\":{\"num\":1},\"resv_held\":true")
                .at("t0", 113, 114, "dma_resv_add_fence", B + ",\"fence\":\"f1\",\"args\":{\"usage\":\"KERNEL\"},\"resv_held\":true")
                .at("t0", 115, 116, "dma_resv_unlock", B + ",\"resv_held\":true");
        accepted(verdictOf(t));
    }

    @Test
    void aMunmapOverlappingTheMoveMayHaveComeFirstAndIsAccepted() throws Exception {
        TraceBuilder t = fault(exported(TraceBuilder.reference("6.15")), "t1", "VRAM");
        t.at("t1", 100, 130, "munmap", B + ",\"args\":{\"vma\":\"vma1\"}")
                .at("t0", 101, 102, "dma_resv_lock", B + ",\"resv_held\":false")
                .at("t0", 105, 106, "dma_buf_move_notify", B + ",\"resv_held\":true")
                .at("t0", 107, 108, "dma_fence_init", "\"fence\":\"f1\",\"args\":{\"context\":7,\"seqno\":1}")
                .at("t0", 109, 110, "exporter.move", B + ",\"args\":{\"from\":\"VRAM\",\"to\":\"GTT\"},\"resv_held\":true")
                .at("t0", 111, 112, "dma_resv_reserve_fences", B + ",\"args\":{\"num\":1},\"resv_held\":true")
                .at("t0", 113, 114, "dma_resv_add_fence", B + ",\"fence\":\"f1\",\"args\":{\"usage\":\"KERNEL\"},\"resv_held\":true")
                .at("t0", 115, 116, "dma_resv_unlock", B + ",\"resv_held\":true");
        accepted(verdictOf(t));
    }

    @Test
    void aMunmapThatBeganAfterTheMoveEndedDoesNotExcuseIt() throws Exception {
        TraceBuilder t = move(fault(exported(TraceBuilder.reference("6.15")), "t1", "VRAM"), false)
                .call("t1", "munmap", B + ",\"args\":{\"vma\":\"vma1\"}");
        rejected(verdictOf(t), "R21");
    }

    @Test
    void aStoreAfterAMoveThatZappedAndARefaultIsAccepted() throws Exception {
        accepted(verdictOf(store(fault(signalAndReuse(move(fault(exported(TraceBuilder.reference("6.15")), "t1", "VRAM"), true)), "t1", "GTT"))));
    }

    @Test
    void aStoreThroughStalePtesIsRejectedBeforeTheOldStorageIsReusedToo() throws Exception {
        // the move's copy may read the old storage at any time after the move: a store there is lost
        rejected(verdictOf(store(move(fault(exported(TraceBuilder.reference("6.15")), "t1", "VRAM"), false))), "R21");
    }

    @Test
    void aStoreOverlappingTheZapMayHaveHappenedBeforeItAndIsAccepted() throws Exception {
        // t1's store spans the whole eviction: it may have landed before unmap_mapping_range
        TraceBuilder t = fault(exported(TraceBuilder.reference("6.15")), "t1", "VRAM");
        t.at("t1", 100, 200, "cpu.access", B + ",\"args\":{\"via\":\"mmap\",\"vma\":\"vma1\",\"access\":\"WRITE\"}");
        t.at("t0", 101, 102, "dma_resv_lock", B + ",\"resv_held\":false")
                .at("t0", 103, 104, "unmap_mapping_range", B + ",\"resv_held\":true")
                .at("t0", 105, 106, "dma_buf_move_notify", B + ",\"resv_held\":true")
                .at("t0", 107, 108, "dma_fence_init", "\"fence\":\"f1\",\"args\":{\"context\":7,\"seqno\":1}")
                .at("t0", 109, 110, "exporter.move", B + ",\"args\":{\"from\":\"VRAM\",\"to\":\"GTT\"},\"resv_held\":true")
                .at("t0", 111, 112, "dma_resv_reserve_fences", B + ",\"args\":{\"num\":1},\"resv_held\":true")
                .at("t0", 113, 114, "dma_resv_add_fence", B + ",\"fence\":\"f1\",\"args\":{\"usage\":\"KERNEL\"},\"resv_held\":true")
                .at("t0", 115, 116, "dma_resv_unlock", B + ",\"resv_held\":true");
        accepted(verdictOf(t));
    }

    @Test
    void anAccessThroughAMappingWhoseFaultIsNotLoggedIsNotJudged() throws Exception {
        accepted(verdictOf(store(signalAndReuse(move(exported(TraceBuilder.reference("6.15")), false)))));
    }

    // ---------------------------------------------------------------- R22

    @Test
    void aFaultMappingTheNewStorageBeforeTheMoveFenceSignalledIsRejectedAsR22() throws Exception {
        TraceBuilder t = fault(move(exported(TraceBuilder.reference("6.15")), true), "t1", "GTT");
        CheckReport r = verdictOf(signalAndReuse(t));
        rejected(r, "R22");
        assertTrue(r.toText().contains("ttm_bo_vm_fault_idle"), r.toText());
    }

    @Test
    void theSameFaultAfterTheMoveFenceSignalledIsAccepted() throws Exception {
        TraceBuilder t = move(exported(TraceBuilder.reference("6.15")), true).call("t0", "dma_fence_signal", "\"fence\":\"f1\"");
        accepted(verdictOf(store(fault(t, "t1", "GTT"))));
    }

    @Test
    void aFaultThatWaitedForTheMoveFenceWithoutTheLockIsAccepted() throws Exception {
        // ttm_bo_vm_fault_idle drops the lock, waits for the KERNEL fences and retries the fault
        TraceBuilder t = move(exported(TraceBuilder.reference("6.15")), true)
                .call("t1", "dma_resv_lock", B + ",\"resv_held\":false")
                .call("t1", "dma_resv_unlock", B + ",\"resv_held\":true");
        t.at("t1", 100, 110, "dma_resv_wait_timeout", B + ",\"args\":{\"usage\":\"KERNEL\",\"timeout\":\"MAX\",\"intr\":false},\"ret\":9223372036854775807,\"resv_held\":false")
                .at("t0", 103, 104, "dma_fence_signal", "\"fence\":\"f1\"");
        accepted(verdictOf(store(fault(t, "t1", "GTT"))));
    }

    @Test
    void aFaultWithoutTheReservationLockIsRejectedAsR22() throws Exception {
        TraceBuilder t = exported(TraceBuilder.reference("6.15"))
                .call("t0", "dma_resv_lock", B + ",\"resv_held\":false")
                .call("t1", "exporter.vm_fault", B + ",\"args\":{\"vma\":\"vma1\",\"placement\":\"VRAM\"},\"resv_held\":false")
                .call("t0", "dma_resv_unlock", B + ",\"resv_held\":true");
        rejected(verdictOf(t), "R22");
    }

    @Test
    void aFaultMappingAnotherPlacementThanTheCurrentOneIsRejectedAsR22() throws Exception {
        TraceBuilder t = move(exported(TraceBuilder.reference("6.15")), true).call("t0", "dma_fence_signal", "\"fence\":\"f1\"");
        rejected(verdictOf(fault(t, "t1", "VRAM")), "R22");
    }

    @Test
    void aFaultBeforeAnUnloggedMoveFenceSignalIsAcceptedWhereSignalsAreInferred() throws Exception {
        // a native trace need not log the copy engine's signal: it may have happened before the fault
        TraceBuilder t = move(exported(TraceBuilder.nativeRun("6.15")), true);
        accepted(verdictOf(store(fault(t, "t1", "GTT"))));
    }

    @Test
    void aStaticExportersFaultNeedsNoLock() throws Exception {
        TraceBuilder t = TraceBuilder.reference("6.15").exportStatic("b1")
                .call("t1", "exporter.vm_fault", B + ",\"args\":{\"vma\":\"vma1\"},\"resv_held\":false");
        accepted(verdictOf(store(t)));
    }

    // ---------------------------------------------------------------- R20

    private static TraceBuilder vmapped(TraceBuilder t) {
        return t.call("t2", "dma_resv_lock", B + ",\"resv_held\":false")
                .call("t2", "dma_buf_vmap", B + ",\"ret\":\"va1\",\"resv_held\":true")
                .call("t2", "dma_resv_unlock", B + ",\"resv_held\":true")
                .call("t2", "cpu.access", B + ",\"args\":{\"via\":\"vmap\",\"addr\":\"va1\",\"access\":\"READ\"}");
    }

    private static TraceBuilder vunmapped(TraceBuilder t) {
        return t.call("t2", "dma_resv_lock", B + ",\"resv_held\":false")
                .call("t2", "dma_buf_vunmap", B + ",\"args\":{\"addr\":\"va1\"},\"resv_held\":true")
                .call("t2", "dma_resv_unlock", B + ",\"resv_held\":true");
    }

    @Test
    void aMoveOfAVmappedBufferIsRejectedAsR20() throws Exception {
        CheckReport r = verdictOf(move(vmapped(exported(TraceBuilder.reference("6.15"))), true));
        rejected(r, "R20");
        assertTrue(r.toText().contains("vmapped"), r.toText());
    }

    @Test
    void aMoveAfterTheLastVunmapIsAccepted() throws Exception {
        accepted(verdictOf(move(vunmapped(vmapped(exported(TraceBuilder.reference("6.15")))), true)));
    }

    @Test
    void anAccessThroughAVmapAfterTheVunmapIsRejected() throws Exception {
        TraceBuilder t = vunmapped(vmapped(exported(TraceBuilder.reference("6.15"))))
                .call("t2", "cpu.access", B + ",\"args\":{\"via\":\"vmap\",\"addr\":\"va1\",\"access\":\"WRITE\"}");
        rejected(verdictOf(t), "ISOLATION");
    }

    @Test
    void anObservedPinCountMayIncludeTheVmapsPinOfAMovableBuffer() throws Exception {
        // VramExporter's vmap pins the buffer (R20): the exporter's pin_count is 1 with no importer pin
        TraceBuilder t = exported(TraceBuilder.reference("6.15"))
                .call("t2", "dma_resv_lock", B + ",\"resv_held\":false")
                .call("t2", "dma_buf_vmap", B + ",\"ret\":\"va1\",\"resv_held\":true,\"state\":{\"pin_count\":1}")
                .call("t2", "dma_resv_unlock", B + ",\"resv_held\":true");
        accepted(verdictOf(t));
        TraceBuilder two = exported(TraceBuilder.reference("6.15"))
                .call("t2", "dma_resv_lock", B + ",\"resv_held\":false")
                .call("t2", "dma_buf_vmap", B + ",\"ret\":\"va1\",\"resv_held\":true,\"state\":{\"pin_count\":2}")
                .call("t2", "dma_resv_unlock", B + ",\"resv_held\":true");
        rejected(verdictOf(two), "STATE");
    }

    /**
     * The kernel module's traces are in start order: exporter.vmap follows its dma_buf_vmap in the file, so the
     * reader cannot list it among the call's callees, and the callout count is judged at the callout (R19).
     */
    private static TraceBuilder startOrderedVmaps(boolean nestedCallsOut) {
        TraceBuilder t = new TraceBuilder("native-kmod", "6.2", false)
                .call("t0", "dma_buf_export", B + ",\"args\":{\"exporter\":\"vram\",\"dynamic\":true,\"placement\":\"VRAM\",\"vmap\":true}")
                .at("t2", 3, 4, "dma_resv_lock", B + ",\"resv_held\":false")
                .at("t2", 5, 8, "dma_buf_vmap", B + ",\"ret\":\"va1\",\"resv_held\":true")
                .at("t2", 6, 7, "exporter.vmap", "\"caller\":3," + B + ",\"ret\":\"va1\",\"resv_held\":true");
        if (nestedCallsOut) {
            t.at("t2", 9, 12, "dma_buf_vmap", B + ",\"ret\":\"va1\",\"resv_held\":true")
                    .at("t2", 10, 11, "exporter.vmap", "\"caller\":5," + B + ",\"ret\":\"va1\",\"resv_held\":true");
        } else {
            t.at("t2", 9, 12, "dma_buf_vmap", B + ",\"ret\":\"va1\",\"resv_held\":true");
        }
        return t.at("t2", 13, 14, "dma_buf_vunmap", B + ",\"args\":{\"addr\":\"va1\"},\"resv_held\":true")
                .at("t2", 15, 18, "dma_buf_vunmap", B + ",\"args\":{\"addr\":\"va1\"},\"resv_held\":true")
                .at("t2", 16, 17, "exporter.vunmap", "\"caller\":" + (nestedCallsOut ? 8 : 7) + "," + B + ",\"args\":{\"addr\":\"va1\"},\"resv_held\":true")
                .at("t2", 19, 20, "dma_resv_unlock", B + ",\"resv_held\":true");
    }

    @Test
    void startOrderedVmapCalloutsAfterTheirCallsAreAccepted() throws Exception {
        accepted(verdictOf(startOrderedVmaps(false)));
    }

    @Test
    void aStartOrderedNestedVmapThatCallsTheExporterAgainIsRejectedAsR19() throws Exception {
        CheckReport r = verdictOf(startOrderedVmaps(true));
        rejected(r, "R19");
        assertTrue(r.toText().contains("already vmapped"), r.toText());
    }

    // ---------------------------------------------------------------- footprints

    @Test
    void cpuStepsCarryOnlyTheirBufferAndItsFences() throws Exception {
        Path p = move(fault(exported(TraceBuilder.reference("6.15")), "t1", "VRAM"), true)
                .call("t0", "dma_buf_export", "\"buf\":\"b2\",\"args\":{\"exporter\":\"vram\",\"dynamic\":true,\"placement\":\"VRAM\"}")
                .call("t1", "cpu.access", "\"buf\":\"b2\",\"args\":{\"via\":\"mmap\",\"vma\":\"vma2\",\"access\":\"READ\"}")
                .write(dir, "events.ndjson");
        List<TraceEvent> es = new ArrayList<>();
        try (TraceReader r = TraceReader.readingAhead(p)) {
            for (TraceEvent e; (e = r.next()) != null; ) {
                es.add(e);
            }
        }
        ProtocolState s = new ProtocolState();
        s.putFence("f1", new FenceState(7, 1, false));
        BufferState b1 = new BufferState("vram", true, false, "GTT");
        b1.fences.add(new ResvEntry("f1", Usage.KERNEL, 0));
        b1.moveFence = "f1";
        s.putBuf("b1", b1);
        s.putBuf("b2", new BufferState("vram", true, false, "VRAM"));
        for (TraceEvent e : es) {
            List<String> keys = Footprint.keys(s, e);
            switch (e.op()) {
                case EXPORTER_VM_FAULT, UNMAP_MAPPING_RANGE -> assertEquals(List.of("b:b1", "f:f1", "x:7", "f:f1", "x:7"), keys);
                case CPU_ACCESS -> assertEquals(List.of("b:b2"), keys);
                default -> { }
            }
        }
    }
}
