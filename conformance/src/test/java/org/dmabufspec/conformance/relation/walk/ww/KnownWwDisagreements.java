package org.dmabufspec.conformance.relation.walk.ww;

import java.util.List;

import org.dmabufspec.conformance.checker.CheckReport;
import org.dmabufspec.conformance.checker.Verdict;
import org.dmabufspec.conformance.relation.walk.EventTrace;
import org.dmabufspec.conformance.relation.walk.resv.ResvEvent;

/**
 * Differences between the WwMutex spec and the fast engine that the ww walks found, each pinned on
 * a minimal trace in {@link WwWalkFindingsTest}; the agreement test sets them aside by these exact
 * tests and counts them.
 */
final class KnownWwDisagreements {
    private KnownWwDisagreements() {
    }

    /**
     * A -EDEADLK the spec rejects (no older context holds or waits for the lock) and the fast
     * engine accepts because some older context is live: it may be a waiter the trace does not
     * show. Recognised by the event the spec rejects: a dma_resv_lock returning EDEADLK while some
     * context with a smaller stamp was initialised before it ended.
     */
    static boolean unseenOlderWaiter(CheckReport fast, WwOracle.Verdict spec, EventTrace t) {
        if (fast.verdict() != Verdict.ACCEPTED || spec.accepted()) {
            return false;
        }
        List<ResvEvent> evs = t.events();
        ResvEvent e = evs.get(spec.rejectedIndex());
        if (!e.op().equals("dma_resv_lock") || !e.result().equals("EDEADLK")) {
            return false;
        }
        Long mine = null;
        for (ResvEvent x : evs) {
            if (x.op().equals("ww_acquire_init") && x.ids().get("ctx").equals(e.ids().get("ctx"))) {
                mine = ((Number) x.args().get("stamp")).longValue();
            }
        }
        for (ResvEvent x : evs) {
            if (x.op().equals("ww_acquire_init") && mine != null && ((Number) x.args().get("stamp")).longValue() < mine
                    && x.start() < e.end()) {
                return true;
            }
        }
        return false;
    }

    /**
     * The model's threads run one pass (MCWwMutex: lock the LockOrder, WwAcquireDone, unlock
     * everything, WwAcquireFini; a NULL-context thread the same without the context), so the spec
     * rejects any lock, trylock or ww_acquire_done of a thread after it released a lock other than
     * in a -EDEADLK backoff. The kernel lets a thread lock again after an unlock, and
     * ww_acquire_done is only an annotation (once per context, before the last locks the program
     * takes), so the fast engine judges such calls by the lock and context state. Found by the
     * exhaustive check ({@link WwExhaustiveAgreementTest}). Recognised: the spec rejects such a
     * call, the fast engine accepts, and the thread logged an unlock earlier that was not part of a
     * backoff (no -EDEADLK of its own since its last dma_resv_lock_slow).
     */
    static boolean beyondOnePass(CheckReport fast, WwOracle.Verdict spec, EventTrace t) {
        if (fast.verdict() != Verdict.ACCEPTED || spec.accepted()) {
            return false;
        }
        List<ResvEvent> evs = t.events();
        ResvEvent e = evs.get(spec.rejectedIndex());
        if (!e.op().startsWith("dma_resv_lock") && !e.op().equals("dma_resv_trylock") && !e.op().equals("ww_acquire_done")) {
            return false;
        }
        boolean backoff = false;
        for (ResvEvent x : evs) {
            if (x.end() >= e.start() || !x.thread().equals(e.thread())) {
                continue;
            }
            if (x.op().equals("dma_resv_lock") && x.result().equals("EDEADLK")) {
                backoff = true;
            } else if (x.op().equals("dma_resv_lock_slow")) {
                backoff = false;
            } else if (x.op().equals("dma_resv_unlock") && x.succeeded() && !backoff) {
                return true;
            }
        }
        return false;
    }

    /**
     * The model's context thread answers -EDEADLK by backing off and taking the contended lock
     * with dma_resv_lock_slow; a kernel program may instead give up: ww_acquire_done (only an
     * annotation), drop its locks and ww_acquire_fini. The spec rejects the ww_acquire_done, the
     * fast engine accepts it (and rejects a lock after it, F18). Found by the exhaustive check.
     * Recognised: the spec rejects a ww_acquire_done, the fast engine accepts, and the thread's last
     * lock call before it returned -EDEADLK.
     */
    static boolean doneAfterEdeadlk(CheckReport fast, WwOracle.Verdict spec, EventTrace t) {
        if (fast.verdict() != Verdict.ACCEPTED || spec.accepted()) {
            return false;
        }
        ResvEvent e = t.events().get(spec.rejectedIndex());
        if (!e.op().equals("ww_acquire_done")) {
            return false;
        }
        ResvEvent lastLock = null;
        for (ResvEvent x : t.events()) {
            if (x.end() < e.start() && x.thread().equals(e.thread()) && x.op().startsWith("dma_resv_lock")) {
                lastLock = x;
            }
        }
        return lastLock != null && lastLock.op().equals("dma_resv_lock") && lastLock.result().equals("EDEADLK");
    }
}
