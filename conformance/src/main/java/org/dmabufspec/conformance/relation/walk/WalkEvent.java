package org.dmabufspec.conformance.relation.walk;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One trace event (format v1) before it gets its seq: the call's thread, interval, op, object ids
 * ({@code buf}, {@code attach}, {@code dev}, {@code sgt}, {@code fence}), args, result (0 or an
 * errno name), optional ret and resv_held.
 */
public record WalkEvent(String thread, long start, long end, String op, Map<String, String> ids, Map<String, Object> args,
                        String result, Object ret, Boolean resvHeld) implements TracedCall<WalkEvent> {

    public WalkEvent {
        ids = new LinkedHashMap<>(ids);
        args = new LinkedHashMap<>(args);
    }

    public String id(String kind) {
        return ids.get(kind);
    }

    public Object arg(String name) {
        return args.get(name);
    }

    public boolean succeeded() {
        return result.equals("0");
    }

    public WalkEvent withTimes(long s, long e) {
        return new WalkEvent(thread, s, e, op, ids, args, result, ret, resvHeld);
    }

    public WalkEvent withResult(String r, Object newRet) {
        return new WalkEvent(thread, start, end, op, ids, args, r, newRet, resvHeld);
    }

    public WalkEvent withArg(String name, Object value) {
        Map<String, Object> a = new LinkedHashMap<>(args);
        a.put(name, value);
        return new WalkEvent(thread, start, end, op, ids, a, result, ret, resvHeld);
    }

    /** The NDJSON line with the given seq. */
    public String toJson(long seq) {
        return EventLine.of(seq, thread, start, end, op, ids, args, result, ret, resvHeld);
    }

    @Override
    public String toString() {
        return thread + " [" + start + "," + end + "] " + op + ids + (args.isEmpty() ? "" : " " + args)
                + (succeeded() ? "" : " -> " + result) + (ret == null ? "" : " ret " + ret);
    }
}
