package org.dmabufspec.conformance.relation.walk.resv;

import java.util.LinkedHashMap;
import java.util.Map;

import org.dmabufspec.conformance.relation.walk.TracedCall;

/**
 * One trace event (format v1) before it gets its seq. Ids are strings, except {@code fences}, a list;
 * result is "0" or an errno name; ret and resv_held are optional (null: absent).
 */
public record ResvEvent(String thread, long start, long end, String op, Map<String, Object> ids, Map<String, Object> args,
                        String result, Object ret, Boolean resvHeld) implements TracedCall<ResvEvent> {

    public ResvEvent {
        ids = new LinkedHashMap<>(ids);
        args = new LinkedHashMap<>(args);
    }

    public boolean succeeded() {
        return result.equals("0");
    }

    public ResvEvent withTimes(long s, long e) {
        return new ResvEvent(thread, s, e, op, ids, args, result, ret, resvHeld);
    }

    public ResvEvent withResult(String r, Object newRet) {
        return new ResvEvent(thread, start, end, op, ids, args, r, newRet, resvHeld);
    }

    public ResvEvent withArg(String name, Object value) {
        Map<String, Object> a = new LinkedHashMap<>(args);
        a.put(name, value);
        return new ResvEvent(thread, start, end, op, ids, a, result, ret, resvHeld);
    }

    public ResvEvent withId(String kind, Object value) {
        Map<String, Object> i = new LinkedHashMap<>(ids);
        i.put(kind, value);
        return new ResvEvent(thread, start, end, op, i, args, result, ret, resvHeld);
    }

    /** The NDJSON line with the given seq. */
    public String toJson(long seq) {
        return org.dmabufspec.conformance.relation.walk.EventLine.of(seq, thread, start, end, op, ids, args, result, ret, resvHeld);
    }

    @Override
    public String toString() {
        return thread + " [" + start + "," + end + "] " + op + ids + (args.isEmpty() ? "" : " " + args)
                + (succeeded() ? "" : " -> " + result) + (ret == null ? "" : " ret " + ret);
    }
}
