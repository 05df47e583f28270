package org.dmabufspec.conformance.relation.walk.resv;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One trace event (format v1) before it gets its seq. Ids are strings, except {@code fences}, a list;
 * result is "0" or an errno name; ret and resv_held are optional (null: absent).
 */
public record ResvEvent(String thread, long start, long end, String op, Map<String, Object> ids, Map<String, Object> args,
                        String result, Object ret, Boolean resvHeld) {

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
        StringBuilder b = new StringBuilder("{\"type\":\"event\",\"seq\":").append(seq);
        b.append(",\"thread\":").append(quote(thread)).append(",\"start\":").append(start).append(",\"end\":").append(end);
        b.append(",\"op\":").append(quote(op));
        ids.forEach((k, v) -> b.append(',').append(quote(k)).append(':').append(value(v)));
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
        if (v instanceof List<?> l) {
            StringBuilder b = new StringBuilder("[");
            for (int i = 0; i < l.size(); i++) {
                b.append(i > 0 ? "," : "").append(value(l.get(i)));
            }
            return b.append(']').toString();
        }
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
