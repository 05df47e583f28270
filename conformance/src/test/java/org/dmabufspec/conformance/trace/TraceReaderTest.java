package org.dmabufspec.conformance.trace;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.stream.Stream;
import org.dmabufspec.trace.KernelBehaviour;
import org.dmabufspec.trace.Op;
import org.dmabufspec.trace.TraceEvent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import org.junit.jupiter.api.parallel.Isolated;

/** Each kind of bad input gives one clear error naming the line and the field. */
@Isolated
class TraceReaderTest {
    static final String HEADER = "{\"type\":\"header\",\"format\":\"dmabuf-trace\",\"version\":1,"
            + "\"implementation\":{\"name\":\"native-uapi\",\"version\":\"1\"},\"kernel\":{\"behaviour\":\"6.15\",\"move_notify\":true},\"clock\":\"logical\"}";
    static final String EXPORT = "{\"type\":\"event\",\"seq\":1,\"thread\":\"t\",\"start\":1,\"end\":2,\"op\":\"dma_buf_export\",\"buf\":\"b1\",\"args\":{\"exporter\":\"x\",\"dynamic\":false},\"result\":0}";
    static final String LOCK = "{\"type\":\"event\",\"seq\":2,\"thread\":\"t\",\"start\":3,\"end\":4,\"op\":\"dma_resv_lock\",\"buf\":\"b1\",\"result\":0}";

