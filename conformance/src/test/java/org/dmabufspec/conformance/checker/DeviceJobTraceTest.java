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
