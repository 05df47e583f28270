package org.dmabufspec.conformance.relation.walk.fence;

import static org.junit.jupiter.api.Assertions.assertEquals;
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
 * What the exhaustive fence check ({@link FenceExhaustiveAgreementTest}) found, each on its minimal
 * trace: the fast-engine bugs fixed (illegal traces it accepted, now rejected by both), and the new
 * known differences, which the agreement tests set aside by {@link KnownFenceDisagreements}.
 */
class FenceExhaustiveFindingsTest {
    private final List<ResvEvent> evs = new ArrayList<>(List.of(
            new ResvEvent("creator", 1, 1, "dma_fence_init", Map.of("fence", "f1"), Map.of("context", 1, "seqno", 1), "0", null, null),
            new ResvEvent("creator", 2, 2, "dma_fence_init", Map.of("fence", "f2"), Map.of("context", 1, "seqno", 2), "0", null, null)));

    /** Appends a call in the next slot (10 ticks each). */
    private FenceExhaustiveFindingsTest call(String thread, String op, Map<String, Object> ids, Map<String, Object> args, String result,
                                             Object ret) {
        long t = 10L * evs.size();
        evs.add(new ResvEvent(thread, t, t + 9, op, ids, args, result, ret, null));
        return this;
    }

    private FenceExhaustiveFindingsTest call(String thread, String op, Map<String, Object> ids, String result, Object ret) {
        return call(thread, op, ids, Map.of(), result, ret);
    }

    private static Map<String, Object> cb(String c) {
        return Map.of("fence", "f1", "cb", c);
    }

    private record Both(CheckReport fast, FenceOracle.Verdict spec, EventTrace trace) {
    }

    private Both check(String name) {
        EventTrace t = new EventTrace(name, "DmaFence", evs);
        return new Both(t.check(), new FenceOracle(FenceWalk.constants(false)).check(evs), t);
    }

    private void assertBothRejectTheLast(String name, String rule) {
        Both b = check(name);
        assertEquals(Verdict.REJECTED, b.fast().verdict(), b.fast()::toText);
        assertTrue(b.fast().brokenRules().contains(rule), b.fast()::toText);
        assertEquals(evs.size() + 1, b.fast().rejection().line(), b.fast()::toText);
        assertEquals(evs.size() - 1, b.spec().rejectedIndex(), b.spec()::why);
    }

    private void assertKnown(String name, boolean fastAccepts, String known) {
        Both b = check(name);
        assertEquals(fastAccepts ? Verdict.ACCEPTED : Verdict.REJECTED, b.fast().verdict(), b.fast()::toText);
        assertEquals(!fastAccepts, b.spec().accepted(), b.spec()::why);
        assertEquals(known, KnownFenceDisagreements.explain(b.fast(), b.spec(), b.trace()));
    }

    /**
     * dma_fence_signal(f2) returns -EINVAL: f2 signalled unlogged, and F12 (a context signals in
     * seqno order) puts f1's signal before it, so f1 can no longer take an error (F8). The fast
     * engine inferred f2's signal alone and accepted; it now infers f1's too.
     */
    @Test
    void anInferredSignalAlsoSignalsTheEarlierFencesOfItsContext() {
        call("creator", "dma_fence_enable_sw_signaling", Map.of("fence", "f1"), "0", null);
        call("sig-f2", "dma_fence_signal", Map.of("fence", "f2"), "EINVAL", null);
        call("creator", "dma_fence_set_error", Map.of("fence", "f1"), Map.of("error", "EIO"), "0", null);
        assertBothRejectTheLast("inferred-signal-f12", "F8");
    }

    /** c1 added, f1's signal returns without a logged callback, then c1 runs: the signal runs its callbacks before it returns. */
    @Test
    void aCallbackAfterItsSignalReturnedIsRejected() {
        call("user-c1", "dma_fence_add_callback", cb("c1"), "0", null);
        call("sig-f1", "dma_fence_signal", Map.of("fence", "f1"), "0", null);
        call("sig-f1", "dma_fence_callback", cb("c1"), "0", null);
        assertBothRejectTheLast("callback-after-signal", "F7");
    }

    /**
     * c1 added, then c1's remove returns false: remove_callback takes fence->lock and found c1
     * gone, and the signal holds that lock through its callback loop, so c1 ran already; a later
     * dma_fence_callback of c1 is a second run.
     */
    @Test
    void aCallbackAfterARemoveFoundItGoneIsRejected() {
        call("user-c1", "dma_fence_add_callback", cb("c1"), "0", null);
        call("user-c1", "dma_fence_remove_callback", cb("c1"), "0", false);
        call("sig-f1", "dma_fence_callback", cb("c1"), "0", null);
        assertBothRejectTheLast("callback-after-remove-false", "F7");
    }

    /**
     * c1 added, then c2's add returns -ENOENT, then c1 runs. dma_fence_add_callback tests the
     * SIGNALED bit before taking fence->lock, so the -ENOENT may come while the signaller is still
     * in its callback loop: a legal kernel trace, which the fast engine accepts. The spec takes the
     * lock for every add_callback and rejects c1 as a second run (a known difference).
     */
    @Test
    void pinsAKnownDifferenceCallbackAfterALockFreeEnoent() {
        call("user-c1", "dma_fence_add_callback", cb("c1"), "0", null);
        call("user-c2", "dma_fence_add_callback", cb("c2"), "ENOENT", null);
        call("sig-f1", "dma_fence_callback", cb("c1"), "0", null);
        assertKnown("callback-after-enoent", true, KnownFenceDisagreements.CALLBACK_AFTER_LOCK_FREE_ENOENT);
    }

