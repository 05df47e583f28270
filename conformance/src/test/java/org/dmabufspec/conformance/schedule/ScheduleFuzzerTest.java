package org.dmabufspec.conformance.schedule;

import org.dmabufspec.conformance.schedule.ScheduleFuzzer.Outcome;
import org.dmabufspec.conformance.schedule.ScheduleFuzzer.Schedule;
import org.dmabufspec.trace.KernelBehaviour;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The schedule fuzzer over every kernel behaviour x --uapi off/on x 2..8 threads (56 schedules,
 * short workloads, noise at every traced call; no busy thread, the test machine is busy enough): every trace of the
 * legal workload is accepted and the run keeps its end-of-run invariants. Under any schedule the
 * test can only fail by a rejected legal trace, which is a defect to fix, never to retry.
 */
class ScheduleFuzzerTest {
    @TempDir
    Path dir;

    @Test
    void everyKernelUapiAndThreadCountUnderScheduleNoiseIsAccepted() throws Exception {
        int kinds = KernelBehaviour.Label.values().length * 2 * (ScheduleFuzzer.MAX_THREADS - ScheduleFuzzer.MIN_THREADS + 1);
        List<String> failures = new ArrayList<>();
        Set<String> covered = new HashSet<>();
        Set<KernelBehaviour.Label> kernels = EnumSet.noneOf(KernelBehaviour.Label.class);
        for (long seed = 1; seed <= kinds; seed++) {
            Schedule s = Schedule.of(seed, 12, 30);
            covered.add(s.kernel().label() + "/" + s.uapi() + "/" + s.threads());
            kernels.add(s.kernel().label());
            Outcome o = ScheduleFuzzer.run(s, dir.resolve("s" + seed + ".ndjson"));
            if (o.failed()) {
                failures.add(s.describe() + ": " + (o.rejected() ? o.report().toText() : o.invariantFailures()));
            }
        }
        assertEquals(kinds, covered.size(), "the schedules must cover every kernel x uapi x thread count: " + covered);
        assertEquals(EnumSet.allOf(KernelBehaviour.Label.class), kernels);
        assertTrue(failures.isEmpty(), String.join("\n", failures));
    }

    @Test
    void scheduleNumberNamesKernelUapiAndThreads() {
        Schedule a = Schedule.of(1, 50, 30);
        Schedule b = Schedule.of(1 + 4, 50, 30);
        Schedule c = Schedule.of(1 + 8, 50, 30);
        assertEquals(a.kernel(), b.kernel());
        assertTrue(a.uapi() != b.uapi(), "the next block of four flips --uapi");
        assertEquals(a.threads() + 1, c.threads(), "after kernels x uapi the thread count grows");
        assertEquals(Schedule.of(1, 50, 30), a, "a schedule number always names the same schedule");
    }
}
