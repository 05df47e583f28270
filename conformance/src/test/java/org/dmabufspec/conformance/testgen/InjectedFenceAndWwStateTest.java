package org.dmabufspec.conformance.testgen;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.dmabufspec.conformance.relation.SharedTlcGraphs;
import org.dmabufspec.conformance.relation.TlcGraph;
import org.dmabufspec.conformance.testgen.fence.FenceVocabulary;
import org.dmabufspec.conformance.testgen.resv.ResvVocabulary;
import org.dmabufspec.conformance.testgen.ww.WwVocabulary;
import org.dmabufspec.tlc.Manifest;
import org.dmabufspec.tlc.Model;
import org.junit.jupiter.api.Test;

/**
 * The inductive models' tests start in states built by injection; they are not vacuous: a state
 * built wrong fails before the first step, and a planted bug or a wrongly built state fails the step
 * whose result or observed state it changes, naming the edge.
 */
class InjectedFenceAndWwStateTest {

    private static ModelTests tests(String name, Vocabulary v) {
        Manifest manifest = ModelBasedTestsTest.manifest();
        Model m = manifest.model(name).orElseThrow();
        return ModelTests.of(m, v, SharedTlcGraphs.run(manifest.tlaDir(), m, v.constants(m)), ModelTests.DEFAULT_MAX_EDGES);
    }

    private static GeneratedTest withSetup(GeneratedTest t, List<KernelCall> setup, int steps) {
        return new GeneratedTest(t.model(), t.vocabulary(), t.number(), setup, t.steps().subList(0, steps), t.initial());
    }

    private static KernelCall withArg(KernelCall c, String name, String value) {
        Map<String, String> args = new LinkedHashMap<>(c.args());
        args.put(name, value);
        return new KernelCall(c.op(), args, c.expect());
    }

    @Test
    void aSignalledFenceInjectedWithTheWrongErrorFailsBeforeTheFirstStep() {
        ModelTests t = tests("DmaFence_Ind", new FenceVocabulary());
        List<GeneratedTest> wrong = new ArrayList<>();
        for (GeneratedTest g : t.tests()) {
            KernelCall c = g.setup().get(0);
            if (c.args().get("signaled").equals("true") && c.args().get("error").equals("0")) {
                wrong.add(withSetup(g, List.of(withArg(c, "error", "EIO")), g.steps().size()));
            }
        }
        assertFalse(wrong.isEmpty());
        List<TestRun> runs = t.vocabulary().run(wrong, Set.of());
        for (TestRun r : runs) {
            assertEquals(1, r.failures().size(), r.test().name());
            ConformanceFailure f = r.failures().get(0);
            assertEquals(0, f.step(), f.toString());
            assertEquals(r.test().steps().get(0).edgeText(), f.edge());
            assertTrue(f.what().startsWith("the injected initial state is not the model's: {f1.status=expected 1, observed EIO}"),
                    f.toString());
            assertTrue(r.passedEdges().isEmpty(), f.toString());
        }
    }

    @Test
    void listAddInsteadOfListAddTailFailsDmaFenceIndWhereTheCallbacksRun() {
        ModelTests t = tests("DmaFence_Ind", new FenceVocabulary());
        assertEquals(List.of(), t.execute(Set.of()).failures(), "without the bug the tests pass");
        List<ConformanceFailure> failures = t.execute(Set.of("callback-list-add")).failures();
        assertFalse(failures.isEmpty(), "the planted bug is caught");
        // a callback added behind an injected one goes first: the next signal (in this cover, the forced signal of a last
        // put; a signal edge from a two-callback list is taken by the test that injects that list) runs them reversed
        assertTrue(failures.stream().allMatch(f -> (f.edge().contains("--DmaFenceSignal-->") || f.edge().contains("--DmaFenceRelease-->"))
                && f.what().matches(".*f1\\.ran=expected (c\\d),(c\\d), observed \\2,\\1.*")), failures.toString());
    }