    /**
     * c1 added; f1's second signal returns -EINVAL (the first unlogged); then w2's wait on f1 starts,
     * taking fence->lock, which the signal held through its callback loop; then c1 runs. The spec
     * rejects c1 as a second run; the fast engine ties neither -EINVAL nor a wait to the lock and
     * accepts. Without the wait both accept: the spec's -EINVAL takes no lock (a stutter).
     */
    @Test
    void pinsAKnownDifferenceCallbackAfterALockedCallFollowingTheSignal() {
        call("user-c1", "dma_fence_add_callback", cb("c1"), "0", null);
        call("sig-f1", "dma_fence_signal", Map.of("fence", "f1"), "EINVAL", null);
        call("w2", "dma_fence_wait_timeout", Map.of("fence", "f1"), Map.of("timeout", 1_000_000L, "intr", false), "0", 1L);
        call("sig-f1", "dma_fence_callback", cb("c1"), "0", null);
        assertKnown("callback-after-locked-call", true, KnownFenceDisagreements.CALLBACK_AFTER_LOCKED_CALL);
        evs.remove(evs.size() - 2);
        Both b = check("callback-after-einval");
        assertEquals(Verdict.ACCEPTED, b.fast().verdict(), b.fast()::toText);
        assertTrue(b.spec().accepted(), b.spec()::why);
    }

    /** The last put of f2 before any signal; MCDmaFence signals it (and f1, F12) unseen, the kernel does not. */
    @Test
    void pinsAKnownDifferenceReleaseBeforeSignal() {
        call("creator", "dma_fence_put", Map.of("fence", "f2"), Map.of("last", true), "0", null);
        call("creator", "dma_fence_set_error", Map.of("fence", "f1"), Map.of("error", "EIO"), "0", null);
        assertKnown("release-before-signal", true, KnownFenceDisagreements.RELEASE_BEFORE_SIGNAL);
    }

    /**
     * c1 added, then added again and refused (-ENOENT): f1 signalled meanwhile (unlogged), so c1
     * ran and its node is free again; the kernel allows it, the spec adds each callback once.
     */
    @Test
    void pinsAKnownDifferenceCallbackAddedAgain() {
        call("user-c1", "dma_fence_add_callback", cb("c1"), "0", null);
        call("user-c1", "dma_fence_add_callback", cb("c1"), "ENOENT", null);
        assertKnown("added-again", true, KnownFenceDisagreements.CALLBACK_ADDED_AGAIN);
    }

    /** w2 times out on f1, then waits again: the model's waiter waits once. */
    @Test
    void pinsAKnownDifferenceWaiterWaitsAgain() {
        Map<String, Object> args = Map.of("timeout", 1_000_000L, "intr", false);
        call("w2", "dma_fence_wait_timeout", Map.of("fence", "f1"), args, "0", 0L);
        call("w2", "dma_fence_wait_timeout", Map.of("fence", "f1"), args, "0", 0L);
        assertKnown("waits-again", true, KnownFenceDisagreements.WAITER_WAITS_AGAIN);
    }

    /** c1 added, the last put of f1 with no signal logged: the spec signals and runs c1 unseen, the fast engine says F11. */
    @Test
    void pinsAKnownDifferenceUnloggedSignalBeforePut() {
        call("user-c1", "dma_fence_add_callback", cb("c1"), "0", null);
        call("creator", "dma_fence_put", Map.of("fence", "f1"), Map.of("last", true), "0", null);
        assertKnown("unlogged-signal-before-put", false, KnownFenceDisagreements.UNLOGGED_SIGNAL_BEFORE_PUT);
        // the add nested in the put's interval: the fast engine names the add
        evs.subList(2, evs.size()).clear();
        evs.add(new ResvEvent("user-c1", 12, 15, "dma_fence_add_callback", cb("c1"), Map.of(), "0", null, null));
        evs.add(new ResvEvent("creator", 10, 19, "dma_fence_put", Map.of("fence", "f1"), Map.of("last", true), "0", null, null));
        assertKnown("add-inside-put", false, KnownFenceDisagreements.UNLOGGED_SIGNAL_BEFORE_PUT);
    }

    /** c1 added and removed, then a dma_fence_callback of c1: the fast engine takes it for one the kernel registered. */
    @Test
    void pinsAKnownDifferenceCallbackAfterRemove() {
        call("user-c1", "dma_fence_add_callback", cb("c1"), "0", null);
        call("user-c1", "dma_fence_remove_callback", cb("c1"), "0", true);
        call("sig-f1", "dma_fence_callback", cb("c1"), "0", null);
        assertKnown("callback-after-remove", true, KnownFenceDisagreements.CALLBACK_AFTER_REMOVE);
        // the race: c1's callback [30,35] overlapping its remove [32,39], which returns true
        evs.subList(3, evs.size()).clear();
        evs.add(new ResvEvent("sig-f1", 30, 35, "dma_fence_callback", cb("c1"), Map.of(), "0", null, null));
        evs.add(new ResvEvent("user-c1", 32, 39, "dma_fence_remove_callback", cb("c1"), Map.of(), "0", true, null));
        assertKnown("callback-racing-remove", true, KnownFenceDisagreements.CALLBACK_AFTER_REMOVE);
    }
}
