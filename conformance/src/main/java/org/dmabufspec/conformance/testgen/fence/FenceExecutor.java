package org.dmabufspec.conformance.testgen.fence;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.dmabufspec.conformance.testgen.BatchRunner;
import org.dmabufspec.conformance.testgen.GeneratedTest;
import org.dmabufspec.conformance.testgen.InjectedRunner;
import org.dmabufspec.conformance.testgen.KernelCall;
import org.dmabufspec.conformance.testgen.TestRun;
import org.dmabufspec.fence.DmaFence;
import org.dmabufspec.fence.DmaFenceCb;
import org.dmabufspec.fence.FenceStateInjection;
import org.dmabufspec.kernel.Kernel;
import org.dmabufspec.trace.Errno;

/**
 * Runs a dma_fence test on the reference implementation in this thread: one {@link Kernel}
 * (6.15 behaviour, RECORD mode so that a misuse is traced rather than thrown), the calls in
 * order, and after each step the observable state read back through the API and compared with the
 * model's ({@link BatchRunner}): each test on its own fences, fence contexts and callbacks.
 */
final class FenceExecutor {
    private static final String BEHAVIOUR = "6.15";

    private FenceExecutor() {
    }

    /** Tests per kernel and trace: one checker run judges a whole batch, each test on fresh objects. */
    static final int BATCH = 400;

    private static final BatchRunner RUNNER = new BatchRunner(BEHAVIOUR, BATCH, World::new);

    /** The tests of MCDmaFence_Ind, each from an injected state. */
    private static final InjectedRunner INJECTED = new InjectedRunner(BEHAVIOUR, World::new,
            (step, misuse) -> misuse.rule().equals("F11") && FencePlanner.FORCED_RELEASE.equals(step.note()));

    static List<TestRun> run(List<GeneratedTest> tests, Set<String> injections) {
        List<GeneratedTest> fresh = tests.stream().filter(t -> t.initial() == null).toList();
        List<GeneratedTest> injected = tests.stream().filter(t -> t.initial() != null).toList();
        List<TestRun> out = new ArrayList<>(fresh.isEmpty() ? List.of() : RUNNER.run(fresh, injections));
        out.addAll(INJECTED.run(injected, injections));
        return out;
    }

    /** The objects of one test on the reference implementation, by model name. */
    private static final class World implements BatchRunner.World {
        private final Kernel kernel;
        private final Map<String, DmaFence> fences = new LinkedHashMap<>();
        private final Map<String, Long> contexts = new HashMap<>();
        private final Map<String, DmaFenceCb> callbacks = new HashMap<>();
        private final Map<String, List<String>> ran = new HashMap<>();
        private final Map<String, String> waiters = new HashMap<>();

        private final String prefix;

        /** @param prefix makes callback ids unique when several tests share a trace */
        World(Kernel kernel, String prefix) {
            this.kernel = kernel;
            this.prefix = prefix;
        }

        @Override
        public void init(KernelCall c) {
            if (c.op().equals(InjectedFencePlanner.INJECT)) {
                inject(c);
                return;
            }
            if (!c.op().equals("dma_fence_init")) {
                throw new IllegalArgumentException("dma_fence setup: not a dma_fence_init: " + c);
            }
            String f = c.args().get("fence");
            long ctx = contexts.computeIfAbsent(c.args().get("context"), x -> kernel.fenceContextAlloc(1));
            fences.put(f, DmaFence.init(kernel, ctx, Long.parseLong(c.args().get("seqno"))));
            ran.put(f, new ArrayList<>());
        }

        /** A fence built in the model's state ({@link FenceStateInjection}); its callbacks record their runs as usual. */
        private void inject(KernelCall c) {
            String f = c.args().get("fence");
            long ctx = contexts.computeIfAbsent(c.args().get("context"), x -> kernel.fenceContextAlloc(1));
            List<String> ranBefore = names(c.args().get("ran"));
            ran.put(f, new ArrayList<>(ranBefore));
            List<DmaFenceCb> list = new ArrayList<>();
            for (String cb : names(c.args().get("cb_list"))) {
                list.add(cb(new KernelCall("", Map.of("fence", f, "cb", cb), "")));
            }
            String error = c.args().get("error");
            fences.put(f, FenceStateInjection.fence(kernel, ctx, Long.parseLong(c.args().get("seqno")),
                    Boolean.parseBoolean(c.args().get("signaled")), Boolean.parseBoolean(c.args().get("enabled")),
                    error.equals("0") ? null : Errno.parse(error), list, Integer.parseInt(c.args().get("refs"))));
        }

        private static List<String> names(String csv) {
            return csv == null || csv.isEmpty() ? List.of() : List.of(csv.split(","));
        }

        private DmaFence fence(KernelCall c) {
            DmaFence f = fences.get(c.args().get("fence"));
            if (f == null) {
                throw new IllegalArgumentException("no fence " + c.args().get("fence") + " in the setup: " + c);
            }
            return f;
        }

        private DmaFenceCb cb(KernelCall c) {
            String name = c.args().get("cb");
            String f = c.args().get("fence");
            return callbacks.computeIfAbsent(name, n -> new DmaFenceCb(prefix + n, fence -> ran.get(f).add(n)));
        }

        @Override
        public String call(KernelCall c) {
            return switch (c.op()) {
                case "dma_fence_signal" -> BatchRunner.result(fence(c).signal());
                case "dma_fence_enable_sw_signaling" -> {
                    fence(c).enableSwSignaling();
                    yield "0";
                }
                case "dma_fence_set_error" -> {
                    fence(c).setError(Errno.parse(c.args().get("error")));
                    yield "0";
                }
                case "dma_fence_add_callback" -> BatchRunner.result(fence(c).addCallback(cb(c)));
                case "dma_fence_remove_callback" -> String.valueOf(fence(c).removeCallback(cb(c)));
                case "dma_fence_put" -> {
                    DmaFence f = fence(c);
                    f.put();
                    yield f.refcount() == 0 ? "last" : "not last";
                }
                case "dma_fence_wait_timeout" -> {
                    String t = c.args().get("timeout");
                    long r = fence(c).waitTimeout(false, t.equals("MAX") ? DmaFence.MAX_TIMEOUT : Long.parseLong(t));
                    String got = r > 0 ? ">0" : String.valueOf(r);
                    waiters.put(c.args().get("waiter"), got);
                    yield got;
                }
                default -> throw new IllegalArgumentException("the dma_fence driver has no call " + c.op());
            };
        }

        @Override
        public String value(String obj, String what) {
            DmaFence f = fences.get(obj);
            return switch (what) {
                case "signaled" -> f == null ? null : String.valueOf(f.isSignaled());
                case "status" -> f == null ? null : status(f.getStatus());
                case "ran" -> f == null ? null : String.join(",", ran.get(obj));
                case "result" -> waiters.getOrDefault(obj, "none");
                default -> null;
            };
        }

        private static String status(int s) {
            return s <= 0 && s != 0 ? FencePlanner.errno(s) : String.valueOf(s);
        }
    }
}
