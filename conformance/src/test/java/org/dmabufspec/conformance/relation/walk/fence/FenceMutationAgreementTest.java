package org.dmabufspec.conformance.relation.walk.fence;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;

import org.dmabufspec.conformance.FullSets;
import org.dmabufspec.conformance.checker.CheckReport;
import org.dmabufspec.conformance.checker.Verdict;
import org.dmabufspec.conformance.relation.walk.EventTrace;
import org.dmabufspec.conformance.relation.walk.resv.ResvEvent;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.ResourceAccessMode;
import org.junit.jupiter.api.parallel.ResourceLock;
import org.junit.jupiter.api.parallel.Resources;

/**
 * Mutated fence walks are judged by the DmaFence relation ({@link FenceOracle}) and by the fast
 * engine: same verdict, but for the differences {@link KnownFenceDisagreements} lists (each pinned
 * on a minimal trace in {@link FenceWalkFindingsTest}). {@code -Dfence.mutation.walks=N} mutates
 * more walks ({@code -Pfull}: 200).
 */
@ResourceLock(value = Resources.SYSTEM_OUT, mode = ResourceAccessMode.READ)
class FenceMutationAgreementTest {
    static final int WALKS = Integer.getInteger("fence.mutation.walks", FullSets.full() ? 200 : 16);
    /** Mutants of each kind per walk. */
    static final int PER_KIND = 2;
    static final int LENGTH = 30;
    private static final java.lang.management.ThreadMXBean CPU = java.lang.management.ManagementFactory.getThreadMXBean();

    @Test
    void theOracleAcceptsEveryWalk() {
        for (long seed = 1; seed <= WALKS; seed++) {
            FenceWalk w = FenceWalk.walk(seed % 2 == 0, seed, LENGTH);
            EventTrace t = FenceWalkToTrace.trace(w);
            FenceOracle.Verdict v = new FenceOracle(w.constants()).check(t.events());
            assertTrue(v.accepted(), () -> v.why() + "\n" + t.toNdjson());
        }
    }

    @Test
    void mutatedFenceWalksGetTheSameVerdictFromTheSpecAndTheFastEngine() {
        Map<FenceMutation, int[]> stats = new EnumMap<>(FenceMutation.class); // {mutants, agree, rejected by both}
        List<String> disagreements = new ArrayList<>();
        int mutants = 0;
        Map<String, Integer> known = new java.util.TreeMap<>();
        long fastNs = 0;
        long specNs = 0;
        for (long seed = 1; seed <= WALKS; seed++) {
            FenceWalk w = FenceWalk.walk(seed % 2 == 0, seed, LENGTH);
            EventTrace t = FenceWalkToTrace.trace(w);
            FenceOracle oracle = new FenceOracle(w.constants());
            Random rnd = new Random(seed);
            for (FenceMutation m : FenceMutation.values()) {
                for (int k = 0; k < PER_KIND; k++) {
                    Optional<List<ResvEvent>> mutated = m.apply(t.events(), rnd);
                    if (mutated.isEmpty()) {
                        continue;
                    }
                    EventTrace mt = t.withEvents(t.name() + "-" + m + k, mutated.get());
                    long t0 = CPU.getCurrentThreadCpuTime();
                    CheckReport fast = mt.check();
                    long t1 = CPU.getCurrentThreadCpuTime();
                    FenceOracle.Verdict spec = oracle.check(mt.events());
                    fastNs += t1 - t0;
                    specNs += CPU.getCurrentThreadCpuTime() - t1;
                    int[] s = stats.computeIfAbsent(m, x -> new int[3]);
                    s[0]++;
                    mutants++;
                    boolean specAccepts = spec.accepted();
                    if ((fast.verdict() == Verdict.ACCEPTED) == specAccepts) {
                        s[1]++;
                        s[2] += specAccepts ? 0 : 1;
                        continue;
                    }
                    String why = KnownFenceDisagreements.explain(fast, spec, mt);
                    if (why != null) {
                        known.merge(why, 1, Integer::sum);
                        continue;
                    }
                    disagreements.add(mt.name() + ": fast " + fast.verdict() + ", spec " + spec + "\n" + fast.toText() + "\n"
                            + mt.toNdjson());
                }
            }
        }
        StringBuilder b = new StringBuilder("fence mutants: " + mutants + ", known differences " + known + " (CPU: fast engine " + fastNs / 1_000_000 + " ms, oracle " + specNs / 1_000_000 + " ms)");
        stats.forEach((m, s) -> b.append(String.format("; %s %d, agree %d, rejected by both %d", m, s[0], s[1], s[2])));
        System.out.println(b);
        assertTrue(disagreements.isEmpty(), disagreements.size() + " disagreements:\n"
                + String.join("\n", disagreements.stream().map(d -> d.lines().limit(2).collect(java.util.stream.Collectors.joining(" | "))).toList())
                + "\nfirst:\n" + (disagreements.isEmpty() ? "" : disagreements.get(0)));
        assertEquals(FenceMutation.values().length, stats.size(), "every mutation kind applied: " + b);
        assertTrue(stats.values().stream().mapToInt(s -> s[2]).sum() >= mutants / 4, "too few mutants break the spec: " + b);
    }
}
