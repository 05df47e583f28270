package org.dmabufspec.mutation;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import org.dmabufspec.conformance.checker.CheckReport;
import org.dmabufspec.conformance.checker.Verdict;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The two {@code --uapi} runs of {@link CheckerOracleQuickTest}, alone: the judge of the
 * {@code uapi} package's mutation run on a loaded machine (docs/mutation.md, run 7). The
 * userspace-driver classes are reached only by these runs; every protocol step of the other two
 * runs happens here too. Not in the default test run (conformance/pom.xml excludes it).
 */
class CheckerOracleUapiTest {
    @TempDir
    Path dir;

    @ParameterizedTest(name = "{0} ops kernel {1} uapi {2} seed {3}")
    @CsvSource({"500,6.2,true,1", "500,7.1,true,2"})
    void checkerAcceptsTheTrace(int ops, String kernel, boolean uapi, long seed) throws Exception {
        CheckerOracle.Run run = new CheckerOracle.Run(1, ops, kernel, true, uapi, seed);
        CheckReport r = CheckerOracle.judge(run, dir);
        assertEquals(Verdict.ACCEPTED, r.verdict(), run + "\n" + r.toText());
    }
}
