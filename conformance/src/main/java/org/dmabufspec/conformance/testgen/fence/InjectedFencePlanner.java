package org.dmabufspec.conformance.testgen.fence;

import static org.dmabufspec.conformance.testgen.KernelCall.argMap;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;

import org.dmabufspec.conformance.relation.fence.DmaFenceVars;
import org.dmabufspec.conformance.relation.fence.FenceConstants;
import org.dmabufspec.conformance.relation.fence.FenceFlags;
import org.dmabufspec.conformance.relation.fence.WaiterStatus;
import org.dmabufspec.conformance.testgen.KernelCall;
import org.dmabufspec.conformance.testgen.StepPlan;
import org.dmabufspec.conformance.testgen.Vocabulary;
import org.dmabufspec.tlc.TlaValue;

/**
 * MCDmaFence_Ind's edges: every initial state is a CallbackInv state of the bounded domain, built
 * on the reference implementation by state injection ({@code FenceStateInjection}: the flags, the
 * error, the callbacks on cb_list in order, the references; the callbacks that already ran are the
 * test's own record), then each edge is the call {@link FencePlanner} makes of it. Not drivable:
 * <ul>
 * <li>a step from a state inside {@code dma_fence_signal}'s callback loop ({@code running} not
 * empty): the implementation runs the whole list inside the call, so no test can stop it there
 * (the step is the loop's next callback, or a second signal racing with it);</li>
 * <li>a step from a state where the fence is released: a call on it would be a use after free, and
 * the model's remaining steps there (the forced signal's loop, a stutter) are no caller's call;</li>
 * <li>a state with a waiter asleep (none in the manifest's cfg, which has no waiters).</li>
 * </ul>
 */
final class InjectedFencePlanner implements Vocabulary.Planner {
    /** The setup call that builds one fence in the model's state. */
    static final String INJECT = "inject_dma_fence";

    private final FenceConstants k;
    private final FencePlanner calls;

    InjectedFencePlanner(FenceConstants k) {
        this.k = k;
        this.calls = new FencePlanner(k);
    }

    @Override
    public List<KernelCall> setup() {
        return calls.setup();
    }

    @Override
    public Optional<List<KernelCall>> inject(Map<String, TlaValue> state) {
        DmaFenceVars s = DmaFenceVars.decode(state);
        List<KernelCall> out = new ArrayList<>();
        Map<String, String> contexts = new LinkedHashMap<>();
        for (String f : new TreeSet<>(k.fences())) {
            String ctx = contexts.computeIfAbsent(k.fenceContext().get(f).toTla(), c -> String.valueOf(contexts.size() + 1));
            FenceFlags flags = s.fstate().get(f);
            out.add(new KernelCall(INJECT, argMap("fence", f, "context", ctx, "seqno", String.valueOf(k.fenceSeqno().get(f)),
                    "signaled", String.valueOf(flags == FenceFlags.SIGNALED), "enabled", String.valueOf(flags != FenceFlags.UNSIGNALED),
                    "error", FencePlanner.errno(s.ferror().get(f)), "cb_list", String.join(",", s.cbList().get(f)),
                    "ran", String.join(",", s.ran().get(f)), "refs", s.released().get(f) ? "0" : "1"), "0"));
        }
        return Optional.of(out);
    }

    @Override
    public StepPlan plan(Map<String, TlaValue> before, String action, Map<String, TlaValue> after) {
        DmaFenceVars b = DmaFenceVars.decode(before);
        for (String f : new TreeSet<>(k.fences())) {
            if (!b.running().get(f).isEmpty()) {
                return StepPlan.notDrivable("a state inside dma_fence_signal's callback loop (the list taken, callbacks still to"
                        + " run): the implementation runs the loop inside the call and cannot be stopped in it", "F7");
            }
            if (b.released().get(f)) {
                return StepPlan.notDrivable("a step on a released fence: no caller holds a reference to call it with", "F11");
            }
        }
        if (b.wstate().values().stream().anyMatch(w -> w == WaiterStatus.WAITING)) {
            return StepPlan.notDrivable("a waiter asleep in the injected state: a sleeping call cannot be injected", "F1");
        }
        return calls.plan(before, action, after);
    }

    @Override
    public Map<String, String> observe(Map<String, TlaValue> state) {
        return calls.observe(state);
    }
}
