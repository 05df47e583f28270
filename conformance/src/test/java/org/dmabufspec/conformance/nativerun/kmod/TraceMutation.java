package org.dmabufspec.conformance.nativerun.kmod;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.dmabufspec.conformance.nativerun.ScenarioTrace;

/**
 * Edits a recorded module trace the way a broken kernel or importer would have produced it,
 * then renumbers seq, caller and the end record's count so that only the edit differs.
 */
final class TraceMutation {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final String scenario;
    private final ObjectNode header;
    private final List<ObjectNode> events = new ArrayList<>();
    private final ObjectNode end;

    TraceMutation(ScenarioTrace t) {
        scenario = t.scenario();
        List<ObjectNode> all = new ArrayList<>();
        for (String l : t.lines()) {
            try {
                all.add((ObjectNode) JSON.readTree(l));
            } catch (JsonProcessingException e) {
                throw new IllegalArgumentException(l, e);
            }
        }
        header = all.get(0);
        end = all.get(all.size() - 1);
        events.addAll(all.subList(1, all.size() - 1));
    }

    /** The first event matching, or an error naming what was looked for. */
    ObjectNode first(Predicate<ObjectNode> p, String what) {
        return events.stream().filter(p).findFirst().orElseThrow(() -> new IllegalStateException(scenario + " has no " + what));
    }

    static Predicate<ObjectNode> op(String op) {
        return e -> op.equals(e.path("op").asText());
    }

    TraceMutation remove(Predicate<ObjectNode> p) {
        events.removeIf(p);
        return this;
    }

    /** Inserts a new event (without seq; it gets one in build()). */
    TraceMutation insertAfter(ObjectNode anchor, ObjectNode e) {
        e.remove("seq");
        e.remove("caller");
        events.add(events.indexOf(anchor) + 1, e);
        return this;
    }

    List<ObjectNode> events() {
        return events;
    }

    ScenarioTrace build() {
        Map<Long, Long> renumber = new HashMap<>();
        long n = 0;
        for (ObjectNode e : events) {
            if (e.has("seq")) {
                renumber.put(e.get("seq").asLong(), n + 1);
            }
            n++;
        }
        List<String> lines = new ArrayList<>();
        lines.add(header.toString());
        n = 0;
        for (ObjectNode e : events) {
            e.put("seq", ++n);
            if (e.has("caller")) {
                Long c = renumber.get(e.get("caller").asLong());
                if (c == null) {
                    e.remove("caller");
                } else {
                    e.put("caller", c);
                }
            }
        }
        for (ObjectNode e : events) {
            lines.add(e.toString());
        }
        end.put("events", events.size());
        lines.add(end.toString());
        return new ScenarioTrace(scenario, 1, lines);
    }
}
