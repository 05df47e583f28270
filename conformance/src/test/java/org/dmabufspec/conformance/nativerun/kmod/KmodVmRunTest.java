package org.dmabufspec.conformance.nativerun.kmod;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.dmabufspec.cli.Main;
import org.dmabufspec.conformance.nativerun.KtapParser;
import org.dmabufspec.conformance.nativerun.KtapReport;
import org.dmabufspec.conformance.nativerun.KtapResult;
import org.dmabufspec.conformance.nativerun.NativeTraces;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import org.junit.jupiter.api.parallel.ResourceLock;
import org.junit.jupiter.api.parallel.Resources;
import org.dmabufspec.conformance.TestResources;

/**
 * End to end: {@code dmabuf native run --vm --kmod} builds dmabuf_conformance.ko against the
 * Debian trixie kernel (the first run downloads about 54 MB of trixie build packages next to
 * the cached kernel), boots it under qemu, runs every scenario, and judges every trace.
 */
@ResourceLock(TestResources.NATIVE_HOST)
@ResourceLock(Resources.SYSTEM_OUT)
@ResourceLock(Resources.SYSTEM_ERR)
@Tag("native")
class KmodVmRunTest {

    @Test
    void everyModuleScenarioRunsAndLegalTracesAreAcceptedWhileMisuseIsRejectedWithItsRule() throws Exception {
        Path out = Path.of("target", "native-kmod-run-test").toAbsolutePath();
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        PrintStream stdout = System.out;
        int rc;
        try (PrintStream capture = new PrintStream(buf, true, StandardCharsets.UTF_8)) {
            System.setOut(capture);
            rc = new CommandLine(new Main()).execute("native", "run", "--vm", "--kmod", "--out", out.toString(), "--timeout", "600");
        } finally {
            System.setOut(stdout);
        }
        String text = buf.toString(StandardCharsets.UTF_8);
        stdout.print(text);
        assertEquals(0, rc, text);
        KtapReport ktap = KtapParser.parse(Files.readString(out.resolve("console.log")));
        assertEquals(KmodFixtures.SCENARIOS, ktap.results().size(), text);
        assertTrue(ktap.results().stream().allMatch(KtapResult::passed), text);
        assertEquals(KmodFixtures.SCENARIOS, NativeTraces.split(out.resolve("trace.ndjson")).size());
        // the same judgement, recomputed from the files the run left
        KmodReport again = KmodRun.judge(Files.readString(out.resolve("console.log")),
                NativeTraces.split(out.resolve("trace.ndjson")), List.of(), out.resolve("recheck"));
        assertTrue(again.passed(), String.join("\n", again.problems()));
        for (String rule : List.of("R2", "R3", "R8", "R12", "ISOLATION", "R5", "R20", "R21", "R22")) {
            assertTrue(text.contains("(misuse, breaks " + rule + "): rejected ["), rule + " misuse not reported rejected:\n" + text);
        }
        assertTrue(text.contains("# kmod conformance: 16 legal scenarios accepted, 11 misuse scenarios rejected"), text);
    }
}
