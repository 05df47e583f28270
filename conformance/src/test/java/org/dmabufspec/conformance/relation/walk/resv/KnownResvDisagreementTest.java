package org.dmabufspec.conformance.relation.walk.resv;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.dmabufspec.conformance.checker.CheckOptions;
import org.dmabufspec.conformance.checker.CheckReport;
import org.dmabufspec.conformance.checker.Engine;
import org.dmabufspec.conformance.checker.TraceChecker;
import org.dmabufspec.conformance.checker.Verdict;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Disagreements between the DmaResv spec (the TLC oracle) and the fast engine that the resv walks
 * found, each on a minimal trace. When one of these tests fails, the engines agree again: drop the
 * pin and the matching set-aside in {@link KnownResvDisagreements}.
 */
class KnownResvDisagreementTest {
    @TempDir
    Path dir;

    /**
     * f1, f2 on r1 (READ), exported as sf1, both signal; f3 (READ) reallocates r1 to [f3]; importing
     * sf1 (READ) appends one component and replaces it (signalled) by the other. DmaResv's
     * AddComponents takes either order, so f1 may end in the table and re-adding it as KERNEL needs
     * no slot (ReAddNeedsNoSlot). The fast engine used to add in the listed order only ([f3, f2])
     * and reject the re-add (F13); it now tries both orders, as the spec does.
     */
    @Test
    void importOfTwoSignalledComponentsInEitherOrderAgreesWithTheSpec() throws Exception {
        for (List<String> order : List.of(List.of("f1", "f2"), List.of("f2", "f1"))) {
            Path trace = importOrderTrace(order).write(dir);
            CheckReport spec = TraceChecker.check(trace, CheckOptions.defaults().withEngine(Engine.TLC));
            CheckReport fast = TraceChecker.check(trace);
            assertEquals(Verdict.ACCEPTED, spec.verdict(), spec.toText());
            assertEquals(Verdict.ACCEPTED, fast.verdict(), fast.toText());
        }
    }

    /**
     * v1 (vgem, READ) on r1; one lock hold: reserve 2, add f2 READ and f1 WRITE (3 entries, max 3);
     * v1 and f4 signal; reserve 1. DmaResv reallocates exactly when Len(table) + n > max
     * (ReserveReallocates), dropping the signalled v1, so f4 WRITE is appended and stays when f2
     * WRITE replaces f2 READ; the second add of f4 re-adds itself (ReAddNeedsNoSlot). The fast
     * engine used to count the allocator's slack, keep the signalled v1 and reject the second add
     * of f4 (F13); its reservations now reallocate exactly as ReservedTable/ReservedMax.
     */
    @Test
    void reserveFencesReallocationDropsSignalledEntriesInBothEngines() throws Exception {
        Path p = dir.resolve("reserve-realloc.ndjson");
        java.nio.file.Files.writeString(p, RESERVE_REALLOC);
        CheckReport spec = TraceChecker.check(p, CheckOptions.defaults().withEngine(Engine.TLC));
        CheckReport fast = TraceChecker.check(p);
        assertEquals(Verdict.ACCEPTED, spec.verdict(), spec.toText());
        assertEquals(Verdict.ACCEPTED, fast.verdict(), fast.toText());
    }

    private static final String RESERVE_REALLOC = """
            {"type":"header","format":"dmabuf-trace","version":1,"implementation":{"name":"spec-walk","version":"DmaResv"},"kernel":{"behaviour":"6.15","move_notify":true},"clock":"logical","scenario":"reserve-realloc-drops-signalled"}
            {"type":"event","seq":1,"thread":"exporter","start":1,"end":1,"op":"dma_buf_export","buf":"r1","args":{"exporter":"system","dynamic":false,"cache_sgt_mapping":false,"size":4096,"placement":"SYSTEM"},"result":0}
            {"type":"event","seq":2,"thread":"exporter","start":5,"end":5,"op":"dma_fence_init","fence":"f4","args":{"context":2,"seqno":2},"result":0}
            {"type":"event","seq":3,"thread":"user","start":20,"end":29,"op":"DRM_IOCTL_VGEM_FENCE_ATTACH","buf":"r1","fence":"v1","args":{"flags":""},"result":0}
            {"type":"event","seq":4,"thread":"p2","start":50,"end":59,"op":"dma_resv_lock","buf":"r1","result":0,"resv_held":false}
            {"type":"event","seq":5,"thread":"p2","start":90,"end":99,"op":"dma_resv_reserve_fences","buf":"r1","args":{"num":2},"result":0,"resv_held":true}
            {"type":"event","seq":6,"thread":"irq","start":100,"end":109,"op":"dma_fence_signal","fence":"f4","result":0}
            {"type":"event","seq":7,"thread":"p2","start":120,"end":129,"op":"dma_resv_add_fence","buf":"r1","fence":"f2","args":{"usage":"READ"},"result":0,"resv_held":true}
            {"type":"event","seq":8,"thread":"p2","start":130,"end":139,"op":"dma_resv_add_fence","buf":"r1","fence":"f1","args":{"usage":"WRITE"},"result":0,"resv_held":true}
            {"type":"event","seq":9,"thread":"vgem","start":200,"end":209,"op":"DRM_IOCTL_VGEM_FENCE_SIGNAL","fence":"v1","args":{"flags":"0"},"result":0}
            {"type":"event","seq":10,"thread":"p2","start":280,"end":289,"op":"dma_resv_reserve_fences","buf":"r1","args":{"num":1},"result":0,"resv_held":true}
            {"type":"event","seq":11,"thread":"p2","start":310,"end":319,"op":"dma_resv_add_fence","buf":"r1","fence":"f4","args":{"usage":"WRITE"},"result":0,"resv_held":true}
            {"type":"event","seq":12,"thread":"p2","start":320,"end":329,"op":"dma_resv_add_fence","buf":"r1","fence":"f2","args":{"usage":"WRITE"},"result":0,"resv_held":true}
            {"type":"event","seq":13,"thread":"p2","start":330,"end":339,"op":"dma_resv_add_fence","buf":"r1","fence":"f4","args":{"usage":"WRITE"},"result":0,"resv_held":true}
            {"type":"end","events":13,"status":"complete"}
            """;

