package org.dmabufspec.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;

import org.dmabufspec.conformance.relation.TlcGraphRunner;
import org.dmabufspec.conformance.testgen.ConformanceFailure;
import org.dmabufspec.conformance.testgen.ModelTests;
import org.dmabufspec.conformance.testgen.TestFile;
import org.dmabufspec.conformance.testgen.TestRun;
import org.dmabufspec.conformance.testgen.Vocabularies;
import org.dmabufspec.conformance.testgen.Vocabulary;
import org.dmabufspec.conformance.testgen.GeneratedTest;
import org.dmabufspec.conformance.testgen.kernel.KernelCoverage;
import org.dmabufspec.conformance.testgen.kernel.KernelExecutor;
import org.dmabufspec.conformance.testgen.kernel.KernelRun;
import org.dmabufspec.conformance.nativerun.NativeDir;
import org.dmabufspec.conformance.nativerun.NativeRunException;
import org.dmabufspec.tlc.Expectation;
import org.dmabufspec.tlc.Manifest;
import org.dmabufspec.tlc.Model;
import org.dmabufspec.tlc.Tier;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code dmabuf testgen}: model-based tests generated from TLC's state graph and run on the reference implementation. */
@Command(name = "testgen", mixinStandardHelpOptions = true,
        description = {"Generate tests from the state graph of passing models and run them on the reference implementation.",
                "Per model, TLC dumps the full state graph; a small set of paths from the initial states covers every"
                        + " edge (or, above --max-edges edges, every action with its parameters), and each path becomes a"
                        + " test: the kernel calls, the result the model expects of each and the observable state after it."
                        + " Each test runs in-process on the reference implementation, its trace is judged by the trace"
                        + " checker, and a difference is printed naming the test, the step, the edge and the rule.",
                "Prints per model: states, edges, the coverage kind, edges covered by the tests, edges the reference"
                        + " implementation executed successfully, tests, failures and seconds. Models no vocabulary drives"
                        + " are listed with the reason (docs/model-based-tests.md).",
                "With --on kernel the tests run on the real kernel instead: the kernel test module's step interpreter"
                        + " executes them in a qemu VM booted once for all of them (dmabuf native run's runner and"
                        + " caches), each step is compared with the model and each test's trace judged by the checker;"
                        + " per model it prints the edges the kernel executed and the edges it could not be driven"
                        + " through, with the reason.",
                "",
                "Exit codes: 0 every test passed, 1 a conformance failure, 2 bad input or a VM run that failed."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:every test passed", "1:a conformance failure", "2:bad input, or the VM run failed (--on kernel)"})
public final class TestgenCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    SpecsOptions specs;

    @Parameters(paramLabel = "MODEL", arity = "0..*", description = "Models to generate tests for.")
    List<String> names = new ArrayList<>();

    @Option(names = "--all", description = "Every default-tier model that must pass (expect: ok).")
    boolean all;

    @Option(names = "--out", paramLabel = "DIR", description = "Write MODEL.testgen.json (the tests, re-runnable with --run) and"
            + " the traces of failed tests to DIR.")
    Path outDir;

    @Option(names = "--run", paramLabel = "FILE", description = "Re-run the tests of a file written by --out instead of generating.")
    Path run;

    @Option(names = "--inject", paramLabel = "BUG", description = "Run with this reference-implementation bug injected"
            + " (a planted bug the tests must catch); repeatable.")
    List<String> inject = new ArrayList<>();

    @Option(names = "--max-edges", paramLabel = "N", defaultValue = "" + ModelTests.DEFAULT_MAX_EDGES,
            description = "Above this many edges, cover actions with parameters instead of edges (default: ${DEFAULT-VALUE}).")
    int maxEdges;

    @Option(names = "--on", paramLabel = "IMPL", defaultValue = "refimpl", description = "Where the tests run: refimpl (the"
            + " reference implementation, in-process; the default) or kernel (the real kernel in the VM, one boot for all tests).")
    String on;

    @Option(names = "--timeout", paramLabel = "SECONDS", defaultValue = "900", description = "With --on kernel: the VM's"
            + " timeout in seconds (default: ${DEFAULT-VALUE}).")
    int timeout;

    @Override
    public Integer call() throws IOException {
        return UserErrors.guard(spec, this::testgen);
    }

    private int testgen() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        if (!on.equals("refimpl") && !on.equals("kernel")) {
            throw new UserError("--on " + on + ": refimpl or kernel");
        }
        boolean kernel = on.equals("kernel");
        if (kernel && !inject.isEmpty()) {
            throw new UserError("--inject plants reference-implementation bugs: it cannot be combined with --on kernel");
        }
        if (timeout < 1) {
            throw new UserError("--timeout must be at least 1 second, not " + timeout);
        }
        if (run != null) {
            if (all || !names.isEmpty() || !inject.isEmpty()) {
                throw new UserError("--run FILE takes no MODEL, --all or --inject: the file names its model and injections");
            }
            return kernel ? rerunOnKernel(out) : rerun(out);
        }
        if (all == !names.isEmpty()) {
            throw new UserError("name MODELs or give --all (not both)");
        }
        if (maxEdges < 1) {
            throw new UserError("--max-edges must be at least 1, not " + maxEdges);
        }
        Manifest manifest = specs.load();
        List<Model> models = new ArrayList<>();
        if (all) {
            models.addAll(manifest.tier(Tier.DEFAULT).stream().filter(m -> m.expect() instanceof Expectation.Ok).toList());
        } else {
            for (String n : names) {
                models.add(ModelSelection.byName(manifest, n));
            }
        }
        if (outDir != null) {
            Files.createDirectories(outDir);
        }
        Set<String> bugs = new LinkedHashSet<>(inject);
        TlcGraphRunner runner = TlcGraphRunner.withTlcOnClasspath();
        if (kernel) {
            return onKernel(out, manifest, models, runner);
        }
        out.println(String.format(Locale.ROOT, "%-40s %-9s %7s %7s %-8s %7s %8s %6s %6s %6s %6s",
                "model", "vocab", "states", "edges", "covers", "tested", "refimpl", "tests", "steps", "fails", "s"));
        int failures = 0;
        List<String> notDriven = new ArrayList<>();
        for (Model m : models) {
            Optional<Vocabulary> v = Vocabularies.forModel(m);
            if (v.isEmpty()) {
                notDriven.add(m.name() + ": " + Vocabularies.whyNot(m).orElse(""));
                continue;
            }
            for (String b : bugs) {
                if (!v.get().injections().containsKey(b)) {
                    throw new UserError("--inject " + b + ": the " + v.get().name() + " driver has no such bug (known: "
                            + String.join(", ", v.get().injections().keySet()) + ")");
                }
            }
            long t0 = System.nanoTime();
            ModelTests t = ModelTests.generate(runner, manifest.tlaDir(), m, v.get(), maxEdges);
            ModelTests.Execution x = t.execute(bugs);
            double s = (System.nanoTime() - t0) / 1e9;
            out.println(String.format(Locale.ROOT, "%-40s %-9s %7d %7d %-8s %7d %8d %6d %6d %6d %6.1f",
                    m.name(), v.get().name(), t.states(), t.edges(), t.edgeCoverage() ? "edges" : "actions",
                    t.coveredEdges().size(), x.passedEdges().size(), t.tests().size(), x.steps(), x.failures().size(), s));
            t.notDriven().forEach((why, n) -> out.println(String.format(Locale.ROOT, "  not drivable, %d edges: %s", n, why)));
            if (t.unreachedEdges() > 0) {
                out.println(String.format(Locale.ROOT, "  not reached, %d edges: reachable only through edges no test can drive",
                        t.unreachedEdges()));
            }
            for (ConformanceFailure f : x.failures()) {
                out.println("  FAIL " + f);
            }
            failures += x.failures().size();
            if (outDir != null) {
                TestFile.of(m.name(), v.get().name(), bugs, t.tests()).write(outDir.resolve(m.name() + ".testgen.json"));
                writeFailedTraces(x.runs());
            }
            out.flush();
        }
        if (!notDriven.isEmpty()) {
            out.println();
            out.println("not driven on the reference implementation:");
            notDriven.forEach(n -> out.println("  " + n));
        }
        if (outDir != null) {
            out.println("wrote the tests to " + outDir);
        }
        out.flush();
        return failures == 0 ? 0 : 1;
    }

    private int rerun(PrintWriter out) throws IOException {
        if (!Files.isRegularFile(run)) {
            throw new UserError(run + ": no such file");
        }
        TestFile f = TestFile.read(run);
        List<TestRun> runs;
        try {
            runs = f.run();
        } catch (IllegalArgumentException e) {
            // an unknown call, object or bug in a well-formed file
            throw new UserError(run + ": " + e.getMessage());
        }
        int failures = 0;
        int steps = 0;
        for (TestRun r : runs) {
            steps += r.test().steps().size();
            for (ConformanceFailure c : r.failures()) {
                out.println("FAIL " + c);
                failures++;
            }
        }
        out.println(String.format(Locale.ROOT, "%s: %d tests, %d steps, %d failures%s", f.model(), runs.size(), steps, failures,
                f.inject().isEmpty() ? "" : " (injected: " + String.join(", ", f.inject()) + ")"));
        if (outDir != null) {
            Files.createDirectories(outDir);
            writeFailedTraces(runs);
        }
        out.flush();
        return failures == 0 ? 0 : 1;
    }

    /** Generates every model's tests, runs them all in one VM boot, prints the kernel's coverage per model. */
    private int onKernel(PrintWriter out, Manifest manifest, List<Model> models, TlcGraphRunner runner) throws IOException {
        List<ModelTests> generated = new ArrayList<>();
        List<GeneratedTest> tests = new ArrayList<>();
        List<String> notDriven = new ArrayList<>();
        for (Model m : models) {
            Optional<Vocabulary> v = Vocabularies.forModel(m);
            if (v.isEmpty()) {
                notDriven.add(m.name() + ": " + Vocabularies.whyNot(m).orElse(""));
                continue;
            }
            ModelTests t = ModelTests.generate(runner, manifest.tlaDir(), m, v.get(), maxEdges);
            generated.add(t);
            tests.addAll(t.tests());
            if (outDir != null) {
                TestFile.of(m.name(), v.get().name(), Set.of(), t.tests()).write(outDir.resolve(m.name() + ".testgen.json"));
            }
        }
        KernelRun r = kernelRun(tests);
        out.println(KernelCoverage.header());
        for (ModelTests t : generated) {
            out.println(KernelCoverage.of(t, r).line());
        }
        r.failures().forEach(f -> out.println("  FAIL " + f));
        out.println(String.format(Locale.ROOT, "kernel: %d tests, %d steps, %d failures; VM run %.1f s (boot included), one boot",
                r.runs().size(), r.steps(), r.failures().size(), r.seconds()));
        if (!notDriven.isEmpty()) {
            out.println();
            out.println("not driven:");
            notDriven.forEach(n -> out.println("  " + n));
        }
        out.flush();
        return r.failures().isEmpty() ? 0 : 1;
    }

    private int rerunOnKernel(PrintWriter out) throws IOException {
        if (!Files.isRegularFile(run)) {
            throw new UserError(run + ": no such file");
        }
        TestFile f = TestFile.read(run);
        if (!f.inject().isEmpty()) {
            throw new UserError(run + ": inject " + f.inject() + ": reference-implementation bugs cannot be planted in the kernel");
        }
        KernelRun r = kernelRun(f.tests());
        r.failures().forEach(c -> out.println("FAIL " + c));
        r.notDrivable().forEach((t, why) -> out.println("not on the kernel: " + t.name() + ": " + why));
        out.println(String.format(Locale.ROOT, "%s on the kernel: %d tests, %d steps, %d failures, %d tests not drivable there;"
                + " VM run %.1f s", f.model(), r.runs().size(), r.steps(), r.failures().size(), r.notDrivable().size(), r.seconds()));
        out.flush();
        return r.failures().isEmpty() ? 0 : 1;
    }

    private KernelRun kernelRun(List<GeneratedTest> tests) throws IOException {
        Path dir = outDir != null ? outDir.resolve("kernel") : Files.createTempDirectory("dmabuf-testgen-kernel");
        try {
            KernelRun r = new KernelExecutor(NativeDir.locate(), timeout).run(tests, dir);
            spec.commandLine().getErr().println("dmabuf testgen: the kernel's program, results and traces are in " + dir);
            return r;
        } catch (NativeRunException e) {
            throw new UserError("--on kernel: " + e.getMessage() + " (files in " + dir + ")");
        }
    }

    private void writeFailedTraces(List<TestRun> runs) throws IOException {
        for (TestRun r : runs) {
            if (!r.passed()) {
                Files.writeString(outDir.resolve(r.test().name().replace('#', '-') + ".ndjson"), r.trace());
            }
        }
    }
}
