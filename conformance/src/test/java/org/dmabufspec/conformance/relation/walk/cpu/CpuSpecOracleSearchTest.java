package org.dmabufspec.conformance.relation.walk.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.dmabufspec.conformance.relation.walk.PortCrossCheck;
import org.dmabufspec.conformance.relation.walk.PortCrossCheck.Result;
import org.junit.jupiter.api.Test;

/** CpuSpecOracle on OracleSearch against its old walk over points, on the walks and mutants of {@link CpuMutationAgreementTest}. */
class CpuSpecOracleSearchTest {
    @Test
    void theSearchAndThePointWalkGiveTheSameVerdictAndRejectedEventOnMutatedCpuWalks() {
        PortCrossCheck x = new PortCrossCheck("cpu oracle");
        for (CpuWalkConfig cfg : CpuWalkConfig.all()) {
            CpuSpecOracleByPoints old = new CpuSpecOracleByPoints(cfg);
            CpuSpecOracle now = new CpuSpecOracle(cfg);
            for (long seed = 1; seed <= CpuMutationAgreementTest.WALKS; seed++) {
                CpuTrace t = CpuWalkToTrace.trace(CpuWalk.walk(cfg, seed, CpuMutationAgreementTest.LENGTH));
                x.compare(cfg + " seed " + seed, () -> r(old.check(t.events())), () -> r(now.check(t.events())));
                for (CpuMutation m : CpuMutation.all(t.events())) {
                    x.compare(cfg + " seed " + seed + " " + m.description(), () -> r(old.check(m.events())), () -> r(now.check(m.events())));
                }
            }
        }
        System.out.println(x.summary());
        assertEquals(List.of(), x.differ());
        assertTrue(x.rejected() > x.traces() / 4, x.summary());
    }

    private static Result r(CpuSpecOracleByPoints.Verdict v) {
        return new Result(v.accepted(), v.rejectedIndex());
    }

    private static Result r(CpuSpecOracle.Verdict v) {
        return new Result(v.accepted(), v.rejectedIndex());
    }
}