    /**
     * p2 takes r1's reservation lock and keeps it; p1 then polls r1 and is told POLLIN. dma_buf_poll
     * takes dma_resv_lock, so it cannot return while p2 holds it: DmaBufPoll requires holder[r] =
     * NoProc and the spec rejects the poll; so does the fast engine (it used not to look at the lock).
     */
    @Test
    void pollCannotReturnWhileAnotherThreadHoldsTheReservation() throws Exception {
        List<ResvEvent> evs = new ArrayList<>();
        evs.add(ev("exporter", "dma_buf_export", Map.of("buf", "r1"), Map.of("exporter", "system", "dynamic", false,
                "cache_sgt_mapping", false, "size", 4096, "placement", "SYSTEM"), null, null).withTimes(1, 1));
        evs.add(ev("p2", "dma_resv_lock", Map.of("buf", "r1"), Map.of(), null, false).withTimes(10, 19));
        evs.add(ev("p1", "poll", Map.of("buf", "r1"), Map.of("events", "POLLIN"), "POLLIN", null).withTimes(20, 29));
        ResvTrace t = new ResvTrace("poll-while-locked", evs);
        Path p = t.write(dir);
        CheckReport spec = TraceChecker.check(p, CheckOptions.defaults().withEngine(Engine.TLC));
        CheckReport fast = TraceChecker.check(p);
        assertEquals(Verdict.REJECTED, spec.verdict(), spec.toText());
        assertEquals(4, spec.rejection().line(), spec.toText());
        assertEquals(Verdict.REJECTED, fast.verdict(), fast.toText());
        assertEquals(4, fast.rejection().line(), fast.toText());
    }

    /**
     * v2 (vgem, READ) attached to r2 and signalled through DRM_IOCTL_VGEM_FENCE_SIGNAL; then a
     * WRITE attach to r2 returns -EBUSY. vgem_fence_attach_ioctl fails only while
     * dma_resv_test_signaled(resv, READ) is false, and nothing is pending: the spec rejects the
     * -EBUSY. The fast engine accepts it. (Found by swapping the signal and the attach of a walk.)
     */
    @Test
    void pinsAKnownDisagreementVgemAttachBusyAfterTheConflictingFenceSignalled() throws Exception {
        List<ResvEvent> evs = new ArrayList<>();
        evs.add(ev("exporter", "dma_buf_export", Map.of("buf", "r2"), Map.of("exporter", "system", "dynamic", false,
                "cache_sgt_mapping", false, "size", 4096, "placement", "SYSTEM"), null, null).withTimes(2, 2));
        evs.add(ev("user", "DRM_IOCTL_VGEM_FENCE_ATTACH", Map.of("buf", "r2", "fence", "v2"), Map.of("flags", ""), null, null)
                .withTimes(20, 29));
        evs.add(ev("vgem", "DRM_IOCTL_VGEM_FENCE_SIGNAL", Map.of("fence", "v2"), Map.of("flags", "0"), null, null).withTimes(80, 89));
        evs.add(ev("user", "DRM_IOCTL_VGEM_FENCE_ATTACH", Map.of("buf", "r2"), Map.of("flags", "WRITE"), null, null)
                .withResult("EBUSY", null).withTimes(100, 109));
        ResvTrace t = new ResvTrace("vgem-busy-after-signal", evs);
        Path p = t.write(dir);
        CheckReport spec = TraceChecker.check(p, CheckOptions.defaults().withEngine(Engine.TLC));
        CheckReport fast = TraceChecker.check(p);
        assertEquals(Verdict.REJECTED, spec.verdict(), spec.toText());
        assertEquals(5, spec.rejection().line(), spec.toText());
        assertEquals(Verdict.ACCEPTED, fast.verdict(), fast.toText());
        assertTrue(KnownResvDisagreements.vgemBusyWithoutConflict(spec, t));
    }

