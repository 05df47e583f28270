package org.dmabufspec.conformance.relation.walk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * The count a mutation-agreement test keeps: per mutation kind the mutants, the agreements and
 * those both engines reject; the known differences by name; every other difference in full. The
 * assertions every such test makes: no unexplained difference, every kind applied, and enough
 * mutants rejected that the comparison tests something.
 */
public final class AgreementTally<K extends Enum<K>> {
    private static final ThreadMXBean CPU = ManagementFactory.getThreadMXBean();

    private final String label;
    private final Class<K> kinds;
    private final Map<K, int[]> stats;
    private final Map<String, Integer> known = new TreeMap<>();
    private final List<String> disagreements = new ArrayList<>();
    private int mutants;
    private long fastNs;
    private long specNs;

    public AgreementTally(String label, Class<K> kinds) {
        this.label = label;
        this.kinds = kinds;
        this.stats = new EnumMap<>(kinds);
    }

    /** Runs the fast engine, counting its thread CPU. */
    public <V> V fast(Supplier<V> check) {
        long t0 = CPU.getCurrentThreadCpuTime();
        V v = check.get();
        fastNs += CPU.getCurrentThreadCpuTime() - t0;
        return v;
    }

    /** Runs the spec oracle, counting its thread CPU. */
    public <V> V spec(Supplier<V> check) {
        long t0 = CPU.getCurrentThreadCpuTime();
        V v = check.get();
        specNs += CPU.getCurrentThreadCpuTime() - t0;
        return v;
    }

    /** One mutant judged by an accepting-or-not oracle and the fast engine. */
    public void accepts(K kind, boolean fastAccepts, boolean specAccepts, Supplier<String> knownWhy, Supplier<String> detail) {
        record(kind, fastAccepts == specAccepts, !specAccepts, knownWhy, detail);
    }

    /**
     * One mutant: whether the two verdicts agree, and if so whether they reject it; {@code knownWhy}
     * names the known difference it shows (asked only when they differ; null: none), {@code detail}
     * prints it in full for an unexplained one.
     */
    public void record(K kind, boolean agree, boolean rejected, Supplier<String> knownWhy, Supplier<String> detail) {
        int[] s = stats.computeIfAbsent(kind, k -> new int[3]);
        s[0]++;
        mutants++;
        if (agree) {
            s[1]++;
            s[2] += rejected ? 1 : 0;
            return;
        }
        String why = knownWhy.get();
        if (why != null) {
            known.merge(why, 1, Integer::sum);
        } else {
            disagreements.add(detail.get());
        }
    }

    public int mutants() {
        return mutants;
    }

    public int rejectedByBoth() {
        return stats.values().stream().mapToInt(s -> s[2]).sum();
    }

    public String summary() {
        StringBuilder b = new StringBuilder(label + " mutants: " + mutants + ", known differences " + known);
        if (fastNs + specNs > 0) {
            b.append(" (CPU: fast engine ").append(fastNs / 1_000_000).append(" ms, oracle ").append(specNs / 1_000_000).append(" ms)");
        }
        stats.forEach((m, s) -> b.append(String.format("; %s %d, agree %d, rejected by both %d", m, s[0], s[1], s[2])));
        return b.toString();
    }

    /**
     * Prints the summary and asserts: no unexplained difference, every kind applied, and at least
     * {@code minRejected} mutants rejected by both (else the mutants test nothing).
     */
    public void assertAgreement(int minRejected) {
        String b = summary();
        System.out.println(b);
        assertTrue(disagreements.isEmpty(), disagreements.size() + " disagreements:\n"
                + disagreements.stream().map(d -> d.lines().limit(2).collect(Collectors.joining(" | "))).collect(Collectors.joining("\n"))
                + "\nfirst:\n" + (disagreements.isEmpty() ? "" : disagreements.get(0)));
        assertEquals(kinds.getEnumConstants().length, stats.size(), "every mutation kind applied: " + b);
        assertTrue(rejectedByBoth() >= minRejected, "too few mutants break the spec: " + b);
    }
}
