package org.dmabufspec.conformance.relation.fence;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import org.dmabufspec.conformance.relation.GraphComparison;
import org.dmabufspec.conformance.relation.GraphDifference;
import org.dmabufspec.conformance.relation.ModelGraphs;
import org.dmabufspec.conformance.relation.Mutant;
import org.dmabufspec.conformance.relation.Transition;
import org.junit.jupiter.api.Test;

/** The state-graph comparison catches deliberately wrong copies of the DmaFence relation. */
class WrongFenceRelationTest {
    private final DmaFenceRelationProvider provider = new DmaFenceRelationProvider();

    @Test
    void signalWithoutTheSeqnoOrderGuardIsCaught_F12() {
        GraphComparison.Result r = ModelGraphs.compare("DmaFence_Release", provider, constants -> {
            DmaFenceSpec spec = new DmaFenceSpec(FenceConstants.of(constants), false);
            return Mutant.altering(new DmaFenceRelation(spec, false), (s, steps) -> {
                List<Transition<DmaFenceVars>> out = new ArrayList<>(steps);
                for (String f : spec.constants().fences()) {
                    // DmaFenceSignal with the F12 conjunct dropped
                    if (!s.released().get(f) && spec.fenceLockFree(s, f) && !spec.signaled(s, f)
                            && spec.dmaFenceSignal(s, f).isEmpty()) {
                        out.add(new Transition<>("DmaFenceSignal", s.withFstate(f, FenceFlags.SIGNALED)
                                .withRunning(f, s.cbList().get(f)).withCbList(f, List.of())));
                    }
                }
                return out;
            });
        });
        assertFalse(r.same());
        assertTrue(r.differences().stream().allMatch(d -> d instanceof GraphDifference.StepOnlyInJava), r::report);
    }

    @Test
    void forgettingTheCfgsReleaseSubstitutionIsCaught() {
        // MCDmaFence.cfg binds DmaFenceRelease <- MCDmaFenceRelease; the unrestricted release differs
        GraphComparison.Result r = ModelGraphs.compare("DmaFence", provider,
                constants -> new DmaFenceRelation(new DmaFenceSpec(FenceConstants.of(constants), false), false));
        assertFalse(r.same());
        assertTrue(r.differences().stream().anyMatch(d -> d instanceof GraphDifference.StepOnlyInTlc), r::report);
    }

    @Test
    void aTestCallWhileTheSignallerHoldsTheFenceLockIsCaught() {
        // test_late_rm_callback with Call's Quiet conjunct dropped: remove_callback races the callback loop
        GraphComparison.Result r = ModelGraphs.compare("DmaFence_St_test_late_rm_callback", provider, constants -> {
            DmaFenceSpec spec = new DmaFenceSpec(FenceConstants.of(constants), false);
            StScenario scenario = StScenario.of("test_late_rm_callback", spec).orElseThrow();
            DmaFenceStRelation real = new DmaFenceStRelation(spec, scenario);
            return Mutant.altering(real, (s, steps) -> {
                List<Transition<StState>> out = new ArrayList<>(steps);
                int k = (int) s.step();
                if (k < scenario.calls().size() && !real.quiet(s.fence())) {
                    StCall call = scenario.calls().get(k);
                    call.op().apply(s.fence()).forEach(t ->
                            out.add(new Transition<>("Call", new StState(t, k + 1, call.ret().of(s.fence(), t)))));
                }
                return out;
            });
        });
        assertFalse(r.same());
        assertTrue(r.differences().stream().allMatch(d -> d instanceof GraphDifference.StepOnlyInJava), r::report);
    }

    @Test
    void indInitWithoutNoLostCallbackIsCaught_F7() {
        GraphComparison.Result r = ModelGraphs.compare("DmaFence_Ind", provider, constants -> {
            DmaFenceSpec spec = new DmaFenceSpec(FenceConstants.of(constants), false);
            DmaFenceRelation real = new DmaFenceRelation(spec, true);
            // a pending callback on no list of a signalled fence: CallbackInv rules it out
            DmaFenceVars lost = spec.init().withFstate("f1", FenceFlags.SIGNALED).withAdded("f1", List.of("c1"))
                    .withCbStatus("c1", CallbackStatus.PENDING);
            Set<DmaFenceVars> init = new java.util.HashSet<>(real.initialStates().orElseThrow());
            init.add(lost);
            return Mutant.startingIn(real, init);
        });
        assertFalse(r.same());
        assertTrue(r.differences().stream().allMatch(d -> d instanceof GraphDifference.InitialOnlyInJava), r::report);
    }
}
