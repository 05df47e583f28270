package org.dmabufspec.conformance.relation.walk.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.dmabufspec.conformance.relation.walk.VerdictTally;
import org.junit.jupiter.api.Test;

/**
 * CpuSpecOracle's verdicts and rejected events on the first walk of each configuration of
 * {@link CpuMutationAgreementTest} and its mutants, pinned: the line is what the oracle's walk
 * over start and end points gave before it moved to OracleSearch (that walk is gone; it and the
 * search agreed on every trace of the agreement test).
 */
class CpuSpecOracleVerdictsTest {
    static final int WALKS = 1;
    static final String POINT_WALK = "204 traces, 132 rejected, verdicts crc32 02d189f1";

    @Test
    void theSearchGivesTheVerdictsAndRejectedEventsOfThePointWalkOnMutatedCpuWalks() {
        VerdictTally tally = new VerdictTally();
        for (CpuWalkConfig cfg : CpuWalkConfig.all()) {
            CpuSpecOracle o = new CpuSpecOracle(cfg);
            for (long seed = 1; seed <= WALKS; seed++) {
                CpuTrace t = CpuWalkToTrace.trace(CpuWalk.walk(cfg, seed, CpuMutationAgreementTest.LENGTH));
                add(tally, o.check(t.events()));
                for (CpuMutation m : CpuMutation.all(t.events())) {
                    add(tally, o.check(m.events()));
                }
            }
        }
        System.out.println("cpu oracle: " + tally);
        assertEquals(POINT_WALK, tally.toString());
    }

    private static void add(VerdictTally tally, CpuSpecOracle.Verdict v) {
        tally.add(v.accepted(), v.rejectedIndex());
    }
}
