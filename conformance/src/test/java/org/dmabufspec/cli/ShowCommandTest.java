package org.dmabufspec.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import org.junit.jupiter.api.parallel.ResourceLock;
import org.junit.jupiter.api.parallel.Resources;

/** Issue 20: show's file outputs are pure, a missing counterexample is said, and counterexamples repeat. */
@ResourceLock(Resources.SYSTEM_OUT)
@ResourceLock(Resources.SYSTEM_ERR)
class ShowCommandTest {
    private static final Path SPECS = Path.of("src/test/resources/cli-specs").toAbsolutePath();

    private static CliRun run(String... args) {
        return CliRun.withPicocliWriters(args);
    }

    @Test
    void mermaidOnStdoutIsOnlyTheDiagram() {
        CliRun r = run("show", "--specs", SPECS.toString(), "CounterSmall", "--mermaid");
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.out().startsWith("sequenceDiagram"), r.out());
        assertFalse(r.out().contains("distinct states"), r.out());
        assertTrue(r.err().contains("CounterSmall: "), "the summary goes to stderr: " + r.err());
    }

    @Test
    void passingModelWithItfSaysThereIsNoCounterexampleAndWritesNothing(@TempDir Path tmp) {
        Path itf = tmp.resolve("none.itf.json");
        CliRun r = run("show", "--specs", SPECS.toString(), "CounterOk", "--itf", itf.toString());
        assertEquals(0, r.exit(), "expected ok and got ok: " + r.out() + r.err());
        assertFalse(Files.exists(itf));
        assertTrue(r.err().contains("CounterOk has no counterexample: no ITF file written to " + itf), r.err());
        CliRun m = run("show", "--specs", SPECS.toString(), "CounterOk", "--mermaid");
        assertEquals("", m.out());
        assertTrue(m.err().contains("no diagram printed"), m.err());
    }

    @Test
    void mermaidAndItfCannotBothUseStdout() {
        CliRun r = run("show", "--specs", SPECS.toString(), "CounterSmall", "--mermaid", "--itf", "-");
        assertEquals(2, r.exit());
        assertTrue(r.err().contains("both print to stdout"), r.err());
    }

    /** Two runs with several workers asked for give the same shortest counterexample (show uses one TLC worker). */
    @Test
    void twoRunsGiveTheSameShortestCounterexample(@TempDir Path tmp) throws Exception {
        Path a = tmp.resolve("a.itf.json");
        Path b = tmp.resolve("b.itf.json");
        CliRun ra = run("show", "--specs", SPECS.toString(), "--workers", "4", "CounterSmall", "--itf", a.toString());
        CliRun rb = run("show", "--specs", SPECS.toString(), "--workers", "4", "CounterSmall", "--itf", b.toString());
        assertEquals(0, ra.exit(), ra.err());
        assertEquals(0, rb.exit(), rb.err());
        assertEquals(Files.readString(a), Files.readString(b));
        // Small breaks at x = 2: the shortest behaviour is Init and two increments
        assertEquals(3, new ObjectMapper().readTree(Files.readString(a)).get("states").size());
        String stepsA = ra.out().substring(ra.out().indexOf("1. "), ra.out().indexOf("wrote ITF"));
        String stepsB = rb.out().substring(rb.out().indexOf("1. "), rb.out().indexOf("wrote ITF"));
        assertEquals(stepsA, stepsB);
    }
}
