package org.dmabufspec.conformance.relation.walk.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.dmabufspec.conformance.checker.CheckReport;
import org.dmabufspec.conformance.checker.TraceChecker;
import org.dmabufspec.conformance.checker.Verdict;
import org.dmabufspec.conformance.relation.walk.WalkEvent;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The smallest trace of each disagreement {@link CpuMutationAgreementTest#KNOWN} lists: the spec
 * (through {@link CpuSpecOracle}) rejects it, the fast engine (hidden steps off) accepts it, for the
 * reason the list gives. When a side changes, its test here fails and the entry goes. Also the
 * disagreement the mutations found and the checker no longer has: a CPU access through a vmap taken
 * while a move's copy is pending (R6).
 */
class CpuKnownDisagreementTest {
    private static final CpuWalkConfig CFG = new CpuWalkConfig("6.15");

    @TempDir
    Path dir;

    /** A trace being written: one event after the other, each in its own time slot. */
    private static final class T {
        final List<WalkEvent> events = new ArrayList<>();
        long t = 10;

        T() {
            Map<String, Object> args = new LinkedHashMap<>();
            args.put("exporter", "vram");
            args.put("dynamic", true);
            args.put("cache_sgt_mapping", false);
            args.put("size", 4096L);
            args.put("placement", "VRAM");
            args.put("vmap", true);
            events.add(new WalkEvent("exporter", 1, 2, "dma_buf_export", Map.of("buf", "b1"), args, "0", null, null));
        }

        T ev(String thread, String op, Map<String, String> ids, Map<String, Object> args, String result, Object ret, Boolean held) {
            Map<String, String> all = new LinkedHashMap<>();
            all.put("buf", "b1");
            all.putAll(ids);
            if (op.equals("dma_fence_signal")) {
                all.remove("buf");
            }
            events.add(new WalkEvent(thread, t, t + 1, op, all, args, result, ret, held));
            t += 10;
            return this;
        }

        T ev(String thread, String op, Map<String, String> ids, Map<String, Object> args, Boolean held) {
            return ev(thread, op, ids, args, "0", null, held);
        }

        T lock(String thread) {
            return ev(thread, "dma_resv_lock", Map.of(), Map.of(), false);
        }

        T unlock(String thread) {
            return ev(thread, "dma_resv_unlock", Map.of(), Map.of(), true);
        }

        T add(String thread, String fence, String usage) {
            ev(thread, "dma_resv_reserve_fences", Map.of(), Map.of("num", 1L), true);
            return ev(thread, "dma_resv_add_fence", Map.of("fence", fence), Map.of("usage", usage), true);
        }

        T attach(String id) {
            return ev("d1", "dma_buf_dynamic_attach", Map.of("attach", id, "dev", "d1"),
                    Map.of("allow_peer2peer", true, "move_notify", true), false);
        }

        T map(String attach, String sgt) {
            lock("d1");
            ev("d1", "dma_buf_map_attachment", Map.of("attach", attach, "sgt", sgt), Map.of("dir", "BIDIRECTIONAL"), true);
            return unlock("d1");
        }

        T waitKernel(String thread) {
            return ev(thread, "dma_resv_wait_timeout", Map.of(), Map.of("usage", "KERNEL", "timeout", "MAX", "intr", false), "0",
                    Long.MAX_VALUE, true);
        }

        T fault(String vma, String placement, String access) {
            lock("p1");
            ev("p1", "exporter.vm_fault", Map.of(), Map.of("vma", vma, "placement", placement, "access", access), true);
            return unlock("p1");
        }

        T evict(String from, String to, String moveFence) {
            lock("exporter");
            ev("exporter", "dma_buf_move_notify", Map.of(), Map.of(), true);
            ev("exporter", "exporter.move", Map.of(), Map.of("from", from, "to", to), true);
            add("exporter", moveFence, "KERNEL");
            return unlock("exporter");
        }

        T signal(String fence) {
            return ev("irq", "dma_fence_signal", Map.of("fence", fence), Map.of(), null);
        }

        T mmap() {
            return ev("p1", "mmap", Map.of(), Map.of(), null);
        }

        T cpuAccess(String vma, String access) {
            return ev("p1", "cpu.access", Map.of(), Map.of("via", "mmap", "vma", vma, "access", access), null);
        }
    }

    private void specRejectsCheckerAccepts(String name, T trace) throws Exception {
        CpuTrace t = new CpuTrace(CFG, name, trace.events);
        CheckReport r = TraceChecker.check(t.write(dir), CpuMutationAgreementTest.NO_HIDDEN);
        assertEquals(Verdict.ACCEPTED, r.verdict(), r::toText);
        assertFalse(new CpuSpecOracle(CFG).check(t.events()).accepted(), "the spec accepts " + t.toNdjson());
    }

    @Test
    void aFaultOfAMappingWhoseMmapIsNotLogged() throws Exception {
        specRejectsCheckerAccepts("known-mmap-untied", new T().fault("vma1", "VRAM", "WRITE").cpuAccess("vma1", "WRITE"));
    }

    @Test
    void anAccessWhoseFaultIsNotLogged() throws Exception {
        specRejectsCheckerAccepts("known-access-without-fault", new T().mmap().cpuAccess("vma1", "READ"));
    }

    @Test
    void aSecondMmapOfOneProcess() throws Exception {
        specRejectsCheckerAccepts("known-one-vma", new T().mmap().mmap());
    }

    @Test
    void aSecondAttachmentOfOneImporter() throws Exception {
        specRejectsCheckerAccepts("known-second-attach", new T().attach("d1.1").attach("d1.2"));
    }

    @Test
    void aFailedAttach() throws Exception {
        specRejectsCheckerAccepts("known-failed-attach", new T().ev("d1", "dma_buf_dynamic_attach", Map.of("attach", "d1.1", "dev", "d1"),
                Map.of("allow_peer2peer", true, "move_notify", true), "EBUSY", null, false));
    }

    @Test
    void aFailedMap() throws Exception {
        T t = new T().attach("d1.1").lock("d1");
        t.ev("d1", "dma_buf_map_attachment", Map.of("attach", "d1.1", "sgt", "sg1"), Map.of("dir", "BIDIRECTIONAL"), "EBUSY", null, true);
        specRejectsCheckerAccepts("known-failed-map", t.unlock("d1"));
    }

    @Test
    void anEvictionThatAddsAKernelFenceWithoutAMove() throws Exception {
        T t = new T().lock("exporter");
        t.ev("exporter", "dma_buf_move_notify", Map.of(), Map.of(), true);
        specRejectsCheckerAccepts("known-eviction-without-move", t.add("exporter", "mf1", "KERNEL").unlock("exporter").signal("mf1"));
    }

    @Test
    void aMoveWithinOnePlacement() throws Exception {
        specRejectsCheckerAccepts("known-move-within-vram", new T().evict("VRAM", "VRAM", "mf1").signal("mf1"));
    }

    @Test
    void anAccessAfterTheZapWithoutAFault() throws Exception {
        T t = new T().mmap().fault("vma1", "VRAM", "WRITE").lock("exporter");
        t.ev("exporter", "unmap_mapping_range", Map.of(), Map.of(), true).cpuAccess("vma1", "WRITE");
        t.ev("exporter", "dma_buf_move_notify", Map.of(), Map.of(), true);
        t.ev("exporter", "exporter.move", Map.of(), Map.of("from", "VRAM", "to", "GTT"), true);
        specRejectsCheckerAccepts("known-access-after-zap", t.add("exporter", "mf1", "KERNEL").unlock("exporter").signal("mf1"));
    }

    @Test
    void aFailedVmap() throws Exception {
        specRejectsCheckerAccepts("known-failed-vmap", new T().ev("k1", "dma_buf_vmap_unlocked", Map.of(), Map.of(), "EBUSY", "va1", false));
    }

    @Test
    void aSecondMappingOfOneAttachment() throws Exception {
        specRejectsCheckerAccepts("known-second-map", new T().attach("d1.1").map("d1.1", "sg1").map("d1.1", "sg2"));
    }

    @Test
    void aSecondEvictionBeforeTheFirstReusedItsStorage() throws Exception {
        specRejectsCheckerAccepts("known-two-moves", new T().evict("VRAM", "GTT", "mf1").signal("mf1").evict("GTT", "VRAM", "mf2"));
    }

    @Test
    void aZapOfPtesTheTraceNeverShowsBound() throws Exception {
        T t = new T().attach("d1.1").map("d1.1", "sg1").lock("d1");
        specRejectsCheckerAccepts("known-zap-unbound", t.add("d1", "tlb1", "BOOKKEEP").unlock("d1"));
    }

    @Test
    void anUnmapBeforeTheImportersTlbFlushCompleted() throws Exception {
        T t = new T().attach("d1.1").map("d1.1", "sg1").lock("d1").waitKernel("d1").unlock("d1");
        t.lock("d1").add("d1", "tlb1", "BOOKKEEP").unlock("d1").lock("d1");
        t.ev("d1", "dma_buf_unmap_attachment", Map.of("attach", "d1.1", "sgt", "sg1"), Map.of("dir", "BIDIRECTIONAL"), true);
        specRejectsCheckerAccepts("known-unmap-before-flush", t.unlock("d1"));
    }

    @Test
    void aWriteJobThatReads() throws Exception {
        T t = new T().attach("d1.1").map("d1.1", "sg1").lock("d1").waitKernel("d1").unlock("d1");
        t.lock("d1").waitKernel("d1").add("d1", "f1", "WRITE").unlock("d1");
        t.ev("d1", "importer.device_access", Map.of("attach", "d1.1", "sgt", "sg1", "fence", "f1"), Map.of("access", "READ"), null);
        specRejectsCheckerAccepts("known-write-job-reads", t);
    }

    @Test
    void aVmapTakenWhileTheMovesCopyIsPendingAndUsedAfterIt() throws Exception {
        T t = new T().evict("VRAM", "GTT", "mf1");
        t.ev("k1", "dma_buf_vmap_unlocked", Map.of(), Map.of(), "0", "va1", false).signal("mf1");
        t.ev("k1", "cpu.access", Map.of(), Map.of("via", "vmap", "addr", "va1", "access", "READ"), null);
        specRejectsCheckerAccepts("known-vmap-before-copy", t);
    }

    /** A move that left a process's PTEs, with no access through them afterwards: both reject, the checker at the move (R21). */
    @Test
    void aMoveThatLeftCpuPtesIsRejectedAtTheMove() throws Exception {
        CpuTrace t = new CpuTrace(CFG, "r21-at-the-move", new T().mmap().fault("vma1", "VRAM", "READ").evict("VRAM", "GTT", "mf1")
                .signal("mf1").events);
        CheckReport r = TraceChecker.check(t.write(dir), CpuMutationAgreementTest.NO_HIDDEN);
        assertEquals(Verdict.REJECTED, r.verdict(), r::toText);
        assertEquals(List.of("R21"), r.brokenRules(), r::toText);
        assertEquals("exporter.move", t.events().get((int) r.rejection().seq() - 1).op(), r::toText);
        assertFalse(new CpuSpecOracle(CFG).check(t.events()).accepted());
    }

    /** Found by the mutations and fixed in the checker: a CPU access through a vmap before the move's copy into its storage (R6). */
    @Test
    void aVmapAccessBeforeTheMovesCopyIsRejected() throws Exception {
        T t = new T().evict("VRAM", "GTT", "mf1");
        t.ev("k1", "dma_buf_vmap_unlocked", Map.of(), Map.of(), "0", "va1", false);
        t.ev("k1", "cpu.access", Map.of(), Map.of("via", "vmap", "addr", "va1", "access", "READ"), null).signal("mf1");
        CpuTrace bad = new CpuTrace(CFG, "vmap-access-before-copy", t.events);
        CheckReport r = TraceChecker.check(bad.write(dir), CpuMutationAgreementTest.NO_HIDDEN);
        assertEquals(Verdict.REJECTED, r.verdict(), r::toText);
        assertEquals(List.of("R6"), r.brokenRules(), r::toText);
        assertEquals("cpu.access", bad.events().get((int) r.rejection().seq() - 1).op(), r::toText);
        assertFalse(new CpuSpecOracle(CFG).check(bad.events()).accepted());
        T ok = new T().evict("VRAM", "GTT", "mf1").signal("mf1");
        ok.ev("k1", "dma_buf_vmap_unlocked", Map.of(), Map.of(), "0", "va1", false);
        ok.ev("k1", "cpu.access", Map.of(), Map.of("via", "vmap", "addr", "va1", "access", "READ"), null);
        CpuTrace good = new CpuTrace(CFG, "vmap-access-after-copy", ok.events);
        assertEquals(Verdict.ACCEPTED, TraceChecker.check(good.write(dir), CpuMutationAgreementTest.NO_HIDDEN).verdict());
        assertTrue(new CpuSpecOracle(CFG).check(good.events()).accepted(), good.toNdjson());
    }
}
