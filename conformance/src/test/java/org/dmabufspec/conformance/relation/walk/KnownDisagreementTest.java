package org.dmabufspec.conformance.relation.walk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.dmabufspec.conformance.checker.CheckOptions;
import org.dmabufspec.conformance.checker.CheckReport;
import org.dmabufspec.conformance.checker.HiddenSteps;
import org.dmabufspec.conformance.checker.TraceChecker;
import org.dmabufspec.conformance.checker.Verdict;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Disagreements between the DmaBufAttach spec (SpecOracle) and the fast engine, on minimal traces:
 * a {@code pins...} test asserts a disagreement that remains (it fails, and should be turned into an
 * agreement, when the checker is fixed); the others are fixed ones, asserting that both agree.
 */
class KnownDisagreementTest {
    @TempDir
    Path dir;

    private final List<WalkEvent> events = new ArrayList<>();
    private long clock;

    private KnownDisagreementTest call(String thread, String op, Map<String, String> ids, Map<String, Object> args, String result, Boolean held) {
        Map<String, String> all = new LinkedHashMap<>();
        all.put("buf", "b1");
        all.putAll(ids);
        events.add(new WalkEvent(thread, ++clock, ++clock, op, all, args, result, null, held));
        return this;
    }

    private KnownDisagreementTest exportDynamic() {
        return call("exporter", "dma_buf_export", Map.of(), new LinkedHashMap<>(Map.of("exporter", "vram", "dynamic", true,
                "cache_sgt_mapping", false, "size", 4096L, "placement", "VRAM")), "0", null);
    }

    private void assertSpecRejectsFastEngineAccepts(WalkConfig cfg, String name) throws Exception {
        SpecOracle.Verdict spec = new SpecOracle(cfg).check(events);
        CheckReport fast = TraceChecker.check(new WalkTrace(cfg, name, events).write(dir));
        assertFalse(spec.accepted(), "the spec accepts " + events);
        assertEquals(Verdict.ACCEPTED, fast.verdict(), fast.toText());
    }

    private void assertBothAccept(WalkConfig cfg, String name) throws Exception {
        SpecOracle.Verdict spec = new SpecOracle(cfg).check(events);
        CheckReport fast = TraceChecker.check(new WalkTrace(cfg, name, events).write(dir));
        assertEquals(true, spec.accepted(), spec.why());
        assertEquals(Verdict.ACCEPTED, fast.verdict(), fast.toText());
    }

    /** Both reject, and the fast engine's rejection names {@code rule} and says {@code why}. */
    private void assertBothReject(WalkConfig cfg, String name, String rule, String why) throws Exception {
        SpecOracle.Verdict spec = new SpecOracle(cfg).check(events);
        CheckReport fast = TraceChecker.check(new WalkTrace(cfg, name, events).write(dir));
        assertFalse(spec.accepted(), "the spec accepts " + events);
        assertEquals(Verdict.REJECTED, fast.verdict(), fast.toText());
        assertTrue(fast.brokenRules().contains(rule), fast.toText());
        assertTrue(fast.toText().contains(why), fast.toText());
    }

    private static final WalkConfig V6_2 = new WalkConfig("6.2", true, ExporterFlavour.DYNAMIC);
    private static final WalkConfig V6_15 = new WalkConfig("6.15", true, ExporterFlavour.DYNAMIC);

    /** dma_buf_detach is void in every kernel: it cannot return -EBUSY. */
    @Test
    void detachReturningAnErrnoIsRejectedByBoth() throws Exception {
        exportDynamic().call("s1", "dma_buf_attach", Map.of("attach", "s1.1", "dev", "s1"), Map.of(), "0", false);
        assertBothAccept(V6_15, "attach-only");
        call("s1", "dma_buf_detach", Map.of("attach", "s1.1"), Map.of(), "EBUSY", false);
        assertBothReject(V6_15, "detach-ebusy", "RESULT", "dma_buf_detach returned EBUSY, but it returns void");
    }

    /** dma_resv_add_fence and dma_buf_move_notify are void too (dma-resv.c, dma-buf.c). */
    @Test
    void addFenceOrMoveNotifyReturningAnErrnoIsRejectedByBoth() throws Exception {
        exportDynamic().call("exporter", "dma_resv_lock", Map.of(), Map.of(), "0", false)
                .call("exporter", "dma_buf_move_notify", Map.of(), Map.of(), "EINVAL", true);
        assertBothReject(V6_15, "move-notify-einval", "RESULT", "dma_buf_move_notify returned EINVAL, but it returns void");
        events.clear();
        exportDynamic().call("exporter", "dma_resv_lock", Map.of(), Map.of(), "0", false)
                .call("exporter", "dma_buf_move_notify", Map.of(), Map.of(), "0", true)
                .call("exporter", "exporter.move", Map.of(), new LinkedHashMap<>(Map.of("from", "VRAM", "to", "GTT")), "0", true)
                .call("exporter", "dma_resv_reserve_fences", Map.of(), Map.of("num", 1L), "0", true)
                .call("exporter", "dma_resv_add_fence", Map.of("fence", "mf1"), Map.of("usage", "KERNEL"), "EBUSY", true);
        assertBothReject(V6_15, "add-fence-ebusy", "RESULT", "dma_resv_add_fence returned EBUSY, but it returns void");
    }

