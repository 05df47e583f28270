package org.dmabufspec.conformance.relation.coherency;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Traces whose buffer operations are, or are not, coherent on a non-coherent platform. */
class TraceCoherencyTest {
    @TempDir
    Path dir;

    /** Capture: the importer maps FROM_DEVICE, the device writes, unmap, then the CPU reads in a SYNC bracket. */
    private Path capture(String behaviour, boolean dynamicImporter, boolean exporterCpuOps) throws Exception {
        Trace t = new Trace(behaviour)
                .event("dma_buf_export", "\"buf\":\"b1\",\"args\":{\"exporter\":\"system\",\"dynamic\":false}")
                .event(dynamicImporter ? "dma_buf_dynamic_attach" : "dma_buf_attach",
                        "\"buf\":\"b1\",\"attach\":\"a1\",\"dev\":\"cam\""
                                + (dynamicImporter ? ",\"args\":{\"move_notify\":true}" : ""))
                .event("dma_buf_map_attachment", "\"buf\":\"b1\",\"attach\":\"a1\",\"sgt\":\"s1\",\"args\":{\"dir\":\"FROM_DEVICE\"}")
                .event("dma_buf_unmap_attachment", "\"buf\":\"b1\",\"attach\":\"a1\",\"sgt\":\"s1\",\"args\":{\"dir\":\"FROM_DEVICE\"}")
                .event("DMA_BUF_IOCTL_SYNC", "\"buf\":\"b1\",\"args\":{\"flags\":\"START|READ\"}");
        if (exporterCpuOps) {
            t.event("exporter.begin_cpu_access", "\"buf\":\"b1\",\"args\":{\"dir\":\"FROM_DEVICE\"}");
        }
        t.event("DMA_BUF_IOCTL_SYNC", "\"buf\":\"b1\",\"args\":{\"flags\":\"END|READ\"}")
                .event("dma_buf_detach", "\"buf\":\"b1\",\"attach\":\"a1\"");
        return t.write(dir.resolve("capture-" + behaviour + "-" + dynamicImporter + "-" + exporterCpuOps + ".ndjson"));
    }

    @Test
    void seed004DynamicImporterOfAStaticExporterOn62ReadsAStaleLine() throws Exception {
        List<TraceCoherency.AttachmentCoherency> r = TraceCoherency.check(capture("6.2", true, false), false);
        assertEquals(1, r.size());
        CoherencyVerdict.StaleRead s = assertInstanceOf(CoherencyVerdict.StaleRead.class, r.get(0).verdict());
        assertEquals(Party.CPU, s.witness().lastRead().by());
        String d = r.get(0).describe();
        assertTrue(d.contains("line 6 (DMA_BUF_IOCTL_SYNC)") && d.contains("BIDIRECTIONAL sg_table cached at attach")
                && d.contains("a CPU load"), d);
    }

    @Test
    void sameCaptureIsCoherentOn615AndForAStaticImporterOn62() throws Exception {
        for (Path p : List.of(capture("6.15", true, false), capture("6.2", false, false))) {
            List<TraceCoherency.AttachmentCoherency> r = TraceCoherency.check(p, false);
            assertInstanceOf(CoherencyVerdict.Coherent.class, r.get(0).verdict(), r.get(0).describe());
        }
    }

    @Test
    void seed004IsRepairedByAnExporterWithBeginCpuAccess() throws Exception {
        List<TraceCoherency.AttachmentCoherency> r = TraceCoherency.check(capture("6.2", true, true), false);
        assertInstanceOf(CoherencyVerdict.Coherent.class, r.get(0).verdict(), r.get(0).describe());
        assertTrue(r.get(0).setting().contains("exporter with begin/end_cpu_access"), r.get(0).setting());
    }

