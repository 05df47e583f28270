package org.dmabufspec.tlc;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The values one instrumented TLC run printed: per facet, the values its steps took and its domain
 * in this model. Values are kept as TLC prints them ({@link TlaValue#toTla()}), e.g. {@code "read"},
 * {@code TRUE}, {@code -5}.
 */
public record ValueObservations(Map<FacetKey, Set<String>> taken, Map<FacetKey, Set<String>> domains) {
    static final String VALUE_TAG = "dmabuf-value";
    static final String DOMAIN_TAG = "dmabuf-domain";
    private static final int MAX_LINES = 2000;
    /** TLC pretty-prints a long value over several lines, starting {@code << "dmabuf-domain",}. */
    private static final java.util.regex.Pattern START =
            java.util.regex.Pattern.compile("^<<\\s*\"(" + VALUE_TAG + "|" + DOMAIN_TAG + ")\"");

    /** One facet of one action. */
    public record FacetKey(String module, String action, String facet) implements Comparable<FacetKey> {
        @Override
        public int compareTo(FacetKey o) {
            return toString().compareTo(o.toString());
        }

        @Override
        public String toString() {
            return module + "!" + action + " " + facet;
        }
    }

    public ValueObservations {
        taken = Collections.unmodifiableMap(new LinkedHashMap<>(taken));
        domains = Collections.unmodifiableMap(new LinkedHashMap<>(domains));
    }

    /**
     * Reads the {@code <<"dmabuf-value", <<action, facet>>, v>>} and {@code <<"dmabuf-domain", <<action, facet>>, S>>}
     * lines the wrapper prints (TLC may break a long value over several lines). {@code modules} maps each
     * instrumented action to the module that defines it.
     */
    public static ValueObservations parse(String output, Map<String, String> modules) {
        Map<FacetKey, Set<String>> taken = new LinkedHashMap<>();
        Map<FacetKey, Set<String>> domains = new LinkedHashMap<>();
        List<String> lines = output.lines().toList();
        for (int i = 0; i < lines.size(); i++) {
            String first = lines.get(i);
            if (!START.matcher(first).find()) {
                continue;
            }
            StringBuilder text = new StringBuilder(first);
            TlaValue v = null;
            for (int j = i; j < Math.min(lines.size(), i + MAX_LINES); j++) {
                if (j > i) {
                    text.append(' ').append(lines.get(j).strip());
                }
                try {
                    v = TlaValueParser.parse(text.toString());
                    i = j;
                    break;
                } catch (TlaValueSyntaxException e) {
                    // a value TLC broke over lines: read on
                }
            }
            if (!(v instanceof TlaValue.Sequence s) || s.elements().size() != 3
                    || !(s.elements().get(1) instanceof TlaValue.Sequence k) || k.elements().size() != 2) {
                throw new IllegalStateException("unreadable value-coverage line in TLC's output: " + first);
            }
            String action = ((TlaValue.Str) k.elements().get(0)).value();
            FacetKey key = new FacetKey(modules.getOrDefault(action, "?"), action, ((TlaValue.Str) k.elements().get(1)).value());
            boolean isDomain = ((TlaValue.Str) s.elements().get(0)).value().equals(DOMAIN_TAG);
            TlaValue value = s.elements().get(2);
            if (isDomain) {
                Set<String> d = domains.computeIfAbsent(key, x -> new TreeSet<>());
                if (value instanceof TlaValue.SetValue set) {
                    set.elements().forEach(e -> d.add(e.toTla()));
                } else {
                    throw new IllegalStateException("the domain of " + key + " is not a set: " + value.toTla());
                }
            } else {
                taken.computeIfAbsent(key, x -> new TreeSet<>()).add(value.toTla());
            }
        }
        return new ValueObservations(taken, domains);
    }
}
