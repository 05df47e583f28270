package org.dmabufspec.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.ResourceLock;
import org.junit.jupiter.api.parallel.Resources;

/** {@code dmabuf coverage} end to end on the CLI test manifest, TLC forked for real. */
@ResourceLock(Resources.SYSTEM_OUT)
@ResourceLock(Resources.SYSTEM_ERR)
class CoverageCommandTest {
    private static final String SPECS = Path.of("src/test/resources/cli-specs").toAbsolutePath().toString();

    private static CliRun run(String... args) {
        return CliRun.withPicocliWriters(args);
    }

    @Test
    void deadResetIsMarkedNeverTakenWithTheGuardThatStopsItButDoesNotFailWithoutStrict() {
        CliRun r = run("coverage", "--specs", SPECS, "--workers", "1", "DeadReset");
        assertEquals(0, r.exit(), r.out() + r.err());
        assertTrue(r.out().matches("(?s).*\\n  Reset\\s+0\\s+0  NEVER TAKEN: evaluation never got past x > Max"
                + " \\(DeadAction.tla:19\\)\\n.*"), r.out());
        assertTrue(r.out().matches("(?s).*\\n  Step\\s+3\\s+5\\n.*"), r.out());
        assertTrue(r.out().contains("Next (line 23, col 51)"), r.out());
        assertTrue(r.out().contains("4 action(s), 1 never taken"), r.out());
        assertTrue(r.out().contains("total: 1 model(s), 1 as expected, 0 not; 1 never-taken action(s) in 1 passing model(s) (DeadReset)"),
                r.out());
    }

    @Test
    void strictFailsOnANeverTakenActionOfAPassingModel() {
        CliRun r = run("coverage", "--specs", SPECS, "--workers", "1", "--strict", "DeadReset");
        assertEquals(1, r.exit(), r.out() + r.err());
    }

    @Test
    void defaultTierCoversThePassingAndTheExpectedViolationModel() {
        CliRun r = run("coverage", "--specs", SPECS, "--workers", "1", "--strict");
        assertEquals(0, r.exit(), r.out() + r.err());
        assertTrue(r.out().contains("CounterOk: expected ok, verdict ok; 16 distinct states"), r.out());
        assertTrue(r.out().matches("(?s).*\\n  Incr\\s+3\\s+12\\n.*"), r.out());
        assertTrue(r.out().contains("CounterSmall: expected invariant Small, verdict invariant Small"), r.out());
        assertTrue(r.out().contains("counts cover only the states TLC explored before it stopped"), r.out());
        assertTrue(r.out().contains("total: 2 model(s), 2 as expected, 0 not; 0 never-taken action(s) in 0 passing model(s)"),
                r.out());
        assertFalse(r.out().contains("NEVER TAKEN"), r.out());
    }

    @Test
    void markdownGivesAPastableTable() {
        CliRun r = run("coverage", "--specs", SPECS, "--workers", "1", "--markdown", "DeadReset");
        assertEquals(0, r.exit(), r.out() + r.err());
        assertTrue(r.out().contains("### DeadReset\n"), r.out());
        assertTrue(r.out().contains("| action | distinct | generated | |\n|---|---:|---:|---|\n"), r.out());
        assertTrue(r.out().contains("| `Reset` | 0 | 0 | **NEVER TAKEN**: evaluation never got past `x > Max` (DeadAction.tla:19) |"),
                r.out());
        assertTrue(r.out().contains("| `Step` | 3 | 5 |  |"), r.out());
    }

    @Test
    void modelThatDoesNotParseHasNoReportAndFails() {
        CliRun r = run("coverage", "--specs", SPECS, "--workers", "1", "Broken");
        assertEquals(1, r.exit(), r.out() + r.err());
        assertTrue(r.out().contains("(NOT AS EXPECTED)"), r.out());
        assertTrue(r.out().contains("no coverage report"), r.out());
        assertTrue(r.err().contains("ParseError.tla:6:20"), r.err());
    }

    @Test
    void unknownModelIsAUsageError() {
        CliRun r = run("coverage", "--specs", SPECS, "NoSuchModel");
        assertEquals(2, r.exit());
        assertTrue(r.err().contains("unknown model 'NoSuchModel'"), r.err());
    }
}
