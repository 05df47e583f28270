package org.dmabufspec.conformance.relation.walk;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One trace event (format v1) before it gets its seq: the call's thread, interval, op, object ids
 * ({@code buf}, {@code attach}, {@code dev}, {@code sgt}, {@code fence}), args, result (0 or an
 * errno name), optional ret and resv_held.
 */
public record WalkEvent(String thread, long start, long end, String op, Map<String, String> ids, Map<String, Object> args,
                        String result, Object ret, Boolean resvHeld) {

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
        StringBuilder b = new StringBuilder("{\"type\":\"event\",\"seq\":").append(seq);
        b.append(",\"thread\":").append(quote(thread)).append(",\"start\":").append(start).append(",\"end\":").append(end);
        b.append(",\"op\":").append(quote(op));
        ids.forEach((k, v) -> b.append(',').append(quote(k)).append(':').append(quote(v)));
        if (!args.isEmpty()) {
            b.append(",\"args\":{");
            boolean first = true;
            for (Map.Entry<String, Object> a : args.entrySet()) {
                b.append(first ? "" : ",").append(quote(a.getKey())).append(':').append(value(a.getValue()));
                first = false;
            }
            b.append('}');
        }
        b.append(",\"result\":").append(result.equals("0") ? "0" : quote(result));
        if (ret != null) {
            b.append(",\"ret\":").append(value(ret));
        }
        if (resvHeld != null) {
            b.append(",\"resv_held\":").append(resvHeld);
        }
        return b.append('}').toString();
    }

    private static String value(Object v) {
        return v instanceof String s ? quote(s) : String.valueOf(v);
    }

    private static String quote(String s) {
        return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    @Override
    public String toString() {
        return thread + " [" + start + "," + end + "] " + op + ids + (args.isEmpty() ? "" : " " + args)
                + (succeeded() ? "" : " -> " + result) + (ret == null ? "" : " ret " + ret);
    }
}
