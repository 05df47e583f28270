package org.dmabufspec.conformance.relation.fence;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * One scenario of MCDmaFence_St: the test's calls in order (call k is step k), then
 * {@code Finished(calls.size())}. The helpers mirror the module's Signal, AddCb and RmCb.
 */
public record StScenario(String test, List<StCall> calls) {

    public StScenario {
        calls = List.copyOf(calls);
    }

    /** The st-dma-fence tests modelled in MCDmaFence_St, by the name their cfg carries (MCDmaFence_St_&lt;test&gt;.cfg). */
    public static final List<String> TESTS = List.of("sanitycheck", "test_signaling", "test_add_callback",
            "test_late_add_callback", "test_rm_callback", "test_late_rm_callback", "test_status", "test_error",
            "test_wait", "test_wait_timeout", "test_stub");

    public static Optional<StScenario> of(String test, DmaFenceSpec spec) {
        StCalls c = new StCalls(spec);
        List<StCall> calls;
        switch (test) {
            case "sanitycheck" -> calls = List.of(
                    c.call("dma_fence_enable_sw_signaling(f1)", s -> list(spec.dmaFenceEnableSwSignaling(s, "f1"))),
                    c.signal("f1"),
                    c.call("dma_fence_put(f1)", s -> list(spec.dmaFenceRelease(s, "f1"))));
            case "test_signaling" -> calls = List.of(c.signal("f1"), c.signal("f1"));
            case "test_add_callback" -> calls = List.of(c.addCb("c1"), c.signal("f1"));
            case "test_late_add_callback" -> calls = List.of(c.signal("f1"), c.addCb("c1"), c.signal("f1"));
            case "test_rm_callback" -> calls = List.of(c.addCb("c1"), c.rmCb("c1"), c.signal("f1"));
            case "test_late_rm_callback" -> calls = List.of(c.addCb("c1"), c.signal("f1"), c.rmCb("c1"));
            case "test_status" -> calls = List.of(c.signal("f1"));
            case "test_error" -> calls = List.of(
                    c.call("dma_fence_set_error(f1, -EIO)", s -> list(spec.dmaFenceSetError(s, "f1", -5))),
                    c.signal("f1"));
            case "test_wait" -> calls = List.of(
                    c.call("dma_fence_wait_timeout(w1)", s -> list(spec.dmaFenceWaitTimeout(s, "w1"))),
                    c.signal("f1"),
                    c.call("dma_fence_wait_timeout(w2)", s -> list(spec.dmaFenceWaitTimeout(s, "w2"))));
            case "test_wait_timeout" -> calls = List.of(
                    c.call("dma_fence_wait_timeout(w1)", s -> list(spec.dmaFenceWaitTimeout(s, "w1"))),
                    c.call("w1 times out", s -> list(spec.dmaFenceWaitTimeoutExpire(s, "w1"))),
                    c.call("dma_fence_wait_timeout(w2)", s -> list(spec.dmaFenceWaitTimeout(s, "w2"))),
                    c.signal("f1"),
                    c.call("w2 wakes", s -> list(spec.dmaFenceWaitWake(s, "w2"))));
            case "test_stub" -> calls = List.of(c.signal("f1"), c.signal("f2"));
            default -> {
                return Optional.empty();
            }
        }
        return Optional.of(new StScenario(test, calls));
    }

    private static List<DmaFenceVars> list(Optional<DmaFenceVars> s) {
        return s.map(List::of).orElse(List.of());
    }

    /** The helpers of MCDmaFence_St that build calls. */
    private record StCalls(DmaFenceSpec spec) {

        /** Call(k, op, 0). */
        StCall call(String what, Function<DmaFenceVars, List<DmaFenceVars>> op) {
            return new StCall(what, op, (s, t) -> 0);
        }

        /** Signal(f, k): DmaFenceSignal(f) \/ DmaFenceSignalAgain(f), returning 0 if this call set SIGNALED, else -EINVAL. */
        StCall signal(String f) {
            return new StCall("dma_fence_signal(" + f + ")", s -> {
                List<DmaFenceVars> out = new ArrayList<>(list(spec.dmaFenceSignal(s, f)));
                spec.dmaFenceSignalAgain(s, f).ifPresent(out::add);
                return out;
            }, (s, t) -> !spec.signaled(s, f) && spec.signaled(t, f) ? 0 : DmaFenceSpec.EINVAL);
        }

        /** AddCb(c, k): -ENOENT when the call left cbStatus "enoent", else 0. */
        StCall addCb(String c) {
            return new StCall("dma_fence_add_callback(" + c + ")", s -> list(spec.dmaFenceAddCallback(s, c)),
                    (s, t) -> t.cbStatus().get(c) == CallbackStatus.ENOENT ? DmaFenceSpec.ENOENT : 0);
        }

        /** RmCb(c, k): remove, or a no-op returning false once the callback left cb_list. */
        StCall rmCb(String c) {
            return new StCall("dma_fence_remove_callback(" + c + ")", s -> {
                List<DmaFenceVars> out = new ArrayList<>(spec.dmaFenceRemoveCallback(s, c));
                if (!spec.dmaFenceRemoveCallbackReturn(s, c)) {
                    out.add(s);
                }
                return out;
            }, (s, t) -> s.cbStatus().get(c) != CallbackStatus.REMOVED && t.cbStatus().get(c) == CallbackStatus.REMOVED ? 1 : 0);
        }
    }
}
