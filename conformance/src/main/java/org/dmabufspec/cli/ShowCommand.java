package org.dmabufspec.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.Map;
import java.util.Optional;
import org.dmabufspec.conformance.relation.TlcGraphRunner;
import org.dmabufspec.conformance.testgen.kernel.KernelExecutor;
import org.dmabufspec.conformance.testgen.kernel.KernelReplay;
import org.dmabufspec.conformance.testgen.kernel.KernelRun;
import org.dmabufspec.conformance.nativerun.NativeDir;
import org.dmabufspec.conformance.nativerun.NativeRunException;
import org.dmabufspec.conformance.testgen.Replay;
import org.dmabufspec.conformance.testgen.Vocabularies;
import org.dmabufspec.conformance.testgen.Vocabulary;
import org.dmabufspec.tlc.Counterexample;
import org.dmabufspec.tlc.TlaValue;
import org.dmabufspec.tlc.ItfWriter;
import org.dmabufspec.tlc.Manifest;
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

/** {@code dmabuf show}: run one model and print its counterexample readably, as ITF or as Mermaid. */
@Command(name = "show", mixinStandardHelpOptions = true,
        description = {"Run one model and print its counterexample: per step the action and the variables it changed.",
                "TLC runs with one worker here, whatever --workers says: its breadth-first search then finds a shortest"
                        + " counterexample to an invariant, and the same one on every run.",
                "With --mermaid (or --itf -) stdout carries only the diagram (or the ITF JSON), so it can be redirected"
                        + " to a file; the summary goes to stderr. A model without a counterexample writes no ITF file and"
                        + " no diagram, and says so on stderr.",
                "With --replay refimpl the counterexample of a model that is the code of a reference-implementation bug"
                        + " (docs/model-based-tests.md lists them) is driven as kernel calls on the reference implementation,"
                        + " with the bug injected and without it. With --replay kernel it is driven on the real kernel"
                        + " in the VM (the kernel test module, one boot): a caller bug the kernel permits must be"
                        + " reproduced step by step, and a model that is the code of a kernel bug must be left by the"
                        + " kernel at the step where the fixed behaviour differs.",
                "",
                "Exit codes: 0 the verdict equals the manifest's expectation (and a replay did what it must), 1 it does"
                        + " not, 2 bad input (unknown model, invalid manifest or option) or a VM run that failed."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:verdict as expected", "1:verdict not as expected", "2:bad input"})
public final class ShowCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    SpecsOptions specs;

    @Parameters(index = "0", paramLabel = "MODEL", description = "The model's name in the manifest.")
    String name;

    @Option(names = "--itf", paramLabel = "FILE", description = "Also write the counterexample as ITF JSON (Apalache/Quint trace format); '-' for stdout.")
    Path itf;

    @Option(names = "--mermaid", description = "Print a Mermaid sequence diagram instead of the text rendering.")
    boolean mermaid;

    @Option(names = "--replay", paramLabel = "IMPL", description = "Drive the counterexample on an implementation: refimpl"
            + " (the reference implementation, with the bug the model is a mutant of injected, then without it;"
            + " exit 1 unless it reproduces the violation with the bug and not without) or kernel (the real kernel in the VM).")
    String replay;

    @Mixin
    TlcOptions tlc;

    @Override
    public Integer call() throws IOException {
        return UserErrors.guard(spec, this::show);
    }

    /** What the reader should conclude from the last state. */
    public static String ending(Verdict v, Counterexample c) {
        int last = c.steps().size();
        if (v instanceof Verdict.InvariantViolated i) {
            return "state " + last + " violates " + i.name() + "\n";
        } else if (v instanceof Verdict.Deadlock) {
            return "no action is enabled in state " + last + ": deadlock\n";
        } else if (v instanceof Verdict.AssertFailed a) {
            return "the next step from state " + last + " fails Assert: " + a.message() + "\n";
        } else if (v instanceof Verdict.TemporalPropertyViolated t && c.loopIndex().isEmpty()) {
            return "the step into state " + last + " violates " + t.name().orElse("a property") + "\n";
        } else if (v instanceof Verdict.TemporalPropertyViolated t) {
            return "this behaviour violates " + t.name().orElse("a property") + "\n";
        }
        return "";
    }

    private int show() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (mermaid && itf != null && itf.toString().equals("-")) {
            throw new UserError("--mermaid and --itf - both print to stdout: write the ITF trace to a file instead");
        }
        if (replay != null && !replay.equals("refimpl") && !replay.equals("kernel")) {
            throw new UserError("--replay " + replay + ": refimpl (the reference implementation) or kernel (the real kernel in the VM)");
        }
        if (replay != null && (mermaid || itf != null && itf.toString().equals("-"))) {
            throw new UserError("--replay prints to stdout: it cannot be combined with --mermaid or --itf -");
        }
        Manifest manifest = specs.load();
        Model m = ModelSelection.byName(manifest, name);
        Vocabulary vocabulary = null;
        if ("kernel".equals(replay)) {
            Optional<String> why = KernelReplay.whyNot(m);
            if (why.isPresent()) {
                throw new UserError("--replay kernel: " + why.get());
            }
            vocabulary = Vocabularies.forModel(m).orElseThrow();
        } else if (replay != null) {
            vocabulary = Vocabularies.forModel(m).orElseThrow(() -> new UserError("--replay: " + m.name()
                    + " is not driven on the reference implementation: " + Vocabularies.whyNot(m).orElse("")));
            if (vocabulary.bugOf(m).isEmpty()) {
                throw new UserError("--replay: no reference-implementation bug is the code of " + m.name() + " (replayable: "
                        + replayable(manifest) + ")");
            }
        }
        // one worker: TLC's BFS is then level by level in a fixed order, so the counterexample is shortest and repeatable
        RunOptions options = tlc.runOptions().forModel(m).withWorkers(1).withTlcOptions(m.options());
        TlcResult r;
        try (ProgressDisplay progress = new ProgressDisplay(err, System.console() != null, m.name())) {
            r = ModelRunner.withTlcOnClasspath().run(manifest.tlaDir(), m.module(), m.cfg(), options, progress::report);
        }
        boolean matches = m.expect().matches(r.verdict());
        boolean toStdout = itf != null && itf.toString().equals("-");
        // stdout carries only the artifact asked for, so `> x.mmd` or `> x.itf.json` is a valid file
        PrintWriter text = toStdout || mermaid ? err : out;
        text.println(String.format(Locale.ROOT, "%s: %s (expected %s), %,d distinct states, %.1f s", m.name(),
                r.verdict().summary(), m.expect().text(), r.distinctStates(), CheckCommand.seconds(r.duration())));
        text.println("  " + m.demonstrates());
        CheckCommand.explain(text, r.verdict());
        if (r.counterexample().isEmpty()) {
            text.println(r.verdict() instanceof Verdict.Ok ? "no counterexample: every property holds" : "TLC printed no counterexample");
            if (itf != null || mermaid) {
                err.println("dmabuf show: " + m.name() + " has no counterexample: " + (itf != null && !toStdout ? "no ITF file written to " + itf
                        : itf != null ? "no ITF trace printed" : "no diagram printed"));
            }
        } else {
            Counterexample c = r.counterexample().get();
            if (mermaid) {
                out.print(MermaidRenderer.render(m, c));
            } else {
                text.println();
                text.print(CounterexampleRenderer.render(c) + ending(r.verdict(), c));
            }
            if (itf != null) {
                String json = ItfWriter.json(c, m.module(), m.name() + ": " + r.verdict().summary() + " — " + m.demonstrates());
                if (toStdout) {
                    out.print(json);
                } else {
                    Files.writeString(itf, json);
                    text.println("wrote ITF trace to " + itf);
                }
            }
        }
        boolean replayed = true;
        if (replay != null) {
            if (r.counterexample().isEmpty()) {
                text.println("--replay: no counterexample to replay");
                replayed = false;
            } else {
                Map<String, TlaValue> constants = TlcGraphRunner.withTlcOnClasspath()
                        .constants(manifest.tlaDir(), m, vocabulary.constants(m));
                text.println();
                if (replay.equals("kernel")) {
                    replayed = replayOnKernel(text, m, r.counterexample().get(), constants);
                } else {
                    Replay rp = Replay.of(m, vocabulary, r.counterexample().get(), constants);
                    text.print(rp.text());
                    replayed = rp.passed();
                }
            }
        }
        out.flush();
        err.flush();
        return matches && replayed ? 0 : 1;
    }

    /** One boot of the VM for the counterexample; the files stay in a temporary directory the message names. */
    private static boolean replayOnKernel(PrintWriter text, Model m, Counterexample c, Map<String, TlaValue> constants)
            throws IOException {
        KernelReplay kr = KernelReplay.of(m, c, constants);
        Path dir = Files.createTempDirectory("dmabuf-replay-kernel");
        KernelRun run;
        try {
            run = new KernelExecutor(NativeDir.locate(), 600).run(List.of(kr.test()), dir);
        } catch (NativeRunException e) {
            throw new UserError("--replay kernel: " + e.getMessage() + " (files in " + dir + ")");
        }
        if (run.notDrivable().containsKey(kr.test())) {
            throw new UserError("--replay kernel: " + m.name() + " cannot run on this kernel: " + run.notDrivable().get(kr.test()));
        }
        KernelReplay.Judged j = kr.judge(run);
        text.print(j.text());
        text.println("  the kernel's program, results and trace: " + dir);
        return j.passed();
    }

    /** The models of the manifest whose counterexample --replay refimpl can drive. */
    static String replayable(Manifest manifest) {
        return String.join(", ", manifest.models().stream()
                .filter(x -> Vocabularies.forModel(x).flatMap(v -> v.bugOf(x)).isPresent()).map(Model::name).toList());
    }
}
