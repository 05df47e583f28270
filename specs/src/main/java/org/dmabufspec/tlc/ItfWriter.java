package org.dmabufspec.tlc;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;

/**
 * Writes a counterexample in the Informal Trace Format (ITF) that Apalache and Quint read
 * (https://apalache-mc.org/docs/adr/015adr-trace.html). Integers are {@code #bigint}, sets
 * {@code #set}, functions {@code #map}, records plain objects, model values strings. TLC prints
 * tuples and sequences alike as {@code <<...>>}: they become ITF sequences (JSON arrays), the form
 * Quint uses for {@code List}. Each state's {@code #meta} also carries the action that led to it.
 */
public final class ItfWriter {
    private static final JsonNodeFactory F = JsonNodeFactory.instance;
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private ItfWriter() {
    }

    public static ObjectNode trace(Counterexample trace, String source, String description) {
        ObjectNode root = F.objectNode();
        ObjectNode meta = root.putObject("#meta");
        meta.put("format", "ITF");
        meta.put("format-description", "https://apalache-mc.org/docs/adr/015adr-trace.html");
        meta.put("source", source);
        meta.put("description", description);
        root.putArray("params");
        ArrayNode vars = root.putArray("vars");
        trace.variables().forEach(vars::add);
        ArrayNode states = root.putArray("states");
        for (int i = 0; i < trace.steps().size(); i++) {
            Step step = trace.steps().get(i);
            ObjectNode s = states.addObject();
            ObjectNode sm = s.putObject("#meta");
            sm.put("index", i);
            sm.put("action", step.action());
            if (!step.location().isEmpty()) {
                sm.put("location", step.location());
            }
            for (Map.Entry<String, TlaValue> e : step.state().entrySet()) {
                s.set(e.getKey(), value(e.getValue()));
            }
        }
        trace.loopIndex().ifPresent(l -> root.put("loop", l));
        return root;
    }

    public static String json(Counterexample trace, String source, String description) {
        try {
            return MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(trace(trace, source, description)) + "\n";
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise an ITF trace", e);
        }
    }

    public static JsonNode value(TlaValue v) {
        if (v instanceof TlaValue.Int i) {
            ObjectNode o = F.objectNode();
            o.put("#bigint", i.value().toString());
            return o;
        } else if (v instanceof TlaValue.Str s) {
            return F.textNode(s.value());
        } else if (v instanceof TlaValue.Bool b) {
            return F.booleanNode(b.value());
        } else if (v instanceof TlaValue.ModelValue m) {
            return F.textNode(m.name());
        } else if (v instanceof TlaValue.SetValue s) {
            ObjectNode o = F.objectNode();
            ArrayNode a = o.putArray("#set");
            s.elements().forEach(e -> a.add(value(e)));
            return o;
        } else if (v instanceof TlaValue.Sequence s) {
            ArrayNode a = F.arrayNode();
            s.elements().forEach(e -> a.add(value(e)));
            return a;
        } else if (v instanceof TlaValue.Record r) {
            ObjectNode o = F.objectNode();
            r.fields().forEach((k, x) -> o.set(k, value(x)));
            return o;
        } else if (v instanceof TlaValue.Function f) {
            ObjectNode o = F.objectNode();
            ArrayNode a = o.putArray("#map");
            for (TlaValue.Mapping m : f.mappings()) {
                ArrayNode pair = a.addArray();
                pair.add(value(m.key()));
                pair.add(value(m.value()));
            }
            return o;
        }
        throw new IllegalArgumentException("unknown value " + v);
    }
}
