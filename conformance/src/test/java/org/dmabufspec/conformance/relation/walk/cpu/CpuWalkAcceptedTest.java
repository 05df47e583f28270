package org.dmabufspec.conformance.relation.walk.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

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
 * Every behaviour of DmaBufCpuDeviceAccess (the default-tier model, and the same shape under 7.1),
 * logged as the reference implementation would, is accepted by the fast engine, and the walks take
 * every action of the spec. Each trace is checked with hidden steps as the default options infer
 * them for a spec walk, and without any ({@code --hidden off}: the walks log every fence signal, as
 * the reference implementation does). {@code -Dcpu.walk.seeds=N} runs N walks per kernel behaviour.
 */
@ResourceLock(value = Resources.SYSTEM_OUT, mode = ResourceAccessMode.READ)
class CpuWalkAcceptedTest {
    static final int SEEDS = Integer.getInteger("cpu.walk.seeds", FullSets.full() ? 300 : 20);
    /** Shrinking a rejected walk costs one check per step: only this many are shrunk. */
    static final int SHRUNK = 2;
    static final int LENGTH = 80;
    static final CheckOptions NO_HIDDEN = CheckOptions.defaults().withHidden(HiddenSteps.OFF);

    @TempDir
    Path dir;

    @Test
    void everyCpuWalkIsAcceptedByTheFastEngineAndTheWalksTakeEveryAction() throws Exception {
        long cpu0 = java.lang.management.ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime();
        List<String> failures = new ArrayList<>();
        Set<String> actions = new TreeSet<>();
        Set<String> ops = new TreeSet<>();
        int walks = 0;
        long events = 0;
        for (CpuWalkConfig cfg : CpuWalkConfig.all()) {
            for (long seed = 1; seed <= SEEDS; seed++) {
                CpuWalk w = CpuWalk.walk(cfg, seed, LENGTH);
                w.steps().forEach(s -> actions.add(s.action()));
                CpuTrace t = CpuWalkToTrace.trace(w);
                t.events().forEach(e -> ops.add(e.op()));
                Path file = t.write(dir);
                walks++;
                events += t.events().size();
                for (CheckOptions o : List.of(CheckOptions.defaults(), NO_HIDDEN)) {
                    CheckReport r = TraceChecker.check(file, o);
                    if (r.verdict() != Verdict.ACCEPTED) {
                        failures.add((failures.size() < SHRUNK ? shrink(w, o) : w.steps().toString()) + "\n" + r.toText());
                    }
                }
            }
        }
        System.out.printf("test thread CPU %.1f s (the checker runs in this thread)%n", (java.lang.management.ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime() - cpu0) / 1e9);
        System.out.printf("cpu walks: %d walks, %d events; rejected: %d; actions %s; ops %s%n", walks, events,
                failures.size(), actions, ops);
        assertTrue(failures.isEmpty(), failures.size() + " walks rejected; first:\n" + (failures.isEmpty() ? "" : failures.get(0)));
        assertEquals(expectedActions(), actions, "the walks took every action of DmaBufCpuDeviceAccess");
        assertTrue(ops.containsAll(List.of("exporter.vm_fault", "unmap_mapping_range", "cpu.access", "exporter.move",
                "dma_buf_vmap_unlocked", "importer.invalidate_mappings", "importer.move_notify")), "ops logged: " + ops);
    }

    @Test
    void aCpuWalkReplaysFromItsSeedAndShrinksByDroppingASuffix() {
        CpuWalkConfig cfg = new CpuWalkConfig("6.15");
        CpuWalk w = CpuWalk.walk(cfg, 42, LENGTH);
        assertEquals(w.steps(), CpuWalk.walk(cfg, 42, LENGTH).steps());
        CpuWalk shorter = w.shortened(20);
        assertEquals(w.steps().subList(0, 20), shorter.steps().subList(0, 20));
        assertTrue(CpuWalk.quiescent(shorter.last()), "a shortened walk is drained too");
        assertFalse(w.steps().equals(CpuWalk.walk(cfg, 43, LENGTH).steps()), "another seed, another walk");
    }

    /** The shortest prefix of a rejected walk that is still rejected, as trace text. */
    private String shrink(CpuWalk w, CheckOptions o) throws Exception {
        CpuWalk best = w;
        for (int n = w.length() - 1; n >= 0; n--) {
            CpuWalk shorter = w.shortened(n);
            if (TraceChecker.check(CpuWalkToTrace.trace(shorter).write(dir), o).verdict() != Verdict.ACCEPTED) {
                best = shorter;
            }
        }
        return best.steps() + "\n" + CpuWalkToTrace.trace(best).toNdjson();
    }

    static Set<String> expectedActions() {
        return new TreeSet<>(List.of("DevAttach", "DevDetach", "DevMapAttachment", "DevBindPtes", "DevZapPtes",
                "DevTlbFlushComplete", "DevUnmapAttachment", "DevTranslationAccess", "DevSubmitJob", "DevJobAccess",
                "DevSignalJob", "DevSignalMove", "DevReleaseOldStorage", "ExporterEvict", "TtmBoUnmapVirtual",
                "ExporterMoveNotify", "ExporterMove", "DmaBufMmap", "CpuPageFault", "TtmBoVmFault", "CpuMmapAccess",
                "Munmap", "DmaBufVmap", "CpuVmapAccess", "DmaBufVunmap"));
    }
}
