package org.dmabufspec.conformance.relation.resv;

import static org.dmabufspec.conformance.relation.resv.DmaResv.NO_USAGE;
import static org.dmabufspec.conformance.relation.resv.DmaResv.READ;
import static org.dmabufspec.conformance.relation.resv.DmaResv.WRITE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.dmabufspec.conformance.relation.Transition;
import org.dmabufspec.tlc.TlaValue;
import org.dmabufspec.tlc.TlaValueParser;
import org.junit.jupiter.api.Test;

/** Single DmaResv steps, each named after the kernel rule or bug it shows. */
class DmaResvSpecTest {
    /** MCDmaResv's fences: f1, f2 on c1 (seqno 1, 2), f3 on c2 and a vgem fence. */
    private static final ResvConstants MC = new ResvConstants(List.of("r1"), List.of("p1"), List.of("f1", "f2", "f3"),
            Map.of("f1", "c1", "f2", "c1", "f3", "c2"), Map.of("f1", 1L, "f2", 2L, "f3", 1L), List.of("f3"),
            List.of(WRITE, READ), 1, 2, "NoProc", "NoFence", "NoResv");
    private static final DmaResv D = new DmaResv(MC);

    private static ResvState locked() {
        return D.dmaResvLock(D.init(), "p1", "r1").orElseThrow();
    }

    /** Lock, reserve one slot, add f with usage u. */
    private static ResvState added(ResvState s, String f, int u) {
        ResvState r = D.dmaResvReserveFences(s, "p1", 1).orElseThrow();
        return D.dmaResvAddFence(r, "p1", f, u).orElseThrow();
    }

    @Test
    void f12LaterFenceOfAContextCannotSignalBeforeTheEarlierOne() {
        assertTrue(D.dmaFenceSignal(D.init(), "f2").isEmpty());
        ResvState s = D.dmaFenceSignal(D.init(), "f1").orElseThrow();
        assertTrue(D.dmaFenceSignal(s, "f2").isPresent());
        assertTrue(D.dmaFenceSignal(s, "f1").isEmpty(), "a fence signals once");
    }

    @Test
    void f13AddFenceWithoutAReservedSlotIsNotEnabled() {
        assertTrue(D.dmaResvAddFence(locked(), "p1", "f1", WRITE).isEmpty());
        ResvState once = added(locked(), "f1", WRITE);
        assertEquals(0, once.credits().get("p1"));
        assertTrue(D.dmaResvAddFence(once, "p1", "f3", READ).isEmpty(), "the one reserved slot is spent");
    }

    @Test
    void b12ReAddingTheSameFenceNeedsNoSlot() {
        ResvState once = added(locked(), "f1", WRITE);
        ResvState twice = D.dmaResvAddFence(once, "p1", "f1", WRITE).orElseThrow();
        assertEquals(List.of(new Entry("f1", WRITE)), twice.table().get("r1"));
    }

    @Test
    void b11LaterFenceOfTheSameContextReplacesTheEarlierSlot() {
        ResvState s = added(locked(), "f1", WRITE);
        s = added(s, "f2", WRITE);
        assertEquals(List.of(new Entry("f2", WRITE)), s.table().get("r1"));
    }

    @Test
    void b11EarlierFenceDoesNotReplaceALaterOne() {
        ResvState s = added(locked(), "f2", WRITE);
        s = added(s, "f1", WRITE);
        assertEquals(List.of(new Entry("f2", WRITE), new Entry("f1", WRITE)), s.table().get("r1"));
    }

    @Test
    void f16ReAddingAWriteFenceAsReadTakesANewSlotInsteadOfDegrading() {
        ResvState s = added(locked(), "f1", WRITE);
        assertTrue(D.dmaResvAddFence(s, "p1", "f1", READ).isEmpty(), "a READ re-add is no free re-add of a WRITE entry");
        s = added(s, "f1", READ);
        assertEquals(List.of(new Entry("f1", WRITE), new Entry("f1", READ)), s.table().get("r1"));
        assertEquals(WRITE, s.everAdded().get("r1").get("f1"));
    }

    @Test
    void b13UnlockForgetsTheReservation() {
        ResvState s = D.dmaResvReserveFences(locked(), "p1", 1).orElseThrow();
        assertEquals(1, s.maxFences().get("r1"));
        ResvState u = D.dmaResvUnlock(s, "p1").orElseThrow();
        assertEquals(0, u.maxFences().get("r1"));
        assertEquals(0, u.credits().get("p1"));
        assertEquals("NoProc", u.holder().get("r1"));
    }

