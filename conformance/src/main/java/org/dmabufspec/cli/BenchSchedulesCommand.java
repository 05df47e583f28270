package org.dmabufspec.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.dmabufspec.conformance.schedule.ScheduleFuzzer;
import org.dmabufspec.conformance.schedule.ScheduleFuzzer.Outcome;
import org.dmabufspec.conformance.schedule.ScheduleFuzzer.Schedule;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code dmabuf bench schedules}: the schedule fuzzer at scale. Prints the figures (schedules run,
 * traces rejected, time) and every failing schedule with the command that runs it again.
 */
@Command(name = "schedules", mixinStandardHelpOptions = true,
        description = {"Schedule fuzzer: check the legal workload's traces under seeded schedule noise.",
                "The reference implementation's legal workload runs on 2..8 threads under seeded schedule noise (random"
                        + " yields, spins and parks at every traced call's stamps: locks, unlocks, fence signals, callbacks)"
                        + " with --busy competing spinning threads, and every trace is checked.",
                "Schedule number S (from --first, --schedules of them) picks kernel behaviour 6.1/6.2/6.15/7.1, then"
                        + " --uapi off/on, then 2..8 threads, in turn; S seeds the workload and the noise.",
                "A rejected legal trace (or a broken end-of-run invariant) is printed with its schedule number and the"
                        + " command that runs it again, and its trace is kept in --keep.",
                "Prints schedules run, traces rejected and the time."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:every trace accepted", "1:a legal trace was rejected or a run broke an invariant", "2:bad input"})
public final class BenchSchedulesCommand implements Callable<Integer> {
    @Option(names = "--schedules", defaultValue = "10000", description = "schedules to run. Default: ${DEFAULT-VALUE}")
    long schedules;

    @Option(names = "--first", defaultValue = "1", description = "number of the first schedule. Default: ${DEFAULT-VALUE}")
    long first;

    @Option(names = "--ops", defaultValue = "60", description = "operations per schedule over all threads. Default: ${DEFAULT-VALUE}")
    int ops;

    @Option(names = "--noise", defaultValue = "30", description = "percent of traced-call points that yield, spin or park (1-100). Default: ${DEFAULT-VALUE}")
    int noise;

    @Option(names = "--busy", defaultValue = "1", description = "competing busy threads. Default: ${DEFAULT-VALUE}")
    int busy;

    @Option(names = "--keep", paramLabel = "DIR", defaultValue = "schedule-fuzz", description = "where failing traces are kept. Default: ${DEFAULT-VALUE}")
    Path keep;

    @Option(names = "--max-failures", defaultValue = "5", description = "stop after this many failing schedules. Default: ${DEFAULT-VALUE}")
    int maxFailures;

    @Override
    public Integer call() throws Exception {
        if (schedules < 1 || ops < 1 || busy < 0 || noise < 1 || noise > 100 || maxFailures < 1) {
            System.err.println("dmabuf bench schedules: --schedules, --ops, --max-failures must be >= 1, --busy >= 0, --noise 1..100");
            return 2;
        }
        Runtime rt = Runtime.getRuntime();
        System.out.printf(Locale.ROOT, "machine: %d cores, JVM %s %s, load average %.2f; %d schedules from %d, %d ops, noise %d%%, %d busy thread(s)%n",
                rt.availableProcessors(), System.getProperty("java.vm.name"), System.getProperty("java.version"),
                java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage(),
                schedules, first, ops, noise, busy);
        Path tmp = Files.createTempFile("dmabuf-schedule", ".ndjson");
        long run = 0;
        long rejected = 0;
        long broken = 0;
        long events = 0;
        long t0 = System.nanoTime();
        long lastPrint = t0;
        try (ScheduleFuzzer.BusyThreads b = new ScheduleFuzzer.BusyThreads(busy)) {
            for (long s = first; s < first + schedules && rejected + broken < maxFailures; s++) {
                Outcome o = ScheduleFuzzer.run(Schedule.of(s, ops, noise), tmp);
                run++;
                events += o.report().events();
                if (o.failed()) {
                    rejected += o.rejected() ? 1 : 0;
                    broken += o.rejected() ? 0 : 1;
                    report(o);
                }
                long now = System.nanoTime();
                if (now - lastPrint > 30_000_000_000L) {
                    System.out.printf(Locale.ROOT, "  ... %d schedules, %d rejected, %.0f s%n", run, rejected, (now - t0) / 1e9);
                    lastPrint = now;
                }
            }
        } finally {
            Files.deleteIfExists(tmp);
        }
        double secs = (System.nanoTime() - t0) / 1e9;
        System.out.printf(Locale.ROOT, "schedules run: %d (%d events checked), traces rejected: %d, invariant failures: %d, time: %.1f s (%.1f ms per schedule)%n",
                run, events, rejected, broken, secs, 1000 * secs / run);
        return rejected + broken == 0 ? 0 : 1;
    }

    private void report(Outcome o) throws java.io.IOException {
        Files.createDirectories(keep);
        Path kept = keep.resolve("schedule-" + o.schedule().seed() + ".ndjson");
        Files.copy(o.trace(), kept, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        System.out.println((o.rejected() ? "REJECTED " : "INVARIANT ") + o.schedule().describe() + "; trace kept in " + kept);
        System.out.println("  again: ./dmabuf bench schedules --first " + o.schedule().seed() + " --schedules 1 --ops " + ops
                + " --noise " + noise + " --busy " + busy);
        if (o.rejected()) {
            System.out.print(o.report().toText().indent(2));
        }
        for (String f : o.invariantFailures()) {
            System.out.println("  " + f);
        }
    }
}
