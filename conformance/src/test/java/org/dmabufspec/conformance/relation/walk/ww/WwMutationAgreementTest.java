package org.dmabufspec.conformance.relation.walk.ww;

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
 * Mutated ww walks are judged by the WwMutex relation ({@link WwOracle}) and by the fast engine:
 * same verdict, but for the known difference of {@link KnownWwDisagreements} (the others the walks
 * found were checker bugs, fixed; all pinned in {@link WwWalkFindingsTest}). {@code -Dww.mutation.walks=N} mutates more walks
 * ({@code -Pfull}: 200; 400 walks, 3,200 mutants agreed when written).
 */
@ResourceLock(value = Resources.SYSTEM_OUT, mode = ResourceAccessMode.READ)
class WwMutationAgreementTest {
    static final int WALKS = Integer.getInteger("ww.mutation.walks", FullSets.full() ? 200 : 30);
    /** Mutants of each kind per walk. */
    static final int PER_KIND = 2;
    private static final java.lang.management.ThreadMXBean CPU = java.lang.management.ManagementFactory.getThreadMXBean();

    @Test
    void theOracleAcceptsEveryWalk() {
        for (long seed = 1; seed <= WALKS; seed++) {
            WwWalk w = WwWalk.walk(seed % 2 == 0, seed);
            EventTrace t = WwWalkToTrace.trace(w);
            WwOracle.Verdict v = new WwOracle(w.constants()).check(t.events());
            assertTrue(v.accepted(), () -> v.why() + "\n" + t.toNdjson());
        }
    }

    @Test
    void mutatedWwWalksGetTheSameVerdictFromTheSpecAndTheFastEngine() {
        Map<WwMutation, int[]> stats = new EnumMap<>(WwMutation.class); // {mutants, agree, rejected by both}
        List<String> disagreements = new ArrayList<>();
        int mutants = 0;
        int known = 0;
        long fastNs = 0;
        long specNs = 0;
        for (long seed = 1; seed <= WALKS; seed++) {
            WwWalk w = WwWalk.walk(seed % 2 == 0, seed);
            EventTrace t = WwWalkToTrace.trace(w);
            WwOracle oracle = new WwOracle(w.constants());
            Random rnd = new Random(seed);
            for (WwMutation m : WwMutation.values()) {
                for (int k = 0; k < PER_KIND; k++) {
                    Optional<List<ResvEvent>> mutated = m.apply(t.events(), rnd);
                    if (mutated.isEmpty()) {
                        continue;
                    }
                    EventTrace mt = t.withEvents(t.name() + "-" + m + k, mutated.get());
                    long t0 = CPU.getCurrentThreadCpuTime();
                    CheckReport fast = mt.check();
                    long t1 = CPU.getCurrentThreadCpuTime();
                    WwOracle.Verdict spec = oracle.check(mt.events());
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
                    if (KnownWwDisagreements.unseenOlderWaiter(fast, spec, mt)) {
                        known++;
                        continue;
                    }
                    disagreements.add(mt.name() + ": fast " + fast.verdict() + ", spec " + spec + "\n" + fast.toText() + "\n"
                            + mt.toNdjson());
                }
            }
        }
        StringBuilder b = new StringBuilder("ww mutants: " + mutants + ", known differences " + known + " (CPU: fast engine " + fastNs / 1_000_000 + " ms, oracle " + specNs / 1_000_000 + " ms)");
        stats.forEach((m, s) -> b.append(String.format("; %s %d, agree %d, rejected by both %d", m, s[0], s[1], s[2])));
        System.out.println(b);
        assertTrue(disagreements.isEmpty(), disagreements.size() + " disagreements:\n"
                + String.join("\n", disagreements.stream().map(d -> d.lines().limit(2).collect(java.util.stream.Collectors.joining(" | "))).toList())
                + "\nfirst:\n" + (disagreements.isEmpty() ? "" : disagreements.get(0)));
        assertEquals(WwMutation.values().length, stats.size(), "every mutation kind applied: " + b);
        assertTrue(stats.values().stream().mapToInt(s -> s[2]).sum() >= mutants / 4, "too few mutants break the spec: " + b);
    }
}
