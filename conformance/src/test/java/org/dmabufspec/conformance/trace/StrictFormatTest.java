package org.dmabufspec.conformance.trace;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.stream.Stream;

import static org.dmabufspec.conformance.trace.TraceReaderTest.EXPORT;
import static org.dmabufspec.conformance.trace.TraceReaderTest.HEADER;
import static org.dmabufspec.conformance.trace.TraceReaderTest.LOCK;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 20: format violations the reader used to accept, and messages that named no field, each
 * a one-line bad-input error naming file, line and field.
 */
class StrictFormatTest {
    private static final String END1 = "{\"type\":\"end\",\"events\":1,\"status\":\"complete\"}";
    private static final String END2 = "{\"type\":\"end\",\"events\":2,\"status\":\"complete\"}";

    private static String event(String op, String ids, String args, String result) {
        return "{\"type\":\"event\",\"seq\":2,\"thread\":\"t\",\"start\":3,\"end\":4,\"op\":\"" + op + "\"," + ids
                + (args == null ? "" : ",\"args\":" + args) + ",\"result\":" + result + "}";
    }

    private static String lines(String... l) {
        return String.join("\n", l) + "\n";
    }

    static Stream<Arguments> violations() {
        String sync = event("DMA_BUF_IOCTL_SYNC", "\"buf\":\"b1\"", "{\"flags\":\"START|READ\"}", "0");
        return Stream.of(
                Arguments.of("duplicate key in the end record", lines(HEADER, EXPORT,
                        "{\"type\":\"end\",\"events\":1,\"status\":\"complete\",\"status\":\"aborted\"}"), 3, "status", "duplicate field"),
                Arguments.of("duplicate key in the header's kernel object (last would win)", lines(HEADER.replace(
                        "\"behaviour\":\"6.15\"", "\"behaviour\":\"6.2\",\"behaviour\":\"7.1\""), EXPORT, END1), 1, "kernel.behaviour", "duplicate field"),
                Arguments.of("duplicate key in an observed fence", lines(HEADER, EXPORT.replace("\"result\":0",
                        "\"result\":0,\"state\":{\"fences\":[{\"fence\":\"f1\",\"usage\":\"READ\",\"usage\":\"WRITE\",\"signaled\":true}]}"), END1),
                        2, "state.fences[0].usage", "duplicate field"),
                Arguments.of("duplicate event field", lines(HEADER, EXPORT.replace("\"thread\":\"t\"", "\"thread\":\"t\",\"thread\":\"u\""), END1),
                        2, "thread", "duplicate field"),
                Arguments.of("duplicate type", lines(HEADER, EXPORT.replace("\"type\":\"event\"", "\"type\":\"event\",\"type\":\"event\""), END1),
                        2, "type", "duplicate field"),
                Arguments.of("duplicate misuse", lines(HEADER, EXPORT.replace("\"result\":0", "\"result\":0,\"misuse\":[],\"misuse\":[\"R3\"]"), END1),
                        2, "misuse", "duplicate field"),
                Arguments.of("duplicate observed-state field", lines(HEADER, EXPORT.replace("\"result\":0",
                        "\"result\":0,\"state\":{\"pin_count\":0,\"pin_count\":1}"), END1), 2, "state.pin_count", "duplicate field"),
                Arguments.of("duplicate header field", lines(HEADER.replace("\"clock\":\"logical\"", "\"clock\":\"logical\",\"clock\":\"logical\""), EXPORT, END1),
                        1, "clock", "duplicate field"),
                Arguments.of("duplicate implementation field", lines(HEADER.replace("\"version\":\"1\"", "\"version\":\"1\",\"version\":\"2\""), EXPORT, END1),
                        1, "implementation.version", "duplicate field"),
                Arguments.of("kernel.dmabuf_debug not a boolean", lines(HEADER.replace("\"move_notify\":true", "\"move_notify\":true,\"dmabuf_debug\":\"x\""),
                        EXPORT, END1), 1, "kernel.dmabuf_debug", "must be a boolean"),
                Arguments.of("kernel.release not a string", lines(HEADER.replace("\"move_notify\":true", "\"move_notify\":true,\"release\":612"),
                        EXPORT, END1), 1, "kernel.release", "must be a string"),
                Arguments.of("kernel.lockdep null", lines(HEADER.replace("\"move_notify\":true", "\"move_notify\":true,\"lockdep\":null"),
                        EXPORT, END1), 1, "kernel.lockdep", "must be a string, integer or boolean"),
                Arguments.of("caller naming a seq that never comes (complete run)", lines(HEADER, EXPORT,
                        LOCK.replace("\"op\"", "\"caller\":9,\"op\""), END2), 3, "caller", "names seq 9, which is not in the trace"),
                Arguments.of("caller naming a skipped seq", lines(HEADER, EXPORT, LOCK.replace("\"seq\":2", "\"seq\":5"),
                        LOCK.replace("\"seq\":2", "\"seq\":6").replace("\"start\":3,\"end\":4", "\"start\":5,\"end\":6").replace("\"op\"", "\"caller\":3,\"op\""),
                        END2.replace("2", "3")), 4, "caller", "names seq 3, which is not in the trace"),
                Arguments.of("unknown errno name", lines(HEADER, EXPORT, LOCK.replace("\"result\":0", "\"result\":\"EFOO\""), END2),
                        3, "result", "unknown errno name \"EFOO\""),
                Arguments.of("unknown errno name in args.error", lines(HEADER, "{\"type\":\"event\",\"seq\":1,\"thread\":\"t\",\"start\":1,\"end\":2,"
                        + "\"op\":\"dma_fence_init\",\"fence\":\"f1\",\"args\":{\"context\":1,\"seqno\":1},\"result\":0}",
                        event("dma_fence_set_error", "\"fence\":\"f1\"", "{\"error\":\"EWHATEVER\"}", "0"), END2), 3, "args.error", "errno name"),
                Arguments.of("integer args.flags", lines(HEADER, EXPORT, sync.replace("\"START|READ\"", "3"), END2), 3, "args.flags", "must be a string"),
                Arguments.of("list where a string belongs", lines(HEADER, EXPORT, sync.replace("\"START|READ\"", "[\"START\"]"), END2),
                        3, "args.flags", "must be a string"),
                Arguments.of("negative size", lines(HEADER, EXPORT.replace("\"dynamic\":false", "\"dynamic\":false,\"size\":-1"), END1),
                        2, "args.size", ">= 0"),
                Arguments.of("record pretty-printed over several lines", lines(HEADER, "{\"type\":\"event\",", "  \"seq\":1}", END1),
                        2, "type", "does not end on this line"),
                Arguments.of("record opened alone on its line", lines(HEADER, "{", END1), 2, "record", "does not end on this line"),
                Arguments.of("line cut short in the middle of the file, reported on its own line", lines(HEADER,
                        EXPORT.substring(0, 40), LOCK, END2), 2, "thread", "does not end on this line"),
                Arguments.of("2^63 as result", lines(HEADER, EXPORT.replace("\"result\":0", "\"result\":9223372036854775808"), END1),
                        2, "result", "beyond 64 bits"),
                Arguments.of("2^63 as ret", lines(HEADER, EXPORT, LOCK.replace("\"result\":0", "\"result\":0,\"ret\":9223372036854775808"), END2),
                        3, "ret", "beyond 64 bits"),
                Arguments.of("2^63 as args.size", lines(HEADER, EXPORT.replace("\"dynamic\":false", "\"dynamic\":false,\"size\":9223372036854775808"), END1),
                        2, "args.size", "beyond 64 bits"),
                Arguments.of("2^63 as seq", lines(HEADER, EXPORT.replace("\"seq\":1", "\"seq\":9223372036854775808"), END1),
                        2, "seq", "beyond 64 bits"),
                Arguments.of("a 60-digit number", lines(HEADER, EXPORT.replace("\"start\":1", "\"start\":" + "9".repeat(60)), END1),
                        2, "start", "longer than 40 digits"),
                // the reader refuses the first level of nesting the format has no place for, long before the depth limit
                Arguments.of("deep nesting", lines(HEADER, EXPORT.replace("\"dynamic\":false",
                        "\"dynamic\":false,\"seals\":" + "[".repeat(12) + "]".repeat(12)), END1), 2, "args.seals", "must be a list of strings"),
                Arguments.of("string longer than the limit", lines(HEADER, EXPORT.replace("\"thread\":\"t\"", "\"thread\":\"" + "t".repeat(70_000) + "\""), END1),
                        2, "thread", "string longer than 65536"),
                Arguments.of("more args than the limit", lines(HEADER, EXPORT.replace("\"dynamic\":false", "\"dynamic\":false" + manyArgs(30)), END1),
                        2, "args.x14", "more than 16 arguments"),
                Arguments.of("a list longer than the limit", lines(HEADER, EXPORT, event("dma_resv_get_fences", "\"buf\":\"b1\",\"fences\":" + fences(2000),
                        "{\"usage\":\"READ\"}", "0"), END2), 3, "fences", "more than 1024 entries"),
                Arguments.of("misuse entry not a rule id", lines(HEADER, EXPORT.replace("\"result\":0", "\"result\":0,\"misuse\":[\"oops\"]"), END1),
                        2, "misuse", "rule ids"),
                Arguments.of("observed fence without usage", lines(HEADER, EXPORT.replace("\"result\":0",
                        "\"result\":0,\"state\":{\"fences\":[{\"fence\":\"f1\",\"signaled\":true}]}"), END1), 2, "state.fences[0].usage", "must be one of"),
                Arguments.of("unknown placement", lines(HEADER, EXPORT.replace("\"dynamic\":false", "\"dynamic\":false,\"placement\":\"MOON\""), END1),
                        2, "args.placement", "must be one of"),
                // found by TraceFuzzTest (Jazzer): the field name went into the message as it was
                Arguments.of("an empty field name", lines(HEADER, EXPORT.replace("\"thread\":\"t\"", "\"thread\":\"t\",\"\":0"), END1),
                        2, "", "field '': unknown event field"),
                Arguments.of("a field name with a line break, a quote and a backslash", lines(HEADER,
                        EXPORT.replace("\"thread\":\"t\"", "\"thread\":\"t\",\"a\\nb'c\\\\\":0"), END1),
                        2, "a\nb'c\\", "field 'a\\u000ab\\'c\\\\': unknown event field"),
                Arguments.of("a 10,000-character field name", lines(HEADER, EXPORT.replace("\"thread\":\"t\"",
                        "\"thread\":\"t\",\"" + "k".repeat(10_000) + "\":0"), END1), 2, "k".repeat(10_000), "field '" + "k".repeat(64) + "...': unknown"),
                Arguments.of("garbage after the record", lines(HEADER, EXPORT + " x", END1), 2, "record", "malformed JSON"),
                Arguments.of("a bare number line", lines(HEADER, "42", END1), 2, "record", "one JSON object"));
    }

