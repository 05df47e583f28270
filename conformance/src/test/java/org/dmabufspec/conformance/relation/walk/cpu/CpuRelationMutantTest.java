package org.dmabufspec.conformance.relation.walk.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;

import org.dmabufspec.conformance.FullSets;
import org.dmabufspec.conformance.checker.CheckOptions;
import org.dmabufspec.conformance.checker.CheckReport;
import org.dmabufspec.conformance.checker.HiddenSteps;
import org.dmabufspec.conformance.checker.TraceChecker;
import org.dmabufspec.conformance.checker.Verdict;
import org.dmabufspec.conformance.relation.SpecRelation;
import org.dmabufspec.conformance.relation.cpu.CpuDeviceAccessState;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.parallel.ResourceAccessMode;
import org.junit.jupiter.api.parallel.ResourceLock;
import org.junit.jupiter.api.parallel.Resources;

/**
 * Walks of wrong copies of DmaBufCpuDeviceAccess ({@link CpuRelationMutants}: the fault handler not
 * waiting for the move's copy, R22; the eviction not zapping the CPU PTEs, R21; the eviction
 * ignoring a vmap, R20) that reach a state breaking CpuMappingsCurrent are rejected by the fast
 * engine naming the mutant's rule, at or after the step that broke it. Each violation is checked
 * twice: the walk as it is (drained), and with the offending user's access right after the
 * violation (a write where its mapping allows one). {@code -Dcpu.mutant.seeds=N} tries N seeds
 * per mutant and kernel behaviour.
 *
 * <p>The walks log every fence signal, as the reference implementation does, so they are checked
 * without hidden steps ({@code --hidden off}, what {@code --hidden auto} does for the reference
 * implementation). With hidden steps on, a fault before the move's logged copy-done signal is
 * explained by an earlier unlogged signal: 6.15 then rejects the logged signal (F7: a fence
 * signals once), 7.1, whose dma_fence_signal is void and may be a no-op, accepts. Both are right
 * for a trace that may leave signals out; the test prints those verdicts.
 */
@ResourceLock(value = Resources.SYSTEM_OUT, mode = ResourceAccessMode.READ)
class CpuRelationMutantTest {
    static final int SEEDS = Integer.getInteger("cpu.mutant.seeds", FullSets.full() ? 400 : 30);
    static final int LENGTH = 60;
    /**
     * Violations whose trace need not be rejected, by mutant and variant, with why. None: a move
     * without the zap is rejected at the exporter.move itself, with or without a later access.
     */
    static final Map<String, String> KNOWN = Map.of();
    static final CheckOptions NO_HIDDEN = CheckOptions.defaults().withHidden(HiddenSteps.OFF);

    @TempDir
    Path dir;

