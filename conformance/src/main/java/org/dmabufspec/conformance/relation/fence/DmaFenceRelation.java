package org.dmabufspec.conformance.relation.fence;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.dmabufspec.conformance.relation.SpecRelation;
import org.dmabufspec.conformance.relation.Transition;
import org.dmabufspec.tlc.TlaValue;

/**
 * DmaFence's Next as a relation: MCDmaFence (Spec/FairSpec from Init) and MCDmaFence_Ind
 * (IndInit). MCDmaFence_Ind's CONSTRAINT OneStep is TLC's one-step idiom, which the harness
 * handles (only initial states are expanded), so no constraint is mirrored here.
 */
public final class DmaFenceRelation implements SpecRelation<DmaFenceVars> {
    private final DmaFenceSpec spec;
    private final boolean inductive;

    /** @param inductive MCDmaFence_Ind: Init is IndInit and only initial states are expanded */
    public DmaFenceRelation(DmaFenceSpec spec, boolean inductive) {
        this.spec = spec;
        this.inductive = inductive;
    }

    /**
     * IndInit is a predicate; it is enumerated in Java too ({@link IndInit}) rather than taken
     * from TLC, so the comparison also checks the Java CallbackInv against TLC's.
     */
    @Override
    public Optional<Set<DmaFenceVars>> initialStates() {
        return Optional.of(inductive ? new IndInit(spec).states() : Set.of(spec.init()));
    }

    @Override
    public List<Transition<DmaFenceVars>> next(DmaFenceVars state) {
        return spec.next(state);
    }

    @Override
    public Map<String, TlaValue> encode(DmaFenceVars state) {
        return state.encode();
    }

    @Override
    public DmaFenceVars decode(Map<String, TlaValue> variables) {
        return DmaFenceVars.decode(variables);
    }
}
