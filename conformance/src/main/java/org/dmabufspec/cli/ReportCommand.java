package org.dmabufspec.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import org.dmabufspec.cli.report.DiffPage;
import org.dmabufspec.cli.report.ModelOutcome;
import org.dmabufspec.cli.report.RuleCatalogue;
import org.dmabufspec.cli.report.SequenceDiagram;
import org.dmabufspec.cli.report.SiteWriter;
import org.dmabufspec.cli.report.SpecDiff;
import org.dmabufspec.cli.report.SpecRevision;
import org.dmabufspec.cli.report.TraceDiagram;
import org.dmabufspec.cli.report.TraceOutcome;
import org.dmabufspec.conformance.checker.CheckReport;
import org.dmabufspec.conformance.checker.TraceChecker;
import org.dmabufspec.conformance.nativerun.NativeRunException;
import org.dmabufspec.conformance.nativerun.NativeTraces;
import org.dmabufspec.trace.TraceEvent;
import org.dmabufspec.conformance.trace.TraceFormatException;
import org.dmabufspec.conformance.trace.TraceReader;
import org.dmabufspec.tlc.CoverageParser;
import org.dmabufspec.tlc.Manifest;
import org.dmabufspec.tlc.Model;
import org.dmabufspec.tlc.ModelRunner;
import org.dmabufspec.tlc.RunOptions;
import org.dmabufspec.tlc.TlcResult;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code dmabuf report}: a static HTML site for a patch review — models, coverage, counterexamples, traces. */
@Command(name = "report", mixinStandardHelpOptions = true,
        description = {"Write a static HTML review site of models, coverage, counterexamples and trace verdicts.",
                "Model-checks the models with coverage on, validates the traces, and writes a self-contained site to DIR"
                        + " (open DIR/index.html; no network, no script): the model table with rule links, per model its"
                        + " coverage and its counterexample as a sequence diagram, per trace its verdict and, for a rejection,"
                        + " the first divergent event with the candidate states and the rule each breaks.",
                "With --diff BASE, also runs the models of specs/ as of git revision BASE and lists those whose verdict or"
                        + " size (distinct states, depth) changed.",
                "Exit status: 0 when every model's verdict equals the manifest's expectation and every trace's verdict"
                        + " its header's (a trace with an injected bug must be rejected); 1 otherwise; 2 for a usage error."})
public final class ReportCommand implements Callable<Integer> {
    /** Events drawn before a trace's first divergent one. */
    static final int WINDOW = 16;

    @Spec
    CommandSpec spec;

    @Mixin
    SpecsOptions specs;

    @Parameters(paramLabel = "MODEL", arity = "0..*", description = "Models to report (default: every model of the tier; none with --traces alone).")
    List<String> names = new ArrayList<>();

    @Option(names = "--tier", paramLabel = "TIER", description = "default | deep | all (default: default, unless only --traces is given).")
    String tier;

    @Option(names = "--traces", paramLabel = "FILE", arity = "1..*", description = "Trace files (NDJSON, conformance/format/TRACE-FORMAT.md) to validate; a directory stands for its *.ndjson files;"
            + " a native run's stream of several traces (one per header) is split into one trace per scenario under DIR/streams/.")
    List<Path> traces = new ArrayList<>();

    @Option(names = "--out", paramLabel = "DIR", required = true, description = "Where to write the site (created if missing).")
    Path out;

    @Option(names = "--diff", paramLabel = "BASE", description = "A git revision: compare its specs/ with the working tree's.")
    String diff;

    @Option(names = "--title", paramLabel = "TEXT", defaultValue = "dmabuf-spec review report", description = "The index page's title (default: ${DEFAULT-VALUE}).")
    String title;

    @Mixin
    TlcOptions tlc;

    @Override
    public Integer call() throws IOException {
        return UserErrors.guard(spec, this::report);
    }

    private int report() throws IOException {
        // The base revision first: a bad BASE is a usage error before any model runs.
        try (SpecRevision rev = diff == null ? null : SpecRevision.checkout(specs.specsDir(), diff)) {
            return report(rev);
        }
    }

