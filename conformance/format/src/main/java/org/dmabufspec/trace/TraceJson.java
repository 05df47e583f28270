package org.dmabufspec.trace;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;

/**
 * Writes records as one JSON object each, fields in the order of TRACE-FORMAT.md, so equal
 * executions give byte-identical traces.
 */
public final class TraceJson {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final JsonFactory FACTORY = MAPPER.getFactory();

    private TraceJson() {
    }

    /** The record as a single-line JSON object without the trailing newline. */
    public static String toJson(TraceRecord r) {
        StringWriter out = new StringWriter(256);
        try (JsonGenerator g = FACTORY.createGenerator(out)) {
            write(g, r);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }

    public static void write(JsonGenerator g, TraceRecord r) throws IOException {
        // Java 17: no pattern switch; the sealed interface keeps this list closed.
        if (r instanceof TraceHeader h) {
            header(g, h);
        } else if (r instanceof TraceEvent e) {
            event(g, e);
        } else if (r instanceof TraceEnd e) {
            end(g, e);
        }
    }

    private static void header(JsonGenerator g, TraceHeader h) throws IOException {
        g.writeStartObject();
        g.writeStringField("type", "header");
        g.writeStringField("format", TraceHeader.FORMAT);
        g.writeNumberField("version", TraceHeader.VERSION);
        g.writeObjectFieldStart("implementation");
        g.writeStringField("name", h.implementation().name());
        g.writeStringField("version", h.implementation().version());
        g.writeEndObject();
        g.writeObjectFieldStart("kernel");
        KernelInfo k = h.kernel();
        g.writeStringField("behaviour", k.behaviour().label().text());
        g.writeBooleanField("move_notify", k.behaviour().moveNotify());
        if (k.release() != null) {
            g.writeStringField("release", k.release());
        }
        if (k.dmabufDebug() != null) {
            g.writeBooleanField("dmabuf_debug", k.dmabufDebug());
        }
        if (k.lockdep() != null) {
            g.writeBooleanField("lockdep", k.lockdep());
        }
        g.writeEndObject();
        g.writeStringField("clock", h.clock().text());
        if (h.scenario() != null) {
            g.writeStringField("scenario", h.scenario());
        }
        if (h.seed() != null) {
            g.writeNumberField("seed", h.seed());
        }
        if (h.inject() != null) {
            g.writeStringField("inject", h.inject());
        }
        if (h.created() != null) {
            g.writeStringField("created", h.created());
        }
        g.writeEndObject();
    }

    private static void event(JsonGenerator g, TraceEvent e) throws IOException {
        g.writeStartObject();
        g.writeStringField("type", "event");
        g.writeNumberField("seq", e.seq());
        g.writeStringField("thread", e.thread());
        if (e.cpu() != null) {
            g.writeNumberField("cpu", e.cpu());
        }
        g.writeNumberField("start", e.start());
        g.writeNumberField("end", e.end());
        g.writeStringField("op", e.op());
        if (e.ioctl() != null) {
            g.writeStringField("ioctl", e.ioctl());
        }
        if (e.caller() != null) {
            g.writeNumberField("caller", e.caller());
        }
        ObjectIds ids = e.ids();
        str(g, "buf", ids.buf());
        str(g, "attach", ids.attach());
        str(g, "dev", ids.dev());
        str(g, "fence", ids.fence());
        if (ids.fences() != null) {
            g.writeArrayFieldStart("fences");
            for (String f : ids.fences()) {
                g.writeString(f);
            }
            g.writeEndArray();
        }
        str(g, "ctx", ids.ctx());
        str(g, "sync_file", ids.syncFile());
        str(g, "sgt", ids.sgt());
        str(g, "cb", ids.cb());
        if (e.args() != null && !e.args().isEmpty()) {
            g.writeFieldName("args");
            value(g, e.args());
        }
        if (e.result().isOk()) {
            g.writeNumberField("result", 0);
        } else {
            g.writeStringField("result", e.result().errno().name());
        }
        if (e.ret() != null) {
            g.writeFieldName("ret");
            value(g, e.ret());
        }
        if (e.resvHeld() != null) {
            g.writeBooleanField("resv_held", e.resvHeld());
        }
        if (e.state() != null && !e.state().isEmpty()) {
            g.writeFieldName("state");
            value(g, e.state());
        }
        if (Boolean.TRUE.equals(e.hidden())) {
            g.writeBooleanField("hidden", true);
        }
        if (e.misuse() != null) {
            g.writeArrayFieldStart("misuse");
            for (String m : e.misuse()) {
                g.writeString(m);
            }
            g.writeEndArray();
        }
        g.writeEndObject();
    }

    private static void end(JsonGenerator g, TraceEnd e) throws IOException {
        g.writeStartObject();
        g.writeStringField("type", "end");
        g.writeNumberField("events", e.events());
        g.writeStringField("status", e.status().text());
        if (e.exit() != null) {
            g.writeNumberField("exit", e.exit().longValue());
        }
        if (e.reason() != null) {
            g.writeStringField("reason", e.reason());
        }
        if (e.teardown()) {
            g.writeBooleanField("teardown", true);
        }
        g.writeEndObject();
    }

    private static void str(JsonGenerator g, String field, String v) throws IOException {
        if (v != null) {
            g.writeStringField(field, v);
        }
    }

    private static void value(JsonGenerator g, Object v) throws IOException {
        if (v == null) {
            g.writeNull();
        } else if (v instanceof String s) {
            g.writeString(s);
        } else if (v instanceof Boolean b) {
            g.writeBoolean(b);
        } else if (v instanceof Integer i) {
            g.writeNumber(i);
        } else if (v instanceof Long l) {
            g.writeNumber(l);
        } else if (v instanceof Enum<?> en) {
            g.writeString(en.name());
        } else if (v instanceof Map<?, ?> m) {
            g.writeStartObject();
            for (Map.Entry<?, ?> en : m.entrySet()) {
                g.writeFieldName(String.valueOf(en.getKey()));
                value(g, en.getValue());
            }
            g.writeEndObject();
        } else if (v instanceof List<?> l) {
            g.writeStartArray();
            for (Object o : l) {
                value(g, o);
            }
            g.writeEndArray();
        } else {
            throw new IllegalArgumentException("cannot write " + v.getClass() + " in a trace");
        }
    }
}
