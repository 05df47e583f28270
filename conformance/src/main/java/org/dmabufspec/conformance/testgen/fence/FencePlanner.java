package org.dmabufspec.conformance.testgen.fence;

import static org.dmabufspec.conformance.testgen.KernelCall.argMap;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

import org.dmabufspec.conformance.relation.fence.CallbackStatus;
import org.dmabufspec.conformance.relation.fence.DmaFenceVars;
import org.dmabufspec.conformance.relation.fence.FenceConstants;
import org.dmabufspec.conformance.relation.fence.FenceFlags;
import org.dmabufspec.conformance.relation.fence.WaitTimeout;
import org.dmabufspec.conformance.relation.fence.WaiterStatus;
import org.dmabufspec.conformance.testgen.KernelCall;
import org.dmabufspec.conformance.testgen.StepPlan;
import org.dmabufspec.conformance.testgen.Vocabulary;
import org.dmabufspec.tlc.TlaValue;

/**
 * DmaFence edges as dma_fence calls. The call is read from what the step changed, not from the
 * label alone, so the same planner serves MCDmaFence, the st-dma-fence scenarios (whose labels
 * are the scenario's Signal/AddCb/Call) and the mutants:
 * <ul>
 * <li>released set: {@code dma_fence_put} dropping the last reference (release);</li>
 * <li>a waiter's result: {@code dma_fence_wait_timeout}; a waiter that goes to sleep makes no
 * call yet: its call is made at the step where the model lets it return (wake or expiry), so
 * every call runs to completion in one thread;</li>
 * <li>a callback's status: {@code dma_fence_add_callback} (0 or -ENOENT), {@code _remove_callback};</li>
 * <li>SIGNALED set: {@code dma_fence_signal} = 0; a step that changes no DmaFence variable and is
 * labelled as a signal: {@code dma_fence_signal} of a signalled fence = -EINVAL;</li>
 * <li>ferror: {@code dma_fence_set_error}; ENABLE_SIGNAL alone: {@code dma_fence_enable_sw_signaling};</li>
 * <li>a callback run from the signaller's list: no call, it ran inside the signal.</li>
 * </ul>
 * The observable state is what the dma_fence API shows: per fence {@code signaled},
 * {@code status} ({@code dma_fence_get_status}) and the callbacks that ran, in order, counting
 * the ones the model still has queued on a signal in progress (they ran inside the call); per
 * waiter the result of its returned call. ENABLE_SIGNAL is not observable through the API.
 */
final class FencePlanner implements Vocabulary.Planner {
    /** The note of a last put the model force-signals (F11: the kernel WARNs, the implementation records it). */
    static final String FORCED_RELEASE = "the last reference: released unsignalled with callbacks, force-signalled with -EDEADLK";
    static final String TIMEOUT_EXPIRED = "1";
    static final String TIMEOUT_FINITE = "1000000000";

    private final FenceConstants k;

    FencePlanner(FenceConstants k) {
        this.k = k;
    }

    @Override
    public List<KernelCall> setup() {
        List<KernelCall> out = new ArrayList<>();
        Map<String, String> contexts = new LinkedHashMap<>();
        for (String f : new TreeSet<>(k.fences())) {
            String ctx = contexts.computeIfAbsent(k.fenceContext().get(f).toTla(), c -> String.valueOf(contexts.size() + 1));
            out.add(new KernelCall("dma_fence_init", argMap("fence", f, "context", ctx, "seqno",
                    String.valueOf(k.fenceSeqno().get(f))), "0"));
        }
        return out;
    }

