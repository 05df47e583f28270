package org.dmabufspec.conformance.testgen.fence;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import org.dmabufspec.conformance.checker.CheckOptions;
import org.dmabufspec.conformance.checker.CheckReport;
import org.dmabufspec.conformance.checker.TraceChecker;
import org.dmabufspec.conformance.testgen.ConformanceFailure;
import org.dmabufspec.conformance.testgen.GeneratedTest;
import org.dmabufspec.conformance.testgen.KernelCall;
import org.dmabufspec.conformance.testgen.TestRun;
import org.dmabufspec.conformance.testgen.TestStep;
import org.dmabufspec.fence.DmaFence;
import org.dmabufspec.fence.DmaFenceCb;
import org.dmabufspec.kernel.Kernel;
import org.dmabufspec.lockdep.Mode;
import org.dmabufspec.trace.Clock;
import org.dmabufspec.trace.Errno;
import org.dmabufspec.trace.Implementation;
import org.dmabufspec.trace.KernelBehaviour;
import org.dmabufspec.trace.KernelInfo;
import org.dmabufspec.trace.PendingEvent;
import org.dmabufspec.trace.TraceEnd;
import org.dmabufspec.trace.TraceHeader;
import org.dmabufspec.trace.TraceSink;
import org.dmabufspec.trace.TraceWriter;
import org.dmabufspec.trace.Tracer;

/**
 * Runs a dma_fence test on the reference implementation in this thread: one {@link Kernel}
 * (6.15 behaviour, RECORD mode so that a misuse is traced rather than thrown), the calls in
 * order, and after each step the observable state read back through the API and compared with the
 * model's. A test stops at its first difference. Tests run in batches: one kernel and one trace
 * per batch, each test on its own fences, fence contexts and callbacks; the trace checker judges
 * the batch's trace, and a rejection is reported at the step whose call logged the rejected event.
 */
final class FenceExecutor {
    private static final String BEHAVIOUR = "6.15";

    private FenceExecutor() {
    }

    /** Tests per kernel and trace: one checker run judges a whole batch, each test on fresh objects. */
    static final int BATCH = 400;

    static List<TestRun> run(List<GeneratedTest> tests, Set<String> injections) {
        List<TestRun> out = new ArrayList<>();
        for (int i = 0; i < tests.size(); i += BATCH) {
            out.addAll(batch(tests.subList(i, Math.min(tests.size(), i + BATCH)), injections));
        }
        return out;
    }

