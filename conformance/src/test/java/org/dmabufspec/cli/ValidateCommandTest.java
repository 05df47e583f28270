package org.dmabufspec.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.parallel.ResourceLock;
import org.junit.jupiter.api.parallel.Resources;

/** {@code dmabuf validate}: the exit codes its help text documents. */
@ResourceLock(Resources.SYSTEM_OUT)
@ResourceLock(Resources.SYSTEM_ERR)
class ValidateCommandTest {
    @TempDir
    Path dir;

    private static final String HEADER = "{\"type\":\"header\",\"format\":\"dmabuf-trace\",\"version\":1,\"implementation\":"
            + "{\"name\":\"native-uapi\",\"version\":\"test\"},\"kernel\":{\"behaviour\":\"6.15\",\"move_notify\":true},\"clock\":\"logical\"}\n";
    private static final String EXPORT = "{\"type\":\"event\",\"seq\":1,\"thread\":\"main\",\"start\":1,\"end\":2,\"op\":\"dma_buf_export\","
            + "\"buf\":\"b1\",\"args\":{\"exporter\":\"system\",\"dynamic\":false},\"result\":0}\n";

    private Path trace(String... events) throws Exception {
        StringBuilder b = new StringBuilder(HEADER).append(EXPORT);
        for (String e : events) {
            b.append(e).append('\n');
        }
        b.append("{\"type\":\"end\",\"events\":").append(events.length + 1).append(",\"status\":\"complete\"}\n");
        Path p = dir.resolve("t.ndjson");
        Files.writeString(p, b);
        return p;
    }

    private Path syncEndWithoutStart() throws Exception {
        return trace("{\"type\":\"event\",\"seq\":2,\"thread\":\"main\",\"start\":3,\"end\":4,\"op\":\"DMA_BUF_IOCTL_SYNC\",\"buf\":\"b1\","
                + "\"args\":{\"flags\":\"SYNC_END|SYNC_READ\"},\"result\":0}");
    }

    @Test
    void syncEndWithoutStartExitsZeroAndPrintsTheWarning() throws Exception {
        CliRun r = CliRun.capturingSystemStreams("validate", syncEndWithoutStart().toString());
        assertEquals(0, r.exit(), r.out() + r.err());
        assertTrue(r.out().startsWith("ACCEPTED"), r.out());
        assertTrue(r.out().contains("userspace warning U1"), r.out());
    }

    @Test
    void strictUserspaceExitsThreeOnAWarning() throws Exception {
        CliRun r = CliRun.capturingSystemStreams("validate", "--strict-userspace", "--json", syncEndWithoutStart().toString());
        assertEquals(3, r.exit(), r.out() + r.err());
        assertTrue(r.out().contains("\"exit\" : 3"), r.out());
    }

    /** Two attaches overlapping on one buffer: two candidate orders, over a bound of one. */
    @Test
    void candidateBoundHitExitsTwoNamingTheBoundAndItsOption() throws Exception {
        Path t = trace(
                "{\"type\":\"event\",\"seq\":2,\"thread\":\"t1\",\"start\":3,\"end\":6,\"op\":\"dma_buf_attach\",\"buf\":\"b1\",\"attach\":\"a1\",\"dev\":\"d1\",\"result\":0}",
                "{\"type\":\"event\",\"seq\":3,\"thread\":\"t2\",\"start\":4,\"end\":5,\"op\":\"dma_buf_attach\",\"buf\":\"b1\",\"attach\":\"a2\",\"dev\":\"d2\",\"result\":0}");
        CliRun bounded = CliRun.capturingSystemStreams("validate", "--max-candidates", "1", t.toString());
        assertEquals(2, bounded.exit(), bounded.out() + bounded.err());
        assertTrue(bounded.out().contains("more than 1 candidate linearizations"), bounded.out());
        assertTrue(bounded.out().contains("--max-candidates"), bounded.out());
        CliRun free = CliRun.capturingSystemStreams("validate", t.toString());
        assertEquals(0, free.exit(), free.out() + free.err());
    }
}
