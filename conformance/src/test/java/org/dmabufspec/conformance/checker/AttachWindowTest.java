package org.dmabufspec.conformance.checker;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * 6.2-6.14 dma_buf_attach of a static importer to a dynamic exporter: list_add under the
 * reservation lock, unlock, then lock again for the attach-time pin + BIDIRECTIONAL map. A thread
 * that takes the lock in between sees the attachment listed but neither pinned nor mapped.
 */
class AttachWindowTest {
    @TempDir
    Path dir;

    private static final String B1 = "\"buf\":\"b1\"";
    private static final String S1 = "{\"attach\":\"a1\",\"sgt\":\"s1\",\"dir\":\"BIDIRECTIONAL\"}";
    private static final String S2 = "{\"attach\":\"a2\",\"sgt\":\"s2\",\"dir\":\"BIDIRECTIONAL\"}";

    /**
     * gpu (dynamic importer, attached first) maps a2 under the lock between cam's two locked sections
     * of attaching a1 (nested events end-ordered, as the reference implementation writes them), and
     * observes {@code seenByGpu}.
     */
    private static TraceBuilder attachWithGpuInTheWindow(String seenByGpu) {
        String a2 = B1 + ",\"attach\":\"a2\"";
        return TraceBuilder.reference("6.2").exportDynamic("b1")
                .at("gpu", 3, 4, "dma_buf_dynamic_attach", a2 + ",\"dev\":\"gpu\",\"args\":{\"allow_peer2peer\":false,\"move_notify\":true}")
                .at("cam", 6, 7, "exporter.attach", B1 + ",\"attach\":\"a1\",\"caller\":15,\"resv_held\":false")
                .at("cam", 8, 9, "dma_resv_lock", B1 + ",\"caller\":15,\"resv_held\":false")
                .at("cam", 10, 11, "dma_resv_unlock", B1 + ",\"caller\":15,\"resv_held\":true")
                .at("gpu", 12, 13, "dma_resv_lock", B1 + ",\"resv_held\":false")
                .at("gpu", 14, 15, "exporter.map_dma_buf", a2 + ",\"sgt\":\"s2\",\"args\":{\"dir\":\"BIDIRECTIONAL\"},\"caller\":8,\"resv_held\":true")
                .at("gpu", 13, 16, "dma_buf_map_attachment", a2 + ",\"sgt\":\"s2\",\"args\":{\"dir\":\"BIDIRECTIONAL\"},\"resv_held\":true,\"state\":" + seenByGpu)
                .at("gpu", 17, 18, "dma_resv_unlock", B1 + ",\"resv_held\":true")
                .at("cam", 20, 21, "dma_resv_lock", B1 + ",\"caller\":15,\"resv_held\":false")
                .at("cam", 22, 23, "exporter.pin", B1 + ",\"attach\":\"a1\",\"caller\":15,\"resv_held\":true")
                .at("cam", 24, 25, "exporter.map_dma_buf", B1 + ",\"attach\":\"a1\",\"sgt\":\"s1\",\"args\":{\"dir\":\"BIDIRECTIONAL\"},"
                        + "\"caller\":15,\"resv_held\":true")
                .at("cam", 26, 27, "dma_resv_wait_timeout", B1 + ",\"args\":{\"usage\":\"KERNEL\",\"timeout\":\"MAX\",\"intr\":true},"
                        + "\"ret\":9223372036854775807,\"caller\":15,\"resv_held\":true")
                .at("cam", 28, 29, "dma_resv_unlock", B1 + ",\"caller\":15,\"resv_held\":true")
                .at("cam", 5, 30, "dma_buf_attach", B1 + ",\"attach\":\"a1\",\"dev\":\"cam\",\"resv_held\":false,\"state\":{\"attachments\":[\"a2\",\"a1\"],"
                        + "\"pin_count\":1,\"placement\":\"VRAM\",\"mapped\":[{\"attach\":\"a2\",\"sgt\":\"s2\",\"dir\":\"BIDIRECTIONAL\"},"
                        + "{\"attach\":\"a1\",\"sgt\":\"s1\",\"dir\":\"BIDIRECTIONAL\"}]}");
    }

    @Test
    void attachmentSeenListedButUnpinnedBetweenTheTwoLockedSectionsIsAccepted() throws Exception {
        CheckReport r = TraceChecker.check(attachWithGpuInTheWindow(
                "{\"attachments\":[\"a2\",\"a1\"],\"pin_count\":0,\"placement\":\"VRAM\",\"mapped\":[" + S2 + "]}").write(dir, "window.ndjson"));
        assertEquals(Verdict.ACCEPTED, r.verdict(), r.toText());
    }

    @Test
    void attachmentSeenMappedButUnpinnedIsRejected() throws Exception {
        CheckReport r = TraceChecker.check(attachWithGpuInTheWindow("{\"attachments\":[\"a2\",\"a1\"],\"pin_count\":0,\"placement\":\"VRAM\",\"mapped\":[" + S2 + "," + S1 + "]}").write(dir, "torn.ndjson"));
        assertEquals(Verdict.REJECTED, r.verdict(), r.toText());
        assertTrue(r.brokenRules().contains("STATE"), r.toText());
    }

    /** gpu's locked section lies between cam's two: a1 cannot be pinned and mapped yet. */
    @Test
    void attachmentSeenPinnedAndMappedBeforeTheSecondLockedSectionIsRejected() throws Exception {
        CheckReport r = TraceChecker.check(attachWithGpuInTheWindow("{\"attachments\":[\"a2\",\"a1\"],\"pin_count\":1,\"placement\":\"VRAM\",\"mapped\":[" + S2 + "," + S1 + "]}").write(dir, "after.ndjson"));
        assertEquals(Verdict.REJECTED, r.verdict(), r.toText());
        assertTrue(r.brokenRules().contains("STATE"), r.toText());
    }
}
