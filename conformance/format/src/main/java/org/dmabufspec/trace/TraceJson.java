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
        if (h.capture() != null) {
            CaptureInfo c = h.capture();
            g.writeObjectFieldStart("capture");
            g.writeStringField("probes", c.probes());
            str(g, "missing", c.missing());
            str(g, "unjudged", c.unjudged());
            g.writeStringField("unobserved", c.unobserved());
            str(g, "pid", c.pid());
            g.writeEndObject();
        }
        g.writeEndObject();
    }

    private static void event(JsonGenerator g, TraceEvent e) throws IOException {
        g.writeStartObject();
        g.writeStringField("type", "event");
        g.writeNumberField("seq", e.seq());
        g.writeStringField("thread", e.thread());
        if (e.cpu() != null) {
            g.writeNumberField("cpu", e.cpu().longValue());
        }
        g.writeNumberField("start", e.start());
        g.writeNumberField("end", e.end());
        g.writeStringField("op", e.op().wire());
        str(g, "ioctl", e.ioctl());
        if (e.caller() != null) {
            g.writeNumberField("caller", e.caller().longValue());
        }
        str(g, "buf", e.buf());
        str(g, "attach", e.attach());
        str(g, "dev", e.dev());
        str(g, "fence", e.fence());
        strings(g, "fences", e.fences());
        str(g, "ctx", e.ctx());
        str(g, "sync_file", e.syncFile());
        str(g, "sgt", e.sgt());
        str(g, "cb", e.cb());
        if (e.args() != null && !e.args().isEmpty()) {
            g.writeFieldName("args");
            value(g, e.args());
        }
        if (e.succeeded()) {
            g.writeNumberField("result", 0);
        } else {
            g.writeStringField("result", e.result());
        }
        if (e.ret() != null) {
            g.writeFieldName("ret");
            value(g, e.ret());
        }
        if (e.resvHeld() != null) {
            g.writeBooleanField("resv_held", e.resvHeld());
        }
        if (e.state() != null && !isEmpty(e.state())) {
            g.writeFieldName("state");
            state(g, e.state());
        }
        if (e.hidden()) {
            g.writeBooleanField("hidden", true);
        }
        str(g, "site", e.site());
        strings(g, "misuse", e.misuse());
        g.writeEndObject();
    }

    private static boolean isEmpty(ObservedState s) {
        return s.attachments() == null && s.fences() == null && s.pinCount() == null && s.placement() == null
                && s.mapped() == null && s.name() == null && s.bufinfoFormat() == null && s.bufinfo() == null;
    }

    /** The parts of the state in the order of {@link TraceFields#STATE}. */
    private static void state(JsonGenerator g, ObservedState s) throws IOException {
        g.writeStartObject();
        strings(g, "attachments", s.attachments());
        if (s.fences() != null) {
            g.writeArrayFieldStart("fences");
            for (ObservedState.Fence f : s.fences()) {
                g.writeStartObject();
                g.writeFieldName("fence");
                value(g, f.fence());
                g.writeFieldName("usage");
                value(g, f.usage());
                g.writeFieldName("signaled");
                value(g, f.signaled());
                g.writeEndObject();
            }
            g.writeEndArray();
        }
        if (s.pinCount() != null) {
            g.writeNumberField("pin_count", s.pinCount().longValue());
        }
        str(g, "placement", s.placement());
        if (s.mapped() != null) {
            g.writeArrayFieldStart("mapped");
            for (ObservedState.Mapping m : s.mapped()) {
                g.writeStartObject();
                g.writeFieldName("attach");
                value(g, m.attach());
                g.writeFieldName("sgt");
                value(g, m.sgt());
                g.writeFieldName("dir");
                value(g, m.dir());
                g.writeEndObject();
            }
            g.writeEndArray();
        }
        str(g, "name", s.name());
        str(g, "bufinfo_format", s.bufinfoFormat());
        str(g, "bufinfo", s.bufinfo());
        g.writeEndObject();
    }

    private static void strings(JsonGenerator g, String field, List<String> v) throws IOException {
        if (v != null) {
            g.writeArrayFieldStart(field);
            for (String s : v) {
                g.writeString(s);
            }
            g.writeEndArray();
        }
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
