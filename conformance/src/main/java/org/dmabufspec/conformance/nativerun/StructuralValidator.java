package org.dmabufspec.conformance.nativerun;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The checks a native trace must pass before any spec is consulted: one header first, events
 * numbered 1..n in file order with sane clocks, an end record whose count matches (so lost
 * serial lines are caught), and bufinfo snapshots that parse and describe the event's buffer.
 */
public final class StructuralValidator {
    public static final String NAME = "structure";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<String> BEHAVIOURS = Set.of("6.1", "6.2", "6.15", "7.1");

    private StructuralValidator() {
    }

    public static TraceVerdict validate(ScenarioTrace t) {
        try {
            check(t);
            return new TraceVerdict(t.scenario(), true, NAME, (t.lines().size() - 2) + " events");
        } catch (Rejected r) {
            return new TraceVerdict(t.scenario(), false, NAME, r.getMessage());
        }
    }

    private static void check(ScenarioTrace t) throws Rejected {
        List<String> lines = t.lines();
        JsonNode header = parse(t, 0);
        if (!"header".equals(text(header, "type")) || !"dmabuf-trace".equals(text(header, "format"))
                || header.path("version").asInt() != 1) {
            throw rejected(t, 0, "type", "the first record must be a version-1 dmabuf-trace header");
        }
        if (!BEHAVIOURS.contains(header.path("kernel").path("behaviour").asText())) {
            throw rejected(t, 0, "kernel.behaviour", "must be one of " + BEHAVIOURS);
        }
        if (!header.path("kernel").path("move_notify").isBoolean()) {
            throw rejected(t, 0, "kernel.move_notify", "missing or not a boolean");
        }
        if (!Set.of("monotonic_ns", "logical").contains(text(header, "clock"))) {
            throw rejected(t, 0, "clock", "must be monotonic_ns or logical");
        }
        Map<String, Long> lastStart = new HashMap<>();
        long events = 0;
        for (int i = 1; i < lines.size(); i++) {
            JsonNode r = parse(t, i);
            String type = text(r, "type");
            if ("end".equals(type)) {
                if (i != lines.size() - 1) {
                    throw rejected(t, i, "type", "records after the end record");
                }
                if (r.path("events").asLong(-1) != events) {
                    throw rejected(t, i, "events", "end record counts " + r.path("events") + " events but "
                            + events + " were read (lost lines)");
                }
                if (!"complete".equals(text(r, "status"))) {
                    throw rejected(t, i, "status", "the run was " + text(r, "status") + ": " + text(r, "reason"));
                }
                return;
            }
            if (!"event".equals(type)) {
                throw rejected(t, i, "type", "expected an event or the end record, found " + type);
            }
            events++;
            if (r.path("seq").asLong() != events) {
                throw rejected(t, i, "seq", "expected " + events + ", found " + r.path("seq"));
            }
            for (String f : List.of("thread", "op")) {
                if (text(r, f) == null) {
                    throw rejected(t, i, f, "missing");
                }
            }
            long start = r.path("start").asLong(-1);
            long end = r.path("end").asLong(-1);
            if (start < 0 || end < start) {
                throw rejected(t, i, "end", "interval [" + r.path("start") + ", " + r.path("end") + "] is not a valid interval");
            }
            Long prev = lastStart.put(text(r, "thread"), start);
            if (prev != null && start < prev) {
                throw rejected(t, i, "start", "time goes backwards in thread " + text(r, "thread"));
            }
            JsonNode result = r.get("result");
            if (result == null || !(result.isInt() && result.asInt() == 0 || result.isTextual() && result.asText().matches("E[A-Z0-9_]+"))) {
                throw rejected(t, i, "result", "must be 0 or an errno name, found " + result);
            }
            JsonNode bufinfo = r.path("state").get("bufinfo");
            if (bufinfo != null) {
                checkBufinfo(t, i, r, bufinfo.asText());
            }
        }
        throw rejected(t, lines.size() - 1, "type", "no end record: the trace was cut short");
    }

    private static void checkBufinfo(ScenarioTrace t, int i, JsonNode r, String text) throws Rejected {
        BufInfo info;
        try {
            info = BufInfoParser.parse(text);
        } catch (BufInfoFormatException e) {
            throw rejected(t, i, "state.bufinfo", e.getMessage());
        }
        String buf = text(r, "buf");
        if (info.buffers().size() != 1 || buf == null || !buf.equals(info.buffers().get(0).bufId())) {
            throw rejected(t, i, "state.bufinfo", "the snapshot does not describe exactly the event's buffer " + buf);
        }
    }

    private static JsonNode parse(ScenarioTrace t, int i) throws Rejected {
        try {
            JsonNode n = JSON.readTree(t.lines().get(i));
            if (n == null || !n.isObject()) {
                throw rejected(t, i, "record", "not a JSON object");
            }
            return n;
        } catch (IOException e) {
            throw rejected(t, i, "record", "not JSON: " + e.getMessage().lines().findFirst().orElse(""));
        }
    }

    private static String text(JsonNode n, String field) {
        JsonNode v = n.get(field);
        return v == null || v.isNull() ? null : v.asText();
    }

    private static Rejected rejected(ScenarioTrace t, int index, String field, String why) {
        return new Rejected("line " + (t.firstLine() + index) + " field " + field + ": " + why);
    }

    private static final class Rejected extends Exception {
        Rejected(String m) {
            super(m);
        }
    }
}
