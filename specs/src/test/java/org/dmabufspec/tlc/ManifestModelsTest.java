package org.dmabufspec.tlc;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.TestFactory;

/**
 * Runs every model of {@code specs/models.yaml} through the harness, one dynamic test per model
 * named after it, and asserts the verdict the manifest expects. For an expected invariant
 * violation the counterexample's last state is re-checked independently; for an expected
 * liveness violation the counterexample must be a lasso.
 *
 * <p>Most models are small, so a forked JVM's start dominates: the models run
 * {@code -Ddmabuf.parallel=N} at a time (default: one per core) with one TLC worker each, and
 * each dynamic test waits for its own model's result.
 */
class ManifestModelsTest {
    /** The module's own specs dir; {@code -Ddmabuf.specs=DIR} points the test at another manifest. */
    private static final Path SPECS = Path.of(System.getProperty("dmabuf.specs", "")).toAbsolutePath();
    private static final ModelRunner RUNNER = ModelRunner.withTlcOnClasspath();

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
        int parallel = Math.max(1, Integer.getInteger("dmabuf.parallel", Runtime.getRuntime().availableProcessors()));
        int workers = parallel > 1 ? 1 : 2;
        ExecutorService pool = Executors.newFixedThreadPool(parallel, r -> {
            Thread t = new Thread(r, "tlc-model");
            t.setDaemon(true);
            return t;
        });
        List<Future<?>> results = models.stream()
                .<Future<?>>map(m -> pool.submit(() -> check(manifest, m, workers)))
                .toList();
        pool.shutdown();
        return IntStream.range(0, models.size())
                .mapToObj(i -> DynamicTest.dynamicTest(models.get(i).name(), () -> await(results.get(i))));
    }

    private static void await(Future<?> result) throws Throwable {
        try {
            result.get();
        } catch (ExecutionException e) {
            throw e.getCause();
        }
    }

    private static void check(Manifest manifest, Model m, int workers) {
        RunOptions options = RunOptions.defaults().withWorkers(workers).withTimeout(Duration.ofHours(2))
                .withTlcOptions(m.options());
        TlcResult r = RUNNER.run(manifest.tlaDir(), m.module(), m.cfg(), options, p -> { });
        assertTrue(m.expect().matches(r.verdict()), () -> m.name() + ": expected " + m.expect().text() + ", TLC gave "
                + r.verdict().summary() + " " + r.verdict() + "\n" + TlcOutputParser.tail(r.output()));
        if (m.expect() instanceof Expectation.Invariant inv) {
            Counterexample c = r.counterexample().orElseThrow(() -> new AssertionError(m.name() + ": no counterexample"));
            CounterexampleCheck.Outcome o = new CounterexampleCheck(RUNNER).verify(manifest.tlaDir(), m, c, inv.name());
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
}
