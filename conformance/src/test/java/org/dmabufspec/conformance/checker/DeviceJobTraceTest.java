package org.dmabufspec.conformance.checker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.dmabufspec.buf.DmaBuf;
import org.dmabufspec.exporter.VramExporter;
import org.dmabufspec.gpuvm.VmImporter;
import org.dmabufspec.importer.Access;
import org.dmabufspec.buf.DmaDataDirection;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Traces of the reference implementation's simulated device (gpuvm.VmImporter): its accesses are
 * {@code importer.device_access} events naming the fence that covers them. The checker accepts the
 * 7.1 writes DmaBufDeviceAccess allows after invalidate_mappings (a running job's, one through
 * zapped PTEs whose TLB flush is pending: both fenced in the reservation, the move waits for them)
 * and rejects a job's access after its importer unmapped without waiting and detached.
 */
class DeviceJobTraceTest {
    @TempDir
    Path dir;

    @Test
    void fencedWritesAfterInvalidateMappingsAreAccepted() throws Exception {
        Path p = ReferenceRun.record(dir, "device/fenced-writes", "7.1", true, k -> {
            VramExporter vram = new VramExporter(k);
            DmaBuf b = vram.create(4096);
            VmImporter d1 = new VmImporter(k, "d1", true, false, 1, 1);
            d1.attach(b);
            d1.map(0, DmaDataDirection.BIDIRECTIONAL);
            d1.bindPtes(0);
            d1.submitJob(0, 0, Access.WRITE);
            VramExporter.Move m = vram.evict(b);
            assertTrue(d1.jobAccess(0).isolated());
            assertTrue(d1.translationAccess(0, Access.WRITE).isolated(), "a stale TLB hit, the flush pending");
            d1.tlbFlushComplete(0);
            d1.signalJob(0);
            vram.completeMove(m);
            d1.unmap(0);
            d1.detach();
        });
        String trace = Files.readString(p);
        assertTrue(trace.contains("\"op\":\"importer.device_access\""), trace);
        CheckReport r = TraceChecker.check(p);
        assertTrue(r.accepted(), r.toText());
    }

    /**
     * A 7.1 read-and-discard importer reads through the mapping invalidate_mappings invalidated
     * (after the move, the move fence signalled) and writes through a fresh mapping of the new
     * placement: both legal (R5b).
     */
    private Path readAndDiscardThenRemap(String name) throws Exception {
        return ReferenceRun.record(dir, name, "7.1", true, k -> {
            VramExporter vram = new VramExporter(k);
            DmaBuf b = vram.create(4096);
            VmImporter d2 = new VmImporter(k, "d2", true, true, 2, 1);
            d2.attach(b);
            d2.map(0, DmaDataDirection.BIDIRECTIONAL);
            d2.bindPtes(0);
            vram.completeMove(vram.evict(b));
            assertTrue(d2.translationAccess(0, Access.READ).isolated(), "read and discard through the kept translation");
            d2.map(1, DmaDataDirection.BIDIRECTIONAL);
            assertTrue(d2.bindPtes(1));
            assertTrue(d2.translationAccess(1, Access.WRITE).isolated(), "a write through the fresh mapping");
            d2.zapPtes(0);
            d2.tlbFlushComplete(0);
            d2.unmap(0);
            d2.zapPtes(1);
            d2.tlbFlushComplete(1);
            d2.unmap(1);
            d2.detach();
        });
    }

    @Test
    void aReadThroughTheInvalidatedMappingAndAWriteThroughAFreshOneAreAccepted() throws Exception {
        Path p = readAndDiscardThenRemap("device/read-and-discard");
        CheckReport r = TraceChecker.check(p);
        assertTrue(r.accepted(), r.toText());
    }

    @Test
    void aWriteThroughTheInvalidatedMappingAfterTheMoveIsRejectedAsR5b() throws Exception {
        // the reference impl's kept translation refuses a write (VmImporter), so the legal trace's
        // read through the invalidated mapping is turned into a write: nothing covers it by a fence
        Path legal = readAndDiscardThenRemap("device/write-through-invalidated");
        List<String> lines = new ArrayList<>(Files.readAllLines(legal));
        int i = 0;
        while (!(lines.get(i).contains("\"op\":\"importer.device_access\"") && lines.get(i).contains("\"access\":\"READ\""))) {
            i++;
        }
        lines.set(i, lines.get(i).replace("\"access\":\"READ\"", "\"access\":\"WRITE\""));
        Path p = dir.resolve("write-through-invalidated-mutated.ndjson");
        Files.write(p, lines);
        CheckReport r = TraceChecker.check(p);
        assertFalse(r.accepted(), r.toText());
        assertEquals("importer.device_access", r.rejection() == null ? null : r.rejection().op(), r.toText());
        assertEquals(List.of("R5b"), r.brokenRules(), r.toText());
    }

