package org.dmabufspec.cli;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.dmabufspec.lockdep.Misuse;
import org.dmabufspec.trace.Clock;
import org.dmabufspec.trace.Implementation;
import org.dmabufspec.trace.KernelBehaviour;
import org.dmabufspec.trace.KernelInfo;
import org.dmabufspec.trace.TraceEnd;
import org.dmabufspec.trace.TraceHeader;
import org.dmabufspec.trace.TraceWriter;
import org.dmabufspec.trace.Tracer;
import org.dmabufspec.workload.Injection;
import org.dmabufspec.workload.Workload;
import org.dmabufspec.workload.WorkloadConfig;
import org.dmabufspec.workload.WorkloadReport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code dmabuf simulate}: run the reference implementation on a random legal workload and write its trace. */
@Command(name = "simulate",
        mixinStandardHelpOptions = true,
        description = {
                "Run a random legal workload on the Java reference implementation and write its trace.",
                "The workload has importers attaching, mapping, submitting jobs, unmapping and detaching, the"
                        + " exporter evicting, SYNC brackets, sync_file export/import/merge and poll, on real threads;"
                        + " the trace follows conformance/format/TRACE-FORMAT.md.",
                "With --threads 1 the schedule, and the trace byte for byte, depends only on --seed.",
                "--inject runs with one named bug (see --list-injections); the trace header names it.",
                "",
                "The trace is streamed out as the run goes, so memory stays bounded; on SIGTERM or Ctrl-C the run"
                        + " stops and the trace ends with an 'aborted' end record.",
                "",
                "Exit codes: 0 done (for --inject: the trace was written), 1 a legal run broke a rule or an"
                        + " end-of-run invariant (printed), 2 bad input or the trace could not be written."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:done", "1:legal run broke a rule", "2:bad input or cannot write the trace"})
public final class SimulateCommand implements Callable<Integer> {
    /** Each worker is two threads (its own and its device engine's). */
    static final int MAX_THREADS = 256;
    /** How long a signal waits for the workers to finish their calls and tear down. */
    private static final long SIGNAL_GRACE_SECONDS = 10;

    @Option(names = "--threads", defaultValue = "1", description = "worker threads, 1 to " + MAX_THREADS + " (each owns a dynamic and a static importer). Default: ${DEFAULT-VALUE}")
    int threads;

    @Option(names = "--ops", defaultValue = "1000", description = "operations in total over all workers. Default: ${DEFAULT-VALUE}")
    long ops;

    @Mixin
    WorkloadOptions workload;

    @Mixin
    KernelOption kernel;

    @Option(names = "--move-notify", defaultValue = "on", description = "CONFIG_DMABUF_MOVE_NOTIFY: on|off. Default: ${DEFAULT-VALUE}")
    String moveNotify;

    @Option(names = "--inject", paramLabel = "NAME", description = "inject one named bug")
    String inject;

    @Option(names = "--clock", defaultValue = "logical", description = "logical (reproducible) or monotonic_ns. Default: ${DEFAULT-VALUE}")
    String clock;

    @Option(names = "--uapi", description = "add the userspace-driver mix: udmabuf, vgem PRIME import/GEM_CLOSE/drm_close, vgem fences "
            + "(signalled, expired after 10 s of virtual time), vmap (off: a seed gives the trace it always gave)")
    boolean uapi;

    @Option(names = "--out", paramLabel = "TRACE", description = "where to write the NDJSON trace ('-' = stdout)")
    String out;

    @Option(names = "--list-injections", description = "list the injectable bugs with the rule each breaks")
    boolean listInjections;

    @Override
    public Integer call() throws Exception {
        if (listInjections) {
            for (Injection i : Injection.values()) {
                System.out.printf("%-28s %-4s %s%n", i.text(), i.rule(), i.description());
            }
            return 0;
        }
        WorkloadConfig cfg;
        try {
            if (out == null) {
                throw new IllegalArgumentException("--out TRACE is required");
            }
            if (threads < 1 || threads > MAX_THREADS) {
                throw new IllegalArgumentException("--threads must be between 1 and " + MAX_THREADS + ", was " + threads);
            }
            if (!moveNotify.equals("on") && !moveNotify.equals("off")) {
                throw new IllegalArgumentException("--move-notify takes on|off, not '" + moveNotify + "'");
            }
            KernelBehaviour kb = kernel.behaviour(moveNotify.equals("on"));
            cfg = new WorkloadConfig(threads, ops, workload.seed, kb, inject == null ? null : Injection.parse(inject),
                    Clock.parse(clock), uapi);
        } catch (IllegalArgumentException e) {
            System.err.println("dmabuf simulate: " + e.getMessage());
            return 2;
        }
        TraceHeader header = new TraceHeader(Implementation.REFERENCE,
                new KernelInfo(cfg.kernel(), null, false, true), cfg.clock(),
                "simulate/threads=" + threads + "/ops=" + ops + (uapi ? "/uapi" : ""), workload.seed, inject,
                cfg.deterministic() ? null : Instant.now().toString());
        WorkloadReport report;
        Thread onSignal = null;
        try (OutputStream os = open(out)) {
            TraceWriter writer = new TraceWriter(os, header);
            Workload w = new Workload(cfg, new Tracer(writer, cfg.clock()));
            CountDownLatch written = new CountDownLatch(1);
            // SIGTERM/SIGINT: the workers start no new call and tear down, so every logged call returned
            // and the trace ends as aborted; if they do not finish in time, only the consistent prefix
            // is kept (TraceWriter.finish)
            onSignal = new Thread(() -> {
                w.requestStop();
                try {
                    written.await(SIGNAL_GRACE_SECONDS, TimeUnit.SECONDS);
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                }
                writer.finish(TraceEnd.Status.ABORTED, "terminated by a signal");
            }, "simulate-abort");
            Runtime.getRuntime().addShutdownHook(onSignal);
            try {
                report = w.run();
            } catch (RuntimeException | InterruptedException e) {
                if (e instanceof UncheckedIOException io) {
                    throw io;
                }
                writer.finish(TraceEnd.Status.ABORTED, e.toString());
                written.countDown();
                System.err.println("dmabuf simulate: run aborted: " + e);
                return 1;
            }
            if (w.stopRequested()) {
                writer.finish(TraceEnd.Status.ABORTED, "terminated by a signal");
                written.countDown();
                return 1;
            }
            writer.finish(TraceEnd.Status.COMPLETE, null, report.tornDown());
            written.countDown();
        } catch (IOException | UncheckedIOException e) {
            Throwable cause = e instanceof UncheckedIOException u && u.getCause() != null ? u.getCause() : e;
            System.err.println("dmabuf simulate: cannot write " + out + ": " + cause.getClass().getSimpleName()
                    + (cause.getMessage() == null ? "" : ": " + cause.getMessage()));
            return 2;
        } finally {
            if (onSignal != null) {
                try {
                    Runtime.getRuntime().removeShutdownHook(onSignal);
                } catch (IllegalStateException shuttingDown) {
                    // the hook is running or ran: nothing to remove
                }
            }
        }
        print(report);
        if (inject == null && !report.clean()) {
            return 1;
        }
        return 0;
    }

    private static OutputStream open(String out) throws IOException {
        if (out.equals("-")) {
            return new BufferedOutputStream(System.out) {
                @Override
                public void close() throws IOException {
                    flush();
                }
            };
        }
        Path p = Path.of(out);
        if (p.getParent() != null) {
            Files.createDirectories(p.getParent());
        }
        return Files.newOutputStream(p);
    }

    private void print(WorkloadReport r) {
        System.err.printf("simulate: %d ops, %d device jobs, %d evictions, kernel %s%s%n", r.ops(), r.jobs(), r.moves(),
                kernel.behaviour(moveNotify.equals("on")), inject == null ? "" : ", inject " + inject);
        System.err.println("  ops by kind: " + r.opsByKind());
        Map<String, Integer> byRule = new TreeMap<>();
        for (Misuse m : r.misuse()) {
            byRule.merge(m.rule(), 1, Integer::sum);
        }
        if (!byRule.isEmpty()) {
            System.err.println("  misuse recorded (rule=count): " + byRule);
            System.err.println("  first: " + r.misuse().get(0));
        }
        for (String f : r.invariantFailures()) {
            System.err.println("  invariant failed: " + f);
        }
    }
}
