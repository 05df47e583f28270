package org.dmabufspec.conformance.capture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPInputStream;
import org.dmabufspec.conformance.checker.CheckReport;
import org.dmabufspec.conformance.checker.TraceChecker;
import org.dmabufspec.conformance.nativerun.NativeDir;
import org.dmabufspec.conformance.nativerun.NativeTraces;
import org.dmabufspec.conformance.nativerun.ScenarioTrace;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.ResourceLock;
import org.dmabufspec.conformance.TestResources;

/**
 * End to end on Debian trixie's stock kernel under qemu: {@code run-vm.sh --capture --misuse}
 * records from outside while the uAPI harness and then the kernel test module run and log
 * their own traces. Each scenario's capture is judged like its self-logged trace and agrees
 * with it (docs/capture.md); the misuse scenarios are rejected naming the same rule. Then
 * v4l2-ctl streams vivid's capture into its output through exported dma-bufs (a real
 * userspace stack from Debian, logging nothing itself): its capture is accepted and shows vb2's
 * calls.
 */
@ResourceLock(TestResources.NATIVE_HOST)
@Tag("native")
class CaptureVmRunTest {

    @Test
    void everyScenarioCapturedFromOutsideIsJudgedLikeItsOwnTraceAndAgreesWithIt() throws Exception {
        Path out = Path.of("target", "capture-vm-run").toAbsolutePath();
        RawCapture raw = runAndCheck(out, List.of());
        assertTrue(raw.probes().get("dma_buf_attach").contains("resv=dmabuf->resv"), raw.probes().get("dma_buf_attach"));
    }

    /**
     * Runs the capture VM run (with EXTRA run-vm.sh arguments) and checks every scenario and the
     * userspace workload; returns the raw capture.
     */
    static RawCapture runAndCheck(Path out, List<String> extra) throws Exception {
        Files.createDirectories(out);
        List<String> cmd = new ArrayList<>(List.of("bash", NativeDir.locate().resolve("vm/run-vm.sh").toString(), "--out", out.toString(),
                "--capture", "--misuse", "--timeout", "600"));
        cmd.addAll(extra);
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(out.resolve("run-vm.log").toFile()).start();
        int rc = p.waitFor();
        String log = Files.readString(out.resolve("run-vm.log"), StandardCharsets.UTF_8);
        String console = Files.readString(out.resolve("console.log"), StandardCharsets.UTF_8);
        assertEquals(0, rc, log + console);
        assertFalse(console.contains("probes left behind"), console);

        Path raw = out.resolve("capture.raw");
        try (InputStream in = new GZIPInputStream(Files.newInputStream(out.resolve("capture.raw.gz")))) {
            Files.write(raw, in.readAllBytes());
        } catch (IOException e) {
            throw new AssertionError("the raw capture from serial 3 is not a complete gzip stream: " + e.getMessage(), e);
        }
        RawCapture rawCapture = RawCaptureParser.parse(raw);
        CapturedTrace all = CaptureConverter.convert(rawCapture, null);
        assertTrue(all.observation().missing().isEmpty(), all.observation().describe().toString());

        List<ScenarioTrace> self = NativeTraces.split(out.resolve("trace.ndjson"));
        List<String> problems = new ArrayList<>();
        int legal = 0;
        int misuse = 0;
        int unseen = 0;
        Path dir = out.resolve("captured");
        Files.createDirectories(dir);
        for (ScenarioTrace t : self) {
            CapturedTrace cut = CaptureFixtures.slice(all, t);
            Path f = dir.resolve(t.fileName());
            Files.writeString(f, cut.toNdjson(), StandardCharsets.UTF_8);
            CheckReport r = TraceChecker.check(f);
            String rule = CaptureFixtures.inject(t);
            String breaking = rule == null ? null : breakingOp(t, dir);
            if (breaking != null && !CaptureAgreement.observable(breaking)) {
                // the misuse is in a step of the module's own exporter or importer (a device access,
                // a reuse of old pages, a move, a fault) or a CPU load or store, which no probe sees:
                // the capture must not invent a rejection
                if (!r.accepted()) {
                    problems.add(t.scenario() + ": misuse of " + rule + " at the unobservable " + breaking + ", but the capture was rejected: " + r.toText());
                } else {
                    unseen++;
                }
            } else if (rule == null && !r.accepted()) {
                problems.add(t.scenario() + ": captured trace rejected: " + r.toText());
            } else if (rule != null && (r.accepted() || !r.brokenRules().equals(List.of(rule)))) {
                problems.add(t.scenario() + ": misuse of " + rule + " judged " + (r.accepted() ? "accepted" : r.brokenRules()));
            } else if (rule == null) {
                legal++;
            } else {
                misuse++;
            }
            for (String d : CaptureAgreement.compare(t.lines(), cut)) {
                problems.add(t.scenario() + ": " + d);
            }
        }
        // the real userspace stack, which logs nothing itself: v4l2-ctl on vivid, both allocators
        for (String name : UserspaceWorkload.PARTS.keySet()) {
            CapturedTrace part = UserspaceWorkload.part(rawCapture, all, name);
            Path f = dir.resolve(name.replace('/', '_') + ".ndjson");
            Files.writeString(f, part.toNdjson(), StandardCharsets.UTF_8);
            CheckReport r = TraceChecker.check(f);
            if (!r.accepted()) {
                problems.add(name + ": captured trace rejected: " + r.toText());
            }
            problems.addAll(UserspaceWorkload.problems(name, part));
        }
        assertEquals(List.of(), problems);
        // 20 harness scenarios (all but vgem/fence-timeout) and 16 legal module scenarios, 5 misuse
        // ones judged from the capture, 6 whose breaking step only the module's own trace shows
        // (ISOLATION, R5, and the CPU-mapping ones: R20 and both R21 at exporter.move, R22 at a fault)
        assertEquals(36, legal);
        assertEquals(5, misuse);
        assertEquals(6, unseen);
        return rawCapture;
    }

    /** The op at which the checker rejects the module's own trace of a misuse scenario. */
    private static String breakingOp(ScenarioTrace t, Path dir) throws Exception {
        Path f = dir.resolve("self-" + t.fileName());
        Files.writeString(f, t.text(), StandardCharsets.UTF_8);
        CheckReport r = TraceChecker.check(f);
        return r.rejection() == null ? null : r.rejection().op();
    }
}
