package org.dmabufspec.conformance.testgen;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.BiFunction;
import java.util.function.Function;

import org.dmabufspec.conformance.relation.Transition;

/**
 * Steps the implementation takes by itself at once — the rest of a call in progress, a woken
 * waiter, the signaller's callback loop — which the spec cuts into steps that other threads may
 * run between. A state is <em>settled</em> when none is pending. The planners drive a step of
 * another thread from an unsettled state only if it <em>commutes</em> with the pending ones
 * ({@link #commuted}): the implementation has taken those already when the test makes its call.
 * Works on the spec's relation in Java (which StateGraphEqualityTest proves equal to TLC's graph).
 *
 * @param <S> the spec's state
 */
public final class EagerSteps<S> {
    /** What identifies a step across states (its action and the thread or object it names). */
    public interface Keys<S> {
        String key(S before, String action, S after);
    }

    private final Function<S, List<Transition<S>>> relation;
    private final Function<S, List<String>> pending;
    private final Keys<S> keys;
    private final Map<S, Optional<S>> settled = new HashMap<>();
    /** The spec's steps from each state visited (most edges share their settled states). */
    private final Map<S, List<Transition<S>>> next = new HashMap<>();

    /**
     * @param relation the spec's steps from a state
     * @param pending  the keys of the steps the implementation takes at once in a state (empty: settled)
     * @param keys     the key of a step
     */
    public EagerSteps(Function<S, List<Transition<S>>> relation, Function<S, List<String>> pending, Keys<S> keys) {
        this.relation = relation;
        this.pending = pending;
        this.keys = keys;
    }

    public String key(S before, String action, S after) {
        return keys.key(before, action, after);
    }

    /**
     * The pending steps taken until none is left; null if they could end in different states (two
     * threads' steps that do not commute: a race).
     */
    public S settle(S s) {
        Optional<S> known = settled.get(s);
        if (known != null) {
            return known.orElse(null);
        }
        S out = s;
        List<String> e = pending.apply(s);
        if (!e.isEmpty()) {
            out = null;
            for (int i = 0; i < e.size(); i++) {
                S after = successor(s, e.get(i));
                S end = after == null ? null : settle(after);
                if (end == null || (i > 0 && !end.equals(out))) {
                    out = null;
                    break;
                }
                out = end;
            }
        }
        settled.put(s, Optional.ofNullable(out));
        return out;
    }

    /** The successor of {@code s} by the step with this key, or null if it is not enabled. */
    public S successor(S s, String key) {
        for (Transition<S> t : next.computeIfAbsent(s, relation)) {
            if (keys.key(s, t.action(), t.successor()).equals(key)) {
                return t.successor();
            }
        }
        return null;
    }

    /**
     * For a step {@code before --key--> after} of another thread while steps are pending in
     * {@code before}: the state the same step leads to from the settled state, if it is enabled
     * there and both orders end in the same settled state; else null (the step does not commute).
     */
    public S commuted(S before, String key, S after) {
        S t = settle(before);
        S u = t == null ? null : successor(t, key);
        S joined = settle(after);
        return u != null && joined != null && joined.equals(settle(u)) ? u : null;
    }

    /**
     * The plan of a step of another thread from an unsettled state ({@link #commuted}): the plan of
     * the same step from the settled state, if it commutes and makes the same call with the same
     * expected result there as here; else not drivable, with {@code notCommuting} or {@code otherResult}.
     *
     * @param plan the plan of a step from a state to its successor, as from a settled state
     */
    public StepPlan commutingPlan(S before, String key, S after, BiFunction<S, S, StepPlan> plan, String notCommuting,
                                  String otherResult, String rule) {
        S u = commuted(before, key, after);
        if (u == null) {
            return StepPlan.notDrivable(notCommuting, rule);
        }
        StepPlan here = plan.apply(before, after);
        StepPlan there = plan.apply(settle(before), u);
        if (here.notDrivable() != null || there.notDrivable() != null || !Objects.equals(here.call(), there.call())) {
            return StepPlan.notDrivable(otherResult, rule);
        }
        return there;
    }
}
