package org.dmabufspec.conformance.trace;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.dmabufspec.trace.Errno;
import org.dmabufspec.trace.Op;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * trace-schema.json and TraceReader agree: every record of the trace corpus (reference
 * implementation, native uAPI and kmod runs) is schema-valid, and on thousands of one-field
 * mutations of those records a schema-invalid record is refused by the reader at its line naming
 * the mutated field, while a schema-valid one is refused, if at all, only by a rule across records
 * (ids, order, op vocabulary) that a per-line schema cannot state.
 */
class SchemaAgreementTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final JsonNode SCHEMA = schema();
    private static final Map<String, Pattern> PATTERNS = new java.util.concurrent.ConcurrentHashMap<>();

    private static JsonNode schema() {
        try (InputStream in = TraceReader.class.getResourceAsStream("/trace-schema.json")) {
            return JSON.readTree(in);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    // ------------------------------------------------------------ a JSON Schema subset (what trace-schema.json uses)

    static boolean valid(JsonNode v, JsonNode s) {
        if (s.has("$ref")) {
            String ref = s.get("$ref").asText();
            return valid(v, SCHEMA.at(ref.substring(1)));
        }
        if (s.has("oneOf")) {
            int n = 0;
            for (JsonNode alt : s.get("oneOf")) {
                n += valid(v, alt) ? 1 : 0;
            }
            if (n != 1) {
                return false;
            }
        }
        if (s.has("const") && !same(v, s.get("const"))) {
            return false;
        }
        if (s.has("enum")) {
            boolean any = false;
            for (JsonNode e : s.get("enum")) {
                any |= same(v, e);
            }
            if (!any) {
                return false;
            }
        }
        if (s.has("type")) {
            boolean any = false;
            for (JsonNode t : s.get("type").isArray() ? s.get("type") : JSON.createArrayNode().add(s.get("type"))) {
                any |= hasType(v, t.asText());
            }
            if (!any) {
                return false;
            }
        }
        if (v.isIntegralNumber()) {
            BigInteger i = v.bigIntegerValue();
            if (s.has("minimum") && i.compareTo(s.get("minimum").bigIntegerValue()) < 0
                    || s.has("maximum") && i.compareTo(s.get("maximum").bigIntegerValue()) > 0) {
                return false;
            }
        }
        if (v.isTextual()) {
            int len = v.asText().codePointCount(0, v.asText().length());
            if (s.has("minLength") && len < s.get("minLength").asInt() || s.has("maxLength") && len > s.get("maxLength").asInt()
                    || s.has("pattern") && !PATTERNS.computeIfAbsent(s.get("pattern").asText(), Pattern::compile).matcher(v.asText()).find()) {
                return false;
            }
        }
        if (v.isArray()) {
            if (s.has("maxItems") && v.size() > s.get("maxItems").asInt()) {
                return false;
            }
            if (s.has("items")) {
                for (JsonNode e : v) {
                    if (!valid(e, s.get("items"))) {
                        return false;
                    }
                }
            }
        }
        if (v.isObject()) {
            if (s.has("maxProperties") && v.size() > s.get("maxProperties").asInt()) {
                return false;
            }
            for (JsonNode r : s.path("required")) {
                if (!v.has(r.asText())) {
                    return false;
                }
            }
            JsonNode props = s.path("properties");
            for (Iterator<Map.Entry<String, JsonNode>> it = v.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> f = it.next();
                if (props.has(f.getKey())) {
                    if (!valid(f.getValue(), props.get(f.getKey()))) {
                        return false;
                    }
                } else if (s.path("additionalProperties").isBoolean() && !s.get("additionalProperties").asBoolean()) {
                    return false;
                }
            }
        }
        return true;
    }

    private static boolean same(JsonNode a, JsonNode b) {
        if (a.isNumber() && b.isNumber()) {
            return a.decimalValue().compareTo(b.decimalValue()) == 0;
        }
        return a.equals(b);
    }

    private static boolean hasType(JsonNode v, String t) {
        return switch (t) {
            case "object" -> v.isObject();
            case "array" -> v.isArray();
            case "string" -> v.isTextual();
            case "boolean" -> v.isBoolean();
            case "integer" -> v.isIntegralNumber() || v.isNumber() && v.decimalValue().stripTrailingZeros().scale() <= 0;
            case "number" -> v.isNumber();
            case "null" -> v.isNull();
            default -> throw new IllegalArgumentException(t);
        };
    }

    // ------------------------------------------------------------ the corpus

    static List<List<String>> corpus() throws Exception {
        List<List<String>> traces = new ArrayList<>();
        for (String dir : new String[] {"/traces/accepted", "/traces/rejected", "/native/traces"}) {
            try (Stream<Path> files = Files.list(resource(dir))) {
                for (Path p : files.filter(f -> f.toString().endsWith(".ndjson")).sorted().toList()) {
                    traces.add(Files.readAllLines(p, StandardCharsets.UTF_8));
                }
            }
        }
        // the kmod run's stream: one trace per header
        List<String> cur = null;
        for (String l : Files.readAllLines(resource("/native/kmod/trace.ndjson"), StandardCharsets.UTF_8)) {
            if (l.startsWith("{\"type\":\"header\"")) {
                cur = new ArrayList<>();
                traces.add(cur);
            }
            if (cur != null && !l.isBlank()) {
                cur.add(l);
            }
        }
        return traces;
    }

    private static Path resource(String name) throws URISyntaxException {
        return Path.of(SchemaAgreementTest.class.getResource(name).toURI());
    }

    /** The reader's error on the given lines, or null if it read them all (a missing end record is not an error here). */
    static TraceFormatException read(List<String> lines) {
        try (TraceReader r = new TraceReader(new ByteArrayInputStream((String.join("\n", lines) + "\n").getBytes(StandardCharsets.UTF_8)), "t.ndjson")) {
            while (r.next() != null) {
                // drain
            }
            return null;
        } catch (TraceFormatException e) {
            return e.line() > lines.size() ? null : e;
        }
    }

    @Test
    void everyRecordOfTheCorpusIsSchemaValidAndRead() throws Exception {
        int records = 0;
        for (List<String> t : corpus()) {
            TraceFormatException e = read(t);
            if (e != null) {
                fail("corpus trace refused by the reader: " + e.getMessage());
            }
            for (String l : t) {
                assertTrue(valid(JSON.readTree(l), SCHEMA), "schema-invalid corpus record: " + l);
                records++;
            }
        }
        assertTrue(records > 1000, "corpus too small: " + records);
    }

    /** The names the schema lists are the names the reader knows, field by field. */
    @Test
    void schemaAndReaderKnowTheSameNames() {
        JsonNode defs = SCHEMA.get("$defs");
        TreeSet<String> args = new TreeSet<>();
        defs.get("args").get("properties").fieldNames().forEachRemaining(args::add);
        TreeSet<String> readerArgs = new TreeSet<>();
        for (Op op : Op.values()) {
            for (String a : args) {
                if (op.allowsArg(a)) {
                    readerArgs.add(a);
                }
            }
        }
        assertEquals(args, readerArgs, "an argument in the schema that no op takes");
        TreeSet<String> ops = new TreeSet<>();
        defs.get("op").get("enum").forEach(o -> ops.add(o.asText()));
        TreeSet<String> readerOps = new TreeSet<>();
        for (Op op : Op.values()) {
            readerOps.add(op.wire());
        }
        assertEquals(readerOps, ops);
        TreeSet<String> errnos = new TreeSet<>();
        defs.get("errnoName").get("enum").forEach(e -> errnos.add(e.asText()));
        assertEquals(new TreeSet<>(Errno.NAMES), errnos);
    }

    private static final JsonNodeFactory N = JsonNodeFactory.instance;

    private static List<JsonNode> pool() {
        List<JsonNode> p = new ArrayList<>(List.of(N.numberNode(0), N.numberNode(-1), N.numberNode(7),
                N.numberNode(new BigInteger("9223372036854775808")), N.numberNode(new BigDecimal("1.5")), N.textNode(""),
                N.textNode("x"), N.textNode("EFOO"), N.textNode("EBUSY"), N.textNode("MAX"), N.textNode("READ"),
                N.textNode("BIDIRECTIONAL"), N.textNode("VRAM"), N.textNode("R3"), N.booleanNode(true), N.nullNode(),
                N.arrayNode(), N.arrayNode().add("f1"), N.arrayNode().add(1), N.objectNode()));
        return p;
    }

    /** Paths (as lists of names/indices) of every value in a record. */
    private static void paths(JsonNode n, List<Object> at, List<List<Object>> out) {
        if (!at.isEmpty()) {
            out.add(List.copyOf(at));
        }
        if (n.isObject()) {
            n.fieldNames().forEachRemaining(f -> {
                at.add(f);
                paths(n.get(f), at, out);
                at.remove(at.size() - 1);
            });
        } else if (n.isArray()) {
            for (int i = 0; i < n.size(); i++) {
                at.add(i);
                paths(n.get(i), at, out);
                at.remove(at.size() - 1);
            }
        }
    }

    private static String dotted(List<Object> path) {
        StringBuilder sb = new StringBuilder();
        for (Object p : path) {
            if (p instanceof Integer i) {
                sb.append('[').append(i).append(']');
            } else {
                sb.append(sb.length() == 0 ? "" : ".").append(p);
            }
        }
        return sb.toString();
    }

    /** Reader refusals of a schema-valid record must come from rules across records, never from a shape or type rule. */
    private static final String[] SHAPE_RULES = {"must be a ", "must be an ", "must be one of", "duplicate field", "malformed JSON",
            "unknown event field", "unknown header field", "unknown end field", "unknown observed-state field", "unknown field",
            "beyond 64 bits", "missing required field", "errno name", "must list rule ids", "must not be empty"};

    @Test
    void schemaInvalidMutantsAreRefusedNamingTheFieldAndValidOnesOnlyByCrossRecordRules() throws Exception {
        List<List<String>> corpus = corpus();
        List<JsonNode> pool = pool();
        Random rnd = new Random(20);
        int invalid = 0;
        int validRead = 0;
        for (int k = 0; k < 1500; k++) {
            List<String> t = corpus.get(rnd.nextInt(corpus.size()));
            int li = rnd.nextInt(Math.min(t.size(), 40));
            ObjectNode rec = (ObjectNode) JSON.readTree(t.get(li));
            List<List<Object>> ps = new ArrayList<>();
            paths(rec, new ArrayList<>(), ps);
            List<Object> path = ps.get(rnd.nextInt(ps.size()));
            JsonNode parent = rec;
            for (Object p : path.subList(0, path.size() - 1)) {
                parent = p instanceof Integer i ? parent.get(i) : parent.get((String) p);
            }
            Object last = path.get(path.size() - 1);
            String field = dotted(path);
            int how = rnd.nextInt(10);
            if (how == 0 && parent instanceof ObjectNode o) {
                o.remove((String) last);
            } else if (how == 1 && parent instanceof ObjectNode o) {
                o.set("zz", pool.get(rnd.nextInt(pool.size())));
                field = dotted(path.subList(0, path.size() - 1));
                field = field.isEmpty() ? "zz" : field + ".zz";
            } else if (parent instanceof ObjectNode o) {
                o.set((String) last, pool.get(rnd.nextInt(pool.size())));
            } else {
                ((ArrayNode) parent).set((Integer) last, pool.get(rnd.nextInt(pool.size())));
            }
            String line = JSON.writeValueAsString(rec);
            List<String> mutated = new ArrayList<>(t.subList(0, li));
            mutated.add(line);
            TraceFormatException e = read(mutated);
            boolean atLine = e != null && e.line() == li + 1;
            if (!valid(rec, SCHEMA)) {
                invalid++;
                assertTrue(atLine, "schema-invalid record read without error: " + line + (e == null ? "" : " (" + e.getMessage() + ")"));
                String expected = field;
                // a removed field or a wrong record type is reported by name or as the record; a type error within a list by the list
                boolean named = e.field().equals("record") || e.field().equals("type") || expected.startsWith(e.field().replaceAll("\\[\\d+]$", ""))
                        || e.field().startsWith(expected.replaceAll("\\[\\d+]$", "")) || how == 0 || path.get(0).equals("type");
                assertTrue(named, "refused naming '" + e.field() + "' instead of '" + expected + "': " + e.getMessage());
            } else if (atLine) {
                for (String rule : SHAPE_RULES) {
                    assertTrue(!e.getMessage().contains(rule), "schema-valid record refused by a shape rule: " + line + " -> " + e.getMessage());
                }
            } else {
                validRead++;
            }
        }
        // both directions were exercised
        assertTrue(invalid > 250 && validRead > 60, invalid + " invalid, " + validRead + " valid and read");
    }
}
