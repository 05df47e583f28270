package org.dmabufspec.conformance.fuzz;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.dmabufspec.conformance.checker.CheckOptions;
import org.dmabufspec.conformance.checker.CheckReport;
import org.dmabufspec.conformance.checker.TraceChecker;
import org.dmabufspec.conformance.checker.Verdict;

/**
 * Runs every {@link TraceEdits} mutant of accepted traces through the checker and tallies, per
 * kind of edit, how many were rejected, accepted (survived) or refused as bad input. A trace the
 * checker does not accept as recorded is skipped and listed.
 */
public final class TraceEditRun {
    /** Counts of one kind of edit. */
    public static final class Tally {
        public int mutants;
        public int rejected;
        public int accepted;
        public int badInput;
    }

    /** A mutant the checker accepted. */
    public record Survivor(Path trace, TraceEdits.Mutant mutant) {
        @Override
        public String toString() {
            return trace.getFileName() + " " + mutant.describe();
        }
    }

    private final Map<TraceEdits.Kind, Tally> tallies = new EnumMap<>(TraceEdits.Kind.class);
    private final List<Survivor> survivors = new ArrayList<>();
    private final List<String> skipped = new ArrayList<>();
    private int traces;

    /** Mutates one trace and checks each mutant. */
    public void run(Path trace) throws IOException {
        List<String> lines = Files.readAllLines(trace, StandardCharsets.UTF_8);
        CheckReport original = check(trace.toString(), lines);
        if (original.verdict() != Verdict.ACCEPTED) {
            skipped.add(trace + ": " + original.verdict() + " as recorded");
            return;
        }
        traces++;
        for (TraceEdits.Mutant m : TraceEdits.all(lines)) {
            Tally t = tallies.computeIfAbsent(m.kind(), k -> new Tally());
            t.mutants++;
            switch (check(trace + " (" + m.describe() + ")", m.lines()).verdict()) {
                case REJECTED -> t.rejected++;
                case BAD_INPUT -> t.badInput++;
                case ACCEPTED -> {
                    t.accepted++;
                    survivors.add(new Survivor(trace, m));
                }
            }
        }
    }

    private static CheckReport check(String name, List<String> lines) {
        byte[] b = (String.join("\n", lines) + "\n").getBytes(StandardCharsets.UTF_8);
        return TraceChecker.check(new ByteArrayInputStream(b), name, CheckOptions.defaults());
    }

    public Map<TraceEdits.Kind, Tally> tallies() {
        return tallies;
    }

    public List<Survivor> survivors() {
        return survivors;
    }

    public List<String> skipped() {
        return skipped;
    }

    public int traces() {
        return traces;
    }

    /** Well-formed mutants (bad input excluded) the checker rejected. */
    public int rejected() {
        return tallies.values().stream().mapToInt(t -> t.rejected).sum();
    }

    public int judged() {
        return tallies.values().stream().mapToInt(t -> t.rejected + t.accepted).sum();
    }

    /** The table printed by {@code dmabuf bench trace-edits}. */
    public String table() {
        StringBuilder sb = new StringBuilder(String.format(Locale.ROOT, "%-8s %8s %9s %9s %10s %8s%n",
                "edit", "mutants", "rejected", "accepted", "bad input", "rate"));
        int m = 0;
        int bad = 0;
        for (Map.Entry<TraceEdits.Kind, Tally> e : tallies.entrySet()) {
            Tally t = e.getValue();
            m += t.mutants;
            bad += t.badInput;
            sb.append(String.format(Locale.ROOT, "%-8s %8d %9d %9d %10d %7.1f%%%n", e.getKey(), t.mutants, t.rejected, t.accepted,
                    t.badInput, rate(t.rejected, t.rejected + t.accepted)));
        }
        sb.append(String.format(Locale.ROOT, "%-8s %8d %9d %9d %10d %7.1f%%%n", "total", m, rejected(), judged() - rejected(), bad,
                rate(rejected(), judged())));
        return sb.toString();
    }

    private static double rate(int num, int den) {
        return den == 0 ? 0 : 100.0 * num / den;
    }
}
