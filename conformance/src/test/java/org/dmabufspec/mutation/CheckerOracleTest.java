package org.dmabufspec.mutation;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import org.dmabufspec.conformance.checker.CheckReport;
import org.dmabufspec.conformance.checker.Verdict;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The test PIT runs against each mutant of the reference implementation ({@code ./mvnw -B -Pmutation
 * verify}, docs/mutation.md): one thread, so a run depends only on its seed and a kill is never a
 * flake; every kernel behaviour, with and without the userspace-driver mix. It fails iff the trace
 * checker does not accept the trace. The default build's surefire run skips it (SimulatedTracesTest
 * covers the same ground there); PIT checks it passes on the unmutated code before mutating.
 */
class CheckerOracleTest {
    @TempDir
    Path dir;

    @ParameterizedTest(name = "{0} kernel {1} move_notify {2} uapi {3} seed {4}")
    @CsvSource({
            "400,6.1,true,false,1", "400,6.1,true,false,2", "800,6.1,true,true,1", "800,6.1,true,true,2",
            "400,6.2,true,false,1", "400,6.2,false,false,2", "800,6.2,true,true,1", "800,6.2,false,true,3",
            "400,6.15,true,false,1", "400,6.15,false,false,2", "800,6.15,true,true,1", "800,6.15,false,true,3",
            "400,7.1,true,false,1", "400,7.1,true,false,2", "800,7.1,true,true,1", "800,7.1,true,true,2"})
    void checkerAcceptsTheTrace(int ops, String kernel, boolean moveNotify, boolean uapi, long seed) throws Exception {
        CheckerOracle.Run run = new CheckerOracle.Run(1, ops, kernel, moveNotify, uapi, seed);
        CheckReport r = CheckerOracle.judge(run, dir);
        assertEquals(Verdict.ACCEPTED, r.verdict(), run + "\n" + r.toText());
    }
}
