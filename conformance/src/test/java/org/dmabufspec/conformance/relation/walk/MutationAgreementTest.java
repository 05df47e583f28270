package org.dmabufspec.conformance.relation.walk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.dmabufspec.conformance.FullSets;
import org.dmabufspec.conformance.checker.CheckReport;
import org.dmabufspec.conformance.checker.TraceChecker;
import org.dmabufspec.conformance.checker.Verdict;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.parallel.ResourceLock;
import org.junit.jupiter.api.parallel.Resources;
import org.junit.jupiter.api.parallel.ResourceAccessMode;

/**
 * Mutated spec walks (drop an event, swap adjacent events of two threads, flip a result, change a
 * map direction): the spec, through {@link SpecOracle}, and the fast engine give the same verdict,
 * and both reject at or after the mutation. The disagreements known today are listed in
 * {@link #KNOWN}, each with why; any other disagreement fails the test.
 */
@ResourceLock(value = Resources.SYSTEM_OUT, mode = ResourceAccessMode.READ)
class MutationAgreementTest {
    /** Walks per configuration: 2 in the default build, 5 with -Ddmabuf.full=true (-Pfull). */
    static final int SEEDS = FullSets.full() ? 5 : 2;
    static final int LENGTH = 24;

    /** Where the spec rejects and the fast engine accepts, by mutation kind and op. */
    static final Map<String, String> KNOWN = Map.ofEntries(
            Map.entry("flip:dma_buf_attach", "spec: attach never fails (EBUSY is a guard, R16)"),
            Map.entry("flip:dma_buf_dynamic_attach", "spec: attach never fails (EBUSY is a guard, R16)"),
            Map.entry("flip:dma_buf_map_attachment", "spec: a map fails only from the <=6.14 cache (R11)"),
            Map.entry("flip:dma_buf_map_attachment_unlocked", "spec: a map fails only from the <=6.14 cache (R11)"),
            Map.entry("flip:dma_buf_pin", "spec: pin never fails"),
            Map.entry("drop:dma_buf_detach", "spec: one attachment per importer (the kernel allows several)"),
            Map.entry("drop:dma_buf_unmap_attachment", "spec: one mapping per attachment (the kernel allows several)"),
            Map.entry("drop:dma_buf_unmap_attachment_unlocked", "spec: one mapping per attachment (the kernel allows several)"),
            Map.entry("drop:dma_buf_map_attachment", "checker: <=6.14 use of the cached table (device access, job fence) accepted without a map (KnownDisagreementTest); its unbalanced unmap is rejected (R12)"),
            Map.entry("drop:dma_buf_map_attachment_unlocked", "checker: <=6.14 use of the cached table (device access, job fence) accepted without a map (KnownDisagreementTest); its unbalanced unmap is rejected (R12)"),
            Map.entry("drop:dma_buf_unpin", "spec: one pin per importer (kernel pins nest)"),
            Map.entry("drop:exporter.reuse_storage", "spec: one move in flight per buffer (the next eviction waits for the reuse)"),
            Map.entry("drop:dma_resv_wait_timeout", "checker, deliberate: a dynamic importer may use a new mapping without a logged wait for KERNEL/WRITE fences (a scheduler dependency)"),
            Map.entry("drop:exporter.move", "spec: an eviction always moves (a move_notify without a move is not modelled)"));

    @TempDir
    Path dir;

    @Test
    void mutatedWalksGetTheSameVerdictFromTheSpecAndTheFastEngine() throws Exception {
        Map<String, int[]> perKind = compare(WalkConfig.all(), SEEDS, LENGTH);
        assertTrue(perKind.get("drop")[1] + perKind.get("flip")[1] > 100, "too few rejected mutations for the comparison to mean anything");
    }

    /** Directions matter only for a cache_sgt exporter before 6.15: a map whose direction the cached table does not cover fails -EBUSY (R11). */
    @Test
    void mapDirectionsOfACachedTableGetTheSameVerdictFromTheSpecAndTheFastEngine() throws Exception {
        Map<String, int[]> perKind = compare(List.of(new WalkConfig("6.2", true, ExporterFlavour.CACHE_SGT)), 12, 60);
        assertTrue(perKind.get("dir")[1] > 10, "too few rejected direction mutations: " + perKind.get("dir")[1]);
    }

