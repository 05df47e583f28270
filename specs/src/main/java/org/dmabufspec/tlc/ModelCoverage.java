package org.dmabufspec.tlc;

import java.util.List;
import java.util.Optional;

/** TLC's last coverage report of one run: every action of the next-state relation, in TLC's order. */
public record ModelCoverage(List<ActionCoverage> actions) {
    public ModelCoverage {
        actions = List.copyOf(actions);
    }

    /** The actions of the next-state relation that were never enabled (the initial predicate excluded). */
    public List<ActionCoverage> neverTaken() {
        return actions.stream().filter(a -> !a.init() && a.neverTaken()).toList();
    }

    /** The first entry of that name (an action split into disjuncts may have several). */
    public Optional<ActionCoverage> action(String name) {
        return actions.stream().filter(a -> a.name().equals(name)).findFirst();
    }

    /** Sums over every entry of that name. */
    public long generated(String name) {
        return actions.stream().filter(a -> a.name().equals(name)).mapToLong(ActionCoverage::generated).sum();
    }
}
