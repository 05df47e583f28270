package org.dmabufspec.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.parallel.ResourceLock;
import org.junit.jupiter.api.parallel.Resources;

/**
 * The two fuzzers' CLI modes that docs/reliability.md records figures for, on a few cases each:
 * they run, print the figures the docs quote, and exit 0 only when nothing failed.
 */
@ResourceLock(Resources.SYSTEM_OUT)
@ResourceLock(Resources.SYSTEM_ERR)
class BenchFuzzersCommandTest {

    @Test
    void benchFuzzChecksMutantsAndPrintsNoExceptionAndNoCaseOverTheBound() {
        CliRun r = CliRun.capturingSystemStreams("bench", "fuzz", "--cases", "12", "--big-mb", "0");
        assertEquals(0, r.exit(), r.out() + r.err());
        assertTrue(r.out().contains("cases: 12 in "), r.out());
        assertTrue(r.out().contains("unexpected exceptions: 0\ncases over 10000 ms: 0\n"), r.out());
    }

    @Test
    void benchSchedulesRunsLegalWorkloadsUnderScheduleNoiseAndRejectsNone(@TempDir Path keep) {
        CliRun r = CliRun.capturingSystemStreams("bench", "schedules", "--schedules", "2", "--ops", "8", "--busy", "0",
                "--keep", keep.toString());
        assertEquals(0, r.exit(), r.out() + r.err());
        assertTrue(r.out().contains("schedules run: 2 ("), r.out());
        assertTrue(r.out().contains("traces rejected: 0, invariant failures: 0"), r.out());
    }

    @Test
    void benchSchedulesRefusesNoNoiseAsBadOptions() {
        CliRun r = CliRun.capturingSystemStreams("bench", "schedules", "--noise", "0");
        assertEquals(2, r.exit(), r.out() + r.err());
        assertTrue(r.err().contains("--noise 1..100"), r.err());
    }
}
