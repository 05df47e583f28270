package org.dmabufspec.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import org.junit.jupiter.api.parallel.ResourceLock;
import org.junit.jupiter.api.parallel.Resources;

/**
 * Issue 20: each command exits with the codes its help text lists, for the reason listed. Every
 * case runs the command in-process and checks the code against the command's own exitCodeList.
 */
@ResourceLock(Resources.SYSTEM_OUT)
@ResourceLock(Resources.SYSTEM_ERR)
class ExitCodesTest {
    private static final Path SPECS = Path.of("src/test/resources/cli-specs").toAbsolutePath();

    @TempDir
    Path dir;

    private static Path resource(String name) throws URISyntaxException {
        return Path.of(ExitCodesTest.class.getResource(name).toURI());
    }

    private static void expect(int code, String reason, CliRun r, String... command) {
        CommandLine cmd = new CommandLine(new Main());
        for (String c : command) {
            cmd = cmd.getSubcommands().get(c);
        }
        Map<String, String> documented = cmd.getCommandSpec().usageMessage().exitCodeList();
        assertTrue(documented.containsKey(Integer.toString(r.exit())), String.join(" ", command) + " exited " + r.exit()
                + ", not in its help text " + documented + "\n" + r.out() + r.err());
        assertEquals(code, r.exit(), reason + ": " + r.out() + r.err());
        assertTrue(documented.get(Integer.toString(code)).toLowerCase().contains(reason), documented + " vs " + reason);
    }

    @Test
    void validate() throws Exception {
        Path accepted;
        try (var s = Files.list(resource("/traces/accepted"))) {
            accepted = s.sorted().findFirst().orElseThrow();
        }
        Path rejected;
        try (var s = Files.list(resource("/traces/rejected"))) {
            rejected = s.sorted().findFirst().orElseThrow();
        }
        expect(0, "accepted", CliRun.capturingSystemStreams("validate", accepted.toString()), "validate");
        expect(1, "rejected", CliRun.capturingSystemStreams("validate", rejected.toString()), "validate");
        Path dup = dir.resolve("dup.ndjson");
        Files.writeString(dup, Files.readString(accepted).replaceFirst("\"clock\":", "\"clock\":\"logical\",\"clock\":"));
        CliRun bad = CliRun.capturingSystemStreams("validate", dup.toString());
        expect(2, "bad input", bad, "validate");
        assertTrue(bad.out().contains("dup.ndjson:1: field 'clock': duplicate field"), bad.out());
        expect(2, "bad input", CliRun.capturingSystemStreams("validate", dir.resolve("missing.ndjson").toString()), "validate");
    }

    @Test
    void simulate() {
        expect(0, "done", CliRun.capturingSystemStreams("simulate", "--ops", "100", "--out", dir.resolve("t.ndjson").toString()), "simulate");
        expect(2, "bad input", CliRun.capturingSystemStreams("simulate", "--threads", "0", "--out", dir.resolve("u.ndjson").toString()), "simulate");
        expect(2, "cannot write", CliRun.capturingSystemStreams("simulate", "--ops", "10", "--out", dir.toString()), "simulate");
    }

    @Test
    void show() {
        expect(0, "verdict as expected", CliRun.withPicocliWriters("show", "--specs", SPECS.toString(), "CounterSmall"), "show");
        // Broken expects ok but has a syntax error
        expect(1, "verdict not as expected", CliRun.withPicocliWriters("show", "--specs", SPECS.toString(), "Broken"), "show");
        expect(2, "bad input", CliRun.withPicocliWriters("show", "--specs", SPECS.toString(), "NoSuchModel"), "show");
    }

    @Test
    void nativeRun() throws Exception {
        expect(0, "passed", CliRun.capturingSystemStreams("native", "run", "--from", resource("/native/kmod").toString(),
                "--out", dir.resolve("out").toString()), "native", "run");
        expect(2, "could not happen", CliRun.capturingSystemStreams("native", "run", "--from", dir.resolve("nothing").toString(),
                "--out", dir.resolve("out2").toString()), "native", "run");
        // a recorded kmod run whose legal scenario's trace was lost fails (1), it is not a pass
        Path rec = Files.createDirectories(dir.resolve("rec"));
        Files.copy(resource("/native/kmod/console.log"), rec.resolve("console.log"));
        String stream = Files.readString(resource("/native/kmod/trace.ndjson"));
        int second = stream.indexOf("{\"type\":\"header\"", 1);
        Files.writeString(rec.resolve("trace.ndjson"), stream.substring(second));
        expect(1, "failed", CliRun.capturingSystemStreams("native", "run", "--from", rec.toString(),
                "--out", dir.resolve("out3").toString()), "native", "run");
    }
}