    @Test
    void cacheSgtMappingExporterCachesTheFirstMapsDirection() throws Exception {
        Path p = new Trace("6.2")
                .event("dma_buf_export", "\"buf\":\"b1\",\"args\":{\"exporter\":\"x\",\"dynamic\":false,\"cache_sgt_mapping\":true}")
                .event("dma_buf_attach", "\"buf\":\"b1\",\"attach\":\"a1\",\"dev\":\"gpu\"")
                .event("DMA_BUF_IOCTL_SYNC", "\"buf\":\"b1\",\"args\":{\"flags\":\"START|WRITE\"}")
                .event("DMA_BUF_IOCTL_SYNC", "\"buf\":\"b1\",\"args\":{\"flags\":\"END|WRITE\"}")
                .event("dma_buf_map_attachment", "\"buf\":\"b1\",\"attach\":\"a1\",\"sgt\":\"s1\",\"args\":{\"dir\":\"TO_DEVICE\"}")
                .event("dma_buf_unmap_attachment", "\"buf\":\"b1\",\"attach\":\"a1\",\"sgt\":\"s1\",\"args\":{\"dir\":\"TO_DEVICE\"}")
                .write(dir.resolve("cache-sgt.ndjson"));
        TraceCoherency.AttachmentCoherency a = TraceCoherency.check(p, false).get(0);
        // the first map calls map_dma_buf and cleans: the device reads the CPU's data
        assertInstanceOf(CoherencyVerdict.Coherent.class, a.verdict(), a.describe());
        assertTrue(a.setting().contains("TO_DEVICE table cached at the first map"), a.setting());
        assertEquals(3, a.operations(), "attach moved to the first map, then map and unmap: " + a.describe());
    }

    @Test
    void unmapWhileUserspaceHoldsAWriteBracketIsReported() throws Exception {
        Path p = new Trace("6.15")
                .event("dma_buf_export", "\"buf\":\"b1\",\"args\":{\"exporter\":\"system\",\"dynamic\":false}")
                .event("dma_buf_attach", "\"buf\":\"b1\",\"attach\":\"a1\",\"dev\":\"gpu\"")
                .event("dma_buf_map_attachment", "\"buf\":\"b1\",\"attach\":\"a1\",\"sgt\":\"s1\",\"args\":{\"dir\":\"BIDIRECTIONAL\"}")
                .event("DMA_BUF_IOCTL_SYNC", "\"buf\":\"b1\",\"args\":{\"flags\":\"START|RW\"}")
                .event("exporter.begin_cpu_access", "\"buf\":\"b1\",\"args\":{\"dir\":\"BIDIRECTIONAL\"}")
                .event("dma_buf_unmap_attachment", "\"buf\":\"b1\",\"attach\":\"a1\",\"sgt\":\"s1\",\"args\":{\"dir\":\"BIDIRECTIONAL\"}")
                .write(dir.resolve("unmap-in-window.ndjson"));
        TraceCoherency.AttachmentCoherency a = TraceCoherency.check(p, false).get(0);
        assertInstanceOf(CoherencyVerdict.StaleRead.class, a.verdict(), a.describe());
        assertTrue(a.describe().contains("line 7 (dma_buf_unmap_attachment)"), a.describe());
    }

    @Test
    void syncStartWhileTheDeviceOwnsAMappingAndNoExporterOpsIsOutsideTheModel() throws Exception {
        Path p = new Trace("6.15")
                .event("dma_buf_export", "\"buf\":\"b1\",\"args\":{\"exporter\":\"udmabuf\",\"dynamic\":false}")
                .event("dma_buf_attach", "\"buf\":\"b1\",\"attach\":\"a1\",\"dev\":\"gpu\"")
                .event("dma_buf_map_attachment", "\"buf\":\"b1\",\"attach\":\"a1\",\"sgt\":\"s1\",\"args\":{\"dir\":\"TO_DEVICE\"}")
                .event("DMA_BUF_IOCTL_SYNC", "\"buf\":\"b1\",\"args\":{\"flags\":\"START|WRITE\"}")
                .write(dir.resolve("sync-while-mapped.ndjson"));
        TraceCoherency.AttachmentCoherency a = TraceCoherency.check(p, false).get(0);
        CoherencyVerdict.NotEnabled n = assertInstanceOf(CoherencyVerdict.NotEnabled.class, a.verdict());
        assertEquals(2, n.index());
        assertTrue(a.describe().contains("line 5 (DMA_BUF_IOCTL_SYNC)") && a.describe().contains("ExporterCpuAccessOps"),
                a.describe());
    }

