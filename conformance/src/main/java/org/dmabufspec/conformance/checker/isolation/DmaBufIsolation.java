package org.dmabufspec.conformance.checker.isolation;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The actions of DmaBufIsolation.tla (Attach, Detach, Reassign, Touch, Quiesce) and the check
 * that a pair of states is a behaviour of it. A step of the trace checker may be several
 * abstract steps (drm_close detaches every import of a file at once; a step that follows an
 * access first quiesces), so a pair is explained by a sequence: Quiesce if an access is
 * pending, one Attach or Detach per changed pair, one Reassign if owner changed, then Touch if
 * the step is an access. Only Touch is guarded beyond the change itself; stuttering is allowed.
 */
public final class DmaBufIsolation {
    private DmaBufIsolation() {
    }

    /** The abstract steps that explain before -> after, or the one that cannot be taken. */
    public sealed interface Explanation {
    }

    public record Steps(List<String> actions) implements Explanation {
    }

    public record NotAStep(String action, String why) implements Explanation {
    }

    public static Explanation explain(IsoState before, IsoState after) {
        List<String> steps = new ArrayList<>(2);
        IsoState s = before;
        if (s.lastAccess() != null) {
            s = quiesce(s);
            steps.add("Quiesce");
        }
        Set<String> devices = new TreeSet<>(s.attached().keySet());
        devices.addAll(after.attached().keySet());
        for (String d : devices) {
            for (String b : new TreeSet<>(s.attachedTo(d))) {
                if (!after.attachedTo(d).contains(b)) {
                    s = detach(s, d, b);
                    steps.add("Detach(" + d + ", " + b + ")");
                }
            }
            for (String b : new TreeSet<>(after.attachedTo(d))) {
                if (!s.attachedTo(d).contains(b)) {
                    s = attach(s, d, b);
                    steps.add("Attach(" + d + ", " + b + ")");
                }
            }
        }
        if (!s.owner().equals(after.owner())) {
            s = reassign(s, after.owner());
            steps.add("Reassign");
        }
        if (after.lastAccess() != null) {
            IsoState.Access x = after.lastAccess();
            String owner = s.ownerOf(x.region());
            if (!touchEnabled(s, x)) {
                return new NotAStep("Touch(" + x.device() + ", " + x.region() + ")", "owner[" + x.region() + "] = " + owner
                        + (owner.equals(IsoState.UNOWNED) ? " (freed, or still being filled by a move)" : "")
                        + " is not in attached[" + x.device() + "] = " + new TreeSet<>(s.attachedTo(x.device())));
            }
            s = touch(s, x);
            steps.add("Touch(" + x.device() + ", " + x.region() + ")");
        }
        if (!s.equals(after)) {
            return new NotAStep("Next", "no sequence of abstract steps reaches the mapped state");
        }
        if (!after.isolation()) {
            return new NotAStep("Isolation", "the invariant fails in the mapped state");
        }
        return new Steps(List.copyOf(steps));
    }

    /** Attach(d, b): b \notin attached[d]; lastAccess' = {}. */
    public static IsoState attach(IsoState s, String d, String b) {
        if (s.attachedTo(d).contains(b)) {
            throw new IllegalStateException("Attach(" + d + ", " + b + ") not enabled");
        }
        return new IsoState(s.owner(), with(s.attached(), d, b, true), null);
    }

    /** Detach(d, b): b \in attached[d]; lastAccess' = {}. */
    public static IsoState detach(IsoState s, String d, String b) {
        if (!s.attachedTo(d).contains(b)) {
            throw new IllegalStateException("Detach(" + d + ", " + b + ") not enabled");
        }
        return new IsoState(s.owner(), with(s.attached(), d, b, false), null);
    }

    /** Reassign: owner' # owner; lastAccess' = {}. */
    public static IsoState reassign(IsoState s, Map<String, String> owner) {
        if (s.owner().equals(owner)) {
            throw new IllegalStateException("Reassign not enabled: owner unchanged");
        }
        return new IsoState(owner, s.attached(), null);
    }

    /** Touch's guard, the only one beyond the change itself: owner[r] \in attached[d]. */
    public static boolean touchEnabled(IsoState s, IsoState.Access x) {
        return s.attachedTo(x.device()).contains(s.ownerOf(x.region()));
    }

    /** Touch(d, r): owner[r] \in attached[d]; lastAccess' = {<<d, r>>}. */
    public static IsoState touch(IsoState s, IsoState.Access x) {
        if (!touchEnabled(s, x)) {
            throw new IllegalStateException("Touch(" + x.device() + ", " + x.region() + ") not enabled");
        }
        return new IsoState(s.owner(), s.attached(), x);
    }

    /** Quiesce: lastAccess # {}; lastAccess' = {}. */
    public static IsoState quiesce(IsoState s) {
        if (s.lastAccess() == null) {
            throw new IllegalStateException("Quiesce not enabled: no access to forget");
        }
        return new IsoState(s.owner(), s.attached(), null);
    }

    private static Map<String, Set<String>> with(Map<String, Set<String>> attached, String d, String b, boolean add) {
        Map<String, Set<String>> m = new HashMap<>(attached);
        Set<String> bs = new HashSet<>(m.getOrDefault(d, Set.of()));
        if (add) {
            bs.add(b);
        } else {
            bs.remove(b);
        }
        if (bs.isEmpty()) {
            m.remove(d);
        } else {
            m.put(d, Set.copyOf(bs));
        }
        return m;
    }
}
