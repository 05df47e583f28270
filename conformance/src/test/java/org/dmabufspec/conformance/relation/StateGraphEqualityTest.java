package org.dmabufspec.conformance.relation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import org.dmabufspec.conformance.FullSets;
import org.dmabufspec.tlc.Expectation;
import org.dmabufspec.tlc.LongestFirst;
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
 * Issue 6's faithfulness test: for every default-tier model that must pass, TLC's full state
 * graph ({@code -dump dot,actionlabels}) equals the Java relation's (same initial states, same
 * labelled steps from every state). One dynamic test per model, named after it; a model without
 * a relation fails naming it. {@code -Ddmabuf.relation.models=WwMutex,DmaFence} runs only those
 * models; the models run {@code -Ddmabuf.parallel=N} at a time (default: one per core), one TLC
 * worker each. The graphs come from {@link SharedTlcGraphs}, which runs TLC once per model and
 * constants for the whole test JVM.
 *
 * <p>The default build leaves out the models of {@link #FULL_ONLY}, whose graphs cost the most: each
 * has a sibling in the default set with the same module and relation (a smaller bound or no state
 * constraint). {@code -Ddmabuf.full=true} ({@code -Pfull}) compares every model, and the deep-tier
 * models of {@link #DEEP_IN_FULL} too.
 */
@ResourceLock(value = Resources.SYSTEM_OUT, mode = ResourceAccessMode.READ)
class StateGraphEqualityTest {
    /** Model left to the full set, and its sibling of the same module that the default set keeps. */
    static final Map<String, String> FULL_ONLY = Map.of(
            "DmaResv_Uapi", "DmaResv_LivePoll",     // the uAPI relation, unbounded; ~25 s
            "DmaResv", "DmaResv_LiveDriver",        // the driver relation, unbounded; ~16 s
            "DmaBufDeviceAccess_7_1_Remap", "DmaBufDeviceAccess_6_15_Remap"); // same relation, 7.1; ~3 s

    /**
     * Deep-tier models the full set compares too: their TLC run and graph cost more than the default
     * run can pay for, and each has a default-tier sibling of the same module and relation. The
     * DmaBufCpuDeviceAccess ones (figures in docs/model-checking.md) take about 20 minutes of wall time on
     * a loaded 2-core machine, most of it the comparisons of the three two-importer graphs.
     */
    static final Map<String, String> DEEP_IN_FULL = Map.ofEntries(
            Map.entry("WwMutex_Ind_NullCtx", "WwMutex_Ind"),                // TLC ~55 s CPU for the one-step graph of 9,783 states
            Map.entry("DmaBufLifetime_6_2", "DmaBufLifetime_6_2_Attach"),   // ~4 s CPU for TLC and its graph of 2,252 states
            Map.entry("DmaBufLifetime_Ind_6_2", "DmaBufLifetime_6_2_Attach"), // one step from 4,217 IndInv states, ~6 s CPU
            Map.entry("DmaBufLifetime_Ind_6_15", "DmaBufLifetime_6_15"),     // one step from 5,975 IndInv states, ~6 s CPU
            Map.entry("DmaBufCpuDeviceAccess_Ind_6_15", "DmaBufCpuDeviceAccess_6_15_Small"), // one step from 6,814 CpuIndInv states
            Map.entry("DmaBufCpuDeviceAccess_7_1_Small", "DmaBufCpuDeviceAccess_6_15_Small"), // 7.1, 3,076 states
            Map.entry("DmaBufCpuDeviceAccess_6_15", "DmaBufCpuDeviceAccess_6_15_Small"), // two importers, 57,326 states
            Map.entry("DmaBufCpuDeviceAccess_7_1", "DmaBufCpuDeviceAccess_6_15_Small"), // 7.1, two importers, 58,184 states
            Map.entry("DmaBufCpuDeviceAccess_6_15_One", "DmaBufCpuDeviceAccess_6_15_Small"),
            Map.entry("DmaBufCpuDeviceAccess_Live_6_15", "DmaBufCpuDeviceAccess_6_15_Small"),
            Map.entry("DmaBufCpuDeviceAccess_Live_7_1", "DmaBufCpuDeviceAccess_6_15_Small"),
            Map.entry("DmaBufCpuDeviceAccess_Live_6_15_Pair", "DmaBufCpuDeviceAccess_6_15_Small"), // 36,474 states
            Map.entry("DmaBufCpuDeviceAccess_Ind_Reach_6_15", "DmaBufCpuDeviceAccess_6_15_Small"));

    @TestFactory
    Stream<DynamicTest> javaRelationEqualsTlcStateGraph() {
        Manifest manifest = Manifest.ofSpecsDir(specsDir());
        List<Model> models = selected(manifest);
        int parallel = Math.max(1, Integer.getInteger("dmabuf.parallel", Runtime.getRuntime().availableProcessors()));
        ExecutorService pool = Executors.newFixedThreadPool(parallel, r -> {
            Thread t = new Thread(r, "state-graph");
            t.setDaemon(true);
            return t;
        });
        // started longest first (LPT, by the manifest's measured seconds), reported in manifest order
        Map<Model, Future<?>> started = new IdentityHashMap<>();
        for (Model m : LongestFirst.order(models)) {
            started.put(m, pool.submit(() -> check(manifest, m)));
        }
        pool.shutdown();
        List<Future<?>> results = models.stream().<Future<?>>map(started::get).toList();
        return IntStream.range(0, models.size())
                .mapToObj(i -> DynamicTest.dynamicTest(models.get(i).name(), () -> await(results.get(i))));
    }

    static List<Model> selected(Manifest manifest) {
        List<Model> all = manifest.models().stream()
                .filter(m -> m.expect() instanceof Expectation.Ok)
                .filter(m -> m.tier() == Tier.DEFAULT || (FullSets.full() && DEEP_IN_FULL.containsKey(m.name())))
                .toList();
        String filter = System.getProperty("dmabuf.relation.models", "").strip();
        if (filter.isEmpty()) {
            return FullSets.full() ? all : all.stream().filter(m -> !FULL_ONLY.containsKey(m.name())).toList();
        }
        Set<String> names = Arrays.stream(filter.split(",")).map(String::strip).collect(Collectors.toSet());
        Set<String> known = all.stream().map(Model::name).collect(Collectors.toSet());
        List<String> unknown = names.stream().filter(n -> !known.contains(n)).sorted().toList();
        if (!unknown.isEmpty()) {
            throw new IllegalArgumentException("-Ddmabuf.relation.models names no default-tier ok model"
                    + (FullSets.full() ? " and none of the full set's deep models" : "") + ": " + unknown);
        }
        return all.stream().filter(m -> names.contains(m.name())).toList();
    }

    @Test
    void everyModelLeftToTheFullSetHasADefaultSiblingWithTheSameModuleAndRelation() {
        Manifest manifest = Manifest.ofSpecsDir(specsDir());
        Map<String, Model> all = manifest.tier(Tier.DEFAULT).stream()
                .filter(m -> m.expect() instanceof Expectation.Ok)
                .collect(Collectors.toMap(Model::name, m -> m));
        FULL_ONLY.forEach((left, sibling) -> {
            Model l = all.get(left);
            Model s = all.get(sibling);
            assertTrue(l != null && s != null, left + " and " + sibling + " must be default-tier ok models");
            assertFalse(FULL_ONLY.containsKey(sibling), sibling + " is left out too");
            assertEquals(l.module(), s.module(), left);
            assertEquals(ModelRelations.forModel(l).map(Object::getClass), ModelRelations.forModel(s).map(Object::getClass), left);
        });
    }

    @Test
    void everyDeepModelOfTheFullSetIsADeepOkModelWithADefaultSiblingOfTheSameRelation() {
        Manifest manifest = Manifest.ofSpecsDir(specsDir());
        Map<String, Model> byName = manifest.models().stream().collect(Collectors.toMap(Model::name, m -> m));
        DEEP_IN_FULL.forEach((deep, sibling) -> {
            Model d = byName.get(deep);
            Model s = byName.get(sibling);
            assertTrue(d != null && d.tier() == Tier.DEEP && d.expect() instanceof Expectation.Ok,
                    deep + " must be a deep-tier ok model");
            assertTrue(s != null && s.tier() == Tier.DEFAULT && s.expect() instanceof Expectation.Ok,
                    sibling + " must be a default-tier ok model");
            assertTrue(ModelRelations.forModel(d).isPresent(), deep + " has no Java relation");
            assertEquals(ModelRelations.forModel(d).map(Object::getClass), ModelRelations.forModel(s).map(Object::getClass), deep);
        });
    }

    private static void check(Manifest manifest, Model m) {
        Optional<RelationProvider> provider = ModelRelations.forModel(m);
        if (provider.isEmpty()) {
            fail(m.name() + " (" + m.module() + ", " + m.cfg() + "): no Java relation; add a RelationProvider "
                    + "that handles it to ModelRelations");
        }
        RelationProvider p = provider.get();
        // shared with the wrong-relation and model-based tests, which ask for some of these graphs again
        TlcGraph graph = SharedTlcGraphs.run(manifest.tlaDir(), m, p.constants(m));
        long start = System.nanoTime();
        GraphComparison.Result r = GraphComparison.compare(p.relation(m, graph.constants()), graph, 5);
        // the figures the README quotes: TLC's run (with the dump) and the Java side's, per model
        System.out.printf("%s: %d states, %d edges; TLC %.1f s, comparison %.2f s%n", m.name(), r.states(), r.edges(),
                graph.tlcTime().toMillis() / 1000.0, (System.nanoTime() - start) / 1e9);
        assertTrue(r.same(), r::report);
    }

    private static void await(Future<?> result) throws Throwable {
        try {
            result.get();
        } catch (ExecutionException e) {
            throw e.getCause();
        }
    }

    /** {@code -Ddmabuf.specs=DIR}, else {@code specs/} in the working directory or a parent. */
    static Path specsDir() {
        String prop = System.getProperty("dmabuf.specs");
        if (prop != null && !prop.isBlank()) {
            return Path.of(prop).toAbsolutePath();
        }
        for (Path d = Path.of("").toAbsolutePath(); d != null; d = d.getParent()) {
            if (Files.exists(d.resolve("specs/models.yaml"))) {
                return d.resolve("specs");
            }
        }
        throw new IllegalStateException("cannot find specs/models.yaml (set -Ddmabuf.specs=DIR)");
    }
}
