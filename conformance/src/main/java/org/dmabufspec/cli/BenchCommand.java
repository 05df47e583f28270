package org.dmabufspec.cli;

import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.dmabufspec.buf.DmaBuf;
import org.dmabufspec.buf.DmaBufAttachment;
import org.dmabufspec.buf.DmaDataDirection;
import org.dmabufspec.buf.SgTable;
import org.dmabufspec.exporter.VramExporter;
import org.dmabufspec.fence.DmaFence;
import org.dmabufspec.kernel.Kernel;
import org.dmabufspec.lockdep.Mode;
import org.dmabufspec.resv.DmaResvUsage;
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

/** {@code dmabuf bench}: throughput figures, printed, never asserted. */
@Command(name = "bench",
        mixinStandardHelpOptions = true,
        description = {"Benchmarks that print figures.",
                "They never pass or fail on a figure; only `fuzz` and `schedules` exit 1, when they find a defect."},
        subcommands = {BenchCommand.RefImpl.class, BenchValidateCommand.class, BenchCaptureCommand.class, BenchFuzzCommand.class, BenchScalingCommand.class,
                BenchSchedulesCommand.class, BenchTraceEditsCommand.class})
public final class BenchCommand implements Runnable {
    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    /** {@code dmabuf bench refimpl}: reference-implementation operations per second, with and without tracing. */
    @Command(name = "refimpl", mixinStandardHelpOptions = true,
            description = {"Operations per second of the reference implementation, with tracing off and on.",
                    "Tracing on means the NDJSON writer with its output discarded. Measures a dynamic-importer"
                            + " map/unmap + fence cycle on one thread, and the simulator workload on --threads threads."
                            + " Prints the machine (cores, JVM)."})
    public static final class RefImpl implements Callable<Integer> {
        @Option(names = "--ops", defaultValue = "200000", description = "operations per measured round. Default: ${DEFAULT-VALUE}")
        long ops;

        @Option(names = "--threads", defaultValue = "2", description = "workload threads. Default: ${DEFAULT-VALUE}")
        int threads;

        @Option(names = "--rounds", defaultValue = "3", description = "measured rounds after one warm-up. Default: ${DEFAULT-VALUE}")
        int rounds;

        @Mixin
        KernelOption kernel;

        @Override
        public Integer call() throws Exception {
            KernelBehaviour kb;
            try {
                kb = kernel.behaviour(true);
            } catch (IllegalArgumentException e) {
                System.err.println("dmabuf bench refimpl: " + e.getMessage());
                return 2;
            }
            Runtime rt = Runtime.getRuntime();
            System.out.printf(Locale.ROOT, "machine: %d cores, JVM %s %s (%s), max heap %d MiB, kernel behaviour %s%n",
                    rt.availableProcessors(), System.getProperty("java.vm.name"), System.getProperty("java.version"),
                    System.getProperty("os.arch"), rt.maxMemory() >> 20, kb);
            for (boolean traced : new boolean[] {false, true}) {
                report("map/unmap+fence cycle, 1 thread", traced, () -> cycle(kb, traced, ops));
            }
            for (boolean traced : new boolean[] {false, true}) {
                report("simulate workload, " + threads + " threads", traced, () -> workload(kb, traced, ops));
            }
            return 0;
        }

        interface Round {
            double run() throws Exception;
        }

        private void report(String name, boolean traced, Round r) throws Exception {
            r.run(); // warm-up
            List<Double> rates = new ArrayList<>();
            for (int i = 0; i < rounds; i++) {
                rates.add(r.run());
            }
            double best = rates.stream().mapToDouble(Double::doubleValue).max().orElse(0);
            double mean = rates.stream().mapToDouble(Double::doubleValue).average().orElse(0);
            System.out.printf(Locale.ROOT, "%-40s tracing %-3s  mean %,12.0f ops/s  best %,12.0f ops/s  (%d rounds of %,d ops)%n",
                    name, traced ? "on" : "off", mean, best, rounds, ops);
        }

        private static Tracer tracer(KernelBehaviour kb, boolean traced, String scenario) {
            if (!traced) {
                return Tracer.DISABLED;
            }
            TraceHeader h = new TraceHeader(Implementation.REFERENCE, KernelInfo.of(kb), Clock.LOGICAL, scenario, null,
                    null, null);
            return new Tracer(new TraceWriter(OutputStream.nullOutputStream(), h), Clock.LOGICAL);
        }

        /** One "op" = lock, map, add a job fence, unlock, signal, lock, unmap, unlock. */
        private static double cycle(KernelBehaviour kb, boolean traced, long ops) {
            Tracer t = tracer(kb, traced, "bench/cycle");
            Kernel k = new Kernel(kb, t, Mode.STRICT);
            VramExporter vram = new VramExporter(k);
            DmaBuf b = vram.create(4096);
            DmaBufAttachment a = b.dynamicAttach("gpu0", at -> { });
            long ctx = k.fenceContextAlloc(1);
            long t0 = System.nanoTime();
            for (long i = 1; i <= ops; i++) {
                b.resv().lock(null);
                SgTable s = b.mapAttachment(a, DmaDataDirection.BIDIRECTIONAL);
                b.resv().reserveFences(1);
                DmaFence f = DmaFence.init(k, ctx, i);
                b.resv().addFence(f, DmaResvUsage.WRITE);
                b.resv().unlock();
                f.signal();
                b.resv().lock(null);
                b.unmapAttachment(a, s, DmaDataDirection.BIDIRECTIONAL);
                b.resv().unlock();
            }
            long dt = System.nanoTime() - t0;
            b.detach(a);
            b.put();
            t.finish(TraceEnd.Status.COMPLETE, null);
            return ops / (dt / 1e9);
        }

        private double workload(KernelBehaviour kb, boolean traced, long ops) throws Exception {
            Tracer t = tracer(kb, traced, "bench/simulate");
            WorkloadConfig cfg = new WorkloadConfig(threads, ops, 1, kb, null, Clock.LOGICAL);
            long t0 = System.nanoTime();
            new Workload(cfg, t).run();
            long dt = System.nanoTime() - t0;
            t.finish(TraceEnd.Status.COMPLETE, null);
            return ops / (dt / 1e9);
        }
    }
}
