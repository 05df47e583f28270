package org.dmabufspec.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
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
                "Exit status: 0 when every verdict equals the manifest's expectation (never-taken actions are reported,"
                        + " not failed, because many are legitimately behaviour-specific); 1 when a verdict differs,"
                        + " or with --strict when a passing model has a never-taken action; 2 for a usage error."})
public final class CoverageCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    SpecsOptions specs;

    @Parameters(paramLabel = "MODEL", arity = "0..*", description = "Models to cover (default: every model of the tier).")
    List<String> names = new ArrayList<>();

    @Option(names = "--tier", paramLabel = "TIER", defaultValue = "default",
            description = "default | deep | all (ignored when MODELs are named; default: ${DEFAULT-VALUE}).")
    String tier;

    @Option(names = "--markdown", description = "Print Markdown tables for pasting into a patch review.")
    boolean markdown;

    @Option(names = "--strict", description = "Exit 1 if an action of a passing (expect: ok) model is never taken"
            + " (for a model whose every action should fire, e.g. while reviewing a new spec).")
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
        List<Model> models = ModelSelection.select(manifest, names, tier);
        if (models.isEmpty()) {
            out.println("no models in tier '" + tier + "' of " + manifest.file());
            return 0;
        }
        RunOptions base = tlc.runOptions();
        ModelRunner runner = ModelRunner.withTlcOnClasspath();
        CoverageTable table = new CoverageTable(new SpecSource(manifest.tlaDir()), markdown);
        boolean tty = System.console() != null;
        long start = System.nanoTime();
        List<CoverageTable.Entry> entries = new ArrayList<>();
        for (Model m : models) {
            List<String> options = new ArrayList<>(m.options());
            options.addAll(CoverageParser.TLC_OPTIONS);
            TlcResult r;
            try (ProgressDisplay progress = new ProgressDisplay(err, tty, m.name())) {
                r = runner.run(manifest.tlaDir(), m.module(), m.cfg(), base.withTlcOptions(options), progress::report);
            }
            CoverageTable.Entry e = new CoverageTable.Entry(m, r, CoverageParser.parse(r.output()));
            CheckCommand.explain(err, r.verdict());
            err.flush();
            table.print(out, e);
            out.flush();
            entries.add(e);
        }
        long unexpected = entries.stream().filter(e -> !e.asExpected()).count();
        List<CoverageTable.Entry> withDead = entries.stream().filter(e -> e.passing() && !e.neverTaken().isEmpty()).toList();
        int dead = withDead.stream().mapToInt(e -> e.neverTaken().size()).sum();
        out.println(String.format(Locale.ROOT, "%stotal: %d model(s), %d as expected, %d not; %d never-taken action(s)"
                        + " in %d passing model(s)%s; %.1f s",
                markdown ? "**" : "", entries.size(), entries.size() - unexpected, unexpected, dead, withDead.size(),
                withDead.isEmpty() ? "" : " (" + String.join(", ", withDead.stream().map(e -> e.model().name()).toList()) + ")",
                CheckCommand.seconds(Duration.ofNanos(System.nanoTime() - start))) + (markdown ? "**" : ""));
        out.flush();
        return unexpected > 0 || (strict && dead > 0) ? 1 : 0;
    }
}
