package org.dmabufspec.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code dmabuf capture --convert RAW} on raw captures recorded in the VM runner. */
class CaptureCommandTest {
    private static final Path DIR = Path.of("src/test/resources/capture");

    @TempDir
    Path tmp;

    @Test
    void harnessCaptureConvertsAndIsAccepted() throws Exception {
        Path out = tmp.resolve("uapi.ndjson");
        CliRun r = CliRun.capturingSystemStreams("capture", "--convert", DIR.resolve("uapi.raw").toString(), "--out", out.toString());
        assertEquals(0, r.exit(), r.out() + r.err());
        assertTrue(r.out().contains("written to " + out), r.out());
        assertTrue(r.out().contains("missing: none"), r.out());
        assertTrue(r.out().contains("ACCEPTED"), r.out());
        assertTrue(Files.readString(out, StandardCharsets.UTF_8).startsWith("{\"type\":\"header\""));
    }

    @Test
    void moduleCaptureWithItsMisuseIsRejectedNamingTheRuleAndTheDriverFunction() {
        Path out = tmp.resolve("kmod.ndjson");
        CliRun r = CliRun.capturingSystemStreams("capture", "--convert", DIR.resolve("kmod.raw").toString(), "--out", out.toString());
        assertEquals(1, r.exit(), r.out() + r.err());
        // the first misuse of the run: a map without the reservation lock, made by t_map
        assertTrue(r.out().contains("R3: dma_buf_map_attachment called without the reservation lock"), r.out());
        assertTrue(r.out().contains("called from t_map+"), r.out());
    }

    @Test
    void aMalformedCaptureIsBadInputWithFileLineAndField() throws Exception {
        Path bad = tmp.resolve("bad.raw");
        Files.writeString(bad, "# dmabuf-capture: format 1\nnot ftrace\n", StandardCharsets.UTF_8);
        CliRun r = CliRun.capturingSystemStreams("capture", "--convert", bad.toString(), "--out", tmp.resolve("x.ndjson").toString());
        assertEquals(2, r.exit());
        assertEquals(bad + ":2: field 'line': not an ftrace line (TASK-PID [CPU] FLAGS SECONDS.MICROS: EVENT: ...): 'not ftrace'",
                r.err().strip());
    }
}
