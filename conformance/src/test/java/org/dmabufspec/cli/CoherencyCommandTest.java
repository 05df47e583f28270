package org.dmabufspec.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.parallel.ResourceLock;
import org.junit.jupiter.api.parallel.Resources;

@ResourceLock(Resources.SYSTEM_OUT)
@ResourceLock(Resources.SYSTEM_ERR)
class CoherencyCommandTest {
    @TempDir
    Path dir;

    private static CliRun run(String... args) {
        return CliRun.capturingSystemStreams(args);
    }

    private static final String HEADER = "{\"type\":\"header\",\"format\":\"dmabuf-trace\",\"version\":1,"
            + "\"implementation\":{\"name\":\"reference-impl\",\"version\":\"test\"},"
            + "\"kernel\":{\"behaviour\":\"6.2\",\"move_notify\":true},\"clock\":\"logical\"}\n";

    private static String event(int seq, String op, String fields) {
        return "{\"type\":\"event\",\"seq\":" + seq + ",\"thread\":\"t0\",\"start\":" + (2 * seq) + ",\"end\":" + (2 * seq + 1)
                + ",\"op\":\"" + op + "\"," + fields + ",\"result\":0}\n";
    }

    /** Seed 004: a dynamic importer of a static exporter on 6.2 maps FROM_DEVICE from the cached BIDIRECTIONAL table. */
    private Path seed004() throws Exception {
        String t = HEADER
                + event(1, "dma_buf_export", "\"buf\":\"b1\",\"args\":{\"exporter\":\"x\",\"dynamic\":false}")
                + event(2, "dma_buf_dynamic_attach", "\"buf\":\"b1\",\"attach\":\"a1\",\"dev\":\"cam\",\"args\":{\"move_notify\":true}")
                + event(3, "dma_buf_map_attachment", "\"buf\":\"b1\",\"attach\":\"a1\",\"sgt\":\"s1\",\"args\":{\"dir\":\"FROM_DEVICE\"}")
                + event(4, "dma_buf_unmap_attachment", "\"buf\":\"b1\",\"attach\":\"a1\",\"sgt\":\"s1\",\"args\":{\"dir\":\"FROM_DEVICE\"}")
                + event(5, "DMA_BUF_IOCTL_SYNC", "\"buf\":\"b1\",\"args\":{\"flags\":\"START|READ\"}")
                + "{\"type\":\"end\",\"events\":5,\"status\":\"complete\"}\n";
        Path p = dir.resolve("seed004.ndjson");
        Files.writeString(p, t);
        return p;
    }

    @Test
    void seed004TraceReportsTheStaleReadWithItsLine() throws Exception {
        CliRun r = run("coherency", seed004().toString());
        assertEquals(1, r.exit(), r.out() + r.err());
        assertTrue(r.out().contains("STALE READ") && r.out().contains("line 6 (DMA_BUF_IOCTL_SYNC)"), r.out());
    }

    @Test
    void simulatedTraceIsCoherent() throws Exception {
        Path t = dir.resolve("sim.ndjson");
        assertEquals(0, run("simulate", "--threads", "1", "--ops", "300", "--seed", "4", "--kernel", "6.12",
                "--out", t.toString()).exit());
        CliRun r = run("coherency", "--all", t.toString());
        assertEquals(0, r.exit(), r.out() + r.err());
        assertTrue(r.out().contains("coherent  buffer"), r.out());
    }

    @Test
    void truncatedTraceIsBadInputNamingTheLine() throws Exception {
        Path p = seed004();
        String s = Files.readString(p);
        Files.writeString(p, s.substring(0, s.indexOf("{\"type\":\"end\"") - 10));
        CliRun r = run("coherency", p.toString());
        assertEquals(2, r.exit(), r.out() + r.err());
        assertTrue(r.err().contains("seed004.ndjson") && r.err().contains("line"), r.err());
    }

    @Test
    void missingFileIsBadInput() {
        CliRun r = run("coherency", dir.resolve("nope.ndjson").toString());
        assertEquals(2, r.exit());
        assertTrue(r.err().contains("no such file"), r.err());
    }
}
