package org.dmabufspec.mutation;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import org.dmabufspec.conformance.checker.CheckReport;
import org.dmabufspec.conformance.checker.Verdict;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The small oracle of the mutation subset that runs in every {@code ./mvnw -B verify} (execution
 * {@code checker-oracle-subset} of conformance/pom.xml, docs/mutation.md): one short run per kernel
 * behaviour, two of them with the userspace-driver mix, one thread. Fails iff the trace checker does
 * not accept the trace.
 */
class CheckerOracleQuickTest {
    @TempDir
    Path dir;

    @ParameterizedTest(name = "{0} ops kernel {1} uapi {2} seed {3}")
    @CsvSource({"300,6.1,false,1", "500,6.2,true,1", "300,6.15,false,2", "500,7.1,true,2"})
    void checkerAcceptsTheTrace(int ops, String kernel, boolean uapi, long seed) throws Exception {
        CheckerOracle.Run run = new CheckerOracle.Run(1, ops, kernel, true, uapi, seed);
        CheckReport r = CheckerOracle.judge(run, dir);
        assertEquals(Verdict.ACCEPTED, r.verdict(), run + "\n" + r.toText());
    }
}
