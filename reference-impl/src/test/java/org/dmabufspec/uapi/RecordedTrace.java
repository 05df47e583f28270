package org.dmabufspec.uapi;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import org.dmabufspec.kernel.Kernel;
import org.dmabufspec.lockdep.Mode;
import org.dmabufspec.trace.Clock;
import org.dmabufspec.trace.Implementation;
import org.dmabufspec.trace.KernelBehaviour;
import org.dmabufspec.trace.KernelInfo;
import org.dmabufspec.trace.TraceEnd;
import org.dmabufspec.trace.TraceHeader;
import org.dmabufspec.trace.TraceWriter;
import org.dmabufspec.trace.Tracer;

/** A kernel whose trace a test reads back as JSON events. */
final class RecordedTrace {
    final Kernel kernel;
    private final StringWriter out = new StringWriter();
    private final TraceWriter writer;

    RecordedTrace(String label) {
        KernelBehaviour kb = KernelBehaviour.parse(label, true);
        writer = new TraceWriter(out, new TraceHeader(Implementation.REFERENCE, KernelInfo.of(kb), Clock.LOGICAL,
                "test", 1L, null, null));
        kernel = new Kernel(kb, new Tracer(writer, Clock.LOGICAL), Mode.STRICT);
    }

    /** Finishes the trace and returns its events in seq order. */
    List<JsonNode> events() {
        writer.finish(TraceEnd.Status.COMPLETE, null);
        ObjectMapper om = new ObjectMapper();
        List<JsonNode> evs = new ArrayList<>();
        try {
            for (String line : out.toString().split("\n")) {
                JsonNode n = om.readTree(line);
                if (n.get("type").asText().equals("event")) {
                    evs.add(n);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return evs;
    }

    static List<JsonNode> select(List<JsonNode> evs, Predicate<JsonNode> p) {
        return evs.stream().filter(p).toList();
    }

    static Predicate<JsonNode> op(String op) {
        return n -> n.get("op").asText().equals(op);
    }

    /** Ops of the events whose caller is {@code parent}, in seq order. */
    static List<String> callees(List<JsonNode> evs, JsonNode parent) {
        long seq = parent.get("seq").asLong();
        return evs.stream().filter(n -> n.has("caller") && n.get("caller").asLong() == seq)
                .map(n -> n.get("op").asText()).toList();
    }
}
