package org.dmabufspec.conformance.relation.fence;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import org.dmabufspec.conformance.relation.Tla;
import org.dmabufspec.conformance.relation.Transition;
import org.dmabufspec.tlc.TlaValue;
import org.dmabufspec.tlc.TlaValueParser;
import org.junit.jupiter.api.Test;

class DmaFenceSpecTest {
    private final DmaFenceSpec full = new DmaFenceSpec(FenceModels.mcDmaFence(), false);
    private final DmaFenceSpec signalledOnly = new DmaFenceSpec(FenceModels.mcDmaFence(), true);

    private static DmaFenceVars get(java.util.Optional<DmaFenceVars> s) {
        return s.orElseThrow(() -> new AssertionError("action not enabled"));
    }

    @Test
    void laterSeqnoOnAContextSignalsOnlyAfterTheEarlierOne_F12() {
        DmaFenceVars s = full.init();
        assertTrue(full.dmaFenceSignal(s, "f2").isEmpty());
        DmaFenceVars f1Signalled = get(full.dmaFenceSignal(s, "f1"));
        assertTrue(full.dmaFenceSignal(f1Signalled, "f2").isPresent());
    }

    @Test
    void callbacksRunOnceInRegistrationOrderHoldingTheFenceLock_F7() {
        DmaFenceVars s = get(full.dmaFenceAddCallback(full.init(), "c2"));
        s = get(full.dmaFenceAddCallback(s, "c1"));
        assertEquals(FenceFlags.ENABLED, s.fstate().get("f1"));
        s = get(full.dmaFenceSignal(s, "f1"));
        assertEquals(List.of("c2", "c1"), s.running().get("f1"));
        assertTrue(s.cbList().get("f1").isEmpty());
        // the signaller holds fence->lock: no other fence call on f1 until the loop is done
        assertTrue(full.dmaFenceRelease(s, "f1").isEmpty());
        s = get(full.dmaFenceRunCallback(s, "f1"));
        s = get(full.dmaFenceRunCallback(s, "f1"));
        assertEquals(List.of("c2", "c1"), s.ran().get("f1"));
        assertEquals(CallbackStatus.RAN, s.cbStatus().get("c1"));
        assertTrue(full.dmaFenceRunCallback(s, "f1").isEmpty());
    }

    @Test
    void addCallbackOnASignalledFenceReturnsEnoentAndNeverRuns_F7() {
        DmaFenceVars s = get(full.dmaFenceSignal(full.init(), "f1"));
        s = get(full.dmaFenceAddCallback(s, "c1"));
        assertEquals(CallbackStatus.ENOENT, s.cbStatus().get("c1"));
        assertTrue(s.cbList().get("f1").isEmpty());
        assertTrue(s.added().get("f1").isEmpty());
    }

    @Test
    void removeCallbackAfterItRanIsNotAStep() {
        DmaFenceVars s = get(full.dmaFenceAddCallback(full.init(), "c1"));
        assertEquals(1, full.dmaFenceRemoveCallback(s, "c1").size());
        s = get(full.dmaFenceRunCallback(get(full.dmaFenceSignal(s, "f1")), "f1"));
        assertTrue(full.dmaFenceRemoveCallback(s, "c1").isEmpty());
        assertFalse(full.dmaFenceRemoveCallbackReturn(s, "c1"));
    }

    @Test
    void setErrorAfterSignalIsNotEnabled_F8() {
        DmaFenceVars s = get(full.dmaFenceSignal(full.init(), "f1"));
        assertTrue(full.dmaFenceSetError(s, "f1", -5).isEmpty());
        assertEquals(1, full.dmaFenceGetStatus(s, "f1"));
    }

    @Test
    void releaseWithPendingCallbacksSetsEdeadlkAndForceSignals_F11() {
        DmaFenceVars s = get(full.dmaFenceAddCallback(full.init(), "c1"));
        s = get(full.dmaFenceRelease(s, "f1"));
        assertTrue(s.released().get("f1"));
        assertTrue(s.forced().get("f1"));
        assertEquals(DmaFenceSpec.EDEADLK, s.ferror().get("f1"));
        assertEquals(List.of("c1"), s.running().get("f1"));
        assertEquals(DmaFenceSpec.EDEADLK, full.dmaFenceGetStatus(s, "f1"));
    }

