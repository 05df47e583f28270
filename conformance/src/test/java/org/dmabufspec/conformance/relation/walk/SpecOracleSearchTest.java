package org.dmabufspec.conformance.relation.walk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.dmabufspec.conformance.relation.walk.PortCrossCheck.Result;
import org.junit.jupiter.api.Test;

/**
 * SpecOracle on OracleSearch against its old walk over points, on the walks and mutants of
 * {@link MutationAgreementTest} (both of its comparisons).
 */
class SpecOracleSearchTest {
    @Test
    void theSearchAndThePointWalkGiveTheSameVerdictAndRejectedEventOnMutatedSpecWalks() {
        PortCrossCheck x = new PortCrossCheck("attach oracle");
        run(x, WalkConfig.all(), MutationAgreementTest.SEEDS, MutationAgreementTest.LENGTH);
        run(x, List.of(new WalkConfig("6.2", true, ExporterFlavour.CACHE_SGT)), 12, 60);
        System.out.println(x.summary());
        assertEquals(List.of(), x.differ());
        assertTrue(x.rejected() > x.traces() / 4, x.summary());
    }

    private static void run(PortCrossCheck x, List<WalkConfig> configs, int seeds, int length) {
        for (WalkConfig cfg : configs) {
            SpecOracleByPoints old = new SpecOracleByPoints(cfg);
            SpecOracle now = new SpecOracle(cfg);
            for (long seed = 1; seed <= seeds; seed++) {
                WalkTrace t = WalkToTrace.trace(SpecWalk.walk(cfg, seed, length));
                x.compare(cfg + " seed " + seed, () -> r(old.checkByPoints(t.events())), () -> r(now.check(t.events())));
                for (Mutation m : Mutation.all(t.events())) {
                    x.compare(cfg + " seed " + seed + " " + m.description(), () -> r(old.checkByPoints(m.events())),
                            () -> r(now.check(m.events())));
                }
            }
        }
    }

    private static Result r(SpecOracleByPoints.Verdict v) {
        return new Result(v.accepted(), v.rejectedIndex());
    }

    private static Result r(SpecOracle.Verdict v) {
        return new Result(v.accepted(), v.rejectedIndex());
    }
}
