package org.dmabufspec.conformance.relation.walk;

import java.util.LinkedHashMap;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

/** The NDJSON line (trace format v1) of one walk event, field order as TRACE-FORMAT.md lists it. */
public final class EventLine {
    private static final ObjectMapper JSON = new ObjectMapper();

    private EventLine() {
    }

    /**
     * @param ids    object ids by kind ({@code buf}, {@code attach}, {@code fence}, ...; a list for {@code fences})
     * @param result "0" or an errno name
     * @param ret    the return value, or null when the event has none
     * @param resvHeld whether the caller held the reservation lock, or null when not logged
     */
    public static String of(long seq, String thread, long start, long end, String op, Map<String, ?> ids,
                            Map<String, Object> args, String result, Object ret, Boolean resvHeld) {
        Map<String, Object> line = new LinkedHashMap<>();
        line.put("type", "event");
        line.put("seq", seq);
        line.put("thread", thread);
        line.put("start", start);
        line.put("end", end);
        line.put("op", op);
        line.putAll(ids);
        if (!args.isEmpty()) {
            line.put("args", args);
        }
        line.put("result", result.equals("0") ? (Object) 0 : result);
        if (ret != null) {
            line.put("ret", ret);
        }
        if (resvHeld != null) {
            line.put("resv_held", resvHeld);
        }
        try {
            return JSON.writeValueAsString(line);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("event " + op + " of thread " + thread + " has a value JSON cannot hold", e);
        }
    }
}
