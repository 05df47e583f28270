package org.dmabufspec.conformance.testgen;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.stream.Stream;

import org.dmabufspec.conformance.relation.TlcGraphRunner;
import org.dmabufspec.conformance.testgen.attach.AttachVocabulary;
import org.dmabufspec.conformance.testgen.cpu.CpuAccessVocabulary;
import org.dmabufspec.conformance.testgen.fence.FenceVocabulary;
import org.dmabufspec.conformance.testgen.lifetime.LifetimeVocabulary;
import org.dmabufspec.tlc.Manifest;
import org.dmabufspec.tlc.Model;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Counterexample replay: each expected-violation model that is the code of a reference-implementation
 * bug has its TLC counterexample driven on the reference implementation; with the bug the
 * implementation goes through every step up to the violating state, without it the implementation
 * leaves the counterexample at the buggy step.
 */
class ReplayTest {
    private static final TlcGraphRunner RUNNER = TlcGraphRunner.withTlcOnClasspath();

    /** model, the step (1-based) the fixed implementation leaves the counterexample at, the checker's verdict with the bug. */
    private record Case(String model, int divergesAt, String withBugVerdict) {
    }

    private static final List<Case> CASES = List.of(
            new Case("DmaFence_CallbackListAdd", 3, "REJECTED: F7"),
            new Case("DmaFence_LateCallbackRuns", 2, "ACCEPTED"),
            new Case("DmaFence_RemoveWithoutUnlink", 3, "ACCEPTED"),
            new Case("DmaFence_ReleasePendingCallbacks", 2, "REJECTED: F11"),
            new Case("DmaFence_St_test_late_add_callback_LateReturnsZero", 2, "REJECTED: F7"),
            new Case("DmaFence_St_test_rm_callback_RemoveReturnsFalse", 2, "REJECTED: F7"));

    @TestFactory
    Stream<DynamicTest> counterexampleReproducesWithTheBugAndNotWithout() {
        Manifest manifest = ModelBasedTestsTest.manifest();
        FenceVocabulary v = new FenceVocabulary();
        return CASES.stream().map(c -> DynamicTest.dynamicTest(c.model(), () -> {
            Model m = manifest.model(c.model()).orElseThrow();
            TlcGraphRunner.Checked checked = RUNNER.check(manifest.tlaDir(), m, v.constants(m));
            assertTrue(m.expect().matches(checked.result().verdict()), checked.result().verdict().summary());
            Replay r = Replay.of(m, v, checked.result().counterexample().orElseThrow(), checked.constants());
            assertTrue(r.reproduced(), r.text());
            assertEquals(c.divergesAt(), r.divergence().orElseThrow(() -> new AssertionError(r.text())).step(), r.text());
            assertEquals("ACCEPTED", r.withoutBug().verdict(), r.text());
            // the checker's verdict on the buggy run: where it is ACCEPTED the checker misses the bug (docs/model-based-tests.md)
            assertEquals(c.withBugVerdict(), r.withBug().verdict(), r.text());
            assertTrue(r.passed());
        }));
    }

    /** DmaBufAttach mutants whose bug can be injected in the reference implementation (AttachVocabulary). */
    private static final List<Case> ATTACH_CASES = List.of(
            new Case("DmaBufAttach_MoveWithoutNotify", 6, "ACCEPTED"),
            new Case("DmaBufAttach_EvictWhilePinned", 5, "REJECTED: R7"));

    @TestFactory
    Stream<DynamicTest> attachCounterexampleReproducesWithTheBugAndNotWithout() {
        Manifest manifest = ModelBasedTestsTest.manifest();
        AttachVocabulary v = new AttachVocabulary();
        return ATTACH_CASES.stream().map(c -> DynamicTest.dynamicTest(c.model(), () -> {
            Model m = manifest.model(c.model()).orElseThrow();
            assertTrue(Vocabularies.forModel(m).orElseThrow() instanceof AttachVocabulary, m.name());
            TlcGraphRunner.Checked checked = RUNNER.check(manifest.tlaDir(), m, v.constants(m));
            assertTrue(m.expect().matches(checked.result().verdict()), checked.result().verdict().summary());
            Replay r = Replay.of(m, v, checked.result().counterexample().orElseThrow(), checked.constants());
            assertTrue(r.reproduced(), r.text());
            assertEquals(c.divergesAt(), r.divergence().orElseThrow(() -> new AssertionError(r.text())).step(), r.text());
            assertEquals("ACCEPTED", r.withoutBug().verdict(), r.text());
            assertEquals(c.withBugVerdict(), r.withBug().verdict(), r.text());
            assertTrue(r.passed());
        }));
    }