    @Test
    void reserveReallocationDropsSignalledEntries() {
        ResvState s = added(locked(), "f1", WRITE);
        s = D.dmaFenceSignal(s, "f1").orElseThrow();
        ResvState r = D.dmaResvReserveFences(s, "p1", 1).orElseThrow();
        assertEquals(List.of(), r.table().get("r1"));
        assertEquals(2, r.maxFences().get("r1"), "max = old num_fences + n");
    }

    @Test
    void r6LockedWaitReturnsOnlyAfterTheConflictingFencesSignal() {
        ResvState s = added(locked(), "f1", WRITE);
        ResvState w = D.dmaResvWaitTimeout(s, "p1", DmaResv.dmaResvUsageRw(false)).orElseThrow();
        assertEquals(Set.of("f1"), w.mustWait().get("p1"));
        assertTrue(D.dmaResvWaitDone(w, "p1").isEmpty());
        assertTrue(D.dmaResvWaitDone(D.dmaFenceSignal(w, "f1").orElseThrow(), "p1").isPresent());
    }

    @Test
    void u2SyncStartForAReadWaitsForWritersOnly() {
        ResvState s = D.vgemFenceAttach(D.init(), "r1", "f3", false).orElseThrow(); // a READ fence
        ResvState read = D.dmaBufBeginCpuAccess(s, "p1", "r1", false).orElseThrow();
        assertTrue(D.dmaBufBeginCpuAccessDone(read, "p1").isPresent());
        ResvState write = D.dmaBufBeginCpuAccess(s, "p1", "r1", true).orElseThrow();
        assertTrue(D.dmaBufBeginCpuAccessDone(write, "p1").isEmpty());
    }

    @Test
    void vgemWriteAttachWithAPendingReadFenceGetsEbusyAndDropsTheFence() {
        DmaResv two = new DmaResv(new ResvConstants(List.of("r1"), List.of("p1"), List.of("f3", "f4"),
                Map.of("f3", "c2", "f4", "c3"), Map.of("f3", 1L, "f4", 1L), List.of("f3", "f4"),
                List.of(WRITE, READ), 1, 0, "NoProc", "NoFence", "NoResv"));
        ResvState s = two.vgemFenceAttach(two.init(), "r1", "f3", false).orElseThrow();
        ResvState busy = two.vgemFenceAttach(s, "r1", "f4", true).orElseThrow();
        assertEquals(List.of(new Entry("f3", READ)), busy.table().get("r1"));
        assertTrue(busy.signalled().get("f4"));
        assertEquals(NO_USAGE, busy.everAdded().get("r1").get("f4"));
    }

    @Test
    void u3PollArmsACallbackAndTheSignalWakesThePoller() {
        ResvState s = D.vgemFenceAttach(D.init(), "r1", "f3", true).orElseThrow(); // a WRITE fence
        List<ResvState> polled = D.dmaBufPoll(s, "p1", "r1", "in");
        assertEquals(1, polled.size());
        ResvState asleep = polled.get(0);
        assertEquals("poll_wait", asleep.pc().get("p1"));
        assertEquals("f3", asleep.pollCb().get("r1").get("in"));
        ResvState woken = D.dmaFenceSignal(asleep, "f3").orElseThrow();
        assertEquals("poll_woken", woken.pc().get("p1"));
        assertEquals("NoFence", woken.pollCb().get("r1").get("in"));
        List<ResvState> again = D.dmaBufPoll(woken, "p1", "r1", "in");
        assertEquals("polled", again.get(0).pc().get("p1"));
        assertTrue(D.dmaBufPoll(woken, "p1", "r1", "out").isEmpty(), "a woken poller re-polls its own direction");
    }

    @Test
    void u4AnExportedSyncFileKeepsItsSnapshot() {
        ResvState s = D.vgemFenceAttach(D.init(), "r1", "f3", true).orElseThrow();
        ResvState e = D.dmaBufExportSyncFile(s, "r1", false).orElseThrow();
        assertEquals(new SyncFile("r1", WRITE, Set.of("f3"), Set.of("f3")), e.syncFiles().get(0));
        assertTrue(D.importSources(e).contains(Set.of("f3")));
        ResvState locked = D.dmaResvLock(e, "p1", "r1").orElseThrow();
        assertTrue(D.dmaBufImportSyncFile(locked, "r1", Set.of("f1"), true).isEmpty(),
                "IMPORT_SYNC_FILE takes the lock");
        ResvState full = D.dmaBufExportSyncFile(e, "r1", true).orElseThrow();
        assertTrue(D.dmaBufExportSyncFile(full, "r1", true).isEmpty(), "MaxSyncFiles bounds the exports");
    }