    static TraceReader reader(String text) throws TraceFormatException {
        return new TraceReader(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)), "t.ndjson");
    }

    static void readAll(String text) throws TraceFormatException {
        try (TraceReader r = reader(text)) {
            while (r.next() != null) {
                // drain
            }
        }
    }

    static Stream<Arguments> badTraces() {
        return Stream.of(
                Arguments.of("emptyFile", "", 1, "type", "empty file"),
                Arguments.of("malformedJson", HEADER + "\n{\"type\":\"event\",\"seq\":1,,}\n", 2, "seq", "malformed JSON"),
                Arguments.of("missingRequiredField", HEADER + "\n" + EXPORT.replace("\"thread\":\"t\",", "") + "\n", 2, "thread", "missing required field"),
                Arguments.of("unknownOperation", HEADER + "\n" + EXPORT.replace("dma_buf_export", "dma_buf_frobnicate") + "\n", 2, "op", "unknown operation 'dma_buf_frobnicate'"),
                Arguments.of("unknownAttachment", HEADER + "\n" + EXPORT + "\n{\"type\":\"event\",\"seq\":2,\"thread\":\"t\",\"start\":3,\"end\":4,\"op\":\"dma_buf_detach\",\"buf\":\"b1\",\"attach\":\"a9\",\"result\":0}\n", 3, "attach", "unknown attach 'a9'"),
                Arguments.of("timeGoesBackwardsInAThread", HEADER + "\n" + EXPORT.replace("\"start\":1,\"end\":2", "\"start\":5,\"end\":6") + "\n" + LOCK + "\n", 3, "start", "time goes backwards in thread 't'"),
                Arguments.of("truncatedLastLine", HEADER + "\n" + EXPORT + "\n{\"type\":\"event\",\"seq\":2,\"thr", 3, "seq", "line cut short"),
                Arguments.of("missingEndRecord", HEADER + "\n" + EXPORT + "\n", 3, "type", "missing end record"),
                Arguments.of("eventCountMismatch", HEADER + "\n" + EXPORT + "\n{\"type\":\"end\",\"events\":5,\"status\":\"complete\"}\n", 3, "events", "counts 5 events but the trace has 1"),
                Arguments.of("unknownField", HEADER + "\n" + EXPORT.replace("\"result\":0", "\"result\":0,\"colour\":\"red\"") + "\n", 2, "colour", "unknown event field"),
                Arguments.of("unknownKernelBehaviour", HEADER.replace("\"6.15\"", "\"5.4\""), 1, "kernel.behaviour", "must be one of"),
                Arguments.of("badDirection", HEADER + "\n" + EXPORT + "\n{\"type\":\"event\",\"seq\":2,\"thread\":\"t\",\"start\":3,\"end\":4,\"op\":\"dma_buf_begin_cpu_access\",\"buf\":\"b1\",\"args\":{\"dir\":\"SIDEWAYS\"},\"result\":0}\n", 3, "args.dir", "must be one of"),
                Arguments.of("seqNotIncreasing", HEADER + "\n" + EXPORT + "\n" + LOCK.replace("\"seq\":2", "\"seq\":1") + "\n", 3, "seq", "must increase strictly"),
                Arguments.of("twoRecordsOnOneLine", HEADER + "\n" + EXPORT + LOCK + "\n", 2, "record", "one record per line"),
                Arguments.of("recordAfterEnd", HEADER + "\n" + EXPORT + "\n{\"type\":\"end\",\"events\":1,\"status\":\"complete\"}\n" + LOCK + "\n", 4, "record", "after the end record"),
                Arguments.of("firstRecordNotHeader", EXPORT + "\n", 1, "type", "must be the header"),
                Arguments.of("idCreatedTwice", HEADER + "\n" + EXPORT + "\n" + EXPORT.replace("\"seq\":1", "\"seq\":2") + "\n", 3, "buf", "created a second time"),
                Arguments.of("resultNotAnErrno", HEADER + "\n" + EXPORT.replace("\"result\":0", "\"result\":-16") + "\n", 2, "result", "must be 0 or an errno name"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badTraces")
    void badInputNamesLineAndField(String name, String text, long line, String field, String message) {
        TraceFormatException e = assertThrows(TraceFormatException.class, () -> readAll(text));
        assertEquals(line, e.line(), e.getMessage());
        assertEquals(field, e.field(), e.getMessage());
        assertTrue(e.getMessage().contains(message), e.getMessage());
        assertTrue(e.getMessage().startsWith("t.ndjson:" + line), e.getMessage());
    }

    @Test
    void wellFormedTraceIsReadInOrder() throws Exception {
        try (TraceReader r = reader(HEADER + "\n" + EXPORT + "\n" + LOCK + "\n{\"type\":\"end\",\"events\":2,\"status\":\"complete\"}\n")) {
            assertEquals(KernelBehaviour.Label.V6_15, r.header().behaviour().label());
            TraceEvent e1 = r.next();
            assertEquals(Op.DMA_BUF_EXPORT, e1.op());
            assertEquals(Boolean.FALSE, e1.argBool("dynamic"));
            assertEquals(Op.DMA_RESV_LOCK, r.next().op());
            assertNull(r.next());
            assertNotNull(r.end());
            assertTrue(r.end().complete());
        }
    }

    /** The reader keeps an event's misuse (informational, the checker ignores it) on that event only. */
    @Test
    void misuseIsKeptOnItsEventAndNotTheNext() throws Exception {
        String lockMisuse = LOCK.replace("\"result\":0}", "\"result\":0,\"misuse\":[\"R3\"]}");
        String unlock = LOCK.replace("\"seq\":2", "\"seq\":3").replace("\"start\":3,\"end\":4", "\"start\":5,\"end\":6")
                .replace("dma_resv_lock", "dma_resv_unlock");
        try (TraceReader r = reader(HEADER + "\n" + EXPORT + "\n" + lockMisuse + "\n" + unlock + "\n")) {
            assertNull(r.next().misuse());
            assertEquals(java.util.List.of("R3"), r.next().misuse());
            assertNull(r.next().misuse());
        }
    }

    @Test
    void callbackLoggedBeforeItsCallerMayUseTheIdTheCallerCreates() throws Exception {
        String cb = "{\"type\":\"event\",\"seq\":2,\"thread\":\"t\",\"start\":4,\"end\":5,\"op\":\"exporter.attach\",\"caller\":3,\"buf\":\"b1\",\"attach\":\"a1\",\"result\":0}";
        String attach = "{\"type\":\"event\",\"seq\":3,\"thread\":\"t\",\"start\":3,\"end\":6,\"op\":\"dma_buf_attach\",\"buf\":\"b1\",\"attach\":\"a1\",\"dev\":\"d\",\"result\":0}";
        readAll(HEADER + "\n" + EXPORT + "\n" + cb + "\n" + attach + "\n{\"type\":\"end\",\"events\":3,\"status\":\"complete\"}\n");
    }

    /**
     * 4-thread simulate: t1's dma_buf_dynamic_attach lists a1 (exporter.attach logged) before it returns,
     * and t0's dma_buf_move_notify, logged in between, already notifies a1.
     */
    private static String concurrentAttachAndMoveNotify(boolean attachCreatesA1) {
        String cb = "{\"type\":\"event\",\"seq\":2,\"thread\":\"t1\",\"start\":4,\"end\":5,\"op\":\"exporter.attach\",\"caller\":5,\"buf\":\"b1\",\"attach\":\"a1\",\"result\":0}";
        String notify = "{\"type\":\"event\",\"seq\":3,\"thread\":\"t0\",\"start\":7,\"end\":8,\"op\":\"importer.move_notify\",\"caller\":4,\"buf\":\"b1\",\"attach\":\"a1\",\"result\":0}";
        String move = "{\"type\":\"event\",\"seq\":4,\"thread\":\"t0\",\"start\":6,\"end\":9,\"op\":\"dma_buf_move_notify\",\"buf\":\"b1\",\"result\":0}";
        String attach = "{\"type\":\"event\",\"seq\":5,\"thread\":\"t1\",\"start\":3,\"end\":10,\"op\":\"dma_buf_dynamic_attach\",\"buf\":\"b1\",\"attach\":\""
                + (attachCreatesA1 ? "a1" : "a2") + "\",\"dev\":\"d\",\"args\":{\"move_notify\":true},\"result\":0}";
        return HEADER + "\n" + EXPORT + "\n" + cb + "\n" + notify + "\n" + move + "\n" + attach + "\n{\"type\":\"end\",\"events\":5,\"status\":\"complete\"}\n";
    }

    @Test
    void concurrentMoveNotifyMayNameAnAttachmentWhoseAttachHasNotReturned() throws Exception {
        readAll(concurrentAttachAndMoveNotify(true));
        TraceFormatException e = assertThrows(TraceFormatException.class, () -> readAll(concurrentAttachAndMoveNotify(false)));
        assertTrue(e.getMessage().contains("unknown attach 'a1'"), e.getMessage());
    }

    /** A gigabyte-long line (a runaway writer) fails at the string limit instead of filling the heap. */
    @Test
    void gigabyteLongLineFailsFastInBoundedMemory() {
        byte[] head = (HEADER + "\n{\"type\":\"event\",\"thread\":\"").getBytes(StandardCharsets.UTF_8);
        InputStream huge = new InputStream() {
            long pos;

            @Override
            public int read() {
                if (pos >= 1L << 30) {
                    return -1;
                }
                return pos < head.length ? head[(int) pos++] : (int) (pos++ % 26) + (int) 'a';
            }
        };
        TraceFormatException e = assertThrows(TraceFormatException.class, () -> {
            try (TraceReader r = new TraceReader(huge, "huge.ndjson")) {
                r.next();
            }
        });
        assertEquals(2, e.line());
        assertTrue(e.getMessage().contains("per-record limit"), e.getMessage());
    }

    /** The reader reads lines itself, not through a parser that owns the file: close() must still close it. */
    @Test
    void closingTheReaderClosesTheFile(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
        java.nio.file.Path fds = java.nio.file.Path.of("/proc/self/fd");
        org.junit.jupiter.api.Assumptions.assumeTrue(java.nio.file.Files.isDirectory(fds), "needs /proc/self/fd");
        java.nio.file.Path t = dir.resolve("t.ndjson");
        java.nio.file.Files.writeString(t, HEADER + "\n" + EXPORT + "\n{\"type\":\"end\",\"events\":1,\"status\":\"complete\"}\n");
        long before;
        try (var s = java.nio.file.Files.list(fds)) {
            before = s.count();
        }
        for (int i = 0; i < 200; i++) {
            try (TraceReader r = new TraceReader(t)) {
                r.next();
            }
        }
        long after;
        try (var s = java.nio.file.Files.list(fds)) {
            after = s.count();
        }
        assertTrue(after < before + 50, before + " open files before, " + after + " after 200 readers");
    }

    /** What `validate` prints every 10 s on a long trace: the line the reader reached, readable from another thread. */
    @Test
    void progressLineFollowsTheReader() throws Exception {
        StringBuilder sb = new StringBuilder(HEADER).append('\n').append(EXPORT).append('\n');
        for (int i = 2; i <= 3001; i++) {
            sb.append(LOCK.replace("\"seq\":2", "\"seq\":" + i).replace("\"start\":3,\"end\":4", "\"start\":" + (2 * i) + ",\"end\":" + (2 * i + 1))
                    .replace("dma_resv_lock", i % 2 == 0 ? "dma_resv_lock" : "dma_resv_unlock")).append('\n');
        }
        sb.append("{\"type\":\"end\",\"events\":3001,\"status\":\"complete\"}\n");
        try (TraceReader r = reader(sb.toString())) {
            assertEquals(0, r.progressLine());
            for (int i = 0; i < 2100; i++) {
                r.next();
            }
            assertEquals(2048, r.progressLine(), "updated every 1,024 lines");
            while (r.next() != null) {
                // drain
            }
            assertEquals(3003, r.progressLine(), "the end record's line once the trace is read");
        }
    }
}
