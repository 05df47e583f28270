package org.dmabufspec.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.dmabufspec.tlc.CounterexampleCheck;
import org.dmabufspec.tlc.Expectation;
import org.dmabufspec.tlc.Manifest;
import org.dmabufspec.tlc.Measured;
import org.dmabufspec.tlc.MeasuredRecorder;
import org.dmabufspec.tlc.Model;
import org.dmabufspec.tlc.ModelRunner;
import org.dmabufspec.tlc.RunOptions;
import org.dmabufspec.tlc.TlcResult;
import org.dmabufspec.tlc.Verdict;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code dmabuf check}: model-check the manifest's models and compare each verdict with its expectation. */
@Command(name = "check", mixinStandardHelpOptions = true,
        description = {"Model-check models of specs/models.yaml with TLC, one after the other, and print a table.",
                "Exit 0 iff every verdict equals the manifest's expectation (expected violations included)."})
public final class CheckCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    SpecsOptions specs;

    @Parameters(paramLabel = "MODEL", arity = "0..*", description = "Models to check (default: every model of the tier).")
    List<String> names = new ArrayList<>();

    @Mixin
    TierOption tier;

    @Option(names = "--jobs", paramLabel = "N", defaultValue = "1",
            description = "Models checked at the same time (default: ${DEFAULT-VALUE}, with a live progress line;"
                    + " with more, progress is printed as plain lines). Small models are dominated by JVM start:"
                    + " on 2 cores --jobs 2 --workers 1 took the default tier from 184 s to 131 s.")
    int jobs;

    @Mixin
    TlcOptions tlc;

    @Option(names = "--confirm", description = "Re-check each expected invariant violation independently: the counterexample's last state, as a new initial state, must violate the invariant.")
    boolean confirm;

    @Option(names = "--record", description = "Write each matching model's distinct states, depth and seconds into the manifest's measured: lines.")
    boolean record;

    @Override
    public Integer call() throws IOException {
        return UserErrors.guard(spec, this::check);
    }

    private int check() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Manifest manifest = specs.load();
        List<Model> models = ModelSelection.select(manifest, names, tier.tier);
        if (models.isEmpty()) {
            out.println("no models in tier '" + tier + "' of " + manifest.file());
            return 0;
        }
        RunOptions base = tlc.runOptions();
        ModelRunner runner = ModelRunner.withTlcOnClasspath();
        if (jobs < 1) {
            throw new UserError("--jobs must be at least 1, got " + jobs);
        }
        boolean tty = System.console() != null && jobs == 1;
        long start = System.nanoTime();
        List<Row> rows = new ArrayList<>();
        if (jobs == 1) {
            for (Model m : models) {
                rows.add(checkOne(runner, manifest, m, base, tty, err));
            }
        } else {
            ExecutorService pool = Executors.newFixedThreadPool(jobs);
            try {
                List<Future<Row>> futures = new ArrayList<>();
                for (Model m : models) {
                    futures.add(pool.submit(() -> checkOne(runner, manifest, m, base, false, err)));
                }
                for (Future<Row> f : futures) {
                    rows.add(await(f));
                }
            } finally {
                pool.shutdownNow();
            }
        }
        Duration total = Duration.ofNanos(System.nanoTime() - start);
        table(out, rows, total);
        if (record) {
            Map<String, Measured> measured = new LinkedHashMap<>();
            for (Row row : rows) {
                if (row.matches()) {
                    TlcResult r = row.result();
                    measured.put(row.model().name(), new Measured(r.distinctStates(), r.depth().orElse(0), seconds(r.duration())));
                }
            }
            List<String> skipped = MeasuredRecorder.unrecordable(java.nio.file.Files.readString(manifest.file()), measured);
            if (!skipped.isEmpty()) {
                err.println("not recorded (their entries do not start with '- name:'): " + String.join(", ", skipped));
            }
            MeasuredRecorder.record(manifest.file(), measured);
            out.println("recorded measured: for " + measured.size() + " model(s) in " + manifest.file());
            // docs/models.md shows the measured lines: keep it equal to the manifest (ModelsDocTest)
            Path page = manifest.file().toAbsolutePath().getParent().resolveSibling("docs").resolve("models.md");
            if (Files.isRegularFile(page)) {
                Files.writeString(page, ModelsCommand.page(Manifest.load(manifest.file(), manifest.tlaDir())));
                out.println("regenerated " + page);
            }
        }
        out.flush();
        return rows.stream().allMatch(Row::matches) ? 0 : 1;
    }

    private Row checkOne(ModelRunner runner, Manifest manifest, Model m, RunOptions base, boolean tty, PrintWriter err) {
        TlcResult r;
        try (ProgressDisplay progress = new ProgressDisplay(err, tty, m.name())) {
            r = runner.run(manifest.tlaDir(), m.module(), m.cfg(), base.forModel(m).withTlcOptions(m.options()), progress::report);
        }
        Row row = new Row(m, r, confirmed(runner, manifest, m, r));
        synchronized (err) {
            err.println((row.matches() ? "  PASS " : "  FAIL ") + m.name() + ": " + r.verdict().summary()
                    + String.format(Locale.ROOT, " (%.1f s)", seconds(r.duration()))
                    + (row.confirmation().isEmpty() ? "" : "; " + row.confirmation()));
            explain(err, r.verdict());
            err.flush();
        }
        return row;
    }

    private static Row await(Future<Row> f) {
        try {
            return f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for TLC", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException re) {
                throw re;
            }
            throw new IllegalStateException(e.getCause());
        }
    }

    /** The details a table cell cannot hold: where a parse error is, what crashed. */
    static void explain(PrintWriter err, Verdict v) {
        if (v instanceof Verdict.ParseError p) {
            err.println(p.formatted());
        } else if (v instanceof Verdict.EvaluationError e) {
            err.println("    " + e.message() + (e.location().isEmpty() ? "" : "\n    at " + e.location()));
        } else if (v instanceof Verdict.ConfigError c) {
            err.println("    " + c.message());
        } else if (v instanceof Verdict.AssumptionFalse a) {
            err.println("    ASSUME at " + a.location() + " is false");
        } else if (v instanceof Verdict.AssertFailed a) {
            err.println("    Assert: " + a.message());
        } else if (v instanceof Verdict.ToolCrash c) {
            err.println("    last lines of TLC's output:\n" + c.outputTail().indent(6));
        }
    }

    /** With --confirm, the independent re-check of an expected invariant violation; "" when not applicable. */
    private String confirmed(ModelRunner runner, Manifest manifest, Model m, TlcResult r) {
        if (!confirm || !(m.expect() instanceof Expectation.Invariant inv) || !m.expect().matches(r.verdict())
                || r.counterexample().isEmpty()) {
            return "";
        }
        CounterexampleCheck.Outcome o = new CounterexampleCheck(runner)
                .verify(manifest.tlaDir(), m, r.counterexample().get(), inv.name());
        return o.confirmed() ? "confirmed: " + o.explanation() : "NOT CONFIRMED: " + o.explanation();
    }

    private record Row(Model model, TlcResult result, String confirmation) {
        boolean matches() {
            return model.expect().matches(result.verdict()) && !confirmation.startsWith("NOT");
        }
    }

    private static void table(PrintWriter out, List<Row> rows, Duration total) {
        List<String[]> cells = new ArrayList<>();
        cells.add(new String[] {"model", "expected", "verdict", "distinct", "depth", "time", ""});
        for (Row r : rows) {
            TlcResult t = r.result();
            cells.add(new String[] {r.model().name(), r.model().expect().text(), t.verdict().summary(),
                    String.format(Locale.ROOT, "%,d", t.distinctStates()),
                    t.depth().isPresent() ? Long.toString(t.depth().getAsLong()) : "-",
                    String.format(Locale.ROOT, "%.1f s", seconds(t.duration())), r.matches() ? "PASS" : "FAIL"});
        }
        int[] width = new int[7];
        for (String[] row : cells) {
            for (int i = 0; i < row.length; i++) {
                width[i] = Math.max(width[i], row[i].length());
            }
        }
        out.println();
        for (int k = 0; k < cells.size(); k++) {
            String[] row = cells.get(k);
            StringBuilder b = new StringBuilder();
            for (int i = 0; i < row.length; i++) {
                boolean numeric = i == 3 || i == 4 || i == 5;
                String f = "%" + (numeric ? "" : "-") + width[i] + "s";
                b.append(String.format(f, row[i])).append(i < row.length - 1 ? "  " : "");
            }
            out.println(b.toString().stripTrailing());
            if (k == 0) {
                out.println("-".repeat(b.toString().stripTrailing().length()));
            }
        }
        long passed = rows.stream().filter(Row::matches).count();
        out.println(String.format(Locale.ROOT, "total: %d model(s), %d as expected, %d not; %,d distinct states; %.1f s",
                rows.size(), passed, rows.size() - passed,
                rows.stream().mapToLong(r -> r.result().distinctStates()).sum(), seconds(total)));
    }

    static double seconds(Duration d) {
        return d.toMillis() / 1000.0;
    }
}
