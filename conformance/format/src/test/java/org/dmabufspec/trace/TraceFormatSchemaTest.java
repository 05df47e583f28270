package org.dmabufspec.trace;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.InputStream;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * trace-schema.json and the format's Java types name the same things, both ways: the ops (Op), their
 * arguments, the id fields (IdKind), the errnos (Errno), the kernel behaviours, clocks and end
 * statuses, the fields of every record (TraceFields), and the components of the record types the
 * writer and the reader share. A name added on one side only fails here.
 */
class TraceFormatSchemaTest {
    private static final JsonNode SCHEMA = schema();
    private static final JsonNode DEFS = SCHEMA.get("$defs");

    private static JsonNode schema() {
        try (InputStream in = TraceFormatSchemaTest.class.getResourceAsStream("/trace-schema.json")) {
            assertNotNull(in, "trace-schema.json is not a resource of the format module");
            return new ObjectMapper().readTree(in);
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Set<String> enumOf(JsonNode n) {
        Set<String> s = new TreeSet<>();
        n.get("enum").forEach(v -> s.add(v.asText()));
        return s;
    }

    private static List<String> propertiesOf(JsonNode n) {
        List<String> names = new ArrayList<>();
        n.get("properties").fieldNames().forEachRemaining(names::add);
        return names;
    }

    private static <T> Set<String> texts(T[] values, java.util.function.Function<T, String> text) {
        return Arrays.stream(values).map(text).collect(Collectors.toCollection(TreeSet::new));
    }

    /** camelCase component name as the snake_case field it is written as. */
    private static String field(String component) {
        return component.replaceAll("([a-z])([A-Z])", "$1_$2").toLowerCase(java.util.Locale.ROOT);
    }

    private static List<String> components(Class<? extends Record> type) {
        return Arrays.stream(type.getRecordComponents()).map(RecordComponent::getName).map(TraceFormatSchemaTest::field).toList();
    }

    @Test
    void theOpsAndTheirArgumentsAreOpsValues() {
        assertEquals(enumOf(DEFS.get("op")), texts(Op.values(), Op::wire), "schema $defs/op vs Op");
        Set<String> args = new TreeSet<>();
        for (Op op : Op.values()) {
            args.addAll(op.args());
        }
        assertEquals(new TreeSet<>(propertiesOf(DEFS.get("args"))), args, "schema $defs/args vs the union of Op.args()");
    }

    @Test
    void theErrnosAreErrnosValues() {
        assertEquals(enumOf(DEFS.get("errnoName")), new TreeSet<>(Errno.NAMES));
        assertEquals(Errno.values().length, Errno.NAMES.size());
    }

    @Test
    void theBehavioursClocksAndStatusesAreTheEnums() {
        JsonNode header = DEFS.get("header").get("properties");
        assertEquals(enumOf(header.get("kernel").get("properties").get("behaviour")),
                texts(KernelBehaviour.Label.values(), KernelBehaviour.Label::text));
        assertEquals(enumOf(header.get("clock")), texts(Clock.values(), Clock::text));
        assertEquals(enumOf(DEFS.get("end").get("properties").get("status")), texts(TraceEnd.Status.values(), TraceEnd.Status::text));
        assertEquals(TraceHeader.FORMAT, header.get("format").get("const").asText());
        assertEquals(TraceHeader.VERSION, header.get("version").get("const").asInt());
    }

    @Test
    void everyRecordHasTheFieldsOfTraceFieldsInTheirOrder() {
        JsonNode header = DEFS.get("header").get("properties");
        JsonNode state = DEFS.get("state").get("properties");
        assertEquals(TraceFields.HEADER, propertiesOf(DEFS.get("header")), "header");
        assertEquals(TraceFields.IMPLEMENTATION, propertiesOf(header.get("implementation")), "header.implementation");
        assertEquals(TraceFields.KERNEL, propertiesOf(header.get("kernel")), "header.kernel");
        assertEquals(TraceFields.CAPTURE, propertiesOf(header.get("capture")), "header.capture");
        assertEquals(new TreeSet<>(TraceFields.EVENT), new TreeSet<>(propertiesOf(DEFS.get("event"))), "event");
        assertEquals(TraceFields.STATE, propertiesOf(DEFS.get("state")), "event.state");
        assertEquals(TraceFields.STATE_FENCE, propertiesOf(state.get("fences").get("items")), "event.state.fences[]");
        assertEquals(TraceFields.STATE_MAPPING, propertiesOf(state.get("mapped").get("items")), "event.state.mapped[]");
        assertEquals(TraceFields.END, propertiesOf(DEFS.get("end")), "end");
    }

    @Test
    void theIdFieldsAreIdKindsAndSitBetweenCallerAndArgs() {
        List<String> ids = TraceFields.EVENT.subList(TraceFields.EVENT.indexOf("caller") + 1, TraceFields.EVENT.indexOf("args"));
        assertEquals(ids, Arrays.stream(IdKind.values()).map(IdKind::field).toList());
        assertEquals(ids, components(ObjectIds.class));
    }

    /** The shared records hold every field but the constants ("type", "format", "version") and what they say why not. */
    @Test
    void theRecordTypesHoldTheirRecordsFields() {
        List<String> header = new ArrayList<>(List.of("type", "format", "version"));
        header.addAll(components(TraceHeader.class));
        assertEquals(TraceFields.HEADER, header);
        assertEquals(TraceFields.IMPLEMENTATION, components(Implementation.class));
        assertEquals(TraceFields.CAPTURE, components(CaptureInfo.class));
        List<String> kernel = new ArrayList<>(components(KernelInfo.class));
        kernel.set(kernel.indexOf("behaviour"), "behaviour");
        kernel.add(1, "move_notify"); // KernelBehaviour holds the label and move_notify
        assertEquals(List.of("behaviour", "move_notify"), components(KernelBehaviour.class).stream()
                .map(c -> c.equals("label") ? "behaviour" : c).toList());
        assertEquals(TraceFields.KERNEL, kernel);
        List<String> end = new ArrayList<>(List.of("type"));
        end.addAll(components(TraceEnd.class));
        assertEquals(TraceFields.END, end);
        List<String> event = new ArrayList<>(List.of("type"));
        event.addAll(components(TraceEvent.class));
        // where and after what the reader read the event: not fields of the record
        event.removeAll(List.of("line", "callees", "callee_dir"));
        assertEquals(new TreeSet<>(TraceFields.EVENT), new TreeSet<>(event));
        assertEquals(TraceFields.EVENT.size(), event.size());
        assertEquals(TraceFields.STATE, components(ObservedState.class));
        assertEquals(TraceFields.STATE_FENCE, components(ObservedState.Fence.class));
        assertEquals(TraceFields.STATE_MAPPING, components(ObservedState.Mapping.class));
    }
}
