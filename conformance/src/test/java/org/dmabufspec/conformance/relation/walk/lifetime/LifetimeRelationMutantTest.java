package org.dmabufspec.conformance.relation.walk.lifetime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.dmabufspec.conformance.FullSets;
import org.dmabufspec.conformance.checker.CheckOptions;
import org.dmabufspec.conformance.checker.CheckReport;
import org.dmabufspec.conformance.checker.HiddenSteps;
import org.dmabufspec.conformance.checker.Verdict;
import org.dmabufspec.conformance.relation.lifetime.LifetimeRelation;
import org.dmabufspec.conformance.relation.lifetime.LifetimeRelationMutants;
import org.dmabufspec.conformance.relation.walk.EventTrace;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.ResourceAccessMode;
import org.junit.jupiter.api.parallel.ResourceLock;
import org.junit.jupiter.api.parallel.Resources;

/**
 * Walks of wrong copies of DmaBufLifetime ({@link LifetimeRelationMutants}, mirroring the
 * expected-violation models B5, B23, AttachErrorKeepsPin and PutBeforeDetach of specs/models.yaml)
 * that reach a state breaking the mutant's invariant, then tear down (no new reference, until the
 * buffer and fence are released), are rejected by the fast engine naming the mutant's rule, at or
 * after the step that broke the invariant (a break at the deferred file release: at or after the
 * call that dropped the last file reference). {@code -Dlifetime.mutant.seeds=N} tries N seeds per mutant.
 *
 * <p>Not mirrored, because the trace cannot show them: B1 (dma_buf_release at the file's release
 * while a /proc/&lt;pid&gt;/fd reader reads the dentry: readlink and dmabuffs_dname are not traced
 * calls) and B3 (the buffer left on the global list after its file is freed: the list and debugfs
 * bufinfo are not traced); B16 (the signaller without its own reference): the fence's last
 * reference can be a callback's only once the reservation object dropped the signalled fence
 * (DmaResvDropSignalled), a step without a traced call (see {@link LifetimeWalk}).
 */
@ResourceLock(value = Resources.SYSTEM_OUT, mode = ResourceAccessMode.READ)
class LifetimeRelationMutantTest {
    static final int SEEDS = Integer.getInteger("lifetime.mutant.seeds", FullSets.full() ? 1000 : 120);
    static final int LENGTH = 30;
    /**
     * The walks log every signal, so no unlogged one may be inferred: with inference a release
     * while poll's callback is armed (B5) would be explained by an unlogged signal and rejected
     * only at the logged one (F7), not for the release (R18).
     */
    static final CheckOptions NO_HIDDEN = CheckOptions.defaults().withHidden(HiddenSteps.OFF);
    /**
     * Violations whose trace need not be rejected, by mutant, with why. None: B5PollWithoutFileRef
     * was one until the fast engine tied poll's nested dma_fence_add_callback to its buffer (its
     * minimal trace is rejected, R18, in PollCallbackReleaseTest).
     */
    static final Map<String, String> KNOWN = Map.of();

    @Test
    void walksOfEachLifetimeMutantThatBreakItsInvariantAreRejectedNamingItsRule() {
        long cpu0 = java.lang.management.ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime();
        List<String> unknown = new ArrayList<>();
        Map<String, int[]> perMutant = new TreeMap<>();   // {violating walks, rejected, known}
        for (LifetimeRelationMutants.Named m : LifetimeRelationMutants.all()) {
            int[] n = perMutant.computeIfAbsent(m.name(), k -> new int[3]);
            for (long seed = 1; seed <= SEEDS; seed++) {
                LifetimeWalk w = LifetimeWalk.walk(m.model(), m.relation(), seed, LENGTH, s -> !m.invariant().test(s));
                int v = firstViolation(m, w.steps());
                if (v < 0) {
                    continue;
                }
                List<LifetimeWalkStep> steps = LifetimeWalk.tornDown(m.model(), m.relation(), w.steps(), seed);
                n[0]++;
                EventTrace t = LifetimeWalkToTrace.trace(steps, "lifetime-mutant-" + m.name() + "-seed" + seed);
                CheckReport r = t.check(NO_HIDDEN);
                String what = m.name() + " seed " + seed + " (broken at step " + v + " " + steps.get(v) + "): fast engine " + r.verdict()
                        + " " + r.brokenRules() + "\n" + steps;
                boolean rejected = r.verdict() == Verdict.REJECTED && r.brokenRules().contains(m.rule())
                        && t.events().get((int) r.rejection().seq() - 1).end() >= 10L * (shownAt(steps, v) + 1);
                if (rejected) {
                    n[1]++;
                } else if (KNOWN.containsKey(m.name())) {
                    n[2]++;
                } else {
                    unknown.add(what + "\n" + (r.verdict() == Verdict.ACCEPTED ? "" : r.toText()) + t.toNdjson());
                }
            }
        }
        System.out.printf("lifetime mutants: test thread CPU %.2f s%n",
                (java.lang.management.ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime() - cpu0) / 1e9);
        perMutant.forEach((k, n) -> System.out.printf("lifetime mutant %s: %d violating traces, %d rejected naming its rule, %d known%n",
                k, n[0], n[1], n[2]));
        assertEquals(List.of(), unknown.stream().limit(Integer.getInteger("lifetime.mutant.show", 2)).toList(), unknown.size() + " violating traces not rejected");
        perMutant.forEach((k, n) -> assertTrue(n[0] >= 5, k + ": too few violating walks (" + n[0] + ") for the test to mean anything"));
    }

    /** The faithful relation keeps every mutant's invariant on its walks (else the mutants' violations prove nothing). */
    @Test
    void theSpecsOwnWalksKeepEveryMutantsInvariant() {
        for (LifetimeRelationMutants.Named m : LifetimeRelationMutants.all()) {
            for (long seed = 1; seed <= 20; seed++) {
                LifetimeWalk w = LifetimeWalk.walk(m.model(), new LifetimeRelation(LifetimeWalk.constants(m.model()), false), seed, LENGTH,
                        s -> false);
                assertEquals(-1, firstViolation(m, w.steps()), m.name() + " seed " + seed + ": " + w.steps());
            }
        }
    }

    /**
     * The step where the trace can show the break at step v: a DmaBufFileRelease (the deferred
     * __fput) shows as the call that dropped the last file reference (its dma_buf_put with last).
     */
    static int shownAt(List<LifetimeWalkStep> steps, int v) {
        if (!steps.get(v).action().equals("DmaBufFileRelease")) {
            return v;
        }
        for (int i = v - 1; i >= 0; i--) {
            if (steps.get(i).after().fileRefs() == 0 && steps.get(i).before().fileRefs() > 0) {
                return i;
            }
        }
        return v;
    }

    static int firstViolation(LifetimeRelationMutants.Named m, List<LifetimeWalkStep> steps) {
        for (int i = 0; i < steps.size(); i++) {
            if (!m.invariant().test(steps.get(i).after())) {
                return i;
            }
        }
        return -1;
    }
}
