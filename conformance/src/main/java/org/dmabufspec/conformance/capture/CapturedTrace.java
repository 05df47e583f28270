package org.dmabufspec.conformance.capture;

import java.util.List;
import org.dmabufspec.trace.TraceEnd;
import org.dmabufspec.trace.TraceEvent;
import org.dmabufspec.trace.TraceHeader;
import org.dmabufspec.trace.TraceJson;

/** A converted capture: header, events, and what the capture could and could not observe. */
public record CapturedTrace(TraceHeader header, List<TraceEvent> events, Observation observation, List<String> notes) {

    /** The trace in the dmabuf-spec format (NDJSON, header, events, end record), written by the format's writer. */
    public String toNdjson() {
        StringBuilder sb = new StringBuilder();
        sb.append(TraceJson.toJson(header)).append('\n');
        for (TraceEvent e : events) {
            sb.append(TraceJson.toJson(e)).append('\n');
        }
        sb.append(TraceJson.toJson(new TraceEnd(events.size(), TraceEnd.Status.COMPLETE, null, null))).append('\n');
        return sb.toString();
    }
}
