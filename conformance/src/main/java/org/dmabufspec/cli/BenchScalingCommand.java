package org.dmabufspec.cli;

import org.dmabufspec.conformance.checker.CheckOptions;
import org.dmabufspec.conformance.checker.CheckReport;
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
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * {@code dmabuf bench scaling}: the checker on reference-implementation traces (the simulator's
 * uAPI mix, run in-process on real threads) as threads and operations grow. Prints figures.
 */
@Command(name = "scaling", mixinStandardHelpOptions = true,
        description = {"Time the trace checker on reference-implementation traces as threads and operations grow.",
                "For each --threads x --ops pair, a trace of simulate --uapi is made in-process and checked. Per trace:"
                        + " events, wall time, the checking thread's CPU time, peak candidate linearizations, peak heap and"
                        + " the verdict. A trace not decided within --limit seconds is reported as such and the remaining"
                        + " (larger) traces are skipped: the check cannot be interrupted, so later figures would be measured"
                        + " next to it."})
public final class BenchScalingCommand implements Callable<Integer> {
    @Option(names = "--threads", split = ",", defaultValue = "2,4,8,16", description = "worker threads, comma separated. Default: ${DEFAULT-VALUE}")
    List<Integer> threads;

    @Option(names = "--ops", split = ",", defaultValue = "2000,10000", description = "operations per trace, comma separated. Default: ${DEFAULT-VALUE}")
    List<Long> ops;

    @Mixin
    WorkloadOptions workload;

    @Option(names = "--limit", defaultValue = "120", description = "seconds one check may take before the bench gives up. Default: ${DEFAULT-VALUE}")
    long limit;

    @Mixin
    KeepTracesOption keep;

    @Override
    public Integer call() throws IOException, InterruptedException {
        Runtime rt = Runtime.getRuntime();
        System.out.printf(Locale.ROOT, "machine: %d cores, %s %s, max heap %d MB, load average %.2f%n", rt.availableProcessors(),
                System.getProperty("java.vm.name"), System.getProperty("java.version"), rt.maxMemory() >> 20,
                ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
        Path dir = Files.createTempDirectory("dmabuf-bench-scaling");
        ExecutorService checker = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "bench-check");
            t.setDaemon(true);
            return t;
        });
        boolean gaveUp = false;
        try {
            for (long n : ops) {
                for (int t : threads) {
                    String name = String.format(Locale.ROOT, "%2d threads x %,6d ops", t, n);
                    if (gaveUp) {
                        System.out.printf(Locale.ROOT, "%-26s skipped (an earlier check is still running)%n", name);
                        continue;
                    }
                    Path trace = simulate(dir.resolve("t" + t + "-" + n + ".ndjson"), t, n);
                    gaveUp = !check(checker, name, trace);
                    if (!keep.keep) {
                        Files.deleteIfExists(trace);
                    }
                }
            }
        } finally {
            checker.shutdownNow();
            if (keep.keep) {
                System.out.println("traces kept in " + dir);
            } else {
                Files.deleteIfExists(dir);
            }
        }
        return 0;
    }

    private Path simulate(Path p, int threads, long n) throws IOException, InterruptedException {
        WorkloadConfig cfg = new WorkloadConfig(threads, n, workload.seed, KernelBehaviour.parse("6.15", true), null, Clock.parse("logical"), true);
        TraceHeader header = new TraceHeader(Implementation.REFERENCE, new KernelInfo(cfg.kernel(), null, false, true), cfg.clock(),
                "bench/scaling/threads=" + threads + "/ops=" + n + "/uapi", workload.seed, null, null);
        try (OutputStream os = Files.newOutputStream(p)) {
            TraceWriter w = new TraceWriter(os, header);
            new Workload(cfg, new Tracer(w, cfg.clock())).run();
            w.finish(TraceEnd.Status.COMPLETE, null);
        }
        return p;
    }

    /** False when the check did not finish within the limit. */
    private boolean check(ExecutorService checker, String name, Path trace) throws IOException, InterruptedException {
        for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans()) {
            p.resetPeakUsage();
        }
        System.gc();
        long t0 = System.nanoTime();
        // on a shared machine wall time swings with the load: the checking thread's CPU time swings less
        long[] cpu = new long[1];
        Future<CheckReport> f = checker.submit(() -> {
            long c0 = ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime();
            CheckReport c = org.dmabufspec.conformance.checker.TraceChecker.check(trace, CheckOptions.defaults());
            cpu[0] = ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime() - c0;
            return c;
        });
        CheckReport r;
        try {
            r = f.get(limit, TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            System.out.printf(Locale.ROOT, "%-26s %,8d lines: NOT DECIDED within %d s (peak heap %d MB so far)%n", name,
                    Files.lines(trace).count() - 2, limit, peakHeapMb());
            return false;
        } catch (ExecutionException e) {
            throw new IllegalStateException("the checker failed on " + trace, e.getCause());
        }
        double s = (System.nanoTime() - t0) / 1e9;
        System.out.printf(Locale.ROOT, "%-26s %,8d events in %7.2f s (thread cpu %7.2f s) = %,9.0f events/s, peak candidates %,6d, peak heap %5d MB, %s%n",
                name, r.events(), s, cpu[0] / 1e9, r.events() / s, r.peakCandidates(), peakHeapMb(), r.verdict().name().toLowerCase(Locale.ROOT));
        if (!r.accepted()) {
            System.out.print(r.toText());
        }
        return true;
    }

    private static long peakHeapMb() {
        long peak = 0;
        for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans()) {
            if (p.getType() == MemoryType.HEAP) {
                peak += p.getPeakUsage().getUsed();
            }
        }
        return peak >> 20;
    }
}
