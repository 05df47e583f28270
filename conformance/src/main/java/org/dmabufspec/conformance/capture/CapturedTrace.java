package org.dmabufspec.conformance.capture;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/** A converted capture: header, events, and what the capture could and could not observe. */
public record CapturedTrace(ObjectNode header, List<ObjectNode> events, Observation observation, List<String> notes) {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** The trace in the dmabuf-spec format (NDJSON, header, events, end record). */
    public String toNdjson() {
        StringBuilder sb = new StringBuilder();
        sb.append(header.toString()).append('\n');
        for (ObjectNode e : events) {
            sb.append(e.toString()).append('\n');
        }
        ObjectNode end = JSON.createObjectNode();
        end.put("type", "end");
        end.put("events", events.size());
        end.put("status", "complete");
        sb.append(end.toString()).append('\n');
        return sb.toString();
    }
}
