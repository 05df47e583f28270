package org.dmabufspec.conformance.relation.walk;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

import org.dmabufspec.conformance.checker.CheckOptions;
import org.dmabufspec.conformance.checker.CheckReport;
import org.dmabufspec.conformance.checker.TraceChecker;
import org.dmabufspec.conformance.relation.walk.resv.ResvEvent;

/**
 * A trace made from a walk over some spec (or a mutation of one): its events in file order, the
 * spec's name in the header. Checked in memory (no file per mutant).
 */
public record EventTrace(String name, String spec, List<ResvEvent> events) {

    public EventTrace {
        events = List.copyOf(events);
    }

    public EventTrace withEvents(String newName, List<ResvEvent> newEvents) {
        return new EventTrace(newName, spec, newEvents);
    }

    public String toNdjson() {
        StringBuilder b = new StringBuilder();
        b.append("{\"type\":\"header\",\"format\":\"dmabuf-trace\",\"version\":1,\"implementation\":{\"name\":\"spec-walk\",")
                .append("\"version\":\"").append(spec).append("\"},\"kernel\":{\"behaviour\":\"6.15\",\"move_notify\":true},")
                .append("\"clock\":\"logical\",\"scenario\":\"").append(name).append("\"}\n");
        for (int i = 0; i < events.size(); i++) {
            b.append(events.get(i).toJson(i + 1)).append('\n');
        }
        return b.append("{\"type\":\"end\",\"events\":").append(events.size()).append(",\"status\":\"complete\"}\n").toString();
    }

    /** The fast engine's verdict on this trace. */
    public CheckReport check() {
        return check(CheckOptions.defaults());
    }

    public CheckReport check(CheckOptions options) {
        return TraceChecker.check(new ByteArrayInputStream(toNdjson().getBytes(StandardCharsets.UTF_8)), name + ".ndjson", options);
    }
}