    /**
     * vgem fences v2 then v1 attached (READ) to r1, none signalled in the trace; get_fences(BOOKKEEP)
     * returns [v1]. The spec infers v2's signal (an unlogged step); the fast engine infers a vgem
     * fence signalled only by its timer under a monotonic_ns clock, so under this logical clock it
     * rejects. (Found by dropping a DRM_IOCTL_VGEM_FENCE_SIGNAL from a walk.)
     */
    @Test
    void pinsAKnownDisagreementUnloggedVgemFenceSignalUnderALogicalClock() throws Exception {
        List<ResvEvent> evs = new ArrayList<>();
        evs.add(ev("exporter", "dma_buf_export", Map.of("buf", "r1"), Map.of("exporter", "system", "dynamic", false,
                "cache_sgt_mapping", false, "size", 4096, "placement", "SYSTEM"), null, null).withTimes(1, 1));
        evs.add(ev("user", "DRM_IOCTL_VGEM_FENCE_ATTACH", Map.of("buf", "r1", "fence", "v2"), Map.of("flags", ""), null, null)
                .withTimes(20, 29));
        evs.add(ev("user", "DRM_IOCTL_VGEM_FENCE_ATTACH", Map.of("buf", "r1", "fence", "v1"), Map.of("flags", ""), null, null)
                .withTimes(70, 79));
        evs.add(ev("observer", "dma_resv_get_fences", Map.of("buf", "r1", "fences", List.of("v1")), Map.of("usage", "BOOKKEEP"), null,
                false).withTimes(200, 209));
        ResvTrace t = new ResvTrace("unlogged-vgem-signal", evs);
        Path p = t.write(dir);
        CheckReport spec = TraceChecker.check(p, CheckOptions.defaults().withEngine(Engine.TLC));
        CheckReport fast = TraceChecker.check(p);
        assertEquals(Verdict.ACCEPTED, spec.verdict(), spec.toText());
        assertEquals(Verdict.REJECTED, fast.verdict(), fast.toText());
        assertEquals(5, fast.rejection().line(), fast.toText());
        assertTrue(KnownResvDisagreements.unloggedVgemSignal(fast, spec, t), fast.toText() + spec.toText());
    }

    static ResvTrace importOrderTrace(List<String> order) {
        List<ResvEvent> evs = new ArrayList<>();
        Map<String, Object> exp = new LinkedHashMap<>();
        exp.put("exporter", "system");
        exp.put("dynamic", false);
        exp.put("cache_sgt_mapping", false);
        exp.put("size", 4096);
        exp.put("placement", "SYSTEM");
        evs.add(ev("exporter", "dma_buf_export", Map.of("buf", "r1"), exp, null, null));
        for (int i = 1; i <= 3; i++) {
            evs.add(ev("exporter", "dma_fence_init", Map.of("fence", "f" + i), Map.of("context", i, "seqno", 1), null, null));
        }
        locked(evs, 2, List.of("f1", "READ", "f2", "READ"));
        evs.add(ev("user", "DMA_BUF_IOCTL_EXPORT_SYNC_FILE", Map.of("buf", "r1", "sync_file", "sf1", "fences", order),
                Map.of("flags", "WRITE"), null, null));
        evs.add(ev("irq", "dma_fence_signal", Map.of("fence", "f1"), Map.of(), null, null));
        evs.add(ev("irq", "dma_fence_signal", Map.of("fence", "f2"), Map.of(), null, null));
        locked(evs, 1, List.of("f3", "READ"));
        evs.add(ev("user", "DMA_BUF_IOCTL_IMPORT_SYNC_FILE", Map.of("buf", "r1", "sync_file", "sf1", "fences", order),
                Map.of("flags", "READ"), null, null));
        locked(evs, 0, List.of("f1", "KERNEL"));
        List<ResvEvent> timed = new ArrayList<>();
        for (int i = 0; i < evs.size(); i++) {
            timed.add(evs.get(i).withTimes(10 + 2L * i, 11 + 2L * i));
        }
        return new ResvTrace("import-order-" + String.join("-", order), timed);
    }

    private static void locked(List<ResvEvent> evs, int num, List<String> adds) {
        evs.add(ev("p1", "dma_resv_lock", Map.of("buf", "r1"), Map.of(), null, false));
        if (num > 0) {
            evs.add(ev("p1", "dma_resv_reserve_fences", Map.of("buf", "r1"), Map.of("num", num), null, true));
        }
        for (int i = 0; i < adds.size(); i += 2) {
            evs.add(ev("p1", "dma_resv_add_fence", Map.of("buf", "r1", "fence", adds.get(i)), Map.of("usage", adds.get(i + 1)), null, true));
        }
        evs.add(ev("p1", "dma_resv_unlock", Map.of("buf", "r1"), Map.of(), null, true));
    }

    static ResvEvent ev(String thread, String op, Map<String, Object> ids, Map<String, Object> args, Object ret, Boolean held) {
        return new ResvEvent(thread, 0, 0, op, ids, args, "0", ret, held);
    }
}