    @Override
    public StepPlan plan(Map<String, TlaValue> before, String action, Map<String, TlaValue> after) {
        DmaFenceVars b = DmaFenceVars.decode(before);
        DmaFenceVars a = DmaFenceVars.decode(after);
        for (String f : sorted(k.fences())) {
            if (!b.released().get(f) && a.released().get(f)) {
                // DmaFenceRelease's own condition (not forced's change: an inductive state may have forced set already)
                boolean forced = b.fstate().get(f) != FenceFlags.SIGNALED && !b.cbList().get(f).isEmpty();
                return new StepPlan(new KernelCall("dma_fence_put", argMap("fence", f), "last"),
                        forced ? FORCED_RELEASE : "the last reference: the fence is released", "F11");
            }
        }
        for (String w : sorted(k.waiters())) {
            WaiterStatus from = b.wstate().get(w);
            WaiterStatus to = a.wstate().get(w);
            if (from == to) {
                continue;
            }
            String f = k.waiterFence().get(w);
            WaitTimeout t = k.waiterTimeout().get(w);
            if (to == WaiterStatus.WAITING) {
                return new StepPlan(null, "dma_fence_wait_timeout(" + w + ") sleeps: the call is made when the model lets it return", "F1");
            }
            String timeout = from == WaiterStatus.WAITING && to == WaiterStatus.TIMEDOUT ? TIMEOUT_EXPIRED : timeout(t);
            return new StepPlan(new KernelCall("dma_fence_wait_timeout", argMap("fence", f, "waiter", w, "timeout", timeout),
                    to == WaiterStatus.SIGNALED ? ">0" : "0"),
                    from == WaiterStatus.WAITING ? (to == WaiterStatus.SIGNALED ? "the sleeping waiter wakes" : "the finite timeout expires")
                            : "returns at once", "F1");
        }
        for (String c : sorted(k.callbacks())) {
            CallbackStatus from = b.cbStatus().get(c);
            CallbackStatus to = a.cbStatus().get(c);
            String f = k.callbackFence().get(c);
            if (from == to) {
                continue;
            }
            if (from == CallbackStatus.UNUSED) {
                return new StepPlan(new KernelCall("dma_fence_add_callback", argMap("fence", f, "cb", c),
                        to == CallbackStatus.PENDING ? "0" : "ENOENT"), "", "F7");
            }
            if (to == CallbackStatus.REMOVED) {
                return new StepPlan(new KernelCall("dma_fence_remove_callback", argMap("fence", f, "cb", c), "true"), "", "F7");
            }
        }
        for (String c : sorted(k.callbacks())) {
            String f = k.callbackFence().get(c);
            if (b.cbList().get(f).contains(c) && !a.cbList().get(f).contains(c) && a.running().get(f).isEmpty()
                    && b.cbStatus().get(c) == a.cbStatus().get(c)) {
                // unlinked but still pending to the caller: a remove_callback that reports false
                return new StepPlan(new KernelCall("dma_fence_remove_callback", argMap("fence", f, "cb", c), "false"), "", "F7");
            }
        }
        for (String f : sorted(k.fences())) {
            if (b.fstate().get(f) != FenceFlags.SIGNALED && a.fstate().get(f) == FenceFlags.SIGNALED) {
                return new StepPlan(new KernelCall("dma_fence_signal", argMap("fence", f), "0"), "", "F7, F12");
            }
        }
        for (String f : sorted(k.fences())) {
            if (!b.ferror().get(f).equals(a.ferror().get(f))) {
                return new StepPlan(new KernelCall("dma_fence_set_error", argMap("fence", f, "error", errno(a.ferror().get(f))), "0"),
                        "", "F8");
            }
        }
        for (String f : sorted(k.fences())) {
            if (b.fstate().get(f) == FenceFlags.UNSIGNALED && a.fstate().get(f) == FenceFlags.ENABLED) {
                return new StepPlan(new KernelCall("dma_fence_enable_sw_signaling", argMap("fence", f), "0"), "", "F7");
            }
        }
        for (String f : sorted(k.fences())) {
            if (!b.running().get(f).equals(a.running().get(f)) || !b.ran().get(f).equals(a.ran().get(f))) {
                List<String> ran = a.ran().get(f);
                return new StepPlan(null, "callback " + (ran.isEmpty() ? "?" : ran.get(ran.size() - 1))
                        + " runs inside the dma_fence_signal(" + f + ") call that took the list", "F7");
            }
        }
        if (!b.equals(a)) {
            return new StepPlan(null, "a change no dma_fence call explains (" + action + ")", "F7");
        }
        if (action.contains("Signal")) {
            String f = sorted(k.fences()).stream().filter(g -> b.fstate().get(g) == FenceFlags.SIGNALED).findFirst().orElse(null);
            if (f != null) {
                return new StepPlan(new KernelCall("dma_fence_signal", argMap("fence", f), "EINVAL"), "signalling a signalled fence", "F7");
            }
        }
        if (action.contains("RmCb") || action.contains("RemoveCallback")) {
            String c = sorted(k.callbacks()).stream().filter(x -> b.cbStatus().get(x) != CallbackStatus.PENDING).findFirst().orElse(null);
            if (c != null) {
                return new StepPlan(new KernelCall("dma_fence_remove_callback", argMap("fence", k.callbackFence().get(c), "cb", c), "false"),
                        "the callback is no longer on the list", "F7");
            }
        }
        return new StepPlan(null, "no dma_fence variable changes (" + action + "): no call", "F7");
    }

    @Override
    public Map<String, String> observe(Map<String, TlaValue> state) {
        DmaFenceVars s = DmaFenceVars.decode(state);
        Map<String, String> out = new TreeMap<>();
        for (String f : k.fences()) {
            boolean signaled = s.fstate().get(f) == FenceFlags.SIGNALED;
            out.put(f + ".signaled", String.valueOf(signaled));
            long err = s.ferror().get(f);
            out.put(f + ".status", !signaled ? "0" : err != 0 ? errno(err) : "1");
            List<String> ran = new ArrayList<>(s.ran().get(f));
            ran.addAll(s.running().get(f));
            out.put(f + ".ran", String.join(",", ran));
        }
        for (String w : k.waiters()) {
            WaiterStatus st = s.wstate().get(w);
            out.put(w + ".result", st == WaiterStatus.SIGNALED ? ">0" : st == WaiterStatus.TIMEDOUT ? "0" : "none");
        }
        return out;
    }

    static String timeout(WaitTimeout t) {
        return switch (t) {
            case ZERO -> "0";
            case FINITE -> TIMEOUT_FINITE;
            case INFINITE -> "MAX";
        };
    }

    /** -5 as "EIO"; a positive value (a caller's bug) as the number. */
    static String errno(long value) {
        if (value < 0) {
            try {
                return org.dmabufspec.trace.Errno.ofValue((int) value).name();
            } catch (IllegalArgumentException e) {
                return String.valueOf(value);
            }
        }
        return String.valueOf(value);
    }

    private static List<String> sorted(List<String> names) {
        return new ArrayList<>(new TreeSet<>(names));
    }

}
