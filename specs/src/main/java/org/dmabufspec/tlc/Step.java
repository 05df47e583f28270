package org.dmabufspec.tlc;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * One state of a counterexample and the action that led to it.
 *
 * @param action   the action's name ({@code Initial predicate} for the first state)
 * @param location where TLC says the action is defined, e.g. {@code line 12, col 9 to line 15,
 *                 col 26 of module DmaFence}; empty for the initial state
 * @param state    every variable, in TLC's printed order
 * @param changed  the variables whose value differs from the previous state (all of them first)
 */
public record Step(String action, String location, Map<String, TlaValue> state, Set<String> changed) {
    public Step {
        state = Collections.unmodifiableMap(new LinkedHashMap<>(state));
        changed = Set.copyOf(changed);
    }

    public boolean isInitial() {
        return location.isEmpty();
    }
}