    private static String manyArgs(int n) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < n; i++) {
            sb.append(",\"x").append(i).append("\":1");
        }
        return sb.toString();
    }

    private static String fences(int n) {
        StringBuilder sb = new StringBuilder("[");
        for (int i = 0; i < n; i++) {
            sb.append(i == 0 ? "" : ",").append("\"f").append(i).append('"');
        }
        return sb.append(']').toString();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("violations")
    void violationIsBadInputNamingLineAndField(String scenario, String text, long line, String field, String message) {
        TraceFormatException e = assertThrows(TraceFormatException.class, () -> TraceReaderTest.readAll(text));
        assertEquals(line, e.line(), e.getMessage());
        assertEquals(field, e.field(), e.getMessage());
        assertTrue(e.getMessage().contains(message), e.getMessage());
        assertOneCleanLine(e.getMessage(), line);
    }

    static void assertOneCleanLine(String m, long line) {
        assertTrue(m.startsWith("t.ndjson:" + line + ": "), m);
        assertFalse(m.contains("\n") || m.contains("\r"), m);
        for (String internal : new String[] {"fasterxml", "StreamRead", "JsonParser", "`", "[Source", "REDACTED"}) {
            assertFalse(m.contains(internal), m);
        }
        assertTrue(m.contains(": field '") || m.contains(": record: "), m);
        assertTrue(m.length() < 400, m);
    }

    /** Bytes that are not UTF-8, each at a different field. */
    static Stream<Arguments> invalidUtf8() {
        return Stream.of(
                Arguments.of("encoded surrogate (CESU-8) in thread", "thread", new byte[] {(byte) 0xED, (byte) 0xA0, (byte) 0x80}),
                Arguments.of("encoded surrogate pair in thread", "thread",
                        new byte[] {(byte) 0xED, (byte) 0xA0, (byte) 0xBD, (byte) 0xED, (byte) 0xB8, (byte) 0x80}),
                Arguments.of("overlong '/' in thread", "thread", new byte[] {(byte) 0xC0, (byte) 0xAF}),
                Arguments.of("beyond U+10FFFF in thread", "thread", new byte[] {(byte) 0xF4, (byte) 0x90, (byte) 0x80, (byte) 0x80}),
                Arguments.of("lone continuation byte in thread", "thread", new byte[] {(byte) 0x80}),
                Arguments.of("truncated sequence at the end of a string", "thread", new byte[] {(byte) 0xE2, (byte) 0x82}));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalidUtf8")
    void invalidUtf8IsBadInputNamingTheField(String scenario, String field, byte[] bad) throws Exception {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        b.write((HEADER + "\n").getBytes(StandardCharsets.UTF_8));
        int at = EXPORT.indexOf("\"thread\":\"t") + "\"thread\":\"t".length();
        b.write(EXPORT.substring(0, at).getBytes(StandardCharsets.UTF_8));
        b.write(bad);
        b.write((EXPORT.substring(at) + "\n" + END1 + "\n").getBytes(StandardCharsets.UTF_8));
        TraceFormatException e = assertThrows(TraceFormatException.class, () -> {
            try (TraceReader r = new TraceReader(new ByteArrayInputStream(b.toByteArray()), "t.ndjson")) {
                while (r.next() != null) {
                    // drain
                }
            }
        });
        assertEquals(2, e.line(), e.getMessage());
        assertEquals(field, e.field(), e.getMessage());
        assertTrue(e.getMessage().contains("invalid UTF-8"), e.getMessage());
        assertOneCleanLine(e.getMessage(), 2);
    }

    @Test
    void validMultibyteUtf8IsRead() throws Exception {
        // 2-, 3- and 4-byte characters (é, €, 😀) in a free-text field
        TraceReaderTest.readAll(lines(HEADER.replace("\"clock\":\"logical\"", "\"clock\":\"logical\",\"scenario\":\"caf\u00e9 \u20ac \uD83D\uDE00\""), EXPORT, END1));
    }

    @Test
    void anAbortedRunMayEndWithCalleesWhoseCallerNeverReturned() throws Exception {
        TraceReaderTest.readAll(lines(HEADER, EXPORT, LOCK.replace("\"op\"", "\"caller\":9,\"op\""),
                "{\"type\":\"end\",\"events\":2,\"status\":\"aborted\",\"reason\":\"killed\"}"));
    }

    @Test
    void recordsAtTheLimitsAreRead() throws Exception {
        // 16 args is allowed (checked against the op afterwards), a list of 1024 fences too
        TraceReaderTest.readAll(lines(HEADER, EXPORT, event("dma_resv_get_fences", "\"buf\":\"b1\",\"fences\":" + fences(1024),
                "{\"usage\":\"READ\"}", "0"), END2));
    }
}
