package org.dmabufspec.conformance.testgen;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Set;

import org.dmabufspec.coherency.NonCoherentBuffer;
import org.dmabufspec.conformance.relation.SharedTlcGraphs;
import org.dmabufspec.conformance.testgen.coherency.CoherencyVocabulary;
import org.dmabufspec.conformance.testgen.cpu.CpuAccessVocabulary;
import org.dmabufspec.conformance.testgen.cpu.CpuDeviceAccessVocabulary;
import org.dmabufspec.conformance.testgen.device.DeviceAccessVocabulary;
import org.dmabufspec.conformance.testgen.fence.FenceVocabulary;
import org.dmabufspec.conformance.testgen.lifetime.LifetimeVocabulary;
import org.dmabufspec.tlc.Manifest;
import org.dmabufspec.tlc.Model;
import org.junit.jupiter.api.Test;

/**
 * A bug planted in the reference implementation is caught by the tests generated from a passing
 * model, and the failure names the edge, the step and the rule.
 */
class PlantedBugTest {

    private static ModelTests tests(String name) {
        return tests(name, new FenceVocabulary());
    }

    private static ModelTests tests(String name, Vocabulary v) {
        return tests(name, v, ModelTests.DEFAULT_MAX_EDGES);
    }

    private static ModelTests tests(String name, Vocabulary v, int maxEdges) {
        Manifest manifest = ModelBasedTestsTest.manifest();
        Model m = manifest.model(name).orElseThrow();
        return ModelTests.of(m, v, SharedTlcGraphs.run(manifest.tlaDir(), m, v.constants(m)), maxEdges);
    }

    @Test
    void removeCallbackReturningFalseFailsTheRmCallbackStepOfStTestRmCallback() {
        ModelTests t = tests("DmaFence_St_test_rm_callback");
        assertEquals(List.of(), t.execute(Set.of()).failures(), "without the bug the tests pass");

        List<ConformanceFailure> failures = t.execute(Set.of("remove-returns-false")).failures();
        // the step's own result differs, and the trace checker rejects the same step's event
        assertEquals(2, failures.size(), failures.toString());
        for (ConformanceFailure f : failures) {
            TestStep step = t.tests().get(0).steps().get(f.step() - 1);
            assertEquals(2, f.step(), f.toString());
            assertEquals("dma_fence_remove_callback", step.call().op(), f.toString());
            assertEquals(step.edgeText(), f.edge());
            assertTrue(f.edge().contains("--RmCb-->") || f.edge().contains("--Call-->"), f.toString());
            assertEquals("F7", f.rule());
        }
        assertTrue(failures.get(0).what().contains("returned false, the model expects true"), failures.toString());
        assertTrue(failures.get(1).what().contains("the trace checker rejects the trace at event 3"), failures.toString());
    }

    @Test
    void moveNotifyOfTheNewestMappingOnlyFailsTheMoveStepOfDmaBufDeviceAccessRemap() {
        // the importer's move_notify leaves its older mapping valid (DmaBufDeviceAccess_MoveNotifyOneMapping's code)
        DeviceAccessVocabulary v = new DeviceAccessVocabulary();
        ModelTests t = tests("DmaBufDeviceAccess_6_15_Remap", v);
        // the first 50 tests that take a move: enough to meet two mappings at one (the 999 tests cost ~10 s CPU)
        List<GeneratedTest> moving = t.tests().stream()
                .filter(g -> g.steps().stream().anyMatch(s -> s.action().equals("DmaBufMove"))).limit(50).toList();
        List<ConformanceFailure> failures = v.run(moving, Set.of("move-notify-one-mapping")).stream()
                .flatMap(r -> r.failures().stream()).toList();
        assertFalse(failures.isEmpty(), "the planted bug is caught");
        assertTrue(failures.stream().anyMatch(f -> f.edge().contains("--DmaBufMove-->") && f.rule().equals("R4")
                && f.what().matches("(?s).*d1\\.m[12]\\.valid=expected false, observed true.*")), failures.toString());
    }

    @Test
    void endCpuAccessWithoutTheSyncFailsTheSyncEndStepOfDmaBufCoherencyBidirectional() {
        // the exporter's end_cpu_access skips dma_sync_sgtable_for_device: the CPU's store stays in the cache
        ModelTests t = tests("DmaBufCoherency_Bidirectional", new CoherencyVocabulary());
        List<ConformanceFailure> failures = t.execute(Set.of(NonCoherentBuffer.END_CPU_ACCESS_WITHOUT_SYNC)).failures();
        assertFalse(failures.isEmpty(), "the planted bug is caught");
        assertTrue(failures.stream().allMatch(f -> f.edge().contains("--DmaBufEndCpuAccess-->") && f.rule().equals("U1")),
                failures.toString());
        // the line the sync should have cleaned is still dirty, memory still holds the older version
        assertTrue(failures.stream().anyMatch(f -> f.what().matches("(?s).*buf\\.line=expected clean/1, observed dirty/1.*")
                && f.what().matches("(?s).*buf\\.mem=expected 1, observed 0.*")), failures.toString());
    }