    @Test
    void f14ImportingATwoFenceSyncFileAddsBothComponentsInEitherOrder() {
        List<ResvState> out = D.dmaBufImportSyncFile(D.init(), "r1", Set.of("f1", "f3"), false);
        assertEquals(2, out.size());
        for (ResvState s : out) {
            assertEquals(2, s.table().get("r1").size());
            assertEquals(2, s.maxFences().get("r1"), "max_fences reset to num_fences at unlock");
        }
    }

    @Test
    void promoteScenarioKeepsOneSlotThenAddsASecondForTheReadReAdd() {
        DmaResvScenarioRelation promote = new DmaResvScenarioRelation(D,
                ResvScenarios.script("DmaResvScenario_Promote", D, Map.of()));
        ScenarioState s = promote.initialStates().orElseThrow().iterator().next();
        for (int i = 0; i < 8; i++) {
            List<Transition<ScenarioState>> next = promote.next(s);
            assertEquals(1, next.size(), "step " + i);
            assertEquals("Step", next.get(0).action());
            s = next.get(0).successor();
        }
        assertEquals(List.of(new Entry("f1", WRITE), new Entry("f1", READ)), s.resv().table().get("r1"));
        assertEquals(List.of(new Transition<>("Done", s)), promote.next(s));
    }

    @Test
    void importMultipleReadOnlySkipsTheWriteTimelineSteps() {
        DmaResv six = new DmaResv(new ResvConstants(List.of("r1"), List.of("p1"),
                List.of("f1", "f2", "f3", "f4", "f5", "f6"),
                Map.of("f1", "c1", "f2", "c1", "f3", "c2", "f4", "c3", "f5", "c1", "f6", "c4"),
                Map.of("f1", 1L, "f2", 2L, "f3", 1L, "f4", 1L, "f5", 3L, "f6", 1L), List.of("f1", "f3", "f4"),
                List.of(WRITE, READ), 1, 4, "NoProc", "NoFence", "NoResv"));
        ResvScript script = ResvScenarios.script("DmaResvScenario_ImportMultiple", six,
                Map.of("Write", TlaValueParser.parse("FALSE")));
        DmaResvScenarioRelation rel = new DmaResvScenarioRelation(six, script);
        ScenarioState s = rel.initialStates().orElseThrow().iterator().next();
        for (int i = 0; i < 7; i++) {   // the idle poll probe (4 steps), then the three read imports
            s = rel.next(s).get(0).successor();
        }
        ScenarioState skipped = rel.next(s).get(0).successor();
        assertEquals(s.resv(), skipped.resv(), "step 7 is UNCHANGED vars without Write");
        assertEquals(8, skipped.step());
        assertThrows(IllegalArgumentException.class,
                () -> ResvScenarios.script("DmaResvScenario_ImportMultiple", six, Map.of()));
    }

    @Test
    void encodeDecodeRoundTripsAndDecodeNamesTheBadVariable() {
        ResvState s = D.dmaBufExportSyncFile(added(locked(), "f1", WRITE), "r1", true).orElseThrow();
        Map<String, TlaValue> vars = ResvCodec.encode(s);
        assertEquals(s, ResvCodec.decode(vars));
        Map<String, TlaValue> bad = new HashMap<>(vars);
        bad.put("maxFences", TlaValueParser.parse("(r1 :> \"x\")"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ResvCodec.decode(bad));
        assertTrue(e.getMessage().contains("maxFences"), e.getMessage());
        bad.remove("maxFences");
        e = assertThrows(IllegalArgumentException.class, () -> ResvCodec.decode(bad));
        assertTrue(e.getMessage().contains("maxFences"), e.getMessage());
    }

    @Test
    void missingConstantIsNamed() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ResvConstants.of(Map.of("Resvs", TlaValueParser.parse("{r1}"))));
        assertTrue(e.getMessage().contains("'Context'"), e.getMessage());
        assertFalse(e.getMessage().isBlank());
    }
}
