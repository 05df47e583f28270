package org.dmabufspec.conformance.testgen;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.dmabufspec.conformance.relation.SharedTlcGraphs;
import org.dmabufspec.tlc.Manifest;
import org.dmabufspec.tlc.Model;
import org.junit.jupiter.api.Test;

/**
 * The ww_mutex, dma_resv (MCDmaResv and the scenario scripts), dma_buf_attach (P2P included) and
 * dma_buf_ww_eviction executors compare what they are told to: a generated
 * test whose expectation is changed at one step fails at that step, naming its edge, and not
 * before (these drivers have no injectable bug for their ok models, so the model side is the one
 * changed).
 */
class WrongExpectationTest {

    /** Generated once per model: the attach tests change two different steps of the same model's tests. */
    private static final Map<String, ModelTests> TESTS = new java.util.concurrent.ConcurrentHashMap<>();

    private static ModelTests tests(String name) {
        return TESTS.computeIfAbsent(name, WrongExpectationTest::generate);
    }

    private static ModelTests generate(String name) {
        Manifest manifest = ModelBasedTestsTest.manifest();
        Model m = manifest.model(name).orElseThrow();
        Vocabulary v = Vocabularies.forModel(m).orElseThrow();
        return ModelTests.of(m, v, SharedTlcGraphs.run(manifest.tlaDir(), m, v.constants(m)), ModelBasedTestsTest.maxEdges(v));
    }

    /** The first test with a step matching {@code pick}, with that step changed by {@code change}. */
    /** Runs the changed test: exactly one failure, at the changed step. */
    private static ConformanceFailure onlyFailureAt(ModelTests t, GeneratedTest g, int step) {
        List<ConformanceFailure> failures = t.vocabulary().run(List.of(g), Set.of()).get(0).failures();
        assertEquals(1, failures.size(), failures.toString());
        ConformanceFailure f = failures.get(0);
        assertEquals(step, f.step(), f.toString());
        return f;
    }

    /** The step expecting b1 in the other of its two regions. */
    private static TestStep otherPlacement(TestStep s) {
        Map<String, String> o = new HashMap<>(s.observe());
        o.put("b1.placement", "r1".equals(o.get("b1.placement")) ? "r2" : "r1");
        return new TestStep(s.edge(), s.from(), s.action(), s.to(), s.call(), s.note(), s.rule(), o);
    }

    private static GeneratedTest changed(ModelTests t, java.util.function.Predicate<TestStep> pick,
                                         java.util.function.UnaryOperator<TestStep> change, int[] at) {
        for (GeneratedTest g : t.tests()) {
            for (int i = 0; i < g.steps().size(); i++) {
                if (pick.test(g.steps().get(i))) {
                    List<TestStep> steps = new ArrayList<>(g.steps());
                    steps.set(i, change.apply(steps.get(i)));
                    at[0] = i + 1;
                    return new GeneratedTest(g.model(), g.vocabulary(), g.number(), g.setup(), steps);
                }
            }
        }
        throw new AssertionError(t.model().name() + ": no step to change");
    }

    @Test
    void wwMutexDieStepExpectedToTakeTheLockFailsThere() {
        ModelTests t = tests("WwMutex");
        int[] at = new int[1];
        GeneratedTest g = changed(t, s -> s.call() != null && s.call().op().equals("return") && s.call().expect().equals("EDEADLK"),
                s -> new TestStep(s.edge(), s.from(), s.action(), s.to(),
                        new KernelCall("return", s.call().args(), "0"), s.note(), s.rule(), s.observe()), at);
        ConformanceFailure f = onlyFailureAt(t, g, at[0]);
        assertEquals(g.steps().get(at[0] - 1).edgeText(), f.edge());
        assertTrue(f.edge().contains("--DmaResvLockDie-->"), f.toString());
        assertTrue(f.what().contains("returned EDEADLK, the model expects 0"), f.toString());
    }

    @Test
    void dmaResvPendingFencesExpectedWrongFailAtThatStep() {
        ModelTests t = tests("DmaResv_LivePoll");
        int[] at = new int[1];
        GeneratedTest g = changed(t, s -> !s.observe().getOrDefault("r1.fences", "").isEmpty(), s -> {
            Map<String, String> o = new HashMap<>(s.observe());
            o.put("r1.fences", "");
            return new TestStep(s.edge(), s.from(), s.action(), s.to(), s.call(), s.note(), s.rule(), o);
        }, at);
        ConformanceFailure f = onlyFailureAt(t, g, at[0]);
        assertEquals(g.steps().get(at[0] - 1).edgeText(), f.edge());
        assertTrue(f.what().contains("r1.fences=expected , observed f"), f.toString());
    }

