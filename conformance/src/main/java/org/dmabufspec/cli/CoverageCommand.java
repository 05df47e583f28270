package org.dmabufspec.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.Optional;
import org.dmabufspec.tlc.CoverageParser;
import org.dmabufspec.tlc.Expectation;
import org.dmabufspec.tlc.TierCoverage;
import org.dmabufspec.tlc.ValueDeclarations;
import org.dmabufspec.tlc.ValueInstrumentation;
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

/** {@code dmabuf coverage}: which actions of each model TLC actually took, for reviewers. */
@Command(name = "coverage", mixinStandardHelpOptions = true,
        description = {"Model-check models with TLC's coverage on and list the actions each model never took.",
                "Per model of specs/models.yaml, prints every action of the next-state relation with the distinct"
                        + " states it found and the states it generated.",
                "An action that generated no state was never enabled: it is marked NEVER TAKEN, with the sub-expression"
                        + " where TLC's evaluation always stopped (usually the guard that is never true). In a passing"
                        + " model that is a warning sign of a vacuous check, unless the action belongs to another kernel"
                        + " behaviour (e.g. the 6.1-only DmaBufMapAttachment61 in a 6.15 model) or is switched off by a"
                        + " constant of this configuration. Expected-violation models stop at the first violation, so"
                        + " their unreached actions are listed but not flagged.",
                "Passing models run with the actions declared in specs/coverage.yaml instrumented: per action, the"
                        + " values its facets (usage class, DMA direction, kernel behaviour, ...) took, against their"
                        + " domain. The models are then taken together: an action or value counts as covered when any"
                        + " of them reaches it (docs/coverage.md).",
                "Exit status: 0 when every verdict equals the manifest's expectation (gaps are reported, not failed,"
                        + " unless --strict); 1 when a verdict differs, or with --strict when the models together leave an"
                        + " action never taken or a required value unreached; 2 for a usage error."})
public final class CoverageCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    SpecsOptions specs;

    @Parameters(paramLabel = "MODEL", arity = "0..*", description = "Models to cover (default: every model of the tier).")
    List<String> names = new ArrayList<>();

    @Mixin
    TierOption tier;

    @Option(names = "--markdown", description = "Print Markdown tables for pasting into a patch review.")
    boolean markdown;

    @Option(names = "--strict", description = "Exit 1 unless the passing (expect: ok) models taken together take every"
            + " action of their modules and every required value of every declared facet (specs/coverage.yaml;"
            + " see docs/coverage.md); with no MODEL named, also every declared action must run in some passing model.")
    boolean strict;

    @Mixin
    TlcOptions tlc;

    @Override
    public Integer call() throws IOException {
        return UserErrors.guard(spec, this::cover);
    }

    private int cover() {
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
        CoverageTable table = new CoverageTable(new SpecSource(manifest.tlaDir()), markdown);
        boolean tty = System.console() != null;
        long start = System.nanoTime();
        ValueDeclarations declarations = ValueDeclarations.nextTo(manifest.file());
        TierCoverage tierCoverage = new TierCoverage(manifest.tlaDir(), declarations);
        List<CoverageTable.Entry> entries = new ArrayList<>();
        for (Model m : models) {
            List<String> options = new ArrayList<>(m.options());
            options.addAll(CoverageParser.TLC_OPTIONS);
            CoverageTable.Entry e;
            try (ProgressDisplay progress = new ProgressDisplay(err, tty, m.name())) {
                e = run(runner, manifest, declarations, m, base.forModel(m).withTlcOptions(options), progress);
            }
            if (e.passing() && e.coverage().isPresent()) {
                tierCoverage.add(m, e.coverage().get(), e.valuesSeen().orElseThrow());
            }
            CheckCommand.explain(err, e.result().verdict());
            err.flush();
            table.print(out, e);
            out.flush();
            entries.add(e);
        }
        long unexpected = entries.stream().filter(e -> !e.asExpected()).count();
        List<CoverageTable.Entry> withDead = entries.stream().filter(e -> e.passing() && !e.neverTaken().isEmpty()).toList();
        int dead = withDead.stream().mapToInt(e -> e.neverTaken().size()).sum();
        List<String> problems = new ArrayList<>(tierCoverage.strictProblems());
        if (names.isEmpty() && !tierCoverage.models().isEmpty()) {
            problems.addAll(tierCoverage.tierProblems());
        }
        table.printTier(out, tierCoverage, problems);
        out.println(String.format(Locale.ROOT, "%stotal: %d model(s), %d as expected, %d not; %d never-taken action(s)"
                        + " in %d passing model(s)%s; %.1f s",
                markdown ? "**" : "", entries.size(), entries.size() - unexpected, unexpected, dead, withDead.size(),
                withDead.isEmpty() ? "" : " (" + String.join(", ", withDead.stream().map(e -> e.model().name()).toList()) + ")",
                CheckCommand.seconds(Duration.ofNanos(System.nanoTime() - start))) + (markdown ? "**" : ""));
        out.flush();
        return unexpected > 0 || (strict && !problems.isEmpty()) ? 1 : 0;
    }

    /** A passing model runs instrumented (values recorded); an expected-violation model runs as it is. */
    private static CoverageTable.Entry run(ModelRunner runner, Manifest manifest, ValueDeclarations declarations, Model m,
                                           RunOptions options, ProgressDisplay progress) {
        if (m.expect() instanceof Expectation.Ok) {
            ValueInstrumentation.Run v = ValueInstrumentation.run(runner, manifest.tlaDir(), m, declarations, options,
                    progress::report);
            TlcResult r = v.result();
            return new CoverageTable.Entry(m, r,
                    CoverageParser.parse(r.output()).map(c -> ValueInstrumentation.normalize(c, v.plan(), manifest.tlaDir())),
                    Optional.of(v));
        }
        TlcResult r = runner.run(manifest.tlaDir(), m.module(), m.cfg(), options, progress::report);
        return new CoverageTable.Entry(m, r, CoverageParser.parse(r.output()), Optional.empty());
    }
}
