package org.dmabufspec.workload;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.StringWriter;
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

    @ParameterizedTest
    @CsvSource({"6.2", "6.15"})
    void sameSeedOneThreadGivesByteIdenticalTraces(String kernel) throws Exception {
        WorkloadConfig cfg = new WorkloadConfig(1, 1500, 42, KernelBehaviour.parse(kernel, true), null, Clock.LOGICAL);
        WorkloadReport[] r = new WorkloadReport[1];
        String a = run(cfg, r);
        String b = run(cfg, r);
        assertEquals(a, b);
        WorkloadConfig other = new WorkloadConfig(1, 1500, 43, KernelBehaviour.parse(kernel, true), null, Clock.LOGICAL);
        assertTrue(!a.equals(run(other, r)), "another seed gives another schedule");
    }
}
