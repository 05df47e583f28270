package org.dmabufspec.conformance.nativerun;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.dmabufspec.cli.Main;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import org.junit.jupiter.api.parallel.ResourceLock;
import org.junit.jupiter.api.parallel.Resources;
import org.dmabufspec.conformance.TestResources;

/**
 * End to end: {@code dmabuf native run --vm} boots the Debian trixie kernel under qemu, runs
 * every scenario (the 10 s vgem fence expiry included) and validates every trace. The first
 * run on a machine downloads the kernel (about 110 MB) into the cache.
 */
@ResourceLock(TestResources.NATIVE_HOST)
@ResourceLock(Resources.SYSTEM_OUT)
@ResourceLock(Resources.SYSTEM_ERR)
@Tag("native")
class NativeVmRunTest {

    @Test
    void everyScenarioRunsOnTheTrixieKernelAndEveryTraceIsAccepted() throws Exception {
        Path out = Path.of("target", "native-run-test").toAbsolutePath();
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        PrintStream stdout = System.out;
        int rc;
        try (PrintStream capture = new PrintStream(buf, true, StandardCharsets.UTF_8)) {
            System.setOut(capture);
            rc = new CommandLine(new Main()).execute("native", "run", "--vm", "--out", out.toString(), "--timeout", "600");
        } finally {
            System.setOut(stdout);
        }
        String text = buf.toString(StandardCharsets.UTF_8);
        stdout.print(text);
        int scenarios = HostRunner.list(NativeDir.locate(), System.err).size();
        KtapReport ktap = KtapParser.parse(Files.readString(out.resolve("console.log")));
        assertEquals(scenarios, ktap.results().size(), text);
        assertTrue(ktap.problems().isEmpty(), text);
        // exit 0 needs every trace accepted; until the checker models everything the kernel did,
        // a rejection is tolerated only where KnownCheckerGaps names that scenario and reason
        boolean rejected = false;
        try (var files = Files.list(out.resolve("traces"))) {
            for (Path p : files.filter(f -> f.toString().endsWith(".ndjson")).sorted().toList()) {
                for (ScenarioTrace t : NativeTraces.split(p)) {
                    TraceVerdict v = NativeConformance.validate(t, NativeConformance.defaultValidators(out.resolve("recheck")));
                    assertTrue(KnownCheckerGaps.tolerated(v), v.scenario() + ": " + v.detail());
                    rejected |= !v.accepted();
                }
            }
        }
        assertEquals(rejected ? 1 : 0, rc, text);
        try (var files = Files.list(out.resolve("traces"))) {
            assertEquals(scenarios, files.filter(p -> p.toString().endsWith(".ndjson")).count());
        }
        assertTrue(text.contains("[checker] ACCEPTED"), text);
    }

    @Test
    void aVmThatCannotFinishInTimeIsAClearFailureNotAPass() throws Exception {
        Path out = Path.of("target", "native-run-timeout").toAbsolutePath();
        ByteArrayOutputStream progress = new ByteArrayOutputStream();
        NativeRunException e = org.junit.jupiter.api.Assertions.assertThrows(NativeRunException.class,
                () -> new VmRunner(NativeDir.locate(), 1, new PrintStream(progress, true, StandardCharsets.UTF_8))
                        .run(java.util.List.of(), out));
        assertTrue(e.getMessage().contains("within 1s"), e.getMessage());
    }
}
