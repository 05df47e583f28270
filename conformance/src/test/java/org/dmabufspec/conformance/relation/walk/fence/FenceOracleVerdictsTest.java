package org.dmabufspec.conformance.relation.walk.fence;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Optional;
import java.util.Random;

import org.dmabufspec.conformance.relation.walk.EventTrace;
import org.dmabufspec.conformance.relation.walk.VerdictTally;
import org.dmabufspec.conformance.relation.walk.resv.ResvEvent;
import org.junit.jupiter.api.Test;

/**
 * FenceOracle's verdicts and rejected events on the first 8 walks of
 * {@link FenceMutationAgreementTest} and their mutants, pinned: the line is what the oracle's walk
 * over start and end points gave before it moved to OracleSearch (that walk is gone; it and the
 * search agreed on every trace of the agreement test).
 */
class FenceOracleVerdictsTest {
    static final int WALKS = 8;
    static final String POINT_WALK = "84 traces, 33 rejected, verdicts crc32 d90bf609";

    @Test
    void theSearchGivesTheVerdictsAndRejectedEventsOfThePointWalkOnMutatedFenceWalks() {
        VerdictTally tally = new VerdictTally();
        for (long seed = 1; seed <= WALKS; seed++) {
            FenceWalk w = FenceWalk.walk(seed % 2 == 0, seed, FenceMutationAgreementTest.LENGTH);
            EventTrace t = FenceWalkToTrace.trace(w);
            FenceOracle o = new FenceOracle(w.constants());
            add(tally, o.check(t.events()));
            Random rnd = new Random(seed);
            for (FenceMutation m : FenceMutation.values()) {
                for (int k = 0; k < FenceMutationAgreementTest.PER_KIND; k++) {
                    Optional<List<ResvEvent>> mutated = m.apply(t.events(), rnd);
                    mutated.ifPresent(ev -> add(tally, o.check(ev)));
                }
            }
        }
        System.out.println("fence oracle: " + tally);
        assertEquals(POINT_WALK, tally.toString());
    }

    private static void add(VerdictTally tally, FenceOracle.Verdict v) {
        tally.add(v.accepted(), v.rejectedIndex());
    }
}
