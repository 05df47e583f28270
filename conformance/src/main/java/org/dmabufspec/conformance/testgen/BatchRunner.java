package org.dmabufspec.conformance.testgen;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.BiFunction;

import org.dmabufspec.conformance.checker.CheckOptions;
import org.dmabufspec.conformance.checker.CheckReport;
import org.dmabufspec.conformance.checker.TraceChecker;
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
 * Runs generated tests on the reference implementation in this thread, in batches: one
 * {@link Kernel} (RECORD mode, so that a misuse is traced rather than thrown) and one trace per
 * batch, each test on its own objects (a {@link World} per test). After each step the observable
 * state is read back through the API and compared with the model's; a test stops at its first
 * difference. The trace checker judges the batch's trace, and a rejection is reported at the step
 * whose call logged the rejected event.
 */
public final class BatchRunner {

    /** The objects of one test on the reference implementation, by model name. */
    public interface World {
        /** Creates one object of the test's setup. */
        void init(KernelCall c);

        /** Makes the call; its result in the form of {@link KernelCall#expect()}. */
        String call(KernelCall c);

        /** The observable state for these keys, each {@code object.field} (a missing key reads as null). */
        default Map<String, String> observe(Set<String> keys) {
            Map<String, String> out = new HashMap<>();
            for (String key : keys) {
                int dot = key.indexOf('.');
                out.put(key, value(key.substring(0, dot), key.substring(dot + 1)));
            }
            return out;
        }

        /** One observable value, or null when the test has no such object or field. */
        String value(String object, String field);

        /** Ends the test (its threads, if it has any); the trace of the batch goes on. */
        default void close() {
        }
    }

    /** A call's result as {@link KernelCall#expect()} spells it: {@code 0} or the errno's name. */
    public static String result(Errno e) {
        return e == null ? "0" : e.name();
    }

    private final String behaviour;
    private final boolean moveNotify;
    private final int batch;
    /** (kernel, prefix for ids unique within the batch's trace) → the test's world. */
    private final BiFunction<Kernel, String, World> worlds;

    public BatchRunner(String behaviour, int batch, BiFunction<Kernel, String, World> worlds) {
        this(behaviour, true, batch, worlds);
    }

    /** {@code moveNotify}: CONFIG_DMABUF_MOVE_NOTIFY of the kernel the tests run on. */
    public BatchRunner(String behaviour, boolean moveNotify, int batch, BiFunction<Kernel, String, World> worlds) {
        this.behaviour = behaviour;
        this.moveNotify = moveNotify;
        this.batch = batch;
        this.worlds = worlds;
    }

    public List<TestRun> run(List<GeneratedTest> tests, Set<String> injections) {
        List<TestRun> out = new ArrayList<>();
        for (int i = 0; i < tests.size(); i += batch) {
            out.addAll(batch(tests.subList(i, Math.min(tests.size(), i + batch)), injections));
        }
        return out;
    }

    private List<TestRun> batch(List<GeneratedTest> tests, Set<String> injections) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        KernelBehaviour kb = KernelBehaviour.parse(behaviour, moveNotify);
        String name = "testgen/" + tests.get(0).name() + (tests.size() > 1 ? "-" + tests.get(tests.size() - 1).number() : "");
        TraceHeader header = new TraceHeader(Implementation.REFERENCE, new KernelInfo(kb, null, false, true), Clock.LOGICAL,
                name, null, injections.isEmpty() ? null : String.join(",", new TreeSet<>(injections)), null);
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
            World w = worlds.apply(kernel, tests.size() > 1 ? "t" + test.number() + "." : "");
            for (KernelCall c : test.setup()) {
                w.init(c);
            }
            String injected = test.initial() == null || test.steps().isEmpty() ? null : differences(w, test.initial());
            if (injected != null) {
                // the injected state is not the model's: no step can be judged from it
                TestStep s = test.steps().get(0);
                fails.add(new ConformanceFailure(test.name(), 0, s.edgeText(), s.rule(),
                        "the injected initial state differs from the model's: " + injected, false));
                stepEnds.add(new long[] {t, 1, lastSeq[0]});
                w.close();
                continue;
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
            w.close();
        }
        writer.finish(TraceEnd.Status.COMPLETE, null);
        String trace = bytes.toString(StandardCharsets.UTF_8);
        CheckReport r = TraceChecker.check(new ByteArrayInputStream(trace.getBytes(StandardCharsets.UTF_8)), name,
                CheckOptions.defaults());
        String verdict = r.verdict().name() + (r.brokenRules().isEmpty() ? "" : ": " + String.join(", ", r.brokenRules()));
        if (!r.accepted() && !stepEnds.isEmpty()) {
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
        String diff = differences(w, s.observe());
        return diff == null ? null : "after " + (s.call() == null ? s.note() : s.call().toString()) + ": " + diff;
    }

    /** The observed values that differ from {@code want}, or null. */
    private static String differences(World w, Map<String, String> want) {
        Map<String, String> seen = w.observe(want.keySet());
        Map<String, String> diff = new TreeMap<>();
        want.forEach((key, value) -> {
            if (!value.equals(seen.get(key))) {
                diff.put(key, "expected " + value + ", observed " + seen.get(key));
            }
        });
        return diff.isEmpty() ? null : diff.toString();
    }

    private static String firstLine(CheckReport r) {
        String text = r.toText().strip();
        String[] lines = text.split("\n");
        return lines.length > 1 ? lines[0] + " " + lines[1].strip() : lines[0];
    }
}
