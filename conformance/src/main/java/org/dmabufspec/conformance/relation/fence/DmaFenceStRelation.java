package org.dmabufspec.conformance.relation.fence;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.dmabufspec.conformance.relation.SpecRelation;
import org.dmabufspec.conformance.relation.Transition;
import org.dmabufspec.tlc.TlaValue;

/**
 * An MCDmaFence_St scenario's Next: the test's calls ({@code Call}), the signaller's callback
 * loop ({@code Background}) and the end stutter ({@code Finished}).
 */
public final class DmaFenceStRelation implements SpecRelation<StState> {
    private final DmaFenceSpec spec;
    private final StScenario scenario;

    public DmaFenceStRelation(DmaFenceSpec spec, StScenario scenario) {
        this.spec = spec;
        this.scenario = scenario;
    }

    /** StInit. */
    @Override
    public Optional<Set<StState>> initialStates() {
        return Optional.of(Set.of(new StState(spec.init(), 0, 0)));
    }

    /** Quiet: no signaller holds a fence lock. */
    boolean quiet(DmaFenceVars s) {
        return spec.constants().fences().stream().allMatch(f -> spec.fenceLockFree(s, f));
    }

    @Override
    public List<Transition<StState>> next(StState state) {
        List<Transition<StState>> out = new ArrayList<>();
        int k = (int) state.step();
        // Call(k, op, r)
        if (k >= 0 && k < scenario.calls().size() && quiet(state.fence())) {
            StCall call = scenario.calls().get(k);
            for (DmaFenceVars t : call.op().apply(state.fence())) {
                out.add(new Transition<>("Call", new StState(t, k + 1, call.ret().of(state.fence(), t))));
            }
        }
        // Background == \E f : DmaFenceRunCallback(f) /\ UNCHANGED <<step, ret>>
        for (String f : spec.constants().fences()) {
            spec.dmaFenceRunCallback(state.fence(), f).ifPresent(
                    t -> out.add(new Transition<>("Background", new StState(t, state.step(), state.ret()))));
        }
        // Finished(n)
        if (k == scenario.calls().size() && quiet(state.fence())) {
            out.add(new Transition<>("Finished", state));
        }
        return out;
    }

    @Override
    public Map<String, TlaValue> encode(StState state) {
        return state.encode();
    }

    @Override
    public StState decode(Map<String, TlaValue> variables) {
        return StState.decode(variables);
    }
}
