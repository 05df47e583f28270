package org.dmabufspec.conformance.testgen;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

import org.dmabufspec.conformance.FullSets;
import org.dmabufspec.conformance.relation.SharedTlcGraphs;
import org.dmabufspec.tlc.Expectation;
import org.dmabufspec.tlc.Manifest;
import org.dmabufspec.tlc.Model;
import org.dmabufspec.tlc.Tier;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.parallel.ResourceLock;
import org.junit.jupiter.api.parallel.Resources;
import org.junit.jupiter.api.parallel.ResourceAccessMode;

/**
 * Issue 15: for every default-tier {@code ok} model of the manifest, the tests generated from its
 * TLC state graph run on the reference implementation without a conformance failure, every trace
 * is accepted by the checker, and every edge the tests take is executed successfully. A model no
 * vocabulary drives must have a stated reason ({@link Vocabularies#whyNot}); an edge no test can
 * drive must have one too ({@link StepPlan#notDrivable}). {@code -Pfull} drives the deep models of
 * {@link #DEEP_IN_FULL} too. {@code -Ddmabuf.testgen.models=A,B} runs only those models.
 */
@ResourceLock(value = Resources.SYSTEM_OUT, mode = ResourceAccessMode.READ)
class ModelBasedTestsTest {
    /**
     * Above this many edges a model is covered action with parameters by action in the default
     * build (the DmaResv models have 40,000 and more: edge by edge they take minutes); {@code
     * -Ddmabuf.testgen.maxEdges=200000} covers every model edge by edge, as {@code dmabuf testgen} does.
     */
    static final int MAX_EDGES = Integer.getInteger("dmabuf.testgen.maxEdges", 25_000);

    /**
     * Models left to the full set ({@code -Pfull}). None now: issue 15 asks for every default ok
     * model in the default build. DmaResv, DmaResv_Uapi and DmaBufDeviceAccess_7_1_Remap, left
     * here before, run action by action by default (below), their graphs read from the specs
     * module's graph cache when it holds them.
     */
    static final Set<String> FULL_ONLY = Set.of();

    /**
     * Deep-tier ok models driven with {@code -Pfull} too (StateGraphEqualityTest's full set compares their
     * graphs with the same Java relation, which the planners decode states with): the DmaBufCpuDeviceAccess
     * cfgs with two importers, 7.1 with a zapping and a read-and-discard importer, and the liveness cfgs
     * (their graph is CpuDevSpec's; fairness does not change it). DmaBufCpuDeviceAccess_6_15_One has the
     * graph of the default DmaBufCpuDeviceAccess_6_15_Small (it adds the refinement), so it is not driven again.
     */
    static final Set<String> DEEP_IN_FULL = Set.of("DmaBufCpuDeviceAccess_7_1_Small", "DmaBufCpuDeviceAccess_6_15",
            "DmaBufCpuDeviceAccess_7_1",
            "DmaBufCpuDeviceAccess_Live_6_15", "DmaBufCpuDeviceAccess_Live_7_1", "DmaBufCpuDeviceAccess_Live_6_15_Pair");

    /**
     * With {@code -Pfull}, the edge bound of these vocabularies' models: every DmaBufDeviceAccess model edge by
     * edge (the default build covers the three above 25,000 edges, 46,112 to 67,626, action with parameters by
     * action: 1.0-2.9 s of process CPU each; DmaBufDeviceAccess_6_15_Remap edge by edge, 13,072 of 13,272
     * edges, 37,210 steps: 9.7 s; load ~20).
     */
    static final java.util.Map<String, Integer> FULL_MAX_EDGES = java.util.Map.of("dma_buf_device_access", 100_000);

    /**
     * Vocabularies whose models the default build covers action with parameters by action whatever
     * their size: the eleven driven DmaBufAttach models have 953 to 9,194 edges each, nine of them
     * 182,309 steps edge by edge (three minutes on a loaded 2-core machine); their edge cover runs with {@code -Pfull} (or an explicit
     * {@code -Ddmabuf.testgen.maxEdges}) and in {@code dmabuf testgen}. The two DmaBufWwEviction models
     * likewise: edge by edge they take 4,336 and 4,434 steps, 10-11 s each on a loaded 2-core machine (a
     * thread hand-off per step).
     */
    static final Set<String> ACTION_COVER_BY_DEFAULT = Set.of("dma_buf_attach", "dma_buf_ww_eviction");

    /**
     * Models of other vocabularies covered action with parameters by action in the default build:
     * DmaBufLifetime_6_15's edge cover is 19,366 of its 19,682 edges, 51,361 steps, 32 s of process CPU
     * under a load of 17-19 (its sibling DmaBufLifetime_6_2_Attach, 602 edges, is covered edge by edge).
     * DmaBufCpuDeviceAccess_6_15_Small's edge cover is 21,164 of its 21,252 edges, 1,504 tests, 55,986 steps, 14.2 s
     * of process CPU under a load of about 21.
     */
    static final Set<String> ACTION_COVER_MODELS_BY_DEFAULT = Set.of("DmaBufLifetime_6_15", "DmaBufCpuDeviceAccess_6_15_Small",
            "DmaBufDeviceAccess_7_1_Remap");

    /** The edge bound for this vocabulary's models in this build. */
    static int maxEdges(Vocabulary v) {
        boolean explicit = System.getProperty("dmabuf.testgen.maxEdges") != null;
        if (!explicit && FullSets.full() && FULL_MAX_EDGES.containsKey(v.name())) {
            return FULL_MAX_EDGES.get(v.name());
        }
        return ACTION_COVER_BY_DEFAULT.contains(v.name()) && !explicit && !FullSets.full() ? 0 : MAX_EDGES;
    }

