package org.dmabufspec.conformance.relation.walk;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;

import org.junit.jupiter.api.Test;

/**
 * SpecOracle's verdicts and rejected events on the first walk of {@link MutationAgreementTest}
 * for 6.2 with a dynamic and with a cache_sgt exporter, and their mutants (drop, swap, flip,
 * direction), pinned: the line is what the oracle's walk over start and end points gave before it
 * moved to OracleSearch (that walk is gone; it and the search agreed on every trace of the
 * agreement test).
 */
class SpecOracleVerdictsTest {
    static final List<WalkConfig> CONFIGS = List.of(new WalkConfig("6.2", true, ExporterFlavour.DYNAMIC),
            new WalkConfig("6.2", true, ExporterFlavour.CACHE_SGT));
    static final String POINT_WALK = "90 traces, 63 rejected, verdicts crc32 38db2c86";

    @Test
    void theSearchGivesTheVerdictsAndRejectedEventsOfThePointWalkOnMutatedSpecWalks() {
        VerdictTally tally = new VerdictTally();
        for (WalkConfig cfg : CONFIGS) {
            SpecOracle o = new SpecOracle(cfg);
            WalkTrace t = WalkToTrace.trace(SpecWalk.walk(cfg, 1, MutationAgreementTest.LENGTH));
            add(tally, o.check(t.events()));
            for (Mutation m : Mutation.all(t.events())) {
                add(tally, o.check(m.events()));
            }
        }
        System.out.println("attach oracle: " + tally);
        assertEquals(POINT_WALK, tally.toString());
    }

    private static void add(VerdictTally tally, SpecOracle.Verdict v) {
        tally.add(v.accepted(), v.rejectedIndex());
    }
}
