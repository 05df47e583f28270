package org.dmabufspec.conformance.relation.fence;

import java.util.List;
import java.util.Set;

/**
 * DmaFence!CallbackInv (F7 with its strengthening), the predicate MCDmaFence_Ind's IndInit
 * enumerates. TypeOK holds by construction of {@link DmaFenceVars} over the Ind domain.
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

    boolean onlyOwnCallbacks(DmaFenceVars s) {
        FenceConstants k = spec.constants();
        return k.fences().stream().allMatch(f -> s.added().get(f).stream().allMatch(c -> k.callbackFence().get(c).equals(f)));
    }

    boolean signalPhases(DmaFenceVars s) {
        for (String f : spec.constants().fences()) {
            boolean sig = spec.signaled(s, f);
            if (!sig && !(s.running().get(f).isEmpty() && s.ran().get(f).isEmpty())) {
                return false;
            }
            if (sig && !s.cbList().get(f).isEmpty()) {
                return false;
            }
        }
        return true;
    }

    boolean callbackListsOrdered(DmaFenceVars s) {
        for (String f : spec.constants().fences()) {
            List<String> ranThenRunning = new java.util.ArrayList<>(s.ran().get(f));
            ranThenRunning.addAll(s.running().get(f));
            if (!noDup(s.added().get(f)) || !inOrder(s.cbList().get(f), s.added().get(f))
                    || !inOrder(ranThenRunning, s.added().get(f))) {
                return false;
            }
        }
        return true;
    }

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

    boolean callbacksRunOnceInOrder(DmaFenceVars s) {
        return spec.constants().fences().stream().allMatch(f -> inOrder(s.ran().get(f), s.added().get(f)));
    }

    boolean noLostCallback(DmaFenceVars s) {
        for (String c : spec.constants().callbacks()) {
            String f = spec.constants().callbackFence().get(c);
            if (s.cbStatus().get(c) == CallbackStatus.PENDING && spec.signaled(s, f) && !s.running().get(f).contains(c)) {
                return false;
            }
        }
        return true;
    }

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
        return onlyOwnCallbacks(s) && signalPhases(s) && callbackListsOrdered(s) && callbackStatusConsistent(s)
                && callbacksRunOnceInOrder(s) && noLostCallback(s) && lateAndRemovedCallbacksNeverRun(s);
    }
}
