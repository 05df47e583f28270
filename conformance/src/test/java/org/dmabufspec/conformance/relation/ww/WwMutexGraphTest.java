package org.dmabufspec.conformance.relation.ww;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.dmabufspec.conformance.relation.GraphComparison;
import org.dmabufspec.conformance.relation.ModelGraphs;
import org.dmabufspec.conformance.relation.TlcGraph;
import org.junit.jupiter.api.Test;

/** The state-graph comparison catches a WwMutex relation with one guard dropped. */
class WwMutexGraphTest {

    /** MustDie without its {@code held[p] # {}} test: the bug MCWwMutex_DieWithoutLocks models. */
    static final class DieWithoutLocks extends WwMutexRelation {
        DieWithoutLocks(WwMutexConstants c, boolean inductive) {
            super(c, inductive);
        }

        @Override
        protected boolean mustDie(WwMutexState s, String p, String l) {
            return constants().ctxProcs().contains(p) && constants().ctxProcs().stream().filter(q -> !q.equals(p))
                    .anyMatch(q -> older(s, q, p) && (s.held().get(q).contains(l) || waiting(s, q, l)));
        }
    }

    @Test
    void droppingTheAcquiredZeroTestOfCheckKillIsReportedAsExtraDieSteps() {
        TlcGraph g = ModelGraphs.tlcGraph("WwMutex", WwMutexConstants.NAMES);
        WwMutexConstants c = WwMutexConstants.fromPrinted(g.constants());

        // the faithful relation equals g: StateGraphEqualityTest compares it (the same graph and relation)

        GraphComparison.Result wrong = GraphComparison.compare(new DieWithoutLocks(c, false), g, 5);
        assertFalse(wrong.same());
        assertTrue(wrong.report().contains("step DmaResvLockDie only in the Java relation"), wrong::report);
        assertTrue(wrong.report().matches("(?s).*to \\(changes\\): contended\\[p[12]\\]: NoLock -> l[12]; "
                + "pc\\[p[12]\\]: \"blocked\" -> \"backoff\".*"), wrong::report);
    }

    /** The one-step (inductive) comparison expands only TLC's initial states, and still sees the wrong guard. */
    @Test
    void droppedGuardIsAlsoCaughtFromTheInductiveModelsInitialStates() {
        TlcGraph g = ModelGraphs.tlcGraph("WwMutex_Ind", WwMutexConstants.NAMES);
        WwMutexConstants c = WwMutexConstants.fromPrinted(g.constants());
        assertTrue(g.oneStep());
        // the faithful relation equals g: StateGraphEqualityTest compares it (the same graph and relation)
        GraphComparison.Result wrong = GraphComparison.compare(new DieWithoutLocks(c, true), g, 5);
        assertTrue(wrong.report().contains("step DmaResvLockDie only in the Java relation"), wrong::report);
    }
}