    /** 6.2-6.14: s1's attach-time table is cached, so every map returns sg1; a second unmap without a map in between is unbalanced. */
    @Test
    void doubleUnmapOfTheCachedTableIsRejectedByBoth() throws Exception {
        exportDynamic().call("s1", "dma_buf_attach", Map.of("attach", "s1.1", "dev", "s1"), Map.of(), "0", false)
                .call("s1", "dma_buf_map_attachment_unlocked", Map.of("attach", "s1.1", "sgt", "sg1"), Map.of("dir", "BIDIRECTIONAL"), "0", false)
                .call("s1", "dma_buf_unmap_attachment_unlocked", Map.of("attach", "s1.1", "sgt", "sg1"), Map.of("dir", "BIDIRECTIONAL"), "0", false);
        assertBothAccept(V6_2, "cached-map-unmap");
        call("s1", "dma_buf_unmap_attachment_unlocked", Map.of("attach", "s1.1", "sgt", "sg1"), Map.of("dir", "BIDIRECTIONAL"), "0", false);
        assertBothReject(V6_2, "cached-double-unmap", "R12", "unbalanced unmap");
    }

    private KnownDisagreementTest eviction() {
        return call("exporter", "dma_resv_lock", Map.of(), Map.of(), "0", false)
                .call("exporter", "dma_buf_move_notify", Map.of(), Map.of(), "0", true)
                .call("exporter", "exporter.move", Map.of(), new LinkedHashMap<>(Map.of("from", "VRAM", "to", "GTT")), "0", true)
                .call("exporter", "dma_resv_reserve_fences", Map.of(), Map.of("num", 1L), "0", true)
                .call("exporter", "dma_resv_add_fence", Map.of("fence", "mf1"), Map.of("usage", "KERNEL"), "0", true)
                .call("exporter", "dma_resv_unlock", Map.of(), Map.of(), "0", true);
    }

    private KnownDisagreementTest signalMoveFence() {
        events.add(new WalkEvent("exporter", ++clock, ++clock, "dma_fence_signal", Map.of("fence", "mf1"), Map.of(), "0", null, null));
        return this;
    }

    @Test
    void moveFenceSignalledBeforeTheOldStorageIsReusedIsAcceptedByBoth() throws Exception {
        exportDynamic().eviction().signalMoveFence().call("exporter", "exporter.reuse_storage", Map.of(), Map.of("placement", "VRAM"), "0", false);
        assertBothAccept(V6_15, "signal-then-reuse");
    }

    /**
     * The exporter frees the old storage only after its move fence signalled (the copy is done,
     * DmaBufReleaseOldStorage): a move fence signalled after exporter.reuse_storage means the old
     * storage was reused mid-copy.
     */
    @Test
    void moveFenceSignalledAfterTheOldStorageWasReusedIsRejectedByBoth() throws Exception {
        exportDynamic().eviction().call("exporter", "exporter.reuse_storage", Map.of(), Map.of("placement", "VRAM"), "0", false);
        assertBothAccept(V6_15, "reuse-with-unlogged-signal");   // the signal may be unlogged: inferred before the reuse
        signalMoveFence();
        SpecOracle.Verdict spec = new SpecOracle(V6_15).check(events);
        CheckReport fast = TraceChecker.check(new WalkTrace(V6_15, "reuse-then-signal", events).write(dir));
        assertFalse(spec.accepted(), "the spec accepts " + events);
        assertEquals(Verdict.REJECTED, fast.verdict(), fast.toText());
        assertEquals(events.size(), fast.rejection().seq(), "rejected at the logged signal, a second signal of mf1: " + fast.toText());
        assertEquals(List.of("F7"), fast.brokenRules(), "mf1 signalled twice (once inferred for the reuse): " + fast.toText());
    }

    /** Without inferring unlogged steps, the reuse itself is the violation, naming the rule. */
    @Test
    void oldStorageReusedBeforeTheLoggedMoveFenceSignalIsRejectedNamingR5() throws Exception {
        exportDynamic().eviction().call("exporter", "exporter.reuse_storage", Map.of(), Map.of("placement", "VRAM"), "0", false).signalMoveFence();
        CheckReport fast = TraceChecker.check(new WalkTrace(V6_15, "reuse-then-signal", events).write(dir),
                CheckOptions.defaults().withHidden(HiddenSteps.OFF));
        assertEquals(Verdict.REJECTED, fast.verdict(), fast.toText());
        assertEquals(List.of("R5"), fast.brokenRules(), fast.toText());
        assertTrue(fast.toText().contains("fence mf1 has not signalled"), fast.toText());
    }

