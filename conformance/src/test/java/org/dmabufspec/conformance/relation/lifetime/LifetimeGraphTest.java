package org.dmabufspec.conformance.relation.lifetime;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.dmabufspec.conformance.relation.GraphComparison;
import org.dmabufspec.conformance.relation.ModelGraphs;
import org.dmabufspec.conformance.relation.Mutant;
import org.dmabufspec.conformance.relation.TlcGraph;
import org.dmabufspec.conformance.relation.Transition;
import org.junit.jupiter.api.Test;

/**
 * The state-graph comparison catches DmaBufLifetime relations that copy a bug the spec's models
 * reproduce. That the faithful relation equals these graphs is StateGraphEqualityTest's check (the
 * graphs are shared, so the default run pays for each TLC run once).
 */
class LifetimeGraphTest {

    /** B16's sw_sync before its fix: the signaller takes no reference of its own and drops none after its loop. */
    static final class SignalWithoutRef extends LifetimeRelation {
        SignalWithoutRef(LifetimeConstants c) {
            super(c, false);
        }

        @Override
        protected Optional<LifetimeState> dmaFenceSignal(LifetimeState s) {
            return super.dmaFenceSignal(s).map(t -> {
                LifetimeState.Edit e = t.edit();
                e.fenceRefs = s.fenceRefs();
                return e.build();
            });
        }

        @Override
        protected Optional<LifetimeState> dmaFenceSignalDone(LifetimeState s) {
            return super.dmaFenceSignalDone(s).map(t -> {
                LifetimeState.Edit e = t.edit();
                e.fenceRefs = s.fenceRefs();
                e.fenceLive = s.fenceLive();
                e.releasedUnderLock = s.releasedUnderLock();
                return e.build();
            });
        }
    }

    private static TlcGraph graph(String model) {
        return ModelGraphs.tlcGraph(model, LifetimeConstants.NAMES);
    }

    @Test
    void aSignallerWithoutItsOwnReferenceIsCaught_B16() {
        TlcGraph g = graph("DmaBufLifetime_6_15");
        LifetimeConstants c = LifetimeConstants.fromPrinted(g.constants());
        GraphComparison.Result wrong = GraphComparison.compare(new SignalWithoutRef(c), g, 5);
        assertFalse(wrong.same());
        assertTrue(wrong.report().contains("step DmaFenceSignal only in the Java relation"), wrong::report);
        assertTrue(wrong.report().contains("fenceRefs"), wrong::report);
    }

    /** <= 6.14 attach whose -ERESTARTSYS path skips err_unpin (the bug of DmaBufLifetime_AttachErrorKeepsPin). */
    @Test
    void anInterruptedAttachThatKeepsItsPinIsCaught_R9() {
        TlcGraph g = graph("DmaBufLifetime_6_2_Attach");
        LifetimeConstants c = LifetimeConstants.fromPrinted(g.constants());
        LifetimeRelation real = new LifetimeRelation(c, false);

        GraphComparison.Result wrong = GraphComparison.compare(Mutant.altering(real, (s, steps) -> {
            List<Transition<LifetimeState>> out = new ArrayList<>();
            for (Transition<LifetimeState> t : steps) {
                if (t.action().equals("AttachWaitInterrupted")) {
                    LifetimeState.Edit e = t.successor().edit();
                    e.pins = s.pins();
                    out.add(new Transition<>(t.action(), e.build()));
                } else {
                    out.add(t);
                }
            }
            return out;
        }), g, 5);
        assertFalse(wrong.same());
        assertTrue(wrong.report().contains("step AttachWaitInterrupted only in the Java relation"), wrong::report);
    }
}
