package org.dmabufspec.workload;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.StringWriter;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.dmabufspec.lockdep.Misuse;
import org.dmabufspec.trace.Clock;
import org.dmabufspec.trace.Implementation;
import org.dmabufspec.trace.KernelBehaviour;
import org.dmabufspec.trace.KernelInfo;
import org.dmabufspec.trace.TraceEnd;
import org.dmabufspec.trace.TraceHeader;
import org.dmabufspec.trace.TraceWriter;
import org.dmabufspec.trace.Tracer;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

class SimulatorTest {
    static String run(WorkloadConfig cfg, WorkloadReport[] out) throws Exception {
        StringWriter sw = new StringWriter();
        TraceHeader h = new TraceHeader(Implementation.REFERENCE, KernelInfo.of(cfg.kernel()), cfg.clock(), "test",
                cfg.seed(), cfg.inject() == null ? null : cfg.inject().text(), null);
        TraceWriter w = new TraceWriter(sw, h);
        Workload wl = new Workload(cfg, new Tracer(w, cfg.clock()));
        out[0] = wl.run();
        w.finish(TraceEnd.Status.COMPLETE, null);
        return sw.toString();
    }

    @ParameterizedTest
    @CsvSource({"6.1,true,1", "6.2,true,1", "6.15,true,1", "7.1,true,1", "6.2,false,1", "6.15,false,1",
            "6.1,true,4", "6.2,true,4", "6.15,true,4", "7.1,true,4", "6.15,false,4"})
    void legalWorkloadIsCleanForEveryKernelSetting(String kernel, boolean moveNotify, int threads) throws Exception {
        WorkloadReport[] r = new WorkloadReport[1];
        run(new WorkloadConfig(threads, 3000, 11, KernelBehaviour.parse(kernel, moveNotify), null, Clock.LOGICAL), r);
        assertTrue(r[0].misuse().isEmpty(), () -> "misuse: " + r[0].misuse());
        assertTrue(r[0].invariantFailures().isEmpty(), () -> "invariants: " + r[0].invariantFailures());
        assertTrue(r[0].jobs() > 0, "jobs ran");
        assertTrue(r[0].opsByKind().getOrDefault("cpu_access", 0L) > 0, () -> "ops " + r[0].opsByKind());
    }

    /** The drills reach the API the protocol steps never call: ww wait-die, callbacks, errors, finite waits, FILE_INFO, pins. */
    @ParameterizedTest
    @CsvSource({"1", "4"})
    void drillsReachWwContentionAndTheFenceApi(int threads) throws Exception {
        WorkloadReport[] r = new WorkloadReport[1];
        run(new WorkloadConfig(threads, 2000, 3, KernelBehaviour.parse("6.15", true), null, Clock.LOGICAL), r);
        Map<String, Long> ops = r[0].opsByKind();
        assertTrue(r[0].misuse().isEmpty(), () -> "misuse: " + r[0].misuse());
        for (String kind : threads == 1 ? List.of("fence_drill", "fence_callback_ran", "ww_drill", "ww_edeadlk", "sync_file_info", "pin_drill")
                : List.of("fence_drill", "ww_drill", "sync_file_info", "pin_drill")) {
            assertTrue(ops.getOrDefault(kind, 0L) > 0, () -> kind + " never happened: " + ops);
        }
        assertEquals(ops.get("fence_drill"), ops.get("fence_callback_ran"), () -> "each drill fence runs its kept callback once: " + ops);
        assertEquals(0L, ops.getOrDefault("removed_callback_ran", 0L), () -> "a removed callback ran: " + ops);
        assertEquals(0L, ops.getOrDefault("late_callback_ran", 0L), () -> "a callback added after the signal (-ENOENT) ran: " + ops);
    }

    @ParameterizedTest
    @EnumSource(Injection.class)
    void eachInjectedBugIsRecordedUnderItsRule(Injection inj) throws Exception {
        WorkloadReport[] r = new WorkloadReport[1];
        run(new WorkloadConfig(1, 4000, 5, KernelBehaviour.parse("6.15", true), inj, Clock.LOGICAL), r);
        Set<String> rules = r[0].misuse().stream().map(Misuse::rule).collect(Collectors.toSet());
        String expected = switch (inj) {
            case SKIP_MOVE_NOTIFY -> "R5"; // the un-notified importer touches reused storage
            default -> inj.rule().id();
        };
        assertTrue(rules.contains(expected), () -> inj + " recorded " + rules + " " + r[0].opsByKind());
    }

    /**
     * --threads 1 is documented as byte for byte determined by the seed, for every kernel behaviour
     * and with --uapi too. Teardown once undid each client's vmaps in the iteration order of a
     * HashMap keyed by buffer identity, which changes from run to run: seeds 1-6 with --uapi end
     * with vmaps of several buffers outstanding.
     */
    @ParameterizedTest(name = "kernel {0}, uapi {1}")
    @CsvSource({"6.1,false", "6.2,false", "6.15,false", "7.1,false", "6.1,true", "6.2,true", "6.15,true", "7.1,true"})
    void sameSeedOneThreadGivesByteIdenticalTraces(String kernel, boolean uapi) throws Exception {
        WorkloadReport[] r = new WorkloadReport[1];
        for (long seed = 1; seed <= 6; seed++) {
            WorkloadConfig cfg = new WorkloadConfig(1, 800, seed, KernelBehaviour.parse(kernel, true), null, Clock.LOGICAL, uapi);
            String a = run(cfg, r);
            String b = run(cfg, r);
            assertEquals(-1, firstDifference(a, b), "seed " + seed + " gave two different traces from the line shown");
        }
        WorkloadConfig one = new WorkloadConfig(1, 800, 42, KernelBehaviour.parse(kernel, true), null, Clock.LOGICAL, uapi);
        WorkloadConfig other = new WorkloadConfig(1, 800, 43, KernelBehaviour.parse(kernel, true), null, Clock.LOGICAL, uapi);
        assertTrue(!run(one, r).equals(run(other, r)), "another seed gives another schedule");
    }

    /** The 1-based line where two traces first differ, -1 if equal. */
    private static int firstDifference(String a, String b) {
        String[] x = a.split("\n", -1);
        String[] y = b.split("\n", -1);
        for (int i = 0; i < Math.max(x.length, y.length); i++) {
            if (i >= x.length || i >= y.length || !x[i].equals(y[i])) {
                return i + 1;
            }
        }
        return -1;
    }
}
