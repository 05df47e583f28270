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
    void anUnknownScenarioIsRefusedBeforeAnyBoot() {
        Run r = run("native", "run", "--scenario", "igt/vgem_basic/no-such-test");
        assertEquals(2, r.rc());
        assertTrue(r.err().contains("unknown scenario 'igt/vgem_basic/no-such-test'"), r.err());
        assertTrue(!r.err().contains("booting"), r.err());
    }
}
