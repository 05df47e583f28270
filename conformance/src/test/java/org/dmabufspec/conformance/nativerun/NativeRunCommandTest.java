package org.dmabufspec.conformance.nativerun;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.dmabufspec.cli.Main;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** {@code dmabuf native run} without booting anything: listing and argument errors. */
class NativeRunCommandTest {

    private record Run(int rc, String out, String err) {
    }

    private static Run run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream o = System.out;
        PrintStream e = System.err;
        int rc;
        try (PrintStream po = new PrintStream(out, true, StandardCharsets.UTF_8);
             PrintStream pe = new PrintStream(err, true, StandardCharsets.UTF_8)) {
            System.setOut(po);
            System.setErr(pe);
            rc = new CommandLine(new Main()).execute(args);
        } finally {
            System.setOut(o);
            System.setErr(e);
        }
        return new Run(rc, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void listNamesEveryScenarioAndMarksTheSlowFenceExpiry() {
        Run r = run("native", "run", "--list");
        assertEquals(0, r.rc(), r.err());
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
        Run r = run("native", "run", "--from", rec.toString(), "--out", tmp.resolve("out").toString());
        assertTrue(r.out().startsWith("TAP version 13\n1.." + ktap.planned() + "\n"), r.out());
        assertTrue(r.out().contains("# accepted threads/fence-vs-cpu-access [checker] ACCEPTED"), r.out());
        for (String line : r.out().split("\n")) {
            if (line.startsWith("# REJECTED ")) {
                assertTrue(KnownCheckerGaps.GAPS.containsKey(line.split(" ")[2]), line);
            }
        }
        assertEquals(r.out().contains("# REJECTED ") ? 1 : 0, r.rc(), r.out() + r.err());
    }

    @Test
    void aRecordedRunWithoutItsTraceIsAClearError(@org.junit.jupiter.api.io.TempDir java.nio.file.Path tmp) throws Exception {
        java.nio.file.Files.writeString(tmp.resolve("console.log"), Fixtures.console());
        Run r = run("native", "run", "--from", tmp.toString(), "--out", tmp.resolve("out").toString());
        assertEquals(2, r.rc());
        assertTrue(r.err().contains("no trace.ndjson there"), r.err());
    }

    @Test
    void anUnknownScenarioIsRefusedBeforeAnyBoot() {
        Run r = run("native", "run", "--scenario", "igt/vgem_basic/no-such-test");
        assertEquals(2, r.rc());
        assertTrue(r.err().contains("unknown scenario 'igt/vgem_basic/no-such-test'"), r.err());
        assertTrue(!r.err().contains("booting"), r.err());
    }
}
