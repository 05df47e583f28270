package org.dmabufspec.conformance.testgen;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;

import org.dmabufspec.coherency.NonCoherentBuffer;
import org.dmabufspec.conformance.relation.SharedTlcGraphs;
import org.dmabufspec.conformance.testgen.attach.AttachVocabulary;
import org.dmabufspec.conformance.testgen.coherency.CoherencyVocabulary;
import org.dmabufspec.tlc.Manifest;
import org.dmabufspec.tlc.Model;
import org.junit.jupiter.api.Test;

/**
 * The inductive-invariant models' tests start in a state injected into the reference implementation
 * (their initial states are every IndInv state, which calls from fresh objects do not reach). The
 * injection is checked against the model's state before the first step, and a planted bug or a wrongly
 * injected state fails the run naming the edge.
 */
class InjectedStateTest {

    private static ModelTests tests(String name, Vocabulary v) {
        return tests(name, v, ModelTests.DEFAULT_MAX_EDGES);
    }

    /** Planned once per model and bound in this class (planning thousands of edges is most of the cost). */
    private static final Map<String, ModelTests> PLANNED = new java.util.concurrent.ConcurrentHashMap<>();

    private static ModelTests tests(String name, Vocabulary v, int maxEdges) {
        return PLANNED.computeIfAbsent(name + "/" + maxEdges, k -> {
            Manifest manifest = ModelBasedTestsTest.manifest();
            Model m = manifest.model(name).orElseThrow();
            return ModelTests.of(m, v, SharedTlcGraphs.run(manifest.tlaDir(), m, v.constants(m)), maxEdges);
        });
    }

    /** The tests with one argument of their {@code inject_state} call changed. */
    private static List<GeneratedTest> withInjected(List<GeneratedTest> tests, String arg, UnaryOperator<String> change) {
        return tests.stream().map(g -> {
            KernelCall c = g.setup().get(0);
            assertEquals("inject_state", c.op());
            Map<String, String> args = new LinkedHashMap<>(c.args());
            args.put(arg, change.apply(args.get(arg)));
            return new GeneratedTest(g.model(), g.vocabulary(), g.number(), List.of(new KernelCall(c.op(), args, c.expect())),
                    g.steps(), g.initial());
        }).toList();
    }

    private static List<ConformanceFailure> failures(Vocabulary v, List<GeneratedTest> tests, Set<String> bugs) {
        return v.run(tests, bugs).stream().flatMap(r -> r.failures().stream()).toList();
    }

    @Test
    void everyTestOfDmaBufCoherencyIndNoCpuOpsStartsInItsFirstStateInjected() {
        ModelTests t = tests("DmaBufCoherency_IndNoCpuOps", new CoherencyVocabulary());
        for (GeneratedTest g : t.tests()) {
            assertNotNull(g.initial(), g.name());
            assertEquals("inject_state", g.setup().get(0).op(), g.name());
        }
        // the tests start in many different IndInv states, not one
        assertTrue(t.tests().stream().map(GeneratedTest::initial).distinct().count() > 100, "distinct initial states");
        // that they pass is ModelBasedTestsTest's
    }

    @Test
    void aWronglyInjectedMemoryFailsBeforeTheFirstStepNamingItsEdge() {
        CoherencyVocabulary v = new CoherencyVocabulary();
        List<GeneratedTest> tests = tests("DmaBufCoherency_IndNoCpuOps", v).tests().subList(0, 50);
        List<ConformanceFailure> failures = failures(v, withInjected(tests, "mem", m -> String.valueOf(Integer.parseInt(m) + 1)), Set.of());
        assertEquals(tests.size(), failures.size(), failures.toString());
        for (ConformanceFailure f : failures) {
            GeneratedTest g = tests.stream().filter(x -> x.name().equals(f.test())).findFirst().orElseThrow();
            assertEquals(0, f.step(), f.toString());
            assertEquals(g.steps().get(0).edgeText(), f.edge());
            assertTrue(f.what().matches("the injected initial state differs from the model's: .*buf\\.mem=expected \\d, observed \\d.*"),
                    f.toString());
        }
    }

