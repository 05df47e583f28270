package org.dmabufspec.conformance.relation.walk.ww;

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
 * Mutated ww walks are judged by the WwMutex relation ({@link WwOracle}) and by the fast engine:
 * same verdict, but for the known difference of {@link KnownWwDisagreements} (the others the walks
 * found were checker bugs, fixed; all pinned in {@link WwWalkFindingsTest}). {@code -Dww.mutation.walks=N} mutates more walks
 * ({@code -Pfull}: 200; 400 walks, 3,200 mutants agreed when written).
 */
@ResourceLock(value = Resources.SYSTEM_OUT, mode = ResourceAccessMode.READ)
class WwMutationAgreementTest {
    static final int WALKS = Integer.getInteger("ww.mutation.walks", FullSets.full() ? 200 : 30);
    /** Mutants of each kind per walk. */
    static final int PER_KIND = 2;
    private static final java.lang.management.ThreadMXBean CPU = java.lang.management.ManagementFactory.getThreadMXBean();

    @Test
    void theOracleAcceptsEveryWalk() {
        for (long seed = 1; seed <= WALKS; seed++) {
            WwWalk w = WwWalk.walk(seed % 2 == 0, seed);
            EventTrace t = WwWalkToTrace.trace(w);
            WwOracle.Verdict v = new WwOracle(w.constants()).check(t.events());
            assertTrue(v.accepted(), () -> v.why() + "\n" + t.toNdjson());
        }
    }

    @Test
    void mutatedWwWalksGetTheSameVerdictFromTheSpecAndTheFastEngine() {
        AgreementTally<WwMutation> tally = new AgreementTally<>("ww", WwMutation.class);
        for (long seed = 1; seed <= WALKS; seed++) {
            WwWalk w = WwWalk.walk(seed % 2 == 0, seed);
            EventTrace t = WwWalkToTrace.trace(w);
            WwOracle oracle = new WwOracle(w.constants());
            Random rnd = new Random(seed);
            for (WwMutation m : WwMutation.values()) {
                for (int k = 0; k < PER_KIND; k++) {
                    Optional<List<ResvEvent>> mutated = m.apply(t.events(), rnd);
                    if (mutated.isEmpty()) {
                        continue;
                    }
                    EventTrace mt = t.withEvents(t.name() + "-" + m + k, mutated.get());
                    CheckReport fast = tally.fast(mt::check);
                    WwOracle.Verdict spec = tally.spec(() -> oracle.check(mt.events()));
                    tally.accepts(m, fast.verdict() == Verdict.ACCEPTED, spec.accepted(),
                            () -> KnownWwDisagreements.unseenOlderWaiter(fast, spec, mt) ? "unseen older waiter" : null,
                            () -> mt.name() + ": fast " + fast.verdict() + ", spec " + spec + "\n" + fast.toText() + "\n" + mt.toNdjson());
                }
            }
        }
        tally.assertAgreement(tally.mutants() / 4);
    }
}
