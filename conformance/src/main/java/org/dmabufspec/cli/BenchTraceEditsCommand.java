package org.dmabufspec.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import org.dmabufspec.conformance.fuzz.TraceEditRun;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code dmabuf bench trace-edits}: systematic mutation of recorded traces (docs/mutation.md).
 * Prints the rejection rate per kind of edit and, with --survivors, every mutant the checker accepted.
 */
@Command(name = "trace-edits", mixinStandardHelpOptions = true,
        description = {"Mutate accepted traces systematically and report how many mutants the checker rejects.",
                "Every event of every trace gets each edit that applies to it, one edit per mutant: its result flipped"
                        + " (success and error), its errno changed, its returned value changed, a usage or direction"
                        + " exchanged, its observed fence state flipped, its order with the next call of its thread"
                        + " exchanged, the next call of another thread moved before it, or the call left out.",
                "Prints per kind of edit the mutants, how many the checker rejected, accepted or refused as bad input,"
                        + " and the rejection rate over the well-formed ones. A trace the checker does not accept as"
                        + " recorded is skipped and named.",
                "The recorded native traces are in conformance/src/test/resources/native/traces."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:report printed", "2:bad input (no trace found, unreadable file)"})
public final class BenchTraceEditsCommand implements Callable<Integer> {
    @Parameters(paramLabel = "TRACE", arity = "1..*", description = "trace files (.ndjson) or directories of them")
    List<Path> inputs;

    @Option(names = "--survivors", description = "also list every mutant the checker accepted")
    boolean survivors;

    @Override
    public Integer call() throws Exception {
        List<Path> traces = new ArrayList<>();
        for (Path p : inputs) {
            if (Files.isDirectory(p)) {
                try (Stream<Path> s = Files.list(p)) {
                    s.filter(f -> f.toString().endsWith(".ndjson")).sorted().forEach(traces::add);
                }
            } else if (Files.isRegularFile(p)) {
                traces.add(p);
            } else {
                System.err.println("dmabuf bench trace-edits: " + p + ": no such file or directory");
                return 2;
            }
        }
        if (traces.isEmpty()) {
            System.err.println("dmabuf bench trace-edits: no .ndjson trace in " + inputs);
            return 2;
        }
        TraceEditRun run = new TraceEditRun();
        long t0 = System.nanoTime();
        for (Path t : traces) {
            run.run(t);
        }
        double secs = (System.nanoTime() - t0) / 1e9;
        System.out.printf(Locale.ROOT, "%d trace(s) mutated, %d skipped, %.1f s%n", run.traces(), run.skipped().size(), secs);
        for (String s : run.skipped()) {
            System.out.println("skipped: " + s);
        }
        System.out.print(run.table());
        if (survivors) {
            for (TraceEditRun.Survivor s : run.survivors()) {
                System.out.println("accepted: " + s);
            }
        }
        return 0;
    }
}