    /**
     * DmaResv_Ind's tests from its first 300 initial states (planning all 125,124 edges is what
     * ModelBasedTestsTest pays for; here a part is enough).
     */
    private static ModelTests someResvIndTests() {
        Manifest manifest = ModelBasedTestsTest.manifest();
        Model m = manifest.model("DmaResv_Ind").orElseThrow();
        Vocabulary v = new ResvVocabulary();
        TlcGraph g = SharedTlcGraphs.run(manifest.tlaDir(), m, v.constants(m));
        StateGraph all = StateGraph.of(g.graph());
        Set<Long> first = new java.util.HashSet<>(all.initial().stream().limit(300).toList());
        StateGraph part = all.withEdges(all.edges().stream().filter(e -> first.contains(e.from())).toList());
        return ModelTests.of(m, v, part, g.constants(), ModelTests.DEFAULT_MAX_EDGES, 0);
    }

    @Test
    void aReservationInjectedWithoutItsReservedSlotsFailsDmaResvIndAtTheAddThatSpendsOne() {
        ModelTests t = someResvIndTests();
        assertEquals(List.of(), t.execute(Set.of()).failures(), "as built from the model's states, the tests pass");
        // max_fences injected as num_fences: the driver's credits are gone, an add that needs a slot has none (F13)
        List<GeneratedTest> wrong = new ArrayList<>();
        for (GeneratedTest g : t.tests()) {
            if (g.steps().stream().noneMatch(s -> s.call() != null && s.call().op().equals("dma_resv_add_fence"))) {
                continue;
            }
            List<KernelCall> setup = new ArrayList<>();
            for (KernelCall c : g.setup()) {
                String entries = c.args().get("entries");
                setup.add(c.op().equals("inject_resv_table")
                        ? withArg(c, "max_fences", String.valueOf(entries.isEmpty() ? 0 : entries.split(",").length)) : c);
            }
            wrong.add(withSetup(g, setup, g.steps().size()));
        }
        assertFalse(wrong.isEmpty());
        List<ConformanceFailure> failures = t.vocabulary().run(wrong, Set.of()).stream().flatMap(r -> r.failures().stream()).toList();
        assertTrue(failures.stream().anyMatch(f -> f.edge().contains("--DmaResvAddFence-->") && f.rule().equals("F13")
                && f.what().contains("no reserved slot")), failures.toString());
    }

    @Test
    void contextsInjectedWithSwappedStampsFailWwMutexIndAtTheLockThatMustSleep() {
        ModelTests t = tests("WwMutex_Ind", new WwVocabulary());
        List<GeneratedTest> right = new ArrayList<>();
        List<GeneratedTest> swapped = new ArrayList<>();
        for (GeneratedTest g : t.tests()) {
            KernelCall first = g.steps().get(0).call();
            List<KernelCall> ctxs = g.setup().stream().filter(c -> c.op().equals("inject_ww_acquire_ctx")).toList();
            if (first == null || !first.op().equals("dma_resv_lock") || !first.expect().equals("sleeps") || ctxs.size() != 2) {
                continue;
            }
            List<KernelCall> setup = new ArrayList<>();
            for (KernelCall c : g.setup()) {
                KernelCall other = ctxs.get(c == ctxs.get(0) ? 1 : 0);
                setup.add(ctxs.contains(c) ? withArg(c, "stamp", other.args().get("stamp")) : c);
            }
            right.add(withSetup(g, g.setup(), 1));
            swapped.add(withSetup(g, setup, 1));
        }
        assertFalse(swapped.isEmpty());
        assertEquals(List.of(), t.vocabulary().run(right, Set.of()).stream().flatMap(r -> r.failures().stream()).toList(),
                "as built from the model's state, the lock sleeps");
        List<ConformanceFailure> failures = t.vocabulary().run(swapped, Set.of()).stream().flatMap(r -> r.failures().stream()).toList();
        // the caller holds a lock and is now the younger context: wait-die makes it back off instead of sleeping
        assertTrue(failures.stream().anyMatch(f -> f.step() == 1 && f.edge().contains("--DmaResvLock-->") && f.rule().equals("F18")
                && f.what().startsWith("dma_resv_lock returned EDEADLK, the model expects sleeps")), failures.toString());
        assertTrue(failures.stream().allMatch(f -> f.step() <= 1), failures.toString());
    }
}