    /**
     * 6.15: s1's map_unlocked spans a whole eviction. Its pin-on-map would block the eviction, so the
     * map took effect after the move, waiting for the move fence (R6): the access afterwards is to
     * the new, filled storage. The fast engine only waits for fences added before the call started.
     */
    @Test
    void aMapSpanningAnEvictionWaitsForTheMoveFenceAndIsAcceptedByBoth() throws Exception {
        exportDynamic().call("s1", "dma_buf_attach", Map.of("attach", "s1.1", "dev", "s1"), Map.of(), "0", false);
        long mapStart = ++clock;
        eviction();
        events.add(new WalkEvent("s1", mapStart, ++clock, "dma_buf_map_attachment_unlocked", new LinkedHashMap<>(Map.of("buf", "b1",
                "attach", "s1.1", "sgt", "sg1")), Map.of("dir", "BIDIRECTIONAL"), "0", null, false));
        call("s1", "importer.device_access", Map.of("attach", "s1.1", "sgt", "sg1"), Map.of("access", "READ"), "0", null);
        SpecOracle.Verdict spec = new SpecOracle(V6_15).check(events);
        CheckReport fast = TraceChecker.check(new WalkTrace(V6_15, "map-spanning-eviction", events).write(dir));
        assertEquals(true, spec.accepted(), spec.why());
        assertEquals(Verdict.ACCEPTED, fast.verdict(), fast.toText());
        assertEquals(1, fast.hiddenSteps(), "the move fence's signal is inferred before the map returned: " + fast.toText());
    }

    /**
     * 6.2-6.14: the attach-time pin and BIDIRECTIONAL map of s1 (second step of dma_buf_attach) span
     * an eviction; pinned, the buffer cannot move after it, so it took effect after the move and
     * waited for the move fence (R6). Logged only after the attach returned, that signal is one too many.
     */
    @Test
    void anAttachTimeMapSpanningAnEvictionWaitsForTheMoveFenceInBoth() throws Exception {
        exportDynamic();
        long attachStart = ++clock;
        eviction();
        events.add(new WalkEvent("s1", attachStart, ++clock, "dma_buf_attach", new LinkedHashMap<>(Map.of("buf", "b1",
                "attach", "s1.1", "dev", "s1")), Map.of(), "0", null, false));
        call("s1", "dma_buf_map_attachment_unlocked", Map.of("attach", "s1.1", "sgt", "sg1"), Map.of("dir", "BIDIRECTIONAL"), "0", false)
                .call("s1", "importer.device_access", Map.of("attach", "s1.1", "sgt", "sg1"), Map.of("access", "READ"), "0", null);
        assertBothAccept(V6_2, "attach-spanning-eviction");
        assertEquals(1, TraceChecker.check(new WalkTrace(V6_2, "attach-spanning-eviction", events).write(dir)).hiddenSteps());
        signalMoveFence();
        SpecOracle.Verdict spec = new SpecOracle(V6_2).check(events);
        CheckReport fast = TraceChecker.check(new WalkTrace(V6_2, "attach-spanning-eviction-signal-after", events).write(dir));
        assertFalse(spec.accepted(), "the spec accepts " + events);
        assertEquals(Verdict.REJECTED, fast.verdict(), fast.toText());
    }

    /** The same, with the move fence signalled (logged) only after the map returned: the map did not wait, the spec rejects. */
    @Test
    void aMapSpanningAnEvictionThatReturnedBeforeTheMoveFenceSignalledIsRejectedByBoth() throws Exception {
        exportDynamic().call("s1", "dma_buf_attach", Map.of("attach", "s1.1", "dev", "s1"), Map.of(), "0", false);
        long mapStart = ++clock;
        eviction();
        events.add(new WalkEvent("s1", mapStart, ++clock, "dma_buf_map_attachment_unlocked", new LinkedHashMap<>(Map.of("buf", "b1",
                "attach", "s1.1", "sgt", "sg1")), Map.of("dir", "BIDIRECTIONAL"), "0", null, false));
        signalMoveFence();
        SpecOracle.Verdict spec = new SpecOracle(V6_15).check(events);
        CheckReport fast = TraceChecker.check(new WalkTrace(V6_15, "map-spanning-eviction-signal-after", events).write(dir));
        assertFalse(spec.accepted(), "the spec accepts " + events);
        assertEquals(Verdict.REJECTED, fast.verdict(), fast.toText());
    }

