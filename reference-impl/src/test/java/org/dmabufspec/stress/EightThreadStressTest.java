package org.dmabufspec.stress;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.Writer;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.dmabufspec.trace.Clock;
import org.dmabufspec.trace.Implementation;
import org.dmabufspec.trace.KernelBehaviour;
import org.dmabufspec.trace.KernelInfo;
import org.dmabufspec.trace.TraceEnd;
import org.dmabufspec.trace.TraceHeader;
import org.dmabufspec.trace.TraceWriter;
import org.dmabufspec.trace.Tracer;
import org.dmabufspec.workload.Workload;
import org.dmabufspec.workload.WorkloadConfig;
import org.dmabufspec.workload.WorkloadReport;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * 8 worker threads (plus 8 engine threads) on the simulator workload, bounded by operation counts.
 * A watchdog fails the test, after dumping every thread's stack, if no operation completes for
 * {@link #STALL_SECONDS}; at the end every invariant is checked: no misuse recorded (so no
 * storage reused while mapped or unfenced, R5/R6), no leaked pins or mappings, every fence
 * signalled, and the trace complete with one line per event.
 */
class EightThreadStressTest {
    private static final int STALL_SECONDS = 20;

    /** Counts trace lines without keeping them. */
    private static final class LineCounter extends Writer {
        final AtomicLong lines = new AtomicLong();
        volatile String last = "";
        private final StringBuilder cur = new StringBuilder();

        @Override
        public void write(char[] cbuf, int off, int len) {
            for (int i = off; i < off + len; i++) {
                if (cbuf[i] == '\n') {
                    lines.incrementAndGet();
                    last = cur.toString();
                    cur.setLength(0);
                } else if (cur.length() < 200) {
                    cur.append(cbuf[i]);
                }
            }
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    }

    static void stress(String kernel, boolean moveNotify, long ops, long seed) throws Exception {
        KernelBehaviour kb = KernelBehaviour.parse(kernel, moveNotify);
        WorkloadConfig cfg = new WorkloadConfig(8, ops, seed, kb, null, Clock.LOGICAL);
        LineCounter out = new LineCounter();
        TraceWriter w = new TraceWriter(out, new TraceHeader(Implementation.REFERENCE, KernelInfo.of(kb), Clock.LOGICAL,
                "stress", seed, null, null));
        Workload wl = new Workload(cfg, new Tracer(w, Clock.LOGICAL));
        AtomicReference<WorkloadReport> report = new AtomicReference<>();
        AtomicReference<Throwable> crash = new AtomicReference<>();
        Thread runner = new Thread(() -> {
            try {
                report.set(wl.run());
            } catch (Throwable t) {
                crash.set(t);
            }
        }, "stress-runner");
        runner.start();
        long last = -1;
        long lastChange = System.nanoTime();
        while (runner.isAlive()) {
            runner.join(500);
            long p = wl.progress() + out.lines.get();
            if (p != last) {
                last = p;
                lastChange = System.nanoTime();
            } else if (System.nanoTime() - lastChange > STALL_SECONDS * 1_000_000_000L) {
                StringBuilder dump = new StringBuilder("no progress for " + STALL_SECONDS + " s at " + wl.progress()
                        + " ops; thread stacks:\n");
                for (Map.Entry<Thread, StackTraceElement[]> e : Thread.getAllStackTraces().entrySet()) {
                    dump.append('"').append(e.getKey().getName()).append("\" ").append(e.getKey().getState()).append('\n');
                    for (StackTraceElement s : e.getValue()) {
                        dump.append("    at ").append(s).append('\n');
                    }
                }
                System.err.println(dump);
                fail(dump.toString());
            }
        }
        if (crash.get() != null) {
            throw new AssertionError("workload crashed", crash.get());
        }
        w.finish(TraceEnd.Status.COMPLETE, null);
        WorkloadReport r = report.get();
        assertEquals(ops, r.ops());
        assertTrue(r.misuse().isEmpty(), () -> "misuse under stress: " + r.misuse().subList(0, Math.min(5, r.misuse().size())));
        assertTrue(r.invariantFailures().isEmpty(), () -> "invariants: " + r.invariantFailures());
        assertTrue(r.jobs() > 0, () -> "jobs " + r.jobs());
        // Without MOVE_NOTIFY every mapping pins (R9), so evictions may all be refused with -EBUSY.
        long tried = r.moves() + r.opsByKind().getOrDefault("evict_EBUSY", 0L);
        assertTrue(moveNotify ? r.moves() > 0 : tried > 0, () -> "moves " + r.moves() + ", ops " + r.opsByKind());
        assertTrue(out.last.startsWith("{\"type\":\"end\""), out.last);
        long events = Long.parseLong(out.last.replaceAll(".*\"events\":(\\d+).*", "$1"));
        assertEquals(out.lines.get() - 2, events, "one line per event between header and end");
    }

    @ParameterizedTest
    @CsvSource({"6.2,true,20000,1", "6.15,true,20000,2", "7.1,false,10000,3"})
    void eightThreadsLegalWorkloadKeepsEveryInvariant(String kernel, boolean moveNotify, long ops, long seed) throws Exception {
        stress(kernel, moveNotify, ops, seed);
    }

    @Tag("deep")
    @ParameterizedTest
    @CsvSource({"6.1,true,400000,11", "6.2,true,400000,12", "6.15,true,400000,13", "6.15,false,400000,14",
            "7.1,true,400000,15"})
    void eightThreadsLongWorkloadDeep(String kernel, boolean moveNotify, long ops, long seed) throws Exception {
        stress(kernel, moveNotify, ops, seed);
    }
}
