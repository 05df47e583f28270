package org.dmabufspec.conformance.relation.walk.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.dmabufspec.conformance.FullSets;
import org.dmabufspec.conformance.checker.CheckOptions;
import org.dmabufspec.conformance.checker.CheckReport;
import org.dmabufspec.conformance.checker.HiddenSteps;
import org.dmabufspec.conformance.checker.TraceChecker;
import org.dmabufspec.conformance.checker.Verdict;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.parallel.ResourceAccessMode;
import org.junit.jupiter.api.parallel.ResourceLock;
import org.junit.jupiter.api.parallel.Resources;

/**
 * Mutated CPU walks ({@link CpuMutation}: drop, swap, flip, access kind, placement): the spec,
 * through {@link CpuSpecOracle}, and the fast engine (hidden steps off: the walks log every
 * signal) give the same verdict, and both reject at or after the mutation. The disagreements known
 * today are listed in {@link #KNOWN}, each with why; any other disagreement fails the test, and a
 * trace the spec accepts but the fast engine rejects is never a known one.
 * {@code -Dcpu.mutation.walks=N} mutates N walks per kernel behaviour.
 */
@ResourceLock(value = Resources.SYSTEM_OUT, mode = ResourceAccessMode.READ)
class CpuMutationAgreementTest {
    static final int WALKS = Integer.getInteger("cpu.mutation.walks", FullSets.full() ? 8 : 2);
    static final int LENGTH = 30;
    static final CheckOptions NO_HIDDEN = CheckOptions.defaults().withHidden(HiddenSteps.OFF);

    static final String MMAP_UNTIED = "checker: mmap carries no vma id, so faults and accesses (keyed by their vma) are not tied "
            + "to a logged mmap: a fault of a mapping whose mmap the trace lacks or shows failed is accepted";
    static final String UNMAP_WHEN_IDLE = "spec: the importer unmaps only once its device is done with the mapping (TLB flush "
            + "complete, jobs on it signalled: the DMA API's rule, DmaBufDeviceAccess's guard); the checker does not hold an "
            + "importer's unmap to its own fences";
    static final String ONE_VMA = "spec: one mmap per process (a second mmap while the first is mapped is not modelled; "
            + "the kernel allows several VMAs of one fd)";

    /** Where the spec rejects and the fast engine accepts, by mutation kind and op. */
    static final Map<String, String> KNOWN = Map.ofEntries(
            Map.entry("drop:mmap", MMAP_UNTIED),
            Map.entry("flip:mmap", MMAP_UNTIED),
            Map.entry("drop:exporter.vm_fault", "checker, deliberate: an mmap access whose fault the trace does not show is not judged (TRACE-FORMAT.md)"),
            Map.entry("drop:munmap", ONE_VMA),
            Map.entry("flip:munmap", ONE_VMA),
            Map.entry("drop:dma_buf_detach", "spec: one attachment per importer (the kernel allows several)"),
            Map.entry("flip:dma_buf_dynamic_attach", "spec: attach never fails (EBUSY is a guard, R16)"),
            Map.entry("drop:exporter.reuse_storage", "spec: one move in flight per buffer (the next eviction waits for the reuse)"),
            Map.entry("drop:exporter.move", "spec: an eviction always moves (an eviction's hold that adds a KERNEL fence without a move is not modelled)"),
            Map.entry("place:exporter.move", "spec: a move always changes region; the trace names memory types, and a move within "
                    + "one type (to another VRAM region) is legal"),
            Map.entry("swap:cpu.access", "checker: a zap forgets the mapping's PTEs, so an access after the zap with no logged re-fault "
                    + "is not judged, like an access whose fault the trace does not show"),
            Map.entry("flip:dma_buf_vmap_unlocked", "spec: a vmap never fails (the kernel's can: -ENOMEM, an exporter without vmap)"),
            Map.entry("flip:dma_buf_map_attachment", "spec: a map never fails (DmaBufDeviceAccess's map has no failure path)"),
            Map.entry("drop:dma_buf_unmap_attachment", "spec: one mapping per slot (the kernel allows several per attachment)"),
            Map.entry("drop:dma_resv_wait_timeout", "walk vocabulary: the importer's PTE bind (DevBindPtes) shows only as its KERNEL "
                    + "wait; the checker keeps no device PTE state, so a zap of PTEs the trace never bound is accepted"),
            Map.entry("drop:dma_fence_signal(tlb)", UNMAP_WHEN_IDLE),
            Map.entry("drop:dma_fence_signal(job)", UNMAP_WHEN_IDLE),
            Map.entry("kind:importer.device_access", "spec: a job accesses with its own kind (a WRITE job that also reads is not modelled)"),
            Map.entry("swap:dma_fence_signal(move)", "spec: the vmap itself waits for the move's copy (DmaBufVmap's guard); the checker "
                    + "judges the vmap's accesses (R6), so a vmap taken during the copy and used after it is accepted"));

