package org.dmabufspec.conformance.schedule;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.dmabufspec.conformance.checker.CheckReport;
import org.dmabufspec.conformance.checker.TraceChecker;
import org.dmabufspec.conformance.checker.Verdict;
import org.dmabufspec.kernel.SchedulePerturbation;
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

/**
 * The schedule fuzzer: runs the reference implementation's legal multi-threaded workload with
 * seeded schedule noise ({@link SchedulePerturbation}) at every traced call, optionally next to
 * competing busy threads, and checks every trace. A legal trace that the checker rejects is a
 * defect of one of the two; so is a run that breaks the workload's own end-of-run invariants.
 *
 * <p>Schedule {@code i} of a run is fully named by {@code (seed + i)}: it selects the kernel
 * behaviour, {@code --uapi} on/off and the thread count (2..8) in turn, and seeds both the
 * workload and the noise, so a failing schedule can be run again alone.
 */
public final class ScheduleFuzzer {
    private static final KernelBehaviour.Label[] KERNELS = KernelBehaviour.Label.values();
    public static final int MIN_THREADS = 2;
    public static final int MAX_THREADS = 8;

    /** One schedule: what runs and the seed of both the workload and the noise. */
    public record Schedule(long seed, KernelBehaviour kernel, boolean uapi, int threads, int ops, int percent) {
        /** Schedule number {@code seed}: cycles through kernels, then uapi off/on, then 2..8 threads. */
        public static Schedule of(long seed, int ops, int percent) {
            int k = (int) Math.floorMod(seed, KERNELS.length);
            boolean uapi = Math.floorMod(Math.floorDiv(seed, KERNELS.length), 2) == 1;
            int threads = MIN_THREADS + (int) Math.floorMod(Math.floorDiv(seed, 2L * KERNELS.length), MAX_THREADS - MIN_THREADS + 1);
            return new Schedule(seed, new KernelBehaviour(KERNELS[k], true), uapi, threads, ops, percent);
        }

        public String describe() {
            return String.format(Locale.ROOT, "seed %d: kernel %s, %s, %d threads, %d ops, noise %d%%", seed, kernel.label(),
                    uapi ? "uapi" : "no uapi", threads, ops, percent);
        }
    }

    /** What one schedule gave: the checker's report and the workload's own invariant failures. */
    public record Outcome(Schedule schedule, CheckReport report, List<String> invariantFailures, Path trace) {
        public boolean rejected() {
            return report.verdict() != Verdict.ACCEPTED;
        }

        public boolean failed() {
            return rejected() || !invariantFailures.isEmpty();
        }
    }

    private ScheduleFuzzer() {
    }

    /**
     * Runs one schedule, writing its trace to {@code trace} (kept: the caller deletes it when the
     * outcome is clean).
     */
    public static Outcome run(Schedule s, Path trace) throws InterruptedException {
        WorkloadConfig cfg = new WorkloadConfig(s.threads(), s.ops(), s.seed(), s.kernel(), null, Clock.LOGICAL, s.uapi());
        TraceHeader header = new TraceHeader(Implementation.REFERENCE, new KernelInfo(cfg.kernel(), null, false, true),
                cfg.clock(), "schedule-fuzz/threads=" + s.threads() + "/ops=" + s.ops() + (s.uapi() ? "/uapi" : "")
                        + "/noise=" + s.percent(), s.seed(), null, null);
        WorkloadReport report;
        try (OutputStream os = Files.newOutputStream(trace)) {
            TraceWriter w = new TraceWriter(os, header);
            Workload workload = new Workload(cfg, new Tracer(w, cfg.clock()));
            workload.kernel().perturbation(SchedulePerturbation.seeded(s.seed(), s.percent()));
            try {
                report = workload.run();
            } catch (RuntimeException e) {
                w.finish(TraceEnd.Status.ABORTED, e.toString());
                throw e;
            }
            w.finish(TraceEnd.Status.COMPLETE, null);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + trace, e);
        }
        List<String> failures = new ArrayList<>(report.invariantFailures());
        report.misuse().forEach(m -> failures.add("misuse recorded: " + m));
        return new Outcome(s, TraceChecker.check(trace), List.copyOf(failures), trace);
    }

    /**
     * Threads that spin until closed, competing with the workload for the CPUs so that its
     * threads are descheduled at arbitrary points.
     */
    public static final class BusyThreads implements AutoCloseable {
        private final List<Thread> threads = new ArrayList<>();
        private volatile boolean stop;

        public BusyThreads(int n) {
            for (int i = 0; i < n; i++) {
                Thread t = new Thread(this::spin, "busy-" + i);
                t.setDaemon(true);
                t.setPriority(Thread.MIN_PRIORITY);
                threads.add(t);
                t.start();
            }
        }

        private void spin() {
            long x = 0;
            while (!stop) {
                x += System.nanoTime() & 7;
                if ((x & 0xFFFF) == 0) {
                    Thread.yield();
                }
            }
        }

        @Override
        public void close() throws InterruptedException {
            stop = true;
            for (Thread t : threads) {
                t.join();
            }
        }
    }
}