    private int report(SpecRevision rev) throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Manifest manifest = specs.load();
        List<Model> models = names.isEmpty() && tier == null && !traces.isEmpty() && diff == null
                ? List.of() : ModelSelection.select(manifest, names, tier == null ? "default" : tier);
        List<Path> traceFiles = traceFiles();
        RunOptions base = tlc.runOptions();
        ModelRunner runner = ModelRunner.withTlcOnClasspath();
        boolean tty = System.console() != null;
        List<ModelOutcome> outcomes = new ArrayList<>();
        for (Model m : models) {
            List<String> options = new ArrayList<>(m.options());
            options.addAll(CoverageParser.TLC_OPTIONS);
            TlcResult r;
            try (ProgressDisplay progress = new ProgressDisplay(err, tty, m.name())) {
                r = runner.run(manifest.tlaDir(), m.module(), m.cfg(), base.forModel(m).withTlcOptions(options), progress::report);
            }
            CoverageTable.Entry e = new CoverageTable.Entry(m, r, CoverageParser.parse(r.output()), Optional.empty());
            StringWriter why = new StringWriter();
            CheckCommand.explain(new PrintWriter(why, true), r.verdict());
            outcomes.add(new ModelOutcome(e, CoverageTable.rows(manifest.tlaDir(), e), why.toString()));
            err.println((e.asExpected() ? "  PASS " : "  FAIL ") + m.name() + ": " + r.verdict().summary()
                    + String.format(Locale.ROOT, " (%.1f s)", CheckCommand.seconds(r.duration())));
            err.flush();
        }
        List<TraceOutcome> traceOutcomes = new ArrayList<>();
        for (Path t : traceFiles) {
            TraceOutcome o = trace(t);
            traceOutcomes.add(o);
            err.println((o.asExpected() ? "  PASS " : "  FAIL ") + t + ": " + o.report().verdict().name().toLowerCase(Locale.ROOT));
            err.flush();
        }
        Optional<DiffPage> diffPage = Optional.empty();
        if (rev != null) {
            diffPage = Optional.of(diff(rev.manifest(), outcomes, runner, base, err));
        }
        RuleCatalogue rules = RuleCatalogue.load(specs.specsDir().toAbsolutePath().getParent().resolve("docs/rules.md"));
        new SiteWriter(this.out, rules).write(title, outcomes, traceOutcomes, diffPage);
        long badModels = outcomes.stream().filter(o -> !o.asExpected()).count();
        long badTraces = traceOutcomes.stream().filter(o -> !o.asExpected()).count();
        diffPage.ifPresent(d -> out.print(d.text()));
        out.println(String.format(Locale.ROOT, "wrote %s: %d model(s), %d not as expected; %d trace(s), %d not as expected",
                this.out.resolve("index.html"), outcomes.size(), badModels, traceOutcomes.size(), badTraces));
        out.flush();
        return badModels + badTraces == 0 ? 0 : 1;
    }

    private List<Path> traceFiles() throws IOException {
        List<Path> files = new ArrayList<>();
        for (Path t : traces) {
            if (Files.isDirectory(t)) {
                try (var s = Files.list(t)) {
                    s.filter(p -> p.toString().endsWith(".ndjson")).sorted().forEach(files::add);
                }
            } else if (Files.isRegularFile(t)) {
                files.addAll(splitStream(t));
            } else {
                throw new UserError("no trace file " + t);
            }
        }
        return files;
    }

    /**
     * A native run's stream (several traces, one per header, as the kmod run writes them) becomes
     * one file per scenario under DIR/streams/, so each gets its own verdict; any other file is itself.
     */
    private List<Path> splitStream(Path file) throws IOException {
        long headers;
        try (var lines = Files.lines(file)) {
            headers = lines.filter(l -> l.startsWith("{\"type\":\"header\"")).limit(2).count();
        } catch (java.io.UncheckedIOException e) {
            return List.of(file); // not text: the checker says why
        }
        if (headers < 2) {
            return List.of(file);
        }
        try {
            String stem = file.getFileName().toString().replaceFirst("\\.ndjson$", "");
            String parent = file.toAbsolutePath().getParent() == null ? "" : file.toAbsolutePath().getParent().getFileName() + "-";
            return NativeTraces.write(NativeTraces.split(file), out.resolve("streams").resolve(parent + stem));
        } catch (NativeRunException e) {
            throw new UserError(e.getMessage());
        }
    }

    /** Checks a trace; for a rejection, reads the events up to the divergent one again to draw them. */
    static TraceOutcome trace(Path file) {
        CheckReport r = TraceChecker.check(file);
        boolean inject = false;
        Optional<SequenceDiagram> diagram = Optional.empty();
        try (TraceReader reader = new TraceReader(file)) {
            inject = reader.header().inject() != null;
            if (r.rejection() != null) {
                Deque<TraceEvent> window = new ArrayDeque<>();
                for (TraceEvent e = reader.next(); e != null; e = reader.next()) {
                    window.addLast(e);
                    if (window.size() > WINDOW) {
                        window.removeFirst();
                    }
                    if (e.seq() == r.rejection().seq()) {
                        String note = "no candidate state explains this event: " + String.join(", ", r.brokenRules());
                        diagram = Optional.of(TraceDiagram.of(file.getFileName() + " up to line " + r.rejection().line(),
                                List.copyOf(window), e.seq(), note));
                        break;
                    }
                }
            }
        } catch (TraceFormatException e) {
            // The checker's report already says why the input is bad; there is nothing to draw.
        }
        return new TraceOutcome(file, r, inject, diagram);
    }

    private DiffPage diff(Manifest then, List<ModelOutcome> outcomes, ModelRunner runner, RunOptions base, PrintWriter err) {
        {
            Set<String> modelNames = new LinkedHashSet<>();
            outcomes.forEach(o -> modelNames.add(o.model().name()));
            if (names.isEmpty()) {
                ModelSelection.select(then, List.of(), tier == null ? "default" : tier).forEach(m -> modelNames.add(m.name()));
            }
            List<SpecDiff> rows = new ArrayList<>();
            for (String n : modelNames) {
                Optional<TlcResult> now = outcomes.stream().filter(o -> o.model().name().equals(n)).findFirst().map(ModelOutcome::result);
                Optional<TlcResult> before = Optional.empty();
                Optional<Model> m = then.model(n);
                if (m.isPresent()) {
                    try (ProgressDisplay progress = new ProgressDisplay(err, System.console() != null, n + " at " + diff)) {
                        before = Optional.of(runner.run(then.tlaDir(), m.get().module(), m.get().cfg(),
                                base.forModel(m.get()).withTlcOptions(m.get().options()), progress::report));
                    }
                }
                rows.add(new SpecDiff(n, before, now));
            }
            return new DiffPage(diff, rows);
        }
    }
}
