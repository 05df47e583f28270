package org.dmabufspec.conformance.relation.walk.ww;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.dmabufspec.conformance.checker.CheckReport;
import org.dmabufspec.conformance.checker.Verdict;
import org.dmabufspec.conformance.relation.walk.EventTrace;
import org.dmabufspec.conformance.relation.walk.resv.ResvEvent;
import org.junit.jupiter.api.Test;

/**
 * What the exhaustive ww check ({@link WwExhaustiveAgreementTest}) found, each on its minimal
 * trace: the fast-engine bug fixed, and the known difference it sets aside.
 */
class WwExhaustiveFindingsTest {
    private final List<ResvEvent> evs = new ArrayList<>(WwExhaustiveAgreementTest.setup().events());

    private void call(String thread, String op, Map<String, Object> ids, Map<String, Object> args, String result, Boolean held) {
        long t = 10L * evs.size();
        evs.add(new ResvEvent(thread, t, t + 9, op, ids, args, result, null, held));
    }

    /** ww_acquire_done twice on one context: the kernel warns (DEBUG_LOCKS_WARN_ON(ctx->done_acquire)), the spec takes WwAcquireDone once. */
    @Test
    void aSecondWwAcquireDoneIsRejected() {
        call("p1", "ww_acquire_init", Map.of("ctx", "c-p1"), Map.of("stamp", 1), "0", null);
        call("p1", "ww_acquire_done", Map.of("ctx", "c-p1"), Map.of(), "0", null);
        EventTrace once = new EventTrace("done-once", "WwMutex", evs);
        assertEquals(Verdict.ACCEPTED, once.check().verdict());
        assertTrue(new WwOracle(WwWalk.constants(false)).check(evs).accepted());
        call("p1", "ww_acquire_done", Map.of("ctx", "c-p1"), Map.of(), "0", null);
        CheckReport fast = new EventTrace("done-twice", "WwMutex", evs).check();
        assertEquals(Verdict.REJECTED, fast.verdict(), fast::toText);
        assertTrue(fast.brokenRules().contains("F18"), fast::toText);
        assertEquals(evs.size() + 1, fast.rejection().line());
        assertEquals(evs.size() - 1, new WwOracle(WwWalk.constants(false)).check(evs).rejectedIndex());
    }

    /** n1 locks l1, unlocks it, locks it again: legal in the kernel, beyond the model's one pass. */
    @Test
    void pinsAKnownDifferenceASecondPass() {
        call("n1", "dma_resv_lock", Map.of("buf", "l1"), Map.of(), "0", false);
        call("n1", "dma_resv_unlock", Map.of("buf", "l1"), Map.of(), "0", true);
        call("n1", "dma_resv_lock", Map.of("buf", "l1"), Map.of(), "0", false);
        EventTrace t = new EventTrace("second-pass", "WwMutex", evs);
        CheckReport fast = t.check();
        WwOracle.Verdict spec = new WwOracle(WwWalk.constants(false)).check(evs);
        assertEquals(Verdict.ACCEPTED, fast.verdict(), fast::toText);
        assertFalse(spec.accepted());
        assertEquals(evs.size() - 1, spec.rejectedIndex(), spec::why);
        assertTrue(KnownWwDisagreements.beyondOnePass(fast, spec, t));
        assertFalse(KnownWwDisagreements.unseenOlderWaiter(fast, spec, t));
    }

    /** p2 dies on l1 (-EDEADLK) and calls ww_acquire_done instead of backing off: legal in the kernel, the model's thread retries. */
    @Test
    void pinsAKnownDifferenceDoneAfterEdeadlk() {
        call("p1", "ww_acquire_init", Map.of("ctx", "c-p1"), Map.of("stamp", 1), "0", null);
        call("p1", "dma_resv_lock", Map.of("buf", "l1", "ctx", "c-p1"), Map.of(), "0", false);
        call("p2", "ww_acquire_init", Map.of("ctx", "c-p2"), Map.of("stamp", 2), "0", null);
        call("p2", "dma_resv_lock", Map.of("buf", "l2", "ctx", "c-p2"), Map.of(), "0", false);
        call("p2", "dma_resv_lock", Map.of("buf", "l1", "ctx", "c-p2"), Map.of(), "EDEADLK", false);
        call("p2", "ww_acquire_done", Map.of("ctx", "c-p2"), Map.of(), "0", null);
        EventTrace t = new EventTrace("done-after-edeadlk", "WwMutex", evs);
        CheckReport fast = t.check();
        WwOracle.Verdict spec = new WwOracle(WwWalk.constants(false)).check(evs);
        assertEquals(Verdict.ACCEPTED, fast.verdict(), fast::toText);
        assertEquals(evs.size() - 1, spec.rejectedIndex(), spec::why);
        assertTrue(KnownWwDisagreements.doneAfterEdeadlk(fast, spec, t));
    }
}