    /** The op, and for a fence signal whose fence it is (job, tlb flush, move: the walk's id prefixes). */
    static String subject(org.dmabufspec.conformance.relation.walk.WalkEvent e) {
        if (!e.op().equals("dma_fence_signal")) {
            return e.op();
        }
        String f = e.id("fence");
        return e.op() + "(" + (f.startsWith("mf") ? "move" : f.startsWith("tlb") ? "tlb" : "job") + ")";
    }

    @TempDir
    Path dir;

    @Test
    void mutatedCpuWalksGetTheSameVerdictFromTheSpecAndTheFastEngine() throws Exception {
        long cpu0 = java.lang.management.ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime();
        List<String> unknown = new ArrayList<>();
        List<String> early = new ArrayList<>();
        Map<String, Integer> known = new TreeMap<>();
        Map<String, int[]> perKind = new TreeMap<>();   // kind -> {agree, both reject, disagree}
        int mutations = 0;
        int badInput = 0;
        for (CpuWalkConfig cfg : CpuWalkConfig.all()) {
            CpuSpecOracle oracle = new CpuSpecOracle(cfg);
            for (long seed = 1; seed <= WALKS; seed++) {
                CpuTrace t = CpuWalkToTrace.trace(CpuWalk.walk(cfg, seed, LENGTH));
                CpuSpecOracle.Verdict base = oracle.check(t.events());
                assertTrue(base.accepted(), "the spec rejects the unmutated walk " + t.name() + ": " + base.why() + "\n" + t.toNdjson());
                for (CpuMutation m : CpuMutation.all(t.events())) {
                    CpuTrace mt = t.withEvents(t.name() + "-" + m.kind() + m.index(), m.events());
                    CheckReport r = TraceChecker.check(mt.write(dir), NO_HIDDEN);
                    mutations++;
                    if (r.verdict() == Verdict.BAD_INPUT) {
                        badInput++;   // e.g. the export dropped: every id unknown
                        continue;
                    }
                    CpuSpecOracle.Verdict v = oracle.check(m.events());
                    String what = cfg + " seed " + seed + " " + m.description() + ": spec "
                            + (v.accepted() ? "accepts" : "rejects (" + v.why() + ")") + ", fast engine " + r.verdict()
                            + (r.rejection() == null ? "" : " at seq " + r.rejection().seq() + " " + r.brokenRules());
                    int[] k = perKind.computeIfAbsent(m.kind(), x -> new int[3]);
                    if (v.accepted() == r.accepted()) {
                        k[0]++;
                        if (!v.accepted()) {
                            k[1]++;
                            if (v.rejectedIndex() < m.index() || r.rejection().seq() < m.index() + 1
                                    && m.events().get((int) r.rejection().seq() - 1).end() < m.events().get(m.index()).start()) {
                                early.add(what);
                            }
                        }
                    } else {
                        k[2]++;
                        String key = m.kind() + ":" + subject(t.events().get(m.index()));
                        if (v.accepted() || !KNOWN.containsKey(key)) {
                            unknown.add(what);
                        } else {
                            known.merge(key + " (" + KNOWN.get(key) + ")", 1, Integer::sum);
                        }
                    }
                }
            }
        }
        System.out.printf("cpu mutations %d: bad input %d, known disagreements %d, unknown %d; test thread CPU %.1f s%n", mutations,
                badInput, known.values().stream().mapToInt(Integer::intValue).sum(), unknown.size(),
                (java.lang.management.ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime() - cpu0) / 1e9);
        perKind.forEach((k, n) -> System.out.printf("  %s: %d agree (%d both reject), %d disagree%n", k, n[0], n[1], n[2]));
        known.forEach((k, n) -> System.out.println("  " + n + " x " + k));
        unknown.forEach(u -> System.out.println("UNKNOWN " + u));
        early.forEach(u -> System.out.println("EARLY " + u));
        assertEquals(List.of(), unknown, "disagreements between the spec and the fast engine");
        assertEquals(List.of(), early, "a rejection before the mutation");
        assertTrue(perKind.get("drop")[1] + perKind.get("flip")[1] + perKind.get("place")[1] > 100,
                "too few rejected mutations for the comparison to mean anything");
    }
}
