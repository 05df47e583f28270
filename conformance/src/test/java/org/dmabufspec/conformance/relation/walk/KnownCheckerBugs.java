package org.dmabufspec.conformance.relation.walk;

import java.util.List;

import org.dmabufspec.conformance.checker.CheckReport;
import org.dmabufspec.conformance.checker.Verdict;

/**
 * Fast-engine rejections of spec behaviours that are known checker bugs (reported, pinned in
 * {@link KnownDisagreementTest}); the walk tests set them aside instead of failing on them.
 */
final class KnownCheckerBugs {
    private KnownCheckerBugs() {
    }

    /**
     * A static importer's map whose interval contains an eviction: linearized after the move, it
     * waited for the move fence (R6), but the checker waits only for KERNEL fences added before the
     * call started, so the storage still counts as being filled and the next device access fails the
     * DmaBufIsolation refinement.
     */
    static boolean mapAfterConcurrentMoveNotWaited(CheckReport r) {
        return r.verdict() == Verdict.REJECTED && r.brokenRules().equals(List.of("ISOLATION-REFINEMENT"))
                && r.toText().contains("still being filled by a move");
    }
}
