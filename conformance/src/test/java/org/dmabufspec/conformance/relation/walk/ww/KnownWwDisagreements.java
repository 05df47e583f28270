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
}