    @Test
    void aMoveWithoutTheCpuPteZapReproducesTheCounterexampleOfDmaBufCpuAccessMoveWithoutZap() {
        Manifest manifest = ModelBasedTestsTest.manifest();
        CpuAccessVocabulary v = new CpuAccessVocabulary();
        Model m = manifest.model("DmaBufCpuAccess_MoveWithoutZap").orElseThrow();
        assertTrue(Vocabularies.forModel(m).orElseThrow() instanceof CpuAccessVocabulary, m.name());
        TlcGraphRunner.Checked checked = RUNNER.check(manifest.tlaDir(), m, v.constants(m));
        assertTrue(m.expect().matches(checked.result().verdict()), checked.result().verdict().summary());
        Replay r = Replay.of(m, v, checked.result().counterexample().orElseThrow(), checked.constants());
        assertTrue(r.reproduced(), r.text()); // the last access reports R21, as the counterexample's violation says
        // without the bug the move zapped the PTE: the model's PTE on the old region is not there
        ConformanceFailure d = r.divergence().orElseThrow(() -> new AssertionError(r.text()));
        assertEquals("DmaBufMove", r.test().steps().get(d.step() - 1).action(), r.text());
        assertTrue(d.what().contains("p1.pte=expected r1, observed none"), r.text());
        assertEquals("ACCEPTED", r.withoutBug().verdict(), r.text());
        // the trace checker sees the bug: the fault's PTEs (exporter.vm_fault) map the storage the move replaced,
        // no unmap_mapping_range removed them, and the store through them (cpu.access) breaks R21
        assertEquals("REJECTED: R21", r.withBug().verdict(), r.text());
        assertTrue(r.passed());
    }

    /** DmaBufLifetime mutants whose bug can be injected in the reference implementation (LifetimeVocabulary). */
    private static final List<Case> LIFETIME_CASES = List.of(
            // f49a92f: the fast engine ties poll's callback to its buffer, so the buggy run's release breaks R18
            new Case("DmaBufLifetime_B5PollWithoutFileRef", 1, "REJECTED: R18"),
            new Case("DmaBufLifetime_B1ReleaseAtFileRelease", 3, "ACCEPTED"));

    @TestFactory
    Stream<DynamicTest> lifetimeCounterexampleReproducesWithTheBugAndNotWithout() {
        Manifest manifest = ModelBasedTestsTest.manifest();
        LifetimeVocabulary v = new LifetimeVocabulary();
        return LIFETIME_CASES.stream().map(c -> DynamicTest.dynamicTest(c.model(), () -> {
            Model m = manifest.model(c.model()).orElseThrow();
            assertTrue(Vocabularies.forModel(m).orElseThrow() instanceof LifetimeVocabulary, m.name());
            TlcGraphRunner.Checked checked = RUNNER.check(manifest.tlaDir(), m, v.constants(m));
            assertTrue(m.expect().matches(checked.result().verdict()), checked.result().verdict().summary());
            Replay r = Replay.of(m, v, checked.result().counterexample().orElseThrow(), checked.constants());
            assertTrue(r.reproduced(), r.text());
            assertEquals(c.divergesAt(), r.divergence().orElseThrow(() -> new AssertionError(r.text())).step(), r.text());
            assertEquals("ACCEPTED", r.withoutBug().verdict(), r.text());
            assertEquals(c.withBugVerdict(), r.withBug().verdict(), r.text());
            assertTrue(r.passed());
        }));
    }

    @Test
    void everyFenceBugHasAnExpectedViolationModel() {
        Manifest manifest = ModelBasedTestsTest.manifest();
        FenceVocabulary v = new FenceVocabulary();
        for (org.dmabufspec.fence.FenceBug b : org.dmabufspec.fence.FenceBug.values()) {
            Model m = manifest.model(b.model()).orElseThrow(() -> new AssertionError(b + ": no model " + b.model()));
            assertTrue(!(m.expect() instanceof org.dmabufspec.tlc.Expectation.Ok), m.name() + " must be an expected violation");
            assertEquals(b.text(), v.bugOf(m).orElseThrow());
        }
        assertEquals(CASES.size(), org.dmabufspec.fence.FenceBug.values().length, "a replay case per bug");
    }
}
