package org.dmabufspec.conformance.checker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * DmaBufWwEviction (F18): an exporter evicting another buffer inside dma_buf_map_attachment takes
 * the victim's reservation with the caller's ticket, and wait-die -EDEADLK from that lock comes back
 * out of map_dma_buf and the map. The checker accepts a map's -EDEADLK only when a lock under the
 * calling thread's context died inside that very call.
 */
class EvictionEdeadlkTest {
    @TempDir
    Path dir;

    /** i2 (older context c1) holds b2; i1 (younger c2) holds b1 and maps a1 of b1. */
    private TraceBuilder prefix() {
        return TraceBuilder.reference("6.15").exportDynamic("b1").exportDynamic("b2")
                .call("i1", "dma_buf_dynamic_attach", "\"buf\":\"b1\",\"attach\":\"a1\",\"dev\":\"i1\",\"args\":{\"move_notify\":true}")
                .call("i2", "ww_acquire_init", "\"ctx\":\"c1\",\"args\":{\"stamp\":1}")
                .call("i2", "dma_resv_lock", "\"buf\":\"b2\",\"ctx\":\"c1\"")
                .call("i1", "ww_acquire_init", "\"ctx\":\"c2\",\"args\":{\"stamp\":2}")
                .call("i1", "dma_resv_lock", "\"buf\":\"b1\",\"ctx\":\"c2\""); // seq 7
    }

    private static final String MAP = "\"buf\":\"b1\",\"attach\":\"a1\",\"args\":{\"dir\":\"BIDIRECTIONAL\"},\"resv_held\":true";

    @Test
    void theMapFailsWithTheEdeadlkOfTheTicketLockItsExporterTookInsideIt() throws Exception {
        // seq 8 the victim's lock (caller: 9), 9 map_dma_buf (caller: 10), 10 the map
        Path p = prefix()
                .at("i1", 22, 23, "dma_resv_lock", "\"buf\":\"b2\",\"ctx\":\"c2\",\"caller\":9,\"result\":\"EDEADLK\"")
                .at("i1", 21, 24, "exporter.map_dma_buf", MAP + ",\"caller\":10,\"result\":\"EDEADLK\"")
                .at("i1", 20, 25, "dma_buf_map_attachment", MAP + ",\"result\":\"EDEADLK\"")
                .call("i1", "dma_resv_unlock", "\"buf\":\"b1\"")
                .write(dir, "ok.ndjson");
        CheckReport r = TraceChecker.check(p);
        assertEquals(Verdict.ACCEPTED, r.verdict(), r.toText());
    }

    @Test
    void aMapReturningEdeadlkWithNoLockDyingInsideItIsRejected() throws Exception {
        Path p = prefix().call("i1", "dma_buf_map_attachment", MAP + ",\"result\":\"EDEADLK\"").write(dir, "none.ndjson");
        CheckReport r = TraceChecker.check(p);
        assertEquals(Verdict.REJECTED, r.verdict(), r.toText());
        assertTrue(r.brokenRules().contains("F18"), r.toText());
        assertEquals("dma_buf_map_attachment", r.rejection().op(), r.toText());
    }

    @Test
    void anEdeadlkOfTheCallersOwnEarlierLockDoesNotExplainTheMapsOne() throws Exception {
        Path p = prefix()
                .call("i1", "dma_resv_lock", "\"buf\":\"b2\",\"ctx\":\"c2\",\"result\":\"EDEADLK\"")
                .call("i1", "dma_buf_map_attachment", MAP + ",\"result\":\"EDEADLK\"")
                .write(dir, "earlier.ndjson");
        CheckReport r = TraceChecker.check(p);
        assertEquals(Verdict.REJECTED, r.verdict(), r.toText());
        assertTrue(r.brokenRules().contains("F18"), r.toText());
        assertEquals("dma_buf_map_attachment", r.rejection().op(), r.toText());
    }
}
