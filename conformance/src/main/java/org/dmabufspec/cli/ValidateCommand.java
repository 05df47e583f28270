package org.dmabufspec.cli;

import org.dmabufspec.conformance.checker.CheckOptions;
import org.dmabufspec.conformance.checker.CheckReport;
import org.dmabufspec.conformance.checker.Engine;
import org.dmabufspec.conformance.checker.HiddenSteps;
import org.dmabufspec.conformance.checker.TraceChecker;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/** {@code dmabuf validate TRACE}: is this trace a behaviour of the spec? */
@Command(name = "validate",
        mixinStandardHelpOptions = true,
        description = {
                "Decide whether a trace is a behaviour of the dma-buf specs.",
                "The trace (format v1, conformance/format/TRACE-FORMAT.md) is judged under the kernel behaviour named in its"
                        + " header. Overlapping events may take effect in either order; unlogged steps (fences signalled"
                        + " inside the kernel) are inferred within a bound. Rule ids are explained in docs/rules.md.",
                "",
                "On a long trace the line reached is printed to stderr every 10 s, so a killed run leaves where it was.",
                "",
                "Two verdict classes (docs/trace-checker.md): the kernel's behaviour, accepted or rejected, and the"
                        + " userspace program's protocol use, reported as warnings that never change the kernel verdict"
                        + " (U1: a SYNC_END without a SYNC_START, which the kernel answers with 0; a SYNC_START never ended).",
                "",
                "Exit codes: 0 accepted (with or without userspace warnings), 1 rejected (the report names the first"
                        + " event no candidate state explains and the rule each candidate action breaks), 2 bad input"
                        + " (malformed trace, or a checker bound hit: the report names the bound and the option that"
                        + " raises it), 3 only with --strict-userspace: the kernel's behaviour is accepted but the"
                        + " program broke a userspace rule."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:accepted", "1:rejected", "2:bad input or a checker bound hit",
                "3:accepted with userspace warnings (only with --strict-userspace)"})
public final class ValidateCommand implements Callable<Integer> {
    /** A trace checked in less than this prints no progress at all. */
    static final long PROGRESS_SECONDS = 10;

    @Parameters(paramLabel = "TRACE", description = "the NDJSON trace file")
    Path trace;

    @Option(names = "--engine", defaultValue = "fast", description = "fast (Java transition relation) or tlc (TLC oracle on a generated Trace module over DmaResv.tla; DmaResv-vocabulary traces only, other ops exit 2; specs from -Ddmabuf.specs or ./specs). Default: ${DEFAULT-VALUE}")
    String engine;

    @Option(names = "--spec", paramLabel = "MODEL", description = "spec the tlc engine instantiates: DmaResv (the default and, in this build, the only one)")
    String spec;

    @Option(names = "--no-split", description = "search every order of overlapping events, even on independent buffers (slow; for comparison)")
    boolean noSplit;

    @Option(names = "--no-inline-isolation", description = "judge device accesses by the DmaBufIsolation refinement check alone (rule ISOLATION-REFINEMENT), without the inline ISOLATION conditions")
    boolean noInlineIsolation;

    @Option(names = "--json", description = "print the report as JSON (\"verdict\": the kernel's behaviour; \"userspace\": the program's warnings)")
    boolean json;

    @Option(names = "--strict-userspace", description = "exit 3 when the kernel's behaviour is accepted but the userspace program broke a userspace rule (U1)")
    boolean strictUserspace;

    @Option(names = "--max-candidates", paramLabel = "N", description = "the search bound: at most N candidate (state, linearized events) pairs at once; beyond it the check stops with exit 2. Default: ${DEFAULT-VALUE}")
    int maxCandidates = CheckOptions.defaults().maxCandidates();

    @Option(names = "--hidden", defaultValue = "auto",
            description = "infer unlogged steps: auto (off for reference-impl and native-kmod traces, which log everything), on, off. Default: ${DEFAULT-VALUE}")
    String hidden;

    @Override
    public Integer call() {
        Engine e;
        HiddenSteps h;
        try {
            e = Engine.valueOf(engine.toUpperCase());
            h = HiddenSteps.valueOf(hidden.toUpperCase());
        } catch (IllegalArgumentException x) {
            System.err.println("dmabuf validate: --engine takes fast|tlc and --hidden takes auto|on|off");
            return 2;
        }
        if (maxCandidates < 1) {
            System.err.println("dmabuf validate: --max-candidates must be at least 1");
            return 2;
        }
        CheckOptions o = CheckOptions.defaults().withEngine(e).withSpecModel(spec).withHidden(h).withSplit(!noSplit)
                .withInlineIsolation(!noInlineIsolation).withMaxCandidates(maxCandidates);
        CheckReport r;
        ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread t = new Thread(task, "validate-progress");
            t.setDaemon(true);
            return t;
        });
        try {
            long t0 = System.nanoTime();
            // the full search may read the trace a second time after the lazy pass: report the reader in use
            AtomicReference<ScheduledFuture<?>> tick = new AtomicReference<>();
            r = TraceChecker.check(trace, o, reader -> {
                ScheduledFuture<?> old = tick.getAndSet(ticker.scheduleAtFixedRate(() -> System.err.printf(Locale.ROOT,
                        "dmabuf validate: %s: at line %,d after %d s%n", trace, reader.progressLine(), (System.nanoTime() - t0) / 1_000_000_000L),
                        PROGRESS_SECONDS, PROGRESS_SECONDS, TimeUnit.SECONDS));
                if (old != null) {
                    old.cancel(false);
                }
            });
        } finally {
            ticker.shutdownNow();
        }
        System.out.print(json ? r.toJson(strictUserspace) + "\n" : r.toText());
        return r.exitCode(strictUserspace);
    }
}