    @Test
    void signalAfterReleaseIsNotEnabled() {
        DmaFenceVars s = get(full.dmaFenceRelease(full.init(), "f1"));
        assertFalse(s.forced().get("f1"));
        assertTrue(full.dmaFenceSignal(s, "f1").isEmpty());
        assertTrue(full.dmaFenceAddCallback(s, "c1").isEmpty());
    }

    @Test
    void mcDmaFenceReleaseOnlyReleasesSignalledFencesAndKeepsItsLabel_F9() {
        DmaFenceVars s = signalledOnly.init();
        assertTrue(signalledOnly.next(s).stream().noneMatch(t -> t.action().endsWith("Release")));
        s = get(signalledOnly.dmaFenceSignal(s, "f1"));
        List<Transition<DmaFenceVars>> releases = signalledOnly.next(s).stream()
                .filter(t -> t.action().endsWith("Release")).toList();
        assertEquals(1, releases.size());
        assertEquals("MCDmaFenceRelease", releases.get(0).action());
    }

    @Test
    void releaseWaitsForASleepingWaiter_F9() {
        DmaFenceVars s = get(full.dmaFenceWaitTimeout(full.init(), "w1"));
        assertEquals(WaiterStatus.WAITING, s.wstate().get("w1"));
        assertTrue(full.dmaFenceRelease(s, "f2").isEmpty());
        assertTrue(full.dmaFenceWaitTimeoutExpire(s, "w1").isEmpty(), "an infinite waiter never times out");
    }

    @Test
    void stateRoundTripsThroughTlaValuesInAnyPrintedForm() {
        DmaFenceVars s = get(full.dmaFenceAddCallback(full.init(), "c1"));
        assertEquals(s, DmaFenceVars.decode(s.encode()));
        // the same state as TLC prints it: functions as (k :> v @@ ...), sequences as << >>
        Map<String, TlaValue> printed = new java.util.HashMap<>();
        printed.put("fstate", TlaValueParser.parse("(f1 :> \"enabled\" @@ f2 :> \"unsignaled\")"));
        printed.put("ferror", TlaValueParser.parse("(f1 :> 0 @@ f2 :> 0)"));
        printed.put("cbList", TlaValueParser.parse("(f1 :> <<c1>> @@ f2 :> << >>)"));
        printed.put("running", TlaValueParser.parse("(f1 :> <<>> @@ f2 :> <<>>)"));
        printed.put("added", TlaValueParser.parse("(f1 :> <<c1>> @@ f2 :> <<>>)"));
        printed.put("ran", TlaValueParser.parse("(f1 :> <<>> @@ f2 :> <<>>)"));
        printed.put("cbStatus", TlaValueParser.parse("(c1 :> \"pending\" @@ c2 :> \"unused\")"));
        printed.put("wstate", TlaValueParser.parse("(w1 :> \"idle\" @@ w2 :> \"idle\")"));
        printed.put("released", TlaValueParser.parse("(f1 :> FALSE @@ f2 :> FALSE)"));
        printed.put("forced", TlaValueParser.parse("(f1 :> FALSE @@ f2 :> FALSE)"));
        assertEquals(s, DmaFenceVars.decode(printed));
    }

    @Test
    void aFunctionOnAnEmptyDomainPrintedAsAnEmptySequenceDecodes() {
        Map<String, TlaValue> printed = new java.util.HashMap<>(full.init().encode());
        printed.put("wstate", TlaValueParser.parse("<< >>"));
        assertTrue(DmaFenceVars.decode(printed).wstate().isEmpty());
    }

    @Test
    void decodeOfABadValueNamesTheVariable() {
        Map<String, TlaValue> printed = new java.util.HashMap<>(full.init().encode());
        printed.put("fstate", Tla.fcn(Map.of(Tla.model("f1"), Tla.str("half-signalled"))));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> DmaFenceVars.decode(printed));
        assertTrue(e.getMessage().contains("fstate") && e.getMessage().contains("half-signalled"), e.getMessage());
    }

    @Test
    void decodeOfAStateWithoutAVariableNamesIt() {
        Map<String, TlaValue> printed = new java.util.HashMap<>(full.init().encode());
        printed.remove("ferror");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> DmaFenceVars.decode(printed));
        assertTrue(e.getMessage().contains("ferror"), e.getMessage());
    }
}