    private static List<TestRun> batch(List<GeneratedTest> tests, Set<String> injections) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        KernelBehaviour kb = KernelBehaviour.parse(BEHAVIOUR, true);
        String name = "testgen/" + tests.get(0).name() + (tests.size() > 1 ? "-" + tests.get(tests.size() - 1).number() : "");
        TraceHeader header = new TraceHeader(Implementation.REFERENCE, new KernelInfo(kb, null, false, true), Clock.LOGICAL,
                name, null, injections.isEmpty() ? null : String.join(",", new java.util.TreeSet<>(injections)), null);
        TraceWriter writer = new TraceWriter(bytes, header);
        long[] lastSeq = {0};
        TraceSink counting = new TraceSink() {
            @Override
            public void submit(PendingEvent e) {
                lastSeq[0] = Math.max(lastSeq[0], e.event().seq());
                writer.submit(e);
            }

            @Override
            public void finish(TraceEnd.Status status, String reason) {
                writer.finish(status, reason);
            }
        };
        Kernel kernel = new Kernel(kb, new Tracer(counting, Clock.LOGICAL), Mode.RECORD);
        injections.forEach(kernel::inject);
        List<List<ConformanceFailure>> failures = new ArrayList<>();
        List<Set<Integer>> passed = new ArrayList<>();
        List<long[]> stepEnds = new ArrayList<>(); // {test, step (1-based), last seq of the step}
        for (int t = 0; t < tests.size(); t++) {
            GeneratedTest test = tests.get(t);
            List<ConformanceFailure> fails = new ArrayList<>();
            Set<Integer> ok = new HashSet<>();
            failures.add(fails);
            passed.add(ok);
            World w = new World(kernel, tests.size() > 1 ? "t" + test.number() + "." : "");
            for (KernelCall c : test.setup()) {
                w.init(c);
            }
            for (int i = 0; i < test.steps().size(); i++) {
                TestStep s = test.steps().get(i);
                String problem = step(w, s);
                stepEnds.add(new long[] {t, i + 1, lastSeq[0]});
                if (problem != null) {
                    fails.add(new ConformanceFailure(test.name(), i + 1, s.edgeText(), s.rule(), problem, false));
                    break;
                }
                ok.add(s.edge());
            }
        }
        boolean anyFailed = failures.stream().anyMatch(f -> !f.isEmpty());
        writer.finish(TraceEnd.Status.COMPLETE, null);
        String trace = bytes.toString(StandardCharsets.UTF_8);
        CheckReport r = TraceChecker.check(new ByteArrayInputStream(trace.getBytes(StandardCharsets.UTF_8)), name,
                CheckOptions.defaults());
        String verdict = r.verdict().name() + (r.brokenRules().isEmpty() ? "" : ": " + String.join(", ", r.brokenRules()));
        if (!r.accepted()) {
            long seq = r.rejection() == null ? Long.MAX_VALUE : r.rejection().seq();
            long[] at = stepEnds.stream().filter(e -> seq <= e[2]).findFirst().orElse(stepEnds.get(stepEnds.size() - 1));
            GeneratedTest test = tests.get((int) at[0]);
            TestStep s = test.steps().get((int) at[1] - 1);
            String rules = r.brokenRules().isEmpty() ? s.rule() : String.join(", ", r.brokenRules());
            failures.get((int) at[0]).add(new ConformanceFailure(test.name(), (int) at[1], s.edgeText(), rules,
                    "the trace checker rejects the trace at event " + (seq == Long.MAX_VALUE ? "?" : seq) + ": " + firstLine(r), true));
            passed.get((int) at[0]).remove(s.edge());
        }
        List<TestRun> out = new ArrayList<>();
        for (int t = 0; t < tests.size(); t++) {
            out.add(new TestRun(tests.get(t), passed.get(t), failures.get(t), trace, verdict));
        }
        return out;
    }

    /** Makes one step's call and compares; the difference, or null. */
    private static String step(World w, TestStep s) {
        if (s.call() != null) {
            String got = w.call(s.call());
            if (!got.equals(s.call().expect())) {
                return s.call().op() + " returned " + got + ", the model expects " + s.call().expect() + " (" + s.call() + ")";
            }
        }
        Map<String, String> seen = w.observe(s.observe().keySet());
        Map<String, String> diff = new TreeMap<>();
        s.observe().forEach((key, want) -> {
            if (!want.equals(seen.get(key))) {
                diff.put(key, "expected " + want + ", observed " + seen.get(key));
            }
        });
        return diff.isEmpty() ? null : "after " + (s.call() == null ? s.note() : s.call().toString()) + ": " + diff;
    }

    private static String firstLine(CheckReport r) {
        String text = r.toText().strip();
        String[] lines = text.split("\n");
        return lines.length > 1 ? lines[0] + " " + lines[1].strip() : lines[0];
    }

    /** The objects of one test on the reference implementation, by model name. */
    private static final class World {
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

        void init(KernelCall c) {
            if (!c.op().equals("dma_fence_init")) {
                throw new IllegalArgumentException("dma_fence setup: not a dma_fence_init: " + c);
            }
            String f = c.args().get("fence");
            long ctx = contexts.computeIfAbsent(c.args().get("context"), x -> kernel.fenceContextAlloc(1));
            fences.put(f, DmaFence.init(kernel, ctx, Long.parseLong(c.args().get("seqno"))));
            ran.put(f, new ArrayList<>());
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

        /** Makes the call; its result in the form of {@link KernelCall#expect()}. */
        String call(KernelCall c) {
            return switch (c.op()) {
                case "dma_fence_signal" -> errno(fence(c).signal());
                case "dma_fence_enable_sw_signaling" -> {
                    fence(c).enableSwSignaling();
                    yield "0";
                }
                case "dma_fence_set_error" -> {
                    fence(c).setError(Errno.parse(c.args().get("error")));
                    yield "0";
                }
                case "dma_fence_add_callback" -> errno(fence(c).addCallback(cb(c)));
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

        Map<String, String> observe(Set<String> keys) {
            Map<String, String> out = new HashMap<>();
            for (String key : keys) {
                int dot = key.indexOf('.');
                String obj = key.substring(0, dot);
                String what = key.substring(dot + 1);
                DmaFence f = fences.get(obj);
                out.put(key, switch (what) {
                    case "signaled" -> f == null ? null : String.valueOf(f.isSignaled());
                    case "status" -> f == null ? null : status(f.getStatus());
                    case "ran" -> f == null ? null : String.join(",", ran.get(obj));
                    case "result" -> waiters.getOrDefault(obj, "none");
                    default -> null;
                });
            }
            return out;
        }

        private static String status(int s) {
            return s <= 0 && s != 0 ? FencePlanner.errno(s) : String.valueOf(s);
        }

        private static String errno(Errno e) {
            return e == null ? "0" : e.name();
        }
    }
}