    @Test
    void storesMadeBeforeTheAttachmentExistsAreCarriedIntoItsCheck() throws Exception {
        // arm64 before c50f11c6196f: map FROM_DEVICE drops the dirty line of a store made before the attach
        Trace t = new Trace("6.15")
                .event("dma_buf_export", "\"buf\":\"b1\",\"args\":{\"exporter\":\"udmabuf\",\"dynamic\":false}")
                .event("DMA_BUF_IOCTL_SYNC", "\"buf\":\"b1\",\"args\":{\"flags\":\"START|WRITE\"}")
                .event("DMA_BUF_IOCTL_SYNC", "\"buf\":\"b1\",\"args\":{\"flags\":\"END|WRITE\"}")
                .event("dma_buf_attach", "\"buf\":\"b1\",\"attach\":\"a1\",\"dev\":\"cam\"")
                .event("dma_buf_map_attachment", "\"buf\":\"b1\",\"attach\":\"a1\",\"sgt\":\"s1\",\"args\":{\"dir\":\"FROM_DEVICE\"}")
                .event("dma_buf_unmap_attachment", "\"buf\":\"b1\",\"attach\":\"a1\",\"sgt\":\"s1\",\"args\":{\"dir\":\"FROM_DEVICE\"}")
                .event("DMA_BUF_IOCTL_SYNC", "\"buf\":\"b1\",\"args\":{\"flags\":\"START|READ\"}");
        Path p = t.write(dir.resolve("store-before-attach.ndjson"));
        TraceCoherency.AttachmentCoherency old = TraceCoherency.check(p, true).get(0);
        assertInstanceOf(CoherencyVerdict.StaleRead.class, old.verdict(), old.describe());
        assertEquals(Party.CPU, ((CoherencyVerdict.StaleRead) old.verdict()).witness().lastRead().writer(),
                "the lost write is the CPU's store from before the attach");
        TraceCoherency.AttachmentCoherency now = TraceCoherency.check(p, false).get(0);
        assertInstanceOf(CoherencyVerdict.Coherent.class, now.verdict(), now.describe());
    }

    @Test
    void overlappingBracketsOfTwoThreadsLeaveTheModelAndLaterAttachmentsSaySo() throws Exception {
        Path p = new Trace("6.15")
                .event("dma_buf_export", "\"buf\":\"b1\",\"args\":{\"exporter\":\"system\",\"dynamic\":false}")
                .event("DMA_BUF_IOCTL_SYNC", "\"buf\":\"b1\",\"args\":{\"flags\":\"START|READ\"}")
                .event("DMA_BUF_IOCTL_SYNC", "\"buf\":\"b1\",\"args\":{\"flags\":\"START|WRITE\"}")
                .event("dma_buf_attach", "\"buf\":\"b1\",\"attach\":\"a1\",\"dev\":\"gpu\"")
                .write(dir.resolve("nested.ndjson"));
        TraceCoherency.AttachmentCoherency a = TraceCoherency.check(p, false).get(0);
        assertInstanceOf(CoherencyVerdict.NotEnabled.class, a.verdict(), a.describe());
        assertTrue(a.describe().contains("line 4 (DMA_BUF_IOCTL_SYNC)") && a.describe().contains("already open"),
                a.describe());
    }

    /** A minimal trace writer: one thread, consecutive clock ticks. */
    private static final class Trace {
        private final String behaviour;
        private final List<String> events = new ArrayList<>();

        Trace(String behaviour) {
            this.behaviour = behaviour;
        }

        Trace event(String op, String fields) {
            int n = events.size() + 1;
            events.add("{\"type\":\"event\",\"seq\":" + n + ",\"thread\":\"t0\",\"start\":" + (2 * n) + ",\"end\":"
                    + (2 * n + 1) + ",\"op\":\"" + op + "\"," + fields + ",\"result\":0}");
            return this;
        }

        Path write(Path p) throws Exception {
            StringBuilder b = new StringBuilder("{\"type\":\"header\",\"format\":\"dmabuf-trace\",\"version\":1,"
                    + "\"implementation\":{\"name\":\"reference-impl\",\"version\":\"test\"},\"kernel\":{\"behaviour\":\""
                    + behaviour + "\",\"move_notify\":true},\"clock\":\"logical\"}\n");
            events.forEach(e -> b.append(e).append('\n'));
            b.append("{\"type\":\"end\",\"events\":").append(events.size()).append(",\"status\":\"complete\"}\n");
            Files.writeString(p, b);
            return p;
        }
    }
}
