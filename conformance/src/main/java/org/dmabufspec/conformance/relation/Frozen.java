package org.dmabufspec.conformance.relation;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Immutable copies of the nested collections that the relations' states hold (a TLA+ function
 * to sets, sequences or functions), and the one-element set updates their actions make, so each
 * state record copies its fields the same way.
 */
public final class Frozen {
    private Frozen() {
    }

    public static <K, V> Map<K, Set<V>> sets(Map<K, ? extends Set<V>> m) {
        // a successor's unchanged variable is its predecessor's map itself: copyOf returns an immutable collection as is
        if (m.values().stream().allMatch(v -> Set.copyOf(v) == v)) {
            @SuppressWarnings("unchecked")
            Map<K, Set<V>> same = (Map<K, Set<V>>) Map.copyOf(m);
            return same;
        }
        Map<K, Set<V>> out = new HashMap<>();
        m.forEach((k, v) -> out.put(k, Set.copyOf(v)));
        return Map.copyOf(out);
    }

    public static <K, V> Map<K, List<V>> lists(Map<K, ? extends List<V>> m) {
        if (m.values().stream().allMatch(v -> List.copyOf(v) == v)) {
            @SuppressWarnings("unchecked")
            Map<K, List<V>> same = (Map<K, List<V>>) Map.copyOf(m);
            return same;
        }
        Map<K, List<V>> out = new HashMap<>();
        m.forEach((k, v) -> out.put(k, List.copyOf(v)));
        return Map.copyOf(out);
    }

    public static <K, K2, V> Map<K, Map<K2, V>> maps(Map<K, ? extends Map<K2, V>> m) {
        if (m.values().stream().allMatch(v -> Map.copyOf(v) == v)) {
            @SuppressWarnings("unchecked")
            Map<K, Map<K2, V>> same = (Map<K, Map<K2, V>>) Map.copyOf(m);
            return same;
        }
        Map<K, Map<K2, V>> out = new HashMap<>();
        m.forEach((k, v) -> out.put(k, Map.copyOf(v)));
        return Map.copyOf(out);
    }

    /** {@code s \cup {x}} as a new set. */
    public static <T extends Comparable<T>> Set<T> plus(Set<T> s, T x) {
        Set<T> out = new TreeSet<>(s);
        out.add(x);
        return out;
    }

    /** {@code s \ {x}} as a new set. */
    public static <T extends Comparable<T>> Set<T> minus(Set<T> s, T x) {
        Set<T> out = new TreeSet<>(s);
        out.remove(x);
        return out;
    }
}
