package org.dmabufspec.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.parallel.ResourceLock;
import org.junit.jupiter.api.parallel.Resources;

/** {@code dmabuf capture --convert RAW} on raw captures recorded in the VM runner. */
@ResourceLock(Resources.SYSTEM_OUT)
@ResourceLock(Resources.SYSTEM_ERR)
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

    /**
     * A kernel before 6.6 (its tracefs README offers $arg<N> but no BTF argument names) whose BTF
     * lacks dma_buf_move_notify and dma_fence_enable_sw_signaling, faked by a plain directory:
     * capture fetches the arguments at offsets from the BTF, says exactly which probes are
     * missing and which rules it cannot judge, and removes every probe it added.
     */
    @Test
    void onAKernelWithoutBtfArgumentNamesCaptureFetchesAtBtfOffsetsAndNamesTheMissingFunctionsAndUnjudgedRules() throws Exception {
        Path fs = Files.createDirectories(tmp.resolve("tracing"));
        Files.createDirectories(fs.resolve("instances"));
        Files.writeString(fs.resolve("README"), "\t fetcharg: (%<register>|$<efield>), @<address>, @<symbol>[+|-<offset>],\n"
                + "\t           $stack<index>, $stack, $retval, $comm, $arg<N>,\n"
                + "\t           +|-[u]<offset>(<fetcharg>), \\imm-value, \\\"imm-string\"\n", StandardCharsets.UTF_8);
        Files.writeString(fs.resolve("kprobe_events"), "");
        Path btf = tmp.resolve("vmlinux.btf");
        Files.write(btf, org.dmabufspec.conformance.capture.DmaBufBtf.build(false));
        Path raw = tmp.resolve("old.raw");
        CliRun r = CliRun.capturingSystemStreams("capture", "--tracefs", fs.toString(), "--btf", btf.toString(),
                "--raw", raw.toString(), "--out", tmp.resolve("old.ndjson").toString(), "--", "true");
        assertEquals(0, r.exit(), r.out() + r.err());
        assertTrue(r.err().contains("cannot fetch arguments by BTF name: fetching them at offsets read from " + btf), r.err());
        assertTrue(r.out().contains("missing: dma_buf_move_notify (dma_buf_move_notify: no function dma_buf_move_notify in the kernel's BTF)"),
                r.out());
        assertTrue(r.out().contains("missing: dma_fence_enable_sw_signaling (dma_fence_enable_sw_signaling: no function"
                + " dma_fence_enable_sw_signaling in the kernel's BTF)"), r.out());
        assertTrue(r.out().contains("cannot be judged for lack of a probe: R2, R4\n"), r.out());
        String rawText = Files.readString(raw, StandardCharsets.UTF_8);
        assertTrue(rawText.contains("# dmabuf-capture: probe p:dmabuf_capture/dma_buf_attach dma_buf_attach buf=$arg1:x64"
                + " resv=+216($arg1):x64 dev=+0(+16($arg2)):string"), rawText);
        // every probe written to kprobe_events was removed again
        List<String> events = Files.readAllLines(fs.resolve("kprobe_events"));
        long added = events.stream().filter(l -> l.matches("^[pr]\\d*:dmabuf_capture/.*")).count();
        long removed = events.stream().filter(l -> l.startsWith("-:dmabuf_capture/")).count();
        assertEquals(69, added, events.toString());
        assertEquals(added, removed, events.toString());
    }

    @Test
    void benchCaptureRefusesZeroRoundsBeforeBootingAnything() {
        CliRun r = CliRun.capturingSystemStreams("bench", "capture", "--rounds", "0");
        assertEquals(2, r.exit(), r.out() + r.err());
        assertEquals("dmabuf bench capture: --rounds and --timeout must be at least 1", r.err().strip());
    }
}
