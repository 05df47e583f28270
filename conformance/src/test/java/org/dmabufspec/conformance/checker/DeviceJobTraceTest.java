package org.dmabufspec.conformance.checker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;

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
