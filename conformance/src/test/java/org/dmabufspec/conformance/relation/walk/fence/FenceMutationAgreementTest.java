package org.dmabufspec.conformance.relation.walk.fence;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import java.util.Random;

import org.dmabufspec.conformance.FullSets;
import org.dmabufspec.conformance.checker.CheckReport;
import org.dmabufspec.conformance.checker.Verdict;
import org.dmabufspec.conformance.relation.walk.AgreementTally;
import org.dmabufspec.conformance.relation.walk.EventTrace;
import org.dmabufspec.conformance.relation.walk.resv.ResvEvent;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.ResourceAccessMode;
import org.junit.jupiter.api.parallel.ResourceLock;
import org.junit.jupiter.api.parallel.Resources;

/**
 * Mutated fence walks are judged by the DmaFence relation ({@link FenceOracle}) and by the fast
 * engine: same verdict, but for the differences {@link KnownFenceDisagreements} lists (each pinned
 * on a minimal trace in {@link FenceWalkFindingsTest}). {@code -Dfence.mutation.walks=N} mutates
 * more walks ({@code -Pfull}: 200).
 */
@ResourceLock(value = Resources.SYSTEM_OUT, mode = ResourceAccessMode.READ)
class FenceMutationAgreementTest {
    static final int WALKS = Integer.getInteger("fence.mutation.walks", FullSets.full() ? 200 : 16);
    /** Mutants of each kind per walk. */
    static final int PER_KIND = 2;
    static final int LENGTH = 30;
    private static final java.lang.management.ThreadMXBean CPU = java.lang.management.ManagementFactory.getThreadMXBean();

    @Test
    void theOracleAcceptsEveryWalk() {
        for (long seed = 1; seed <= WALKS; seed++) {
            FenceWalk w = FenceWalk.walk(seed % 2 == 0, seed, LENGTH);
            EventTrace t = FenceWalkToTrace.trace(w);
            FenceOracle.Verdict v = new FenceOracle(w.constants()).check(t.events());
            assertTrue(v.accepted(), () -> v.why() + "\n" + t.toNdjson());
        }
    }

    @Test
    void mutatedFenceWalksGetTheSameVerdictFromTheSpecAndTheFastEngine() {
        AgreementTally<FenceMutation> tally = new AgreementTally<>("fence", FenceMutation.class);
        for (long seed = 1; seed <= WALKS; seed++) {
            FenceWalk w = FenceWalk.walk(seed % 2 == 0, seed, LENGTH);
            EventTrace t = FenceWalkToTrace.trace(w);
            FenceOracle oracle = new FenceOracle(w.constants());
            Random rnd = new Random(seed);
            for (FenceMutation m : FenceMutation.values()) {
                for (int k = 0; k < PER_KIND; k++) {
                    Optional<List<ResvEvent>> mutated = m.apply(t.events(), rnd);
                    if (mutated.isEmpty()) {
                        continue;
                    }
                    EventTrace mt = t.withEvents(t.name() + "-" + m + k, mutated.get());
                    CheckReport fast = tally.fast(mt::check);
                    FenceOracle.Verdict spec = tally.spec(() -> oracle.check(mt.events()));
                    tally.accepts(m, fast.verdict() == Verdict.ACCEPTED, spec.accepted(),
                            () -> KnownFenceDisagreements.explain(fast, spec, mt),
                            () -> mt.name() + ": fast " + fast.verdict() + ", spec " + spec + "\n" + fast.toText() + "\n" + mt.toNdjson());
                }
            }
        }
        tally.assertAgreement(tally.mutants() / 4);
    }
}