    @Test
    void aMoveWithoutTheCpuPteZapFailsTheMoveStepOfDmaBufCpuAccess() {
        // the exporter's move skips unmap_mapping_range (DmaBufCpuAccess_MoveWithoutZap's code)
        ModelTests t = tests("DmaBufCpuAccess", new CpuAccessVocabulary());
        List<ConformanceFailure> failures = t.execute(Set.of("move-without-zap")).failures();
        assertFalse(failures.isEmpty(), "the planted bug is caught");
        // the PTE the move should have zapped still maps the old region
        assertTrue(failures.stream().anyMatch(f -> f.edge().contains("--DmaBufMove-->") && f.rule().equals("R21")
                && f.what().matches("(?s).*p1\\.pte=expected none, observed r1.*")), failures.toString());
    }

    @Test
    void aMoveWithoutTheCpuPteZapFailsTheMoveStepOfDmaBufCpuDeviceAccess() {
        // the same bug beside a device: the eviction call zaps no CPU PTE
        CpuDeviceAccessVocabulary v = new CpuDeviceAccessVocabulary();
        ModelTests t = tests("DmaBufCpuDeviceAccess_6_15_Small", v);
        // the first 20 tests that fault the mmap in and then move: enough to move with the PTE present (1,504 tests in all)
        List<GeneratedTest> moving = t.tests().stream().filter(g -> {
            List<String> actions = g.steps().stream().map(TestStep::action).toList();
            return actions.contains("TtmBoVmFault") && actions.lastIndexOf("ExporterMove") > actions.indexOf("TtmBoVmFault");
        }).limit(20).toList();
        assertFalse(moving.isEmpty());
        assertTrue(v.run(moving, Set.of()).stream().allMatch(r -> r.failures().isEmpty()), "without the bug the tests pass");
        List<ConformanceFailure> failures = v.run(moving, Set.of("move-without-zap")).stream()
                .flatMap(r -> r.failures().stream()).toList();
        assertFalse(failures.isEmpty(), "the planted bug is caught");
        assertTrue(failures.stream().anyMatch(f -> f.edge().contains("--ExporterMove-->") && f.rule().equals("R4")
                && f.what().matches("(?s).*p1\\.pte=expected none, observed r[12].*")), failures.toString());
    }

    @Test
    void callbacksRunNewestFirstFailTheSignalStepOfDmaFence() {
        ModelTests t = tests("DmaFence");
        List<ConformanceFailure> failures = t.execute(Set.of("callback-list-add")).failures();
        assertTrue(failures.stream().anyMatch(f -> f.what().contains("f1.ran=expected c1,c2, observed c2,c1")), failures.toString());
        for (ConformanceFailure f : failures) {
            GeneratedTest test = t.tests().stream().filter(g -> g.name().equals(f.test())).findFirst().orElseThrow();
            TestStep step = test.steps().get(f.step() - 1);
            // the order shows after the signal (or the force-signal of a release) ran both callbacks of f1
            assertTrue(step.call() != null && List.of("dma_fence_signal", "dma_fence_put").contains(step.call().op()), f.toString());
            assertTrue(f.what().contains("f1.ran") || f.what().contains("the trace checker rejects"), f.toString());
            assertEquals(step.edgeText(), f.edge());
        }
    }

    /**
     * B5 (before ff2d23843f7f): poll() arms cb_in without get_file. The file's count after the poll
     * is one lower than the model's, and a close() with the callback armed releases the buffer.
     */
    @Test
    void pollWithoutFileRefFailsThePollStepsOfDmaBufLifetime62Attach() {
        ModelTests t = tests("DmaBufLifetime_6_2_Attach", new LifetimeVocabulary());
        assertEquals(List.of(), t.execute(Set.of()).failures(), "without the bug the tests pass");

        List<ConformanceFailure> failures = t.execute(Set.of("poll-without-file-ref")).failures();
        assertFalse(failures.isEmpty(), "the bug is caught");
        for (ConformanceFailure f : failures) {
            GeneratedTest test = t.tests().stream().filter(g -> g.name().equals(f.test())).findFirst().orElseThrow();
            TestStep step = test.steps().get(f.step() - 1);
            assertEquals(step.edgeText(), f.edge());
            assertTrue(f.edge().contains("--DmaBufPoll-->"), f.toString());
            assertEquals("U3", f.rule(), f.toString());
            assertTrue(f.what().contains("b1.refs=expected "), f.toString());
        }
    }
}
