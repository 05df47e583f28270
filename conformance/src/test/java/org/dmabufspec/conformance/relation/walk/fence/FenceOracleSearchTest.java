package org.dmabufspec.conformance.relation.walk.fence;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import java.util.Random;

import org.dmabufspec.conformance.relation.walk.EventTrace;
import org.dmabufspec.conformance.relation.walk.PortCrossCheck;
import org.dmabufspec.conformance.relation.walk.PortCrossCheck.Result;
import org.dmabufspec.conformance.relation.walk.resv.ResvEvent;
import org.junit.jupiter.api.Test;

/** FenceOracle on OracleSearch against its old walk over points, on the walks and mutants of {@link FenceMutationAgreementTest}. */
class FenceOracleSearchTest {
    @Test
    void theSearchAndThePointWalkGiveTheSameVerdictAndRejectedEventOnMutatedFenceWalks() {
        PortCrossCheck x = new PortCrossCheck("fence oracle");
        for (long seed = 1; seed <= FenceMutationAgreementTest.WALKS; seed++) {
            FenceWalk w = FenceWalk.walk(seed % 2 == 0, seed, FenceMutationAgreementTest.LENGTH);
            EventTrace t = FenceWalkToTrace.trace(w);
            FenceOracleByPoints old = new FenceOracleByPoints(w.constants());
            FenceOracle now = new FenceOracle(w.constants());
            x.compare("seed " + seed, () -> r(old.check(t.events())), () -> r(now.check(t.events())));
            Random rnd = new Random(seed);
            for (FenceMutation m : FenceMutation.values()) {
                for (int k = 0; k < FenceMutationAgreementTest.PER_KIND; k++) {
                    Optional<List<ResvEvent>> mutated = m.apply(t.events(), rnd);
                    if (mutated.isEmpty()) {
                        continue;
                    }
                    List<ResvEvent> ev = mutated.get();
                    x.compare("seed " + seed + " " + m + k, () -> r(old.check(ev)), () -> r(now.check(ev)));
                }
            }
        }
        System.out.println(x.summary());
        assertEquals(List.of(), x.differ());
        assertTrue(x.rejected() > x.traces() / 4, x.summary());
    }

    private static Result r(FenceOracleByPoints.Verdict v) {
        return new Result(v.accepted(), v.rejectedIndex());
    }

    private static Result r(FenceOracle.Verdict v) {
        return new Result(v.accepted(), v.rejectedIndex());
    }
}
