package org.dmabufspec.conformance.relation.walk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;

import org.dmabufspec.conformance.FullSets;
import org.junit.jupiter.api.Test;

/**
 * The DmaBufAttach oracle decided by the fast checker's generic linearization search
 * ({@link SpecOracle#check}) gives the verdict and the rejected event of the oracle's first
 * algorithm, the walk over start and end points ({@link SpecOracle#checkByPoints}), on spec walks
 * and their mutations (an event dropped, two threads' events swapped, a result flipped, a map
 * direction changed).
 */
class SpecOracleSearchTest {
    /** Default build: one short walk (the other walk tests use check); -Pfull: every configuration, two walks of 24 steps. */
    private static final boolean FULL = FullSets.full();

    @Test
    void theGenericSearchAndThePointWalkGiveTheSameVerdictAndRejectedEventOnMutatedSpecWalks() {
        List<WalkConfig> configs = FULL ? WalkConfig.all()
                : List.of(new WalkConfig("6.2", true, ExporterFlavour.DYNAMIC));
        int seeds = FULL ? 2 : 1;
        int length = FULL ? 24 : 12;
        List<String> differ = new ArrayList<>();
        int traces = 0;
        int rejected = 0;
        for (WalkConfig cfg : configs) {
            SpecOracle oracle = new SpecOracle(cfg);
            for (long seed = 1; seed <= seeds; seed++) {
                WalkTrace t = WalkToTrace.trace(SpecWalk.walk(cfg, seed, length));
                List<List<WalkEvent>> cases = new ArrayList<>();
                cases.add(t.events());
                for (Mutation m : Mutation.all(t.events())) {
                    cases.add(m.events());
                }
                for (List<WalkEvent> events : cases) {
                    SpecOracle.Verdict walk = oracle.checkByPoints(events);
                    SpecOracle.Verdict search = oracle.check(events);
                    traces++;
                    if (!walk.accepted()) {
                        rejected++;
                    }
                    if (walk.accepted() != search.accepted() || walk.rejectedIndex() != search.rejectedIndex()) {
                        differ.add(cfg + " seed " + seed + ": walk " + walk + ", search " + search + "\n" + events);
                    }
                }
            }
        }
        System.out.printf("spec oracle, generic search against the walk over points: %d traces, %d rejected, %d verdicts or rejected events differ%n",
                traces, rejected, differ.size());
        assertEquals(List.of(), differ);
        assertTrue(rejected > traces / 4, "too few rejected mutations for the comparison to mean anything: " + rejected + " of " + traces);
    }
}
