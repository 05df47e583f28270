package org.dmabufspec.conformance.testgen.resv;

import java.util.List;
import java.util.Map;

import org.dmabufspec.conformance.relation.resv.ResvCodec;
import org.dmabufspec.conformance.testgen.KernelCall;
import org.dmabufspec.conformance.testgen.StepPlan;
import org.dmabufspec.conformance.testgen.Vocabulary;
import org.dmabufspec.tlc.TlaValue;

/**
 * A DmaResvScenario module's edges as calls. Each step of a script is one DmaResv action (a probe
 * is poll(POLLIN), its return, poll(POLLOUT), its return, and two EXPORT_SYNC_FILEs), plus the
 * script's own {@code step} counter (and StDmaResv's {@code usage}, fixed by the initial state),
 * which no call observes. So an edge is planned as the DmaResv action that explains its change of
 * DmaResv's variables ({@link ResvPlanner}), and the scenario's Expect is checked through what
 * those calls return (poll's ready mask) and the observed state after them (pending fences with
 * their usages, armed poll callbacks, each exported sync_file signalled or not). A step that
 * changes none of DmaResv's variables ({@code Done}, a script's {@code UNCHANGED vars}) has no call.
 */
final class ScenarioPlanner implements Vocabulary.Planner {
    private final ResvPlanner resv;

    ScenarioPlanner(ResvPlanner resv) {
        this.resv = resv;
    }

    @Override
    public List<KernelCall> setup() {
        return resv.setup();
    }

    @Override
    public StepPlan plan(Map<String, TlaValue> before, String action, Map<String, TlaValue> after) {
        if (ResvCodec.decode(before).equals(ResvCodec.decode(after))) {
            return new StepPlan(null, "the script's step changes no DmaResv variable (Done, or UNCHANGED vars): no call", "F13");
        }
        return resv.plan(before, action, after);
    }

    @Override
    public Map<String, String> observe(Map<String, TlaValue> state) {
        return resv.observe(state);
    }
}
