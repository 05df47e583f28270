package org.dmabufspec.conformance.relation;

import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

import org.dmabufspec.tlc.TlaValue;

/** A state in comparison form: variables by name, each value a {@link CanonicalValue}. */
public record CanonicalState(Map<String, TlaValue> variables) {
    public CanonicalState {
        variables = Collections.unmodifiableMap(new TreeMap<>(variables));
    }

    public static CanonicalState of(Map<String, TlaValue> variables) {
        Map<String, TlaValue> m = new TreeMap<>();
        variables.forEach((k, v) -> m.put(k, CanonicalValue.of(v)));
        return new CanonicalState(m);
    }

    /** The state as TLC prints it: one {@code /\ var = value} line per variable. */
    public String toTla() {
        return variables.entrySet().stream()
                .map(e -> "/\\ " + e.getKey() + " = " + e.getValue().toTla())
                .collect(Collectors.joining("\n"));
    }
}