    // ------------------------------------------------ R5b: between invalidate_mappings and the move

    private static final String B = "\"buf\":\"b1\"";
    private static final String A = B + ",\"attach\":\"a1\"";

    /**
     * 7.1: d1 maps b1 and writes through it; the exporter takes the lock and walks the importers
     * (dma_buf_invalidate_mappings); then, with the exporter still holding the lock and before its
     * move, d1's device makes {@code access} through the invalidated table s1 (naming
     * {@code fence}, or none); then the move. {@code job}: d1 added an unsignalled WRITE fence j1
     * (a job still running on s1) before the walk.
     */
    private static TraceBuilder accessBetweenInvalidateAndMove(String access, boolean job, String fence) {
        TraceBuilder t = TraceBuilder.reference("7.1")
                .call("t0", "dma_buf_export", B + ",\"args\":{\"exporter\":\"vram\",\"dynamic\":true,\"placement\":\"VRAM\"}")
                .call("d1", "dma_buf_dynamic_attach", A + ",\"dev\":\"d1\",\"args\":{\"allow_peer2peer\":false,\"move_notify\":true}")
                .call("d1", "dma_resv_lock", B + ",\"resv_held\":false")
                .call("d1", "dma_buf_map_attachment", A + ",\"sgt\":\"s1\",\"args\":{\"dir\":\"BIDIRECTIONAL\"},\"resv_held\":true");
        if (job) {
            t.call("d1", "dma_resv_reserve_fences", B + ",\"args\":{\"num\":1},\"resv_held\":true")
                    .call("d1", "dma_fence_init", "\"fence\":\"j1\",\"args\":{\"context\":3,\"seqno\":1}")
                    .call("d1", "dma_resv_add_fence", B + ",\"fence\":\"j1\",\"args\":{\"usage\":\"WRITE\"},\"resv_held\":true");
        }
        t.call("d1", "dma_resv_unlock", B + ",\"resv_held\":true")
                .call("d1", "importer.device_access", A + ",\"sgt\":\"s1\",\"args\":{\"access\":\"WRITE\"}")
                .call("t0", "dma_resv_lock", B + ",\"resv_held\":false")
                .call("t0", "dma_buf_invalidate_mappings", B + ",\"resv_held\":true")
                .call("d1", "importer.device_access", A + ",\"sgt\":\"s1\"" + (fence == null ? "" : ",\"fence\":\"" + fence + "\"")
                        + ",\"args\":{\"access\":\"" + access + "\"}")
                .call("t0", "dma_fence_init", "\"fence\":\"f1\",\"args\":{\"context\":7,\"seqno\":1}")
                .call("t0", "exporter.move", B + ",\"args\":{\"from\":\"VRAM\",\"to\":\"GTT\"},\"resv_held\":true")
                .call("t0", "dma_resv_reserve_fences", B + ",\"args\":{\"num\":1},\"resv_held\":true")
                .call("t0", "dma_resv_add_fence", B + ",\"fence\":\"f1\",\"args\":{\"usage\":\"KERNEL\"},\"resv_held\":true")
                .call("t0", "dma_resv_unlock", B + ",\"resv_held\":true");
        return t;
    }

    @Test
    void aWriteThroughAnInvalidatedMappingBeforeTheMoveIsRejectedAsR5b() throws Exception {
        CheckReport r = TraceChecker.check(accessBetweenInvalidateAndMove("WRITE", false, null).write(dir, "t.ndjson"));
        assertFalse(r.accepted(), r.toText());
        assertEquals(List.of("R5b"), r.brokenRules(), r.toText());
        assertEquals("importer.device_access", r.rejection().op(), r.toText());
        assertEquals(9, r.rejection().seq(), r.toText());
        assertTrue(r.toText().contains("has not happened yet"), r.toText());
    }

    @Test
    void aReadThroughAnInvalidatedMappingBeforeTheMoveIsAccepted() throws Exception {
        // read and discard: the speculative read 7.1 allows until the importer unmaps
        CheckReport r = TraceChecker.check(accessBetweenInvalidateAndMove("READ", false, null).write(dir, "t.ndjson"));
        assertTrue(r.accepted(), r.toText());
    }

    @Test
    void aWriteOfAJobStillRunningOnTheInvalidatedMappingIsAccepted() throws Exception {
        // the job's fence is in the reservation, so the move waits for it (R5)
        assertTrue(TraceChecker.check(accessBetweenInvalidateAndMove("WRITE", true, "j1").write(dir, "named.ndjson")).accepted());
        assertTrue(TraceChecker.check(accessBetweenInvalidateAndMove("WRITE", true, null).write(dir, "unnamed.ndjson")).accepted());
    }

