package org.dmabufspec.tlc;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.TestFactory;

/**
 * Runs every model of {@code specs/models.yaml} through the harness, one dynamic test per model
 * named after it, and asserts the verdict the manifest expects. For an expected invariant
 * violation the counterexample's last state is re-checked independently (one model per spec module by
 * default, every one with {@code -Pfull}: {@link RecheckSample}); for an expected
 * liveness violation the counterexample must be a lasso.
 *
 * <p>Most models are small, so a forked JVM's start dominates: the models run
 * {@code -Ddmabuf.parallel=N} at a time (default: one per core) with one TLC worker each, the longest
 * (by the manifest's measured seconds) first, and each dynamic test waits for its own model's result.
 *
 * <p>Passing models run with TLC's coverage on and the actions of {@code specs/coverage.yaml}
 * instrumented; a last dynamic test of the default tier is {@code dmabuf coverage --strict} over
 * those same runs: every action and every required value reached by some model. The same run also writes
 * the model's state graph to {@link GraphCache}, where the conformance module's graph tests find it.
 */
class ManifestModelsTest {
    /** The module's own specs dir; {@code -Ddmabuf.specs=DIR} points the test at another manifest. */
    private static final Path SPECS = Path.of(System.getProperty("dmabuf.specs", "")).toAbsolutePath();
    private static final ModelRunner RUNNER = ModelRunner.withTlcOnClasspath();
    private static final Optional<GraphCache> GRAPHS = GraphCache.forTlaDir(Manifest.ofSpecsDir(SPECS).tlaDir());

    @TestFactory
    Stream<DynamicTest> defaultTierModelsGiveTheirExpectedVerdict() {
        return tests(Tier.DEFAULT);
    }

    @Tag("deep")
    @TestFactory
    Stream<DynamicTest> deepTierModelsGiveTheirExpectedVerdict() {
        return tests(Tier.DEEP);
    }

    private static Stream<DynamicTest> tests(Tier tier) {
        Manifest manifest = Manifest.ofSpecsDir(SPECS);
        List<Model> models = manifest.tier(tier);
        // only the default tier is gated; the deep tier's big models run without coverage bookkeeping
        TierCoverage coverage = tier == Tier.DEFAULT
                ? new TierCoverage(manifest.tlaDir(), ValueDeclarations.nextTo(manifest.file())) : null;
        // the deep tier is run by hand, rarely: every counterexample re-checked there
        Set<String> recheck = RecheckSample.of(models, tier != Tier.DEFAULT || RecheckSample.full());
        int parallel = Math.max(1, Integer.getInteger("dmabuf.parallel", Runtime.getRuntime().availableProcessors()));
        int workers = parallel > 1 ? 1 : 2;
        ExecutorService pool = Executors.newFixedThreadPool(parallel, r -> {
            Thread t = new Thread(r, "tlc-model");
            t.setDaemon(true);
            return t;
        });
        // started longest first (LPT), reported in manifest order
        Map<Model, Future<?>> started = new IdentityHashMap<>();
        for (Model m : LongestFirst.order(models)) {
            started.put(m, pool.submit(() -> check(manifest, m, workers, coverage, recheck.contains(m.name()))));
        }
        pool.shutdown();
        List<Future<?>> results = models.stream().<Future<?>>map(started::get).toList();
        Stream<DynamicTest> each = IntStream.range(0, models.size())
                .mapToObj(i -> DynamicTest.dynamicTest(models.get(i).name(), () -> await(results.get(i))));
        if (tier != Tier.DEFAULT) {
            return each;
        }
        // dmabuf coverage --strict over the tier, from the same runs: no extra TLC run.
        return Stream.concat(each, Stream.of(DynamicTest.dynamicTest("coverage --strict of the default tier", () -> {
            for (Future<?> f : results) {
                await(f);
            }
            List<String> problems = new java.util.ArrayList<>(coverage.strictProblems());
            problems.addAll(coverage.tierProblems());
            assertTrue(problems.isEmpty(), () -> problems.size() + " coverage gap(s) over the default tier"
                    + " (see docs/coverage.md; `./dmabuf coverage --strict` shows the tables):\n  " + String.join("\n  ", problems));
        })));
    }

    private static void await(Future<?> result) throws Throwable {
        try {
            result.get();
        } catch (ExecutionException e) {
            throw e.getCause();
        }
    }

