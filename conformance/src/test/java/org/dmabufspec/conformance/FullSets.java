package org.dmabufspec.conformance;

import java.util.List;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The switch between a test's default sample and its full set: {@code -Ddmabuf.full=true}, or
 * {@code ./mvnw -Pfull verify}, runs the full sets (docs/model-checking.md lists which tests sample).
 */
public final class FullSets {
    private FullSets() {
    }

    public static boolean full() {
        return Boolean.getBoolean("dmabuf.full");
    }

    /** The first item of each group, groups in encounter order. */
    public static <T> List<T> firstOfEachGroup(List<T> items, Function<T, String> group) {
        return items.stream()
                .collect(Collectors.groupingBy(group, java.util.LinkedHashMap::new, Collectors.toList()))
                .values().stream().map(g -> g.get(0)).toList();
    }
}
