package org.dmabufspec.conformance.nativerun;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.dmabufspec.cli.CliRun;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.ResourceLock;
import org.junit.jupiter.api.parallel.Resources;

/** {@code dmabuf native run} without booting anything: listing and argument errors. */
@ResourceLock(Resources.SYSTEM_OUT)
@ResourceLock(Resources.SYSTEM_ERR)
class NativeRunCommandTest {

    private static CliRun run(String... args) {
        return CliRun.capturingSystemStreams(args);
    }

    @Test
    void listNamesEveryScenarioAndMarksTheSlowFenceExpiry() {
        CliRun r = run("native", "run", "--list");
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.out().contains("kselftest/dmabuf-heaps/alloc-and-import\n"), r.out());
        assertTrue(r.out().contains("threads/fence-vs-cpu-access\n"), r.out());
        assertTrue(r.out().contains("vgem/fence-timeout  (slow)"), r.out());
    }

    @Test
    void aRecordedTrixieRunIsJudgedAgainWithoutBooting(@org.junit.jupiter.api.io.TempDir java.nio.file.Path tmp) throws Exception {
        // the serial stream is the per-scenario traces one after another, in KTAP order
        KtapReport ktap = KtapParser.parse(Fixtures.console());
        StringBuilder stream = new StringBuilder();
        for (KtapResult k : ktap.results()) {
            stream.append(Fixtures.read(Fixtures.trace(k.name())));
        }
        java.nio.file.Path rec = java.nio.file.Files.createDirectories(tmp.resolve("recorded"));
        java.nio.file.Files.writeString(rec.resolve("trace.ndjson"), stream);
        java.nio.file.Files.writeString(rec.resolve("console.log"), Fixtures.console());
        CliRun r = run("native", "run", "--from", rec.toString(), "--out", tmp.resolve("out").toString());
        assertTrue(r.out().startsWith("TAP version 13\n1.." + ktap.planned() + "\n"), r.out());
        assertTrue(r.out().contains("# accepted threads/fence-vs-cpu-access [checker] ACCEPTED"), r.out());
        for (String line : r.out().split("\n")) {
            if (line.startsWith("# REJECTED ")) {
                assertTrue(KnownCheckerGaps.GAPS.containsKey(line.split(" ")[2]), line);
            }
        }
        assertEquals(r.out().contains("# REJECTED ") ? 1 : 0, r.exit(), r.out() + r.err());
    }

    /**
     * Issue 20: a recorded kmod run was judged by the uAPI rules, so its misuse traces, which must
     * be rejected, failed the run ("FAILED: trace kmod/misuse/... rejected by checker", exit 1).
     * It is judged as a live --kmod run: the same report as KmodRun.judge on the same files.
     */
    @Test
    void aRecordedKmodRunIsJudgedAsALiveKmodRun(@org.junit.jupiter.api.io.TempDir java.nio.file.Path tmp) throws Exception {
        java.nio.file.Path rec = java.nio.file.Path.of(NativeRunCommandTest.class.getResource("/native/kmod").toURI());
        CliRun r = run("native", "run", "--from", rec.toString(), "--out", tmp.resolve("out").toString());
        assertEquals(0, r.exit(), r.out() + r.err());
        assertTrue(!r.out().contains("FAILED"), r.out());
        assertTrue(r.out().contains("# kmod conformance: "), r.out());
        var live = org.dmabufspec.conformance.nativerun.kmod.KmodRun.judge(java.nio.file.Files.readString(rec.resolve("console.log")),
                NativeTraces.split(rec.resolve("trace.ndjson")), java.util.List.of(), tmp.resolve("out"));
        java.io.ByteArrayOutputStream b = new java.io.ByteArrayOutputStream();
        live.print(new java.io.PrintStream(b, true, java.nio.charset.StandardCharsets.UTF_8), tmp.resolve("out").resolve("traces").toString());
        assertEquals(b.toString(java.nio.charset.StandardCharsets.UTF_8), r.out());
    }

    /**
     * Issue 20: a recorded uAPI run kept as per-scenario traces (console.log and traces/, as the
     * fixtures are) failed with "no trace.ndjson there"; it is judged like the stream it came from.
     */
    @Test
    void aRecordedRunKeptAsPerScenarioTracesIsJudged(@org.junit.jupiter.api.io.TempDir java.nio.file.Path tmp) throws Exception {
        java.nio.file.Path rec = java.nio.file.Path.of(NativeRunCommandTest.class.getResource("/native/console.log").toURI()).getParent();
        CliRun r = run("native", "run", "--from", rec.toString(), "--out", tmp.resolve("out").toString());
        assertTrue(r.out().startsWith("TAP version 13\n"), r.out() + r.err());
        assertTrue(r.out().contains("# accepted threads/fence-vs-cpu-access [checker] ACCEPTED"), r.out());
        for (String line : r.out().split("\n")) {
            if (line.startsWith("# REJECTED ")) {
                assertTrue(KnownCheckerGaps.GAPS.containsKey(line.split(" ")[2]), line);
            }
        }
        assertEquals(r.out().contains("# REJECTED ") ? 1 : 0, r.exit(), r.out() + r.err());
    }

    @Test
    void aRecordedRunWithoutItsTraceIsAClearError(@org.junit.jupiter.api.io.TempDir java.nio.file.Path tmp) throws Exception {
        java.nio.file.Files.writeString(tmp.resolve("console.log"), Fixtures.console());
        CliRun r = run("native", "run", "--from", tmp.toString(), "--out", tmp.resolve("out").toString());
        assertEquals(2, r.exit());
        assertTrue(r.err().contains("no trace.ndjson there and no traces/*.ndjson"), r.err());
    }

    @Test
    void anUnknownScenarioIsRefusedBeforeAnyBoot() {
        CliRun r = run("native", "run", "--scenario", "igt/vgem_basic/no-such-test");
        assertEquals(2, r.exit());
        assertTrue(r.err().contains("unknown scenario 'igt/vgem_basic/no-such-test'"), r.err());
        assertTrue(!r.err().contains("booting"), r.err());
    }
}
