package org.dmabufspec.conformance.relation.fence;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * DmaFence!CallbackInv (F7 with its strengthening), the predicate MCDmaFence_Ind's IndInit
 * enumerates. TypeOK holds by construction of {@link DmaFenceVars} over the Ind domain. The
 * conjuncts about one fence's lists take the fence, so IndInit can prune per fence.
 */
public final class CallbackInv {
    private final DmaFenceSpec spec;

    public CallbackInv(DmaFenceSpec spec) {
        this.spec = spec;
    }

    /** InOrder(s, t): s is t's elements in t's order. */
    static boolean inOrder(List<String> s, List<String> t) {
        for (String x : s) {
            if (!t.contains(x)) {
                return false;
            }
        }
        for (int i = 0; i < s.size(); i++) {
            for (int j = i + 1; j < s.size(); j++) {
                if (!orderedIn(s.get(i), s.get(j), t)) {
                    return false;
                }
            }
        }
        return true;
    }

    /** \E a, b : a < b /\ t[a] = x /\ t[b] = y. */
    private static boolean orderedIn(String x, String y, List<String> t) {
        for (int a = 0; a < t.size(); a++) {
            for (int b = a + 1; b < t.size(); b++) {
                if (t.get(a).equals(x) && t.get(b).equals(y)) {
                    return true;
                }
            }
        }
        return false;
    }

    static boolean noDup(List<String> s) {
        return Set.copyOf(s).size() == s.size();
    }

    /** OnlyOwnCallbacks, for fence f. */
    boolean onlyOwnCallbacks(List<String> added, String f) {
        return added.stream().allMatch(c -> spec.constants().callbackFence().get(c).equals(f));
    }

    /** SignalPhases, for one fence. */
    static boolean signalPhases(FenceFlags fstate, List<String> cbList, List<String> running, List<String> ran) {
        return fstate == FenceFlags.SIGNALED ? cbList.isEmpty() : running.isEmpty() && ran.isEmpty();
    }

    /** CallbackListsOrdered and CallbacksRunOnceInOrder, for one fence. */
    static boolean listsOrdered(List<String> added, List<String> cbList, List<String> running, List<String> ran) {
        List<String> ranThenRunning = new ArrayList<>(ran);
        ranThenRunning.addAll(running);
        return noDup(added) && inOrder(cbList, added) && inOrder(ranThenRunning, added) && inOrder(ran, added);
    }

    /** The conjuncts of CallbackInv about fence f alone. */
    boolean holdsFor(DmaFenceVars s, String f) {
        return onlyOwnCallbacks(s.added().get(f), f)
                && signalPhases(s.fstate().get(f), s.cbList().get(f), s.running().get(f), s.ran().get(f))
                && listsOrdered(s.added().get(f), s.cbList().get(f), s.running().get(f), s.ran().get(f));
    }

    /** CallbackStatusConsistent. */
    boolean callbackStatusConsistent(DmaFenceVars s) {
        for (String c : spec.constants().callbacks()) {
            String f = spec.constants().callbackFence().get(c);
            CallbackStatus st = s.cbStatus().get(c);
            boolean wasAdded = st == CallbackStatus.PENDING || st == CallbackStatus.RAN || st == CallbackStatus.REMOVED;
            boolean onList = s.cbList().get(f).contains(c) || s.running().get(f).contains(c);
            if (s.added().get(f).contains(c) != wasAdded || onList != (st == CallbackStatus.PENDING)
                    || s.ran().get(f).contains(c) != (st == CallbackStatus.RAN)) {
                return false;
            }
        }
        return true;
    }

    /** NoLostCallback. */
    boolean noLostCallback(DmaFenceVars s) {
        for (String c : spec.constants().callbacks()) {
            String f = spec.constants().callbackFence().get(c);
            if (s.cbStatus().get(c) == CallbackStatus.PENDING && spec.signaled(s, f) && !s.running().get(f).contains(c)) {
                return false;
            }
        }
        return true;
    }

    /** LateCallbackNeverRuns and RemovedCallbackNeverRuns. */
    boolean lateAndRemovedCallbacksNeverRun(DmaFenceVars s) {
        for (String c : spec.constants().callbacks()) {
            CallbackStatus st = s.cbStatus().get(c);
            if ((st == CallbackStatus.ENOENT || st == CallbackStatus.REMOVED)
                    && s.ran().get(spec.constants().callbackFence().get(c)).contains(c)) {
                return false;
            }
        }
        return true;
    }

    /** CallbackInv. */
    public boolean holds(DmaFenceVars s) {
        return spec.constants().fences().stream().allMatch(f -> holdsFor(s, f))
                && callbackStatusConsistent(s) && noLostCallback(s) && lateAndRemovedCallbacksNeverRun(s);
    }
}
