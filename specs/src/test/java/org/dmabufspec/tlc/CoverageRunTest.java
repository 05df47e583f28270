package org.dmabufspec.tlc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Forks TLC with coverage on, on a fixture and on a real model of specs/tla. */
class CoverageRunTest {
    private static final ModelRunner RUNNER = ModelRunner.withTlcOnClasspath();
    private static final RunOptions OPTS = RunOptions.defaults().withWorkers(1).withTimeout(Duration.ofMinutes(5))
            .withTlcOptions(CoverageParser.TLC_OPTIONS);

    @Test
    void deadActionFixtureRunReportsResetNeverTaken() {
        TlcResult r = RUNNER.run(Fixtures.DIR, "DeadAction.tla", "DeadAction.cfg", OPTS, p -> { });
        assertEquals(new Verdict.Ok(), r.verdict());
        ModelCoverage c = CoverageParser.parse(r.output()).orElseThrow();
        assertEquals("Reset", c.neverTaken().get(0).name());
        assertEquals(1, c.neverTaken().size());
    }

    /** DeviceAccessIsolated would hold vacuously if the model never moved the buffer or never touched it. */
    @Test
    void dmaBufAttach615TakesMoveNotifyDeviceAccessAndReleaseOfOldStorage() {
        TlcResult r = RUNNER.run(Path.of("tla"), "MCDmaBufAttach.tla", "MCDmaBufAttach_6_15.cfg", OPTS, p -> { });
        assertEquals(new Verdict.Ok(), r.verdict());
        ModelCoverage c = CoverageParser.parse(r.output()).orElseThrow();
        for (String action : new String[] {"DmaBufMoveNotify", "ImporterDeviceAccess", "DmaBufReleaseOldStorage"}) {
            assertTrue(c.generated(action) > 0, action + " never taken: " + c.action(action));
        }
    }
}