    /**
     * 6.2-6.14: the attach-time table is cached in attach->sgt, but the importer gets its address
     * only from a map; the spec's device access needs the importer's own map (mapped[a]). The fast
     * engine accepts an access through the cached table without one: it would need to know whether
     * a job of this importer (covered by its fence) is still running on it after an unmap.
     */
    @Test
    void pinsAKnownDisagreementDeviceAccessThroughTheCachedTableAfterItsUnmapIsAccepted() throws Exception {
        exportDynamic().call("s1", "dma_buf_attach", Map.of("attach", "s1.1", "dev", "s1"), Map.of(), "0", false)
                .call("s1", "dma_buf_map_attachment_unlocked", Map.of("attach", "s1.1", "sgt", "sg1"), Map.of("dir", "BIDIRECTIONAL"), "0", false)
                .call("s1", "importer.device_access", Map.of("attach", "s1.1", "sgt", "sg1"), Map.of("access", "READ"), "0", null)
                .call("s1", "dma_buf_unmap_attachment_unlocked", Map.of("attach", "s1.1", "sgt", "sg1"), Map.of("dir", "BIDIRECTIONAL"), "0", false);
        assertBothAccept(V6_2, "cached-map-access-unmap");
        call("s1", "importer.device_access", Map.of("attach", "s1.1", "sgt", "sg1"), Map.of("access", "READ"), "0", null);
        assertSpecRejectsFastEngineAccepts(V6_2, "cached-access-after-unmap");
    }

    /**
     * Not a checker bug: a dynamic importer must wait for the KERNEL (and WRITE) fences before using
     * a new mapping (ImporterWaitFences, logged as dma_resv_wait_timeout by the walks), but a real
     * driver may make them a GPU-scheduler dependency of its job, which no trace logs, so the fast
     * engine does not require a logged wait.
     */
    @Test
    void pinsADeliberateDifferenceADynamicImporterUsesANewMappingWithoutALoggedWait() throws Exception {
        exportDynamic().call("d1", "dma_buf_dynamic_attach", Map.of("attach", "d1.1", "dev", "d1"),
                        new LinkedHashMap<>(Map.of("allow_peer2peer", true, "move_notify", true)), "0", false)
                .call("d1", "dma_resv_lock", Map.of(), Map.of(), "0", false)
                .call("d1", "dma_buf_map_attachment", Map.of("attach", "d1.1", "sgt", "sg1"), Map.of("dir", "BIDIRECTIONAL"), "0", true)
                .call("d1", "dma_resv_unlock", Map.of(), Map.of(), "0", true)
                .call("d1", "importer.device_access", Map.of("attach", "d1.1", "sgt", "sg1"), Map.of("access", "READ"), "0", null);
        assertSpecRejectsFastEngineAccepts(V6_15, "dynamic-access-without-wait");
    }

    /**
     * 6.1, static exporter: the spec makes a static importer's unmap one locked section
     * (DmaBufUnmapAttachmentUnlocked needs the lock free, as the exporter's callback may take it, like
     * ExporterMapCallbackLock on the map side); the fast engine checks no lock for a 6.1 static unmap,
     * so an unmap inside d1's hold of the lock is accepted.
     */
    @Test
    void pinsAKnownDisagreementA61StaticUnmapInsideAnotherThreadsHoldIsAccepted() throws Exception {
        WalkConfig v61 = new WalkConfig("6.1", true, ExporterFlavour.STATIC);
        call("exporter", "dma_buf_export", Map.of(), new LinkedHashMap<>(Map.of("exporter", "system", "dynamic", false,
                "cache_sgt_mapping", false, "size", 4096L)), "0", null)
                .call("s1", "dma_buf_attach", Map.of("attach", "s1.1", "dev", "s1"), Map.of(), "0", false)
                .call("s1", "dma_buf_map_attachment", Map.of("attach", "s1.1", "sgt", "sg1"), Map.of("dir", "BIDIRECTIONAL"), "0", false)
                .call("d1", "dma_buf_dynamic_attach", Map.of("attach", "d1.2", "dev", "d1"),
                        new LinkedHashMap<>(Map.of("allow_peer2peer", true, "move_notify", true)), "0", false)
                .call("d1", "dma_resv_lock", Map.of(), Map.of(), "0", false);
        int hold = events.size();
        call("d1", "dma_resv_unlock", Map.of(), Map.of(), "0", true)
                .call("s1", "dma_buf_unmap_attachment", Map.of("attach", "s1.1", "sgt", "sg1"), Map.of("dir", "BIDIRECTIONAL"), "0", false);
        assertBothAccept(v61, "unmap-after-unlock");
        events.add(hold, events.remove(events.size() - 1).withTimes(clock + 1, clock + 2));
        events.set(hold + 1, events.get(hold + 1).withTimes(clock + 3, clock + 4));
        assertSpecRejectsFastEngineAccepts(v61, "unmap-inside-hold");
    }
}