    private static void check(Manifest manifest, Model m, int workers, TierCoverage coverage, boolean recheck) {
        RunOptions options = RunOptions.defaults().forModel(m).withWorkers(workers).withTimeout(Duration.ofHours(2))
                .withTlcOptions(m.options());
        TlcResult r;
        if (coverage != null && m.expect() instanceof Expectation.Ok) {
            // A passing model runs instrumented with TLC's coverage on: same states and verdict, plus the
            // actions and values it reached, which the tier's coverage test adds up.
            List<String> flags = new java.util.ArrayList<>(m.options());
            flags.addAll(CoverageParser.TLC_OPTIONS);
            // the same run also leaves its state graph for the conformance module's graph tests (GraphCache)
            Optional<GraphCache.Recording> graph = GRAPHS.flatMap(g -> g.recording(manifest.tlaDir(), m));
            List<String> recorded = new java.util.ArrayList<>(flags);
            graph.ifPresent(g -> recorded.addAll(g.tlcOptions()));
            ValueInstrumentation.Run v = ValueInstrumentation.run(RUNNER, manifest.tlaDir(), m,
                    ValueDeclarations.nextTo(manifest.file()), options.withTlcOptions(recorded), p -> { },
                    graph.map(GraphCache.Recording::wrapperAssume).orElse(""));
            if (graph.isPresent() && !m.expect().matches(v.result().verdict())) {
                // judged without the cache's additions, so that they can never be what fails a model
                graph.get().discard();
                graph = Optional.empty();
                v = ValueInstrumentation.run(RUNNER, manifest.tlaDir(), m, ValueDeclarations.nextTo(manifest.file()),
                        options.withTlcOptions(flags), p -> { });
            }
            r = v.result();
            TlcResult done = r;
            graph.ifPresent(g -> g.store(done));
            if (m.expect().matches(r.verdict())) {
                ModelCoverage c = CoverageParser.parse(r.output())
                        .orElseThrow(() -> new AssertionError(m.name() + ": TLC printed no coverage report"));
                coverage.add(m, ValueInstrumentation.normalize(c, v.plan(), manifest.tlaDir()), v.values());
            }
        } else {
            r = RUNNER.run(manifest.tlaDir(), m.module(), m.cfg(), options, p -> { });
        }
        // the figures docs/benchmarks.md compares: CPU time, which load does not inflate as it does wall time
        System.out.printf(java.util.Locale.ROOT, "%s: %s, %d distinct states, %.1f s wall, %.2f s CPU%n", m.name(),
                r.verdict().summary(), r.distinctStates(), r.duration().toMillis() / 1000.0, cpuSeconds(r));
        assertTrue(m.expect().matches(r.verdict()), () -> m.name() + ": expected " + m.expect().text() + ", TLC gave "
                + r.verdict().summary() + " " + r.verdict() + "\n" + TlcOutputParser.tail(r.output()));
        if (m.expect() instanceof Expectation.Invariant inv && recheck) {
            Counterexample c = r.counterexample().orElseThrow(() -> new AssertionError(m.name() + ": no counterexample"));
            CounterexampleCheck.Outcome o = new CounterexampleCheck(RUNNER).verify(manifest.tlaDir(), m, c, inv.name());
            System.out.printf(java.util.Locale.ROOT, "%s: re-check of the last state %.2f s CPU%n", m.name(), cpuSeconds(o.check()));
            assertTrue(o.confirmed(), () -> m.name() + ": " + o.explanation() + "\n" + TlcOutputParser.tail(o.check().output()));
        }
        if (m.expect() instanceof Expectation.Property) {
            Counterexample c = r.counterexample().orElseThrow(() -> new AssertionError(m.name() + ": no counterexample"));
            // A liveness violation (2116) is a lasso; a violated box-action property (2112) is a finite prefix.
            boolean liveness = r.output().contains("@!@!@STARTMSG " + TlcMessage.TEMPORAL_VIOLATED + ":");
            assertTrue(!liveness || c.loopIndex().isPresent(), m.name() + ": a liveness counterexample must end in a loop");
            assertTrue(liveness || c.loopIndex().isEmpty(), m.name() + ": a safety counterexample must not loop");
        }
    }

    private static double cpuSeconds(TlcResult r) {
        return r.cpuTime().map(d -> d.toMillis() / 1000.0).orElse(Double.NaN);
    }
}