    @Test
    void dmaBufAttachPlacementExpectedUnmovedFailsAtTheMove() {
        ModelTests t = tests("DmaBufAttach_6_15");
        int[] at = new int[1];
        GeneratedTest g = changed(t, s -> s.call() != null && s.call().op().equals("move"), WrongExpectationTest::otherPlacement, at);
        ConformanceFailure f = onlyFailureAt(t, g, at[0]);
        assertEquals(g.steps().get(at[0] - 1).edgeText(), f.edge());
        assertTrue(f.edge().contains("--DmaBufMove-->"), f.toString());
        assertEquals("R4", f.rule(), f.toString());
        assertTrue(f.what().matches(".*b1\\.placement=expected r[12], observed r[12].*"), f.toString());
    }

    @Test
    void dmaBufAttachMapExpectedBusyFailsAtTheMap() {
        ModelTests t = tests("DmaBufAttach_6_15");
        int[] at = new int[1];
        GeneratedTest g = changed(t, s -> s.call() != null && s.call().op().equals("dma_buf_map_attachment")
                        && s.call().expect().equals("0"),
                s -> new TestStep(s.edge(), s.from(), s.action(), s.to(),
                        new KernelCall(s.call().op(), s.call().args(), "EBUSY"), s.note(), s.rule(), s.observe()), at);
        ConformanceFailure f = onlyFailureAt(t, g, at[0]);
        assertTrue(f.edge().contains("--DmaBufMapAttachment-->"), f.toString());
        assertTrue(f.what().contains("dma_buf_map_attachment returned 0, the model expects EBUSY"), f.toString());
    }
    @Test
    void wwEvictionMapEdeadlkExpectedToSucceedFailsAtItsReturn() {
        // the exporter's ticket lock of the victim dies inside the map: the map returns -EDEADLK
        ModelTests t = tests("DmaBufWwEviction_Dynamic");
        int[] at = new int[1];
        GeneratedTest g = changed(t, s -> s.call() != null && s.call().op().equals("return") && s.call().expect().equals("EDEADLK")
                        && s.action().equals("DmaBufCallEdeadlk"),
                s -> new TestStep(s.edge(), s.from(), s.action(), s.to(),
                        new KernelCall("return", s.call().args(), "0"), s.note(), s.rule(), s.observe()), at);
        ConformanceFailure f = onlyFailureAt(t, g, at[0]);
        assertEquals(g.steps().get(at[0] - 1).edgeText(), f.edge());
        assertTrue(f.what().contains("returned EDEADLK, the model expects 0"), f.toString());
    }

    @Test
    void wwEvictionVictimExpectedUnmovedFailsWhereTheEvictionIsSeen() {
        // the first settled state after an eviction under the importer's ticket: the victim has moved once
        ModelTests t = tests("DmaBufWwEviction");
        int[] at = new int[1];
        GeneratedTest g = changed(t, s -> "1".equals(s.observe().get("b2.moves")), s -> {
            Map<String, String> o = new HashMap<>(s.observe());
            o.put("b2.moves", "0");
            return new TestStep(s.edge(), s.from(), s.action(), s.to(), s.call(), s.note(), s.rule(), o);
        }, at);
        ConformanceFailure f = onlyFailureAt(t, g, at[0]);
        assertEquals(g.steps().get(at[0] - 1).edgeText(), f.edge());
        assertTrue(f.what().contains("b2.moves=expected 0, observed 1"), f.toString());
    }

    @Test
    void dmaResvScenarioProbeExpectedReadyWhereTheBufferIsBusyFailsAtThatPoll() {
        // IGT export-basic after a vgem read fence: POLLOUT is busy; the changed test expects it ready
        ModelTests t = tests("DmaResvScenario_ExportBasic");
        int[] at = new int[1];
        GeneratedTest g = changed(t, s -> s.call() != null && s.call().op().equals("poll") && s.call().expect().isEmpty(),
                s -> new TestStep(s.edge(), s.from(), s.action(), s.to(),
                        new KernelCall("poll", s.call().args(), s.call().args().get("events")), s.note(), s.rule(), s.observe()),
                at);
        ConformanceFailure f = onlyFailureAt(t, g, at[0]);
        assertEquals(g.steps().get(at[0] - 1).edgeText(), f.edge());
        assertEquals("U3", f.rule(), f.toString());
        assertTrue(f.what().contains("poll returned , the model expects POLL"), f.toString());
    }

    @Test
    void peerToPeerPlacementExpectedUnmovedFailsAtTheMove() {
        // DmaBufAttach_6_15_P2P starts in GTT (r1) and may move into the peer-only VRAM (r2) only with s1 detached
        ModelTests t = tests("DmaBufAttach_6_15_P2P");
        int[] at = new int[1];
        GeneratedTest g = changed(t, s -> s.call() != null && s.call().op().equals("move"), WrongExpectationTest::otherPlacement, at);
        ConformanceFailure f = onlyFailureAt(t, g, at[0]);
        assertTrue(f.edge().contains("--DmaBufMove-->"), f.toString());
        assertTrue(f.what().matches(".*b1\\.placement=expected r[12], observed r[12].*"), f.toString());
    }
}