    /** The edge bound for this model in this build. */
    static int maxEdges(Model m, Vocabulary v) {
        boolean explicit = System.getProperty("dmabuf.testgen.maxEdges") != null;
        return ACTION_COVER_MODELS_BY_DEFAULT.contains(m.name()) && !explicit && !FullSets.full() ? 0 : maxEdges(v);
    }

    /** The JVM's CPU time (every thread: other test classes running beside this one count too). */
    static double processCpuSeconds() {
        return java.lang.management.ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean o
                ? o.getProcessCpuTime() / 1e9 : Double.NaN;
    }

    static Manifest manifest() {
        return Manifest.ofSpecsDir(specsDir());
    }

    static Path specsDir() {
        for (Path d = Path.of("").toAbsolutePath(); d != null; d = d.getParent()) {
            if (Files.exists(d.resolve("specs/models.yaml"))) {
                return d.resolve("specs");
            }
        }
        throw new IllegalStateException("no specs/models.yaml above " + Path.of("").toAbsolutePath());
    }

    @Test
    void everyDeepModelOfTheFullSetIsADeepOkModelAVocabularyDrives() {
        Manifest manifest = manifest();
        for (String name : DEEP_IN_FULL) {
            Model m = manifest.models().stream().filter(x -> x.name().equals(name)).findFirst().orElse(null);
            assertTrue(m != null && m.tier() == Tier.DEEP && m.expect() instanceof Expectation.Ok, name + " must be a deep-tier ok model");
            assertTrue(Vocabularies.forModel(m).isPresent(), name + " has no vocabulary");
        }
    }

    @TestFactory
    Stream<DynamicTest> generatedTestsPassOnTheReferenceImplementation() {
        Manifest manifest = manifest();
        String only = System.getProperty("dmabuf.testgen.models", "").strip();
        Set<String> names = only.isEmpty() ? Set.of() : Set.of(only.split(","));
        List<Model> models = manifest.models().stream().filter(m -> m.expect() instanceof Expectation.Ok)
                .filter(m -> m.tier() == Tier.DEFAULT || DEEP_IN_FULL.contains(m.name()))
                .filter(m -> names.isEmpty()
                        ? FullSets.full() || m.tier() == Tier.DEFAULT && !FULL_ONLY.contains(m.name())
                        : names.contains(m.name()))
                .toList();
        return models.stream().map(m -> DynamicTest.dynamicTest(m.name(), () -> {
            Optional<Vocabulary> v = Vocabularies.forModel(m);
            if (v.isEmpty()) {
                assertTrue(Vocabularies.whyNot(m).isPresent(), m.name() + ": not driven and no reason given");
                return;
            }
            var graph = SharedTlcGraphs.run(manifest.tlaDir(), m, v.get().constants(m));
            long planStart = System.nanoTime();
            double cpuStart = processCpuSeconds();
            ModelTests t = ModelTests.of(m, v.get(), graph, maxEdges(m, v.get()));
            double planning = (System.nanoTime() - planStart) / 1e9;
            assertFalse(t.tests().isEmpty(), m.name() + ": no tests generated");
            if (t.edgeCoverage()) {
                // every edge is taken by a test, or left out for a reason the vocabulary states (or behind such edges)
                assertEquals(t.edges(), t.coveredEdges().size() + t.notDriven().values().stream().mapToInt(Integer::intValue).sum()
                        + t.unreachedEdges(), m.name());
                assertTrue(t.notDriven().isEmpty() || !t.coveredEdges().isEmpty(), m.name() + ": nothing driven");
                assertEquals(t.edges() == t.coveredEdges().size(), t.notDriven().isEmpty(),
                        m.name() + ": edges missed without a stated reason (not drivable: " + t.notDriven() + ")");
            } else {
                assertEquals(t.targets(), t.coveredTargets(), m.name() + ": generated tests miss actions with parameters");
            }
            long start = System.nanoTime();
            ModelTests.Execution x = t.execute(Set.of());
            // the TLC graph is shared with StateGraphEqualityTest; this is what the model-based tests add
            System.out.printf("%s: %d edges, covered by %s: %d tested (%d targets), not drivable %s; %d tests, %d steps;"
                    + " planning %.2f s, execution and checking %.2f s; process CPU %.2f s%s%n", m.name(), t.edges(),
                    t.edgeCoverage() ? "edges" : "actions", t.coveredEdges().size(), t.targets(), t.notDriven(), t.tests().size(),
                    x.steps(), planning, (System.nanoTime() - start) / 1e9, processCpuSeconds() - cpuStart,
                    x.passedBridges() == 0 ? "" : "; " + x.passedBridges() + " injection bridges taken");
            assertEquals(List.of(), x.failures(), m.name() + ": conformance failures");
            assertEquals(t.coveredEdges(), x.passedEdges(), m.name() + ": edges not executed");
            // a test from an injected state has no trace to check (InjectedRunner); the others must be accepted
            x.runs().forEach(r -> assertTrue(r.verdict().equals("ACCEPTED")
                    || r.test().initial() != null && r.verdict().equals(InjectedRunner.VERDICT), r.test().name() + ": "
                    + r.verdict() + "\n" + r.trace()));
        }));
    }
}
