package org.dmabufspec.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.parallel.ResourceLock;
import org.junit.jupiter.api.parallel.Resources;

@ResourceLock(Resources.SYSTEM_OUT)
@ResourceLock(Resources.SYSTEM_ERR)
class SimulateCommandTest {
    @TempDir
    Path dir;

    private static CliRun run(String... args) {
        return CliRun.capturingSystemStreams(args);
    }

    @Test
    void simulateWritesACompleteTraceWithTheRequestedKernel() throws Exception {
        Path t = dir.resolve("t.ndjson");
        CliRun r = run("simulate", "--threads", "1", "--ops", "300", "--seed", "4", "--kernel", "6.12", "--move-notify", "off",
                "--out", t.toString());
        assertEquals(0, r.exit(), r.err());
        List<String> lines = Files.readAllLines(t);
        ObjectMapper m = new ObjectMapper();
        JsonNode h = m.readTree(lines.get(0));
        assertEquals("6.2", h.at("/kernel/behaviour").asText(), "a release maps to its behaviour label");
        assertEquals(false, h.at("/kernel/move_notify").asBoolean());
        assertEquals(4, h.get("seed").asLong());
        JsonNode end = m.readTree(lines.get(lines.size() - 1));
        assertEquals("complete", end.get("status").asText());
        assertEquals(lines.size() - 2, end.get("events").asLong());
    }

    @Test
    void sameSeedSameTraceWithOneThread() throws Exception {
        Path a = dir.resolve("a.ndjson");
        Path b = dir.resolve("b.ndjson");
        run("simulate", "--ops", "200", "--seed", "9", "--out", a.toString());
        run("simulate", "--ops", "200", "--seed", "9", "--out", b.toString());
        assertEquals(Files.readString(a), Files.readString(b));
    }

    @Test
    void injectionIsNamedInTheHeaderAndListed() throws Exception {
        CliRun list = run("simulate", "--list-injections");
        assertEquals(0, list.exit());
        for (String name : new String[] {"skip-move-notify", "signal-out-of-order", "skip-kernel-fence-wait",
                "map-without-lock", "reuse-before-fence", "unlocked-map-with-lock-held"}) {
            assertTrue(list.out().contains(name), name);
        }
        Path t = dir.resolve("inj.ndjson");
        CliRun r = run("simulate", "--ops", "300", "--inject", "map-without-lock", "--out", t.toString());
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.err().contains("R3="), r.err());
        assertEquals("map-without-lock", new ObjectMapper().readTree(Files.readAllLines(t).get(0)).get("inject").asText());
    }

    @Test
    void badInputIsExitTwoWithAClearMessage() {
        CliRun k = run("simulate", "--kernel", "4.19", "--out", dir.resolve("x").toString());
        assertEquals(2, k.exit());
        assertTrue(k.err().contains("4.19") && k.err().contains("5.7"), k.err());
        CliRun i = run("simulate", "--inject", "nope", "--out", dir.resolve("x").toString());
        assertEquals(2, i.exit());
        assertTrue(i.err().contains("unknown injection 'nope'"), i.err());
        CliRun o = run("simulate");
        assertEquals(2, o.exit());
        assertTrue(o.err().contains("--out"), o.err());
    }

    @Test
    void benchPrintsFiguresAndTheMachine() {
        CliRun r = run("bench", "refimpl", "--ops", "2000", "--rounds", "1", "--threads", "2");
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.out().contains("cores") && r.out().contains("ops/s"), r.out());
        assertTrue(r.out().contains("tracing on") && r.out().contains("tracing off"), r.out());
    }

    /** Issue 20: a thread count the machine cannot start was a Java stack trace with exit 1 ("a legal run broke a rule"). */
    @Test
    void tooManyThreadsIsBadInputOnOneLine() {
        CliRun r = run("simulate", "--threads", "100000", "--ops", "10", "--out", dir.resolve("t.ndjson").toString());
        assertEquals(2, r.exit(), r.err());
        assertOneLineMessage(r.err(), "--threads must be between 1 and 256");
    }

    /** Issue 20: an output that cannot be written was a stack trace with exit 1; it is an I/O error, exit 2, one line. */
    @Test
    void unwritableOutputIsExitTwoOnOneLine() throws Exception {
        CliRun r = run("simulate", "--ops", "50", "--out", dir.toString());
        assertEquals(2, r.exit(), r.err());
        assertOneLineMessage(r.err(), "cannot write");
        if (Files.exists(Path.of("/proc/version"))) {
            r = run("simulate", "--ops", "50", "--out", "/proc/version");
            assertEquals(2, r.exit(), r.err());
            assertOneLineMessage(r.err(), "cannot write /proc/version");
        }
    }

    static void assertOneLineMessage(String err, String contains) {
        assertEquals(1, err.strip().lines().count(), err);
        assertTrue(err.startsWith("dmabuf "), err);
        assertTrue(err.contains(contains), err);
        assertTrue(!err.contains("Exception in") && !err.contains("\tat "), err);
    }

    /**
     * Issue 20: simulate must stop on SIGTERM and leave a valid trace: a long run streamed to stdout
     * is terminated once it has written events, and the stream ends with an 'aborted' end record
     * that the reader accepts (callees of calls cut off by the signal may name callers never logged).
     */
    @Test
    void sigtermEndsTheTraceAsAbortedAndTheProcessExits() throws Exception {
        String javaBin = ProcessHandle.current().info().command().orElse("java");
        Process p = new ProcessBuilder(javaBin, "-Xmx256m", "-cp", System.getProperty("java.class.path"), Main.class.getName(),
                "simulate", "--threads", "4", "--ops", "100000000", "--out", "-")
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        Path t = dir.resolve("killed.ndjson");
        try (var in = new java.io.BufferedReader(new java.io.InputStreamReader(p.getInputStream(), java.nio.charset.StandardCharsets.UTF_8));
             var w = Files.newBufferedWriter(t)) {
            String line;
            int n = 0;
            while ((line = in.readLine()) != null) {
                w.write(line);
                w.write('\n');
                if (++n == 2000) {
                    p.toHandle().destroy(); // SIGTERM, leaving our end of the pipe open (Process.destroy closes it)
                }
            }
            assertTrue(n > 2000, "the run ended by itself after " + n + " lines");
        } finally {
            p.destroyForcibly();
        }
        assertTrue(p.waitFor(60, java.util.concurrent.TimeUnit.SECONDS), "simulate did not exit after SIGTERM");
        List<String> lines = Files.readAllLines(t);
        JsonNode end = new ObjectMapper().readTree(lines.get(lines.size() - 1));
        assertEquals("end", end.get("type").asText(), lines.get(lines.size() - 1));
        assertEquals("aborted", end.get("status").asText());
        try (var reader = new org.dmabufspec.conformance.trace.TraceReader(t)) {
            while (reader.next() != null) {
                // every record is well-formed
            }
            assertTrue(!reader.end().complete());
        }
    }
}