    @Test
    void aWronglyInjectedLastWriteFailsTheFirstWriteOrReadThatShowsIt() {
        // lastWrite is a ghost the observation does not read: one lower, the injection check passes, and the
        // next write makes a version the model does not (or a read is judged against the wrong last write)
        CoherencyVocabulary v = new CoherencyVocabulary();
        List<GeneratedTest> tests = tests("DmaBufCoherency_IndNoCpuOps", v).tests().stream()
                .filter(g -> !g.setup().get(0).args().get("lastWrite").equals("0")).limit(200).toList();
        List<ConformanceFailure> failures = failures(v, withInjected(tests, "lastWrite", w -> String.valueOf(Integer.parseInt(w) - 1)),
                Set.of());
        assertFalse(failures.isEmpty(), "a wrong ghost is caught");
        assertTrue(failures.stream().allMatch(f -> f.step() > 0 && f.edge().matches("edge #\\d+ \\(-?\\d+ --(CpuStore|DeviceDmaWrite"
                + "|CpuLoad|DeviceDmaRead|CacheEvict|DmaBufMapAttachment|DmaBufEndCpuAccess)--> -?\\d+\\)")), failures.toString());
        assertTrue(failures.stream().anyMatch(f -> f.edge().contains("--CpuStore-->")
                && f.what().matches("(?s).*buf\\.line=expected dirty/\\d, observed dirty/\\d.*")), failures.toString());
    }

    @Test
    void endCpuAccessWithoutTheSyncFailsTheSyncEndStepsOfDmaBufCoherencyInd() {
        // the exporter's end_cpu_access skips dma_sync_sgtable_for_device: from an injected dirty line under a
        // live mapping, the line stays dirty and memory keeps the older version
        CoherencyVocabulary v = new CoherencyVocabulary();
        List<GeneratedTest> ending = tests("DmaBufCoherency_Ind", v).tests().stream()
                .filter(g -> g.steps().stream().anyMatch(s -> s.action().equals("DmaBufEndCpuAccess"))).limit(300).toList();
        List<ConformanceFailure> failures = failures(v, ending, Set.of(NonCoherentBuffer.END_CPU_ACCESS_WITHOUT_SYNC));
        assertFalse(failures.isEmpty(), "the planted bug is caught");
        assertTrue(failures.stream().allMatch(f -> f.edge().contains("--DmaBufEndCpuAccess-->") && f.rule().equals("U1")),
                failures.toString());
        assertTrue(failures.stream().anyMatch(f -> f.what().matches("(?s).*buf\\.line=expected clean/\\d, observed dirty/\\d.*")),
                failures.toString());
    }
    @Test
    void dmaBufAttachInd615IsDrivenFromInitAndThroughAMoveNotifyWithoutAMove() {
        // no injection factory for the attach objects: tests start at Init, which reaches the IndInv states
        // DmaBufAttach_6_15 (the same constants, Spec instead of IndSpec) reaches, and go on through the exporter's
        // move_notify without a move into IndInv states it does not; the edges from every other IndInv state are not drivable
        AttachVocabulary v = new AttachVocabulary();
        // action with parameters by action, as the default build covers the attach models (edge by edge: ~20 s)
        ModelTests ind = tests("DmaBufAttach_Ind_6_15", v, 0);
        Manifest manifest = ModelBasedTestsTest.manifest();
        Model m615 = manifest.model("DmaBufAttach_6_15").orElseThrow();
        StateGraph reachable = StateGraph.of(SharedTlcGraphs.run(manifest.tlaDir(), m615, v.constants(m615)).graph());
        int notDriven = ind.notDriven().getOrDefault(ModelTests.UNREACHED_INDUCTIVE_STATE, 0);
        assertEquals(Map.of(ModelTests.UNREACHED_INDUCTIVE_STATE, notDriven), ind.notDriven());
        // the edges of DmaBufAttach_6_15, and those of the states the injected move_notify without a move reaches
        assertTrue(ind.edges() - notDriven > reachable.edges().size(), "more than DmaBufAttach_6_15's edges: " + notDriven);
        // every test starts from fresh objects (the setup of MCDmaBufAttach), none from an injected state
        assertTrue(ind.tests().stream().allMatch(g -> g.initial() == null && g.setup().equals(ind.tests().get(0).setup())
                && g.setup().stream().noneMatch(c -> c.op().contains("inject"))));
        assertTrue(ind.tests().stream().anyMatch(g -> g.steps().stream().anyMatch(s -> s.call() != null
                && s.call().op().equals("move_notify_without_move"))), "a test takes an injection bridge");
        ModelTests.Execution ok = ind.execute(Set.of());
        assertEquals(List.of(), ok.failures());
        assertTrue(ok.passedBridges() > 0);
        ok.runs().forEach(r -> assertEquals("ACCEPTED", r.verdict(), r.test().name()));
        List<ConformanceFailure> failures = ind.execute(Set.of("skip-move-notify")).failures();
        assertFalse(failures.isEmpty(), "the planted bug is caught");
        // skip-move-notify (DmaBufAttach_MoveWithoutNotify's code): the eviction returns without stopping in d1's move_notify
        assertTrue(failures.stream().anyMatch(f -> f.edge().matches("edge #\\d+ \\(-?\\d+ --DmaBufEvict--> -?\\d+\\)")
                && f.what().contains("before any move_notify")), failures.toString());
    }
}
