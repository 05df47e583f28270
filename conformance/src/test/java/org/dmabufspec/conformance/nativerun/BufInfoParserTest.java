package org.dmabufspec.conformance.nativerun;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import org.junit.jupiter.api.Test;

class BufInfoParserTest {

    /** A whole bufinfo file as 6.12 prints it (dma_buf_debug_show + dma_resv_describe). */
    private static final String FILE_6_12 = "\nDma-buf Objects:\n"
            + "size    \tflags   \tmode    \tcount   \texp_name\tino     \tname\n"
            + "00004096\t00000002\t00080007\t00000004\tsystem\t00000145\t<none>\n"
            + "\twrite fence:vgem unbound seq 1 unsignalled\n"
            + "\tread fence:vgem unbound seq 1 signalled\n"
            + "\tAttached Devices:\n\tvgem\nTotal 1 devices attached\n\n"
            + "00016384\t00000002\t00080007\t00000001\tudmabuf\t00000146\tcamera\n"
            + "\tAttached Devices:\nTotal 0 devices attached\n\n"
            + "\nTotal 2 objects, 20480 bytes\n";

    @Test
    void trixieFileWithAPendingWriteFenceAndAVgemAttachment() throws Exception {
        BufInfo info = BufInfoParser.parse(FILE_6_12);
        assertEquals(BufInfoFormat.USAGE_SEQ, info.format());
        assertEquals(2, info.buffers().size());
        BufInfoBuffer b = info.byInode(145).orElseThrow();
        assertEquals("ino:145", b.bufId());
        assertEquals("system", b.exporter());
        assertEquals(List.of("vgem"), b.devices());
        assertEquals(1, b.unsignalled("KERNEL", "WRITE"));
        assertEquals(0, b.unsignalled("READ"));
        assertEquals("camera", info.byInode(146).orElseThrow().name());
    }

    @Test
    void everySnapshotInTheRecordedTracesParsesAsTheSeqFormat() throws Exception {
        ObjectMapper json = new ObjectMapper();
        int snapshots = 0;
        boolean sawFence = false;
        for (var file : Fixtures.traceFiles()) {
            for (String line : Fixtures.read(file).split("\n")) {
                JsonNode b = json.readTree(line).path("state").get("bufinfo");
                if (b == null) {
                    continue;
                }
                BufInfo info = BufInfoParser.parse(b.asText());
                assertEquals(1, info.buffers().size(), line);
                assertTrue(info.format() == BufInfoFormat.USAGE_SEQ || info.format() == BufInfoFormat.NO_FENCES, line);
                sawFence |= info.format() == BufInfoFormat.USAGE_SEQ;
                snapshots++;
            }
        }
        assertTrue(snapshots > 100, "only " + snapshots + " snapshots");
        assertTrue(sawFence);
    }

    @Test
    void newerContextSeqnoFormatBlanksNamesOfSignalledFences() throws Exception {
        BufInfo info = BufInfoParser.parse("00004096\t00000002\t00080007\t00000003\tsystem\t00000007\t<none>\n"
                + "\tkernel fence:12:3 unbound vgem unsignalled\n"
                + "\twrite fence:13:1   signalled\n"
                + "\tAttached Devices:\nTotal 0 devices attached\n");
        assertEquals(BufInfoFormat.USAGE_CONTEXT_SEQNO, info.format());
        BufInfoFence k = info.buffers().get(0).fences().get(0);
        assertEquals("KERNEL", k.usage());
        assertEquals(12L, k.context());
        assertEquals("vgem", k.driver());
        assertFalse(k.signalled());
        BufInfoFence w = info.buffers().get(0).fences().get(1);
        assertEquals("", w.driver());
        assertTrue(w.signalled());
    }

    @Test
    void pre517ExclusiveAndSharedFencesReadAsWriteAndRead() throws Exception {
        BufInfo info = BufInfoParser.parse("00004096\t00000002\t00080007\t00000003\tsystem\t00000007\t<none>\n"
                + "\tExclusive fence: i915 ring0 unsignalled\n"
                + "\tShared fence: i915 ring1 signalled\n"
                + "\tAttached Devices:\n\t0000:00:02.0\nTotal 1 devices attached\n");
        assertEquals(BufInfoFormat.EXCLUSIVE_SHARED, info.format());
        assertEquals("WRITE", info.buffers().get(0).fences().get(0).usage());
        assertEquals("READ", info.buffers().get(0).fences().get(1).usage());
        assertNull(info.buffers().get(0).fences().get(0).seqno());
    }

    @Test
    void anUnknownFenceLineIsRefusedWithItsLineNumber() {
        BufInfoFormatException e = assertThrows(BufInfoFormatException.class, () -> BufInfoParser.parse(
                "00004096\t00000002\t00080007\t00000003\tsystem\t00000007\t<none>\n"
                        + "\tfence 0xffff888 pending on ring 3\n"
                        + "\tAttached Devices:\nTotal 0 devices attached\n"));
        assertTrue(e.getMessage().startsWith("bufinfo line 2"), e.getMessage());
        assertTrue(e.getMessage().contains("unknown fence line"), e.getMessage());
    }

    @Test
    void anOldRowWithoutInodeColumnIsRefused() {
        BufInfoFormatException e = assertThrows(BufInfoFormatException.class,
                () -> BufInfoParser.parse("00004096\t00000002\t00080007\t00000003\tsystem\n"));
        assertTrue(e.getMessage().contains("not a buffer row"), e.getMessage());
    }

    @Test
    void aDeviceCountThatDisagreesWithTheListIsRefused() {
        BufInfoFormatException e = assertThrows(BufInfoFormatException.class, () -> BufInfoParser.parse(
                "00004096\t00000002\t00080007\t00000003\tsystem\t00000007\t<none>\n\tAttached Devices:\n\tvgem\nTotal 2 devices attached\n"));
        assertTrue(e.getMessage().contains("says 2 devices but 1"), e.getMessage());
    }

    @Test
    void aBlockCutShortIsRefused() {
        BufInfoFormatException e = assertThrows(BufInfoFormatException.class, () -> BufInfoParser.parse(
                "00004096\t00000002\t00080007\t00000003\tsystem\t00000007\t<none>\n\tAttached Devices:\n"));
        assertTrue(e.getMessage().contains("cut short"), e.getMessage());
    }
}