    @Test
    void walksOfEachMutantThatBreakCpuMappingsCurrentAreRejectedNamingItsRule() throws Exception {
        long cpu0 = java.lang.management.ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime();
        List<String> unknown = new ArrayList<>();
        Map<String, int[]> perMutant = new TreeMap<>();   // {violating walks, rejected, known}
        Map<String, Integer> hiddenOn = new TreeMap<>();
        for (CpuWalkConfig cfg : CpuWalkConfig.all()) {
            for (CpuRelationMutants.Named m : CpuRelationMutants.all(cfg.relation())) {
                int[] n = perMutant.computeIfAbsent(m.name(), k -> new int[3]);
                for (long seed = 1; seed <= SEEDS; seed++) {
                    CpuWalk w = CpuWalk.walk(cfg, m.relation(), seed, LENGTH, s -> !CpuRelationMutants.cpuMappingsCurrent(s));
                    int v = firstViolation(w.steps());
                    if (v < 0) {
                        continue;
                    }
                    List<CpuWalkStep> witnessed = witnessed(m.relation(), w.steps().subList(0, v + 1), seed);
                    for (Map.Entry<String, List<CpuWalkStep>> variant : Map.of("as walked", w.steps(), "with the access", witnessed).entrySet()) {
                        n[0]++;
                        CpuTrace t = CpuWalkToTrace.trace(cfg, variant.getValue(),
                                "cpu-mutant-" + m.name() + "-" + cfg + "-seed" + seed + "-" + variant.getKey().replace(' ', '-'));
                        Path file = t.write(dir);
                        CheckReport r = TraceChecker.check(file, NO_HIDDEN);
                        CheckReport on = TraceChecker.check(file);
                        hiddenOn.merge(m.name() + " " + cfg + " " + on.verdict() + " " + on.brokenRules(), 1, Integer::sum);
                        String what = m.name() + " " + cfg + " seed " + seed + " (" + variant.getKey() + ", broken at step " + v + " "
                                + w.steps().get(v) + "): fast engine " + r.verdict() + " " + r.brokenRules();
                        boolean rejected = r.verdict() == Verdict.REJECTED && r.brokenRules().contains(m.rule())
                                && t.events().get((int) r.rejection().seq() - 1).end() >= 10L * (v + 1);
                        if (rejected) {
                            n[1]++;
                        } else if (KNOWN.containsKey(m.name() + ":" + variant.getKey())) {
                            n[2]++;
                        } else {
                            System.out.println("NOT REJECTED " + what);
                            if (System.getProperty("cpu.mutant.dump") != null) {
                                t.write(Path.of(System.getProperty("cpu.mutant.dump")));
                            }
                            unknown.add(what + "\n" + (r.verdict() == Verdict.ACCEPTED ? "" : r.toText()) + t.toNdjson());
                        }
                    }
                }
            }
        }
        System.out.printf("test thread CPU %.1f s (the checker runs in this thread)%n", (java.lang.management.ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime() - cpu0) / 1e9);
        perMutant.forEach((k, n) -> System.out.printf("cpu mutant %s: %d violating traces, %d rejected naming its rule, %d known%n",
                k, n[0], n[1], n[2]));
        hiddenOn.forEach((k, n) -> System.out.printf("  with hidden steps on: %d x %s%n", n, k));
        assertEquals(List.of(), unknown.stream().limit(3).toList(), unknown.size() + " violating traces not rejected");
        perMutant.forEach((k, n) -> assertTrue(n[0] >= 10, k + ": too few violating walks (" + n[0] + ") for the test to mean anything"));
    }

    /** The faithful spec never breaks the invariant on its walks (else the mutants' violations prove nothing). */
    @Test
    void theSpecsOwnWalksKeepCpuMappingsCurrent() {
        for (CpuWalkConfig cfg : CpuWalkConfig.all()) {
            for (long seed = 1; seed <= 20; seed++) {
                CpuWalk w = CpuWalk.walk(cfg, seed, LENGTH);
                assertEquals(-1, firstViolation(w.steps()), cfg + " seed " + seed + ": " + w.steps());
            }
        }
    }

    static int firstViolation(List<CpuWalkStep> steps) {
        for (int i = 0; i < steps.size(); i++) {
            if (!CpuRelationMutants.cpuMappingsCurrent(steps.get(i).after())) {
                return i;
            }
        }
        return -1;
    }

    /** The prefix, the offending user's access (a write where allowed; none if no access is enabled), then a drain. */
    private static List<CpuWalkStep> witnessed(SpecRelation<CpuDeviceAccessState> rel, List<CpuWalkStep> prefix, long seed) {
        List<CpuWalkStep> out = new ArrayList<>(prefix);
        CpuDeviceAccessState s = prefix.get(prefix.size() - 1).after();
        CpuWalk.options(rel, s, false).stream()
                .filter(o -> o.action().equals("CpuMmapAccess") || o.action().equals("CpuVmapAccess"))
                .filter(o -> !CpuRelationMutants.cpuMappingsCurrent(withoutUserMapping(o)))
                .max(Comparator.comparing((CpuWalkStep o) -> o.after().cpuAccess().orElseThrow().kind()))   // "write" > "read"
                .ifPresent(out::add);
        out.addAll(CpuWalk.drain(rel, out.get(out.size() - 1).after(), new Random(seed), "witness of seed " + seed));
        return out;
    }

    /** The state before the access: it is the offender's access if that state breaks the invariant through its user. */
    private static CpuDeviceAccessState withoutUserMapping(CpuWalkStep access) {
        return access.before();
    }
}