    @Test
    void aWriteOverlappingTheInvalidationMayHaveComeFirstAndIsAccepted() throws Exception {
        Path p = TraceBuilder.reference("7.1")
                .call("t0", "dma_buf_export", B + ",\"args\":{\"exporter\":\"vram\",\"dynamic\":true,\"placement\":\"VRAM\"}")
                .call("d1", "dma_buf_dynamic_attach", A + ",\"dev\":\"d1\",\"args\":{\"allow_peer2peer\":false,\"move_notify\":true}")
                .call("d1", "dma_resv_lock", B + ",\"resv_held\":false")
                .call("d1", "dma_buf_map_attachment", A + ",\"sgt\":\"s1\",\"args\":{\"dir\":\"BIDIRECTIONAL\"},\"resv_held\":true")
                .call("d1", "dma_resv_unlock", B + ",\"resv_held\":true")
                .at("d1", 100, 110, "importer.device_access", A + ",\"sgt\":\"s1\",\"args\":{\"access\":\"WRITE\"}")
                .at("t0", 101, 102, "dma_resv_lock", B + ",\"resv_held\":false")
                .at("t0", 103, 104, "dma_buf_invalidate_mappings", B + ",\"resv_held\":true")
                .at("t0", 105, 106, "dma_resv_unlock", B + ",\"resv_held\":true")
                .write(dir, "overlap.ndjson");
        CheckReport r = TraceChecker.check(p);
        assertTrue(r.accepted(), r.toText());
    }

    @Test
    void aWriteThroughAFreshMappingAfterTheInvalidationIsAccepted() throws Exception {
        TraceBuilder t = TraceBuilder.reference("7.1")
                .call("t0", "dma_buf_export", B + ",\"args\":{\"exporter\":\"vram\",\"dynamic\":true,\"placement\":\"VRAM\"}")
                .call("d1", "dma_buf_dynamic_attach", A + ",\"dev\":\"d1\",\"args\":{\"allow_peer2peer\":false,\"move_notify\":true}")
                .call("d1", "dma_resv_lock", B + ",\"resv_held\":false")
                .call("d1", "dma_buf_map_attachment", A + ",\"sgt\":\"s1\",\"args\":{\"dir\":\"BIDIRECTIONAL\"},\"resv_held\":true")
                .call("d1", "dma_buf_invalidate_mappings", B + ",\"resv_held\":true")
                .call("d1", "dma_buf_map_attachment", A + ",\"sgt\":\"s2\",\"args\":{\"dir\":\"BIDIRECTIONAL\"},\"resv_held\":true")
                .call("d1", "dma_resv_unlock", B + ",\"resv_held\":true");
        Path fresh = t.write(dir, "prefix.ndjson");
        assertTrue(TraceChecker.check(fresh).accepted());
        t.call("d1", "importer.device_access", A + ",\"sgt\":\"s2\",\"args\":{\"access\":\"WRITE\"}");
        assertTrue(TraceChecker.check(t.write(dir, "fresh.ndjson")).accepted());
        t.call("d1", "importer.device_access", A + ",\"sgt\":\"s1\",\"args\":{\"access\":\"WRITE\"}");
        CheckReport stale = TraceChecker.check(t.write(dir, "stale.ndjson"));
        assertEquals(List.of("R5b"), stale.brokenRules(), stale.toText());
    }

    @Test
    void aJobTouchingTheBufferAfterItsImporterDetachedIsRejected() throws Exception {
        Path p = ReferenceRun.record(dir, "device/unmap-job-in-flight", "6.15", true, k -> {
            VramExporter vram = new VramExporter(k);
            DmaBuf b = vram.create(4096);
            VmImporter d1 = new VmImporter(k, "d1", true, false, 1, 1);
            d1.attach(b);
            d1.map(0, DmaDataDirection.BIDIRECTIONAL);
            d1.bindPtes(0);
            d1.submitJob(0, 0, Access.READ);
            d1.zapPtes(0);
            d1.tlbFlushComplete(0);
            d1.unmapWithoutWaiting(0); // DmaBufDeviceAccess_UnmapJobInFlight: unmap stops no engine
            d1.detach();
            assertFalse(d1.jobAccess(0).isolated());
        });
        CheckReport r = TraceChecker.check(p);
        assertFalse(r.accepted(), r.toText());
        assertEquals("importer.device_access", r.rejection() == null ? null : r.rejection().op(), r.toText());
        assertTrue(r.brokenRules().contains("ISOLATION") || r.brokenRules().contains("R12"), r.brokenRules() + "\n" + r.toText());
    }
}
