package org.dmabufspec.conformance.relation;

import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

import org.dmabufspec.tlc.TlaValue;

/**
 * A state in comparison form: variables by name, each value a {@link CanonicalValue}.
 *
 * <p>A class rather than a record only to keep its hash: the graph comparison puts every step's
 * target state into hash sets, and a record would walk all of its nested values for each lookup
 * (a quarter of a comparison's time).
 */
public final class CanonicalState {
    private final Map<String, TlaValue> variables;
    private final int hash;

    public CanonicalState(Map<String, TlaValue> variables) {
        this.variables = Collections.unmodifiableMap(new TreeMap<>(variables));
        this.hash = this.variables.hashCode();
    }

    public static CanonicalState of(Map<String, TlaValue> variables) {
        Map<String, TlaValue> m = new TreeMap<>();
        variables.forEach((k, v) -> m.put(k, CanonicalValue.of(v)));
        return new CanonicalState(m);
    }

    public Map<String, TlaValue> variables() {
        return variables;
    }

    @Override
    public boolean equals(Object o) {
        return o == this || o instanceof CanonicalState c && c.hash == hash && c.variables.equals(variables);
    }

    @Override
    public int hashCode() {
        return hash;
    }

    @Override
    public String toString() {
        return "CanonicalState[variables=" + variables + "]";
    }

    /** The state as TLC prints it: one {@code /\ var = value} line per variable. */
    public String toTla() {
        return variables.entrySet().stream()
                .map(e -> "/\\ " + e.getKey() + " = " + e.getValue().toTla())
                .collect(Collectors.joining("\n"));
    }
}
