package org.dmabufspec.conformance.relation.walk.ww;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Optional;
import java.util.Random;

import org.dmabufspec.conformance.relation.walk.EventTrace;
import org.dmabufspec.conformance.relation.walk.VerdictTally;
import org.dmabufspec.conformance.relation.walk.resv.ResvEvent;
import org.junit.jupiter.api.Test;

/**
 * WwOracle's verdicts and rejected events on the first 30 walks of {@link WwMutationAgreementTest}
 * and their mutants, pinned: the line is what the oracle's walk over start and end points gave
 * before it moved to OracleSearch (that walk is gone; it and the search agreed on every trace).
 */
class WwOracleVerdictsTest {
    static final int WALKS = 30;
    static final String POINT_WALK = "270 traces, 179 rejected, verdicts crc32 1cdfa769";

    @Test
    void theSearchGivesTheVerdictsAndRejectedEventsOfThePointWalkOnMutatedWwWalks() {
        VerdictTally tally = new VerdictTally();
        for (long seed = 1; seed <= WALKS; seed++) {
            WwWalk w = WwWalk.walk(seed % 2 == 0, seed);
            EventTrace t = WwWalkToTrace.trace(w);
            WwOracle o = new WwOracle(w.constants());
            add(tally, o.check(t.events()));
            Random rnd = new Random(seed);
            for (WwMutation m : WwMutation.values()) {
                for (int k = 0; k < WwMutationAgreementTest.PER_KIND; k++) {
                    Optional<List<ResvEvent>> mutated = m.apply(t.events(), rnd);
                    mutated.ifPresent(ev -> add(tally, o.check(ev)));
                }
            }
        }
        System.out.println("ww oracle: " + tally);
        assertEquals(POINT_WALK, tally.toString());
    }

    private static void add(VerdictTally tally, WwOracle.Verdict v) {
        tally.add(v.accepted(), v.rejectedIndex());
    }
}