    private Map<String, int[]> compare(List<WalkConfig> configs, int seeds, int length) throws Exception {
        List<String> unknown = new ArrayList<>();
        List<String> early = new ArrayList<>();
        Map<String, Integer> known = new TreeMap<>();
        Map<String, int[]> perKind = new TreeMap<>(Map.of("dir", new int[3], "drop", new int[3], "flip", new int[3], "swap", new int[3]));   // kind -> {agree, both reject, disagree}
        int mutations = 0;
        int agree = 0;
        int badInput = 0;
        int bothReject = 0;
        for (WalkConfig cfg : configs) {
            SpecOracle oracle = new SpecOracle(cfg);
            for (long seed = 1; seed <= seeds; seed++) {
                WalkTrace t = WalkToTrace.trace(SpecWalk.walk(cfg, seed, length));
                SpecOracle.Verdict base = oracle.check(t.events());
                assertTrue(base.accepted(), "the spec rejects the unmutated walk " + t.name() + ": " + base.why() + "\n" + t.toNdjson());
                CheckReport unmutated = TraceChecker.check(t.write(dir));
                assertEquals(Verdict.ACCEPTED, unmutated.verdict(), "the fast engine rejects the unmutated walk " + t.name() + ": " + unmutated.toText());
                for (Mutation m : Mutation.all(t.events())) {
                    WalkTrace mt = t.withEvents(t.name() + "-" + m.kind() + m.index(), m.events());
                    CheckReport r = TraceChecker.check(mt.write(dir));
                    mutations++;
                    if (r.verdict() == Verdict.BAD_INPUT) {
                        badInput++;   // e.g. the export dropped: every id unknown
                        continue;
                    }
                    SpecOracle.Verdict v = oracle.check(m.events());
                    String what = cfg + " seed " + seed + " " + m.description() + ": spec "
                            + (v.accepted() ? "accepts" : "rejects (" + v.why() + ")") + ", fast engine " + r.verdict()
                            + (r.rejection() == null ? "" : " at seq " + r.rejection().seq() + " " + r.brokenRules());
                    int[] k = perKind.computeIfAbsent(m.kind(), x -> new int[3]);
                    k[v.accepted() == r.accepted() ? 0 : 2]++;
                    if (v.accepted() == r.accepted() && !v.accepted()) {
                        k[1]++;
                    }
                    if (v.accepted() == r.accepted()) {
                        agree++;
                        if (!v.accepted()) {
                            bothReject++;
                            if (v.rejectedIndex() < m.index() || r.rejection().seq() < m.index() + 1
                                    && m.events().get((int) r.rejection().seq() - 1).end() < m.events().get(m.index()).start()) {
                                early.add(what);
                            }
                        }
                    } else {
                        String key = m.kind() + ":" + t.events().get(m.index()).op();
                        if (v.accepted() || !KNOWN.containsKey(key)) {
                            unknown.add(what);
                        } else {
                            known.merge(key + " (" + KNOWN.get(key) + ")", 1, Integer::sum);
                        }
                    }
                }
            }
        }
        System.out.printf("mutations %d: bad input %d, agreements %d (both reject %d), known disagreements %d, unknown %d%n",
                mutations, badInput, agree, bothReject, known.values().stream().mapToInt(Integer::intValue).sum(), unknown.size());
        perKind.forEach((k, n) -> System.out.printf("  %s: %d agree (%d both reject), %d disagree%n", k, n[0], n[1], n[2]));
        known.forEach((k, n) -> System.out.println("  " + n + " x " + k));
        unknown.forEach(u -> System.out.println("UNKNOWN " + u));
        early.forEach(u -> System.out.println("EARLY " + u));
        assertEquals(List.of(), unknown, "disagreements between the spec and the fast engine");
        assertEquals(List.of(), early, "a rejection before the mutation");
        return perKind;
    }
}
