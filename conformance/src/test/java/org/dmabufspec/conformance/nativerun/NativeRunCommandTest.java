package org.dmabufspec.conformance.nativerun;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.dmabufspec.cli.CliRun;
import org.junit.jupiter.api.Test;

/** {@code dmabuf native run} without booting anything: listing and argument errors. */
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

    @Test
    void aRecordedRunWithoutItsTraceIsAClearError(@org.junit.jupiter.api.io.TempDir java.nio.file.Path tmp) throws Exception {
        java.nio.file.Files.writeString(tmp.resolve("console.log"), Fixtures.console());
        CliRun r = run("native", "run", "--from", tmp.toString(), "--out", tmp.resolve("out").toString());
        assertEquals(2, r.exit());
        assertTrue(r.err().contains("no trace.ndjson there"), r.err());
    }

    @Test
    void anUnknownScenarioIsRefusedBeforeAnyBoot() {
        CliRun r = run("native", "run", "--scenario", "igt/vgem_basic/no-such-test");
        assertEquals(2, r.exit());
        assertTrue(r.err().contains("unknown scenario 'igt/vgem_basic/no-such-test'"), r.err());
        assertTrue(!r.err().contains("booting"), r.err());
    }
}
