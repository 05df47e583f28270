package org.dmabufspec.conformance.trace;

import org.dmabufspec.conformance.fuzz.TraceMutator;
import org.dmabufspec.trace.TraceEnd;
import org.dmabufspec.trace.TraceEvent;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The reader's line scanner (FastTokens) against Jackson alone: on the corpus and native traces,
 * on thousands of seeded mutants of them (TraceMutator: broken bytes, invalid UTF-8, numbers
 * beyond 64 bits, deep nesting, huge lists, long strings, duplicate keys, records over several
 * lines) and on hand-made lines at the edges of the scanner's shape, reading with the scanner
 * must give the same events, or the same error message, as reading every line with Jackson.
 */
class LineScannerAgreementTest {
    private static final String HEADER = "{\"type\":\"header\",\"format\":\"dmabuf-trace\",\"version\":1,"
            + "\"implementation\":{\"name\":\"t\",\"version\":\"1\"},\"kernel\":{\"behaviour\":\"6.15\",\"move_notify\":true},\"clock\":\"logical\"}";

    /** What reading gives: every event, then the end record, or the first error. */
    private record Outcome(List<TraceEvent> events, TraceEnd end, String error, long scanned, long direct) {
        Outcome comparable() {
            return new Outcome(events, end, error, 0, 0);
        }
    }

    private static Outcome read(byte[] trace, boolean scanner) {
        List<TraceEvent> events = new ArrayList<>();
        TraceReader r = null;
        try {
            r = new TraceReader(new ByteArrayInputStream(trace), "t.ndjson", scanner);
            TraceEvent e;
            while ((e = r.next()) != null) {
                events.add(e);
            }
            return new Outcome(events, r.end(), null, r.scannedRecords(), r.directRecords());
        } catch (TraceFormatException ex) {
            return new Outcome(events, null, ex.getMessage(), r == null ? 0 : r.scannedRecords(), r == null ? 0 : r.directRecords());
        } finally {
            if (r != null) {
                r.close();
            }
        }
    }

    private static Outcome assertAgree(byte[] trace) {
        Outcome fast = read(trace, true);
        Outcome jackson = read(trace, false);
        assertEquals(jackson.comparable(), fast.comparable(), () -> "scanner and Jackson differ on:\n"
                + new String(trace, StandardCharsets.UTF_8).lines().limit(40).map(l -> l.length() > 300 ? l.substring(0, 300) + "..." : l)
                        .reduce("", (a, b) -> a + b + "\n"));
        return fast;
    }

    private static List<List<String>> seeds() throws Exception {
        List<List<String>> seeds = new ArrayList<>();
        for (String dir : new String[] {"/traces/accepted", "/traces/rejected", "/traces/oracle/accepted", "/native/traces"}) {
            try (Stream<Path> files = Files.list(resource(dir))) {
                for (Path p : files.filter(f -> f.toString().endsWith(".ndjson")).sorted().toList()) {
                    List<String> lines = Files.readAllLines(p, StandardCharsets.UTF_8);
                    seeds.add(lines.size() > 80 ? new ArrayList<>(lines.subList(0, 80)) : lines);
                }
            }
        }
        return seeds;
    }

    private static Path resource(String dir) throws URISyntaxException {
        return Path.of(LineScannerAgreementTest.class.getResource(dir).toURI());
    }

    @Test
    void corpusTracesReadTheSameAndMostRecordsTakeTheScanner() throws Exception {
        long scanned = 0;
        long direct = 0;
        long events = 0;
        for (List<String> seed : seeds()) {
            Outcome o = assertAgree((String.join("\n", seed) + "\n").getBytes(StandardCharsets.UTF_8));
            scanned += o.scanned();
            direct += o.direct();
            events += o.events().size();
        }
        // native records with bufinfo blocks (escaped tabs and newlines) go to Jackson; the rest take the scanner,
        // most of them without tokens (EventLine: records with state, fences or misuse go through FastTokens)
        assertTrue(events > 1000 && scanned > events * 3 / 4, "scanned " + scanned + " of " + events + " events");
        assertTrue(direct > events / 2, "read without tokens " + direct + " of " + events + " events");
    }

    /**
     * The common event line is read straight from the data buffered so far, its end found on the
     * way (EventLine.readLine): lines cut by the end of the buffered data (64 KB at a time) at every
     * offset, blank lines and lines of other shapes between them must read as Jackson reads them.
     */
    @Test
    void linesAcrossTheReadBuffersEdgesReadTheSame() {
        StringBuilder t = new StringBuilder(HEADER).append('\n');
        int n = 6000;
        for (int i = 1; i <= n; i++) {
            String thread = "t" + "x".repeat(i % 41); // lengths vary, so the buffer's edge falls at every offset of a line
            t.append(i % 97 == 0 ? " \t\n" : "")
                    .append("{\"type\":\"event\",\"seq\":").append(i).append(",\"thread\":\"").append(thread)
                    .append("\",\"start\":").append(2 * i).append(",\"end\":").append(2 * i + 1)
                    .append(i % 89 == 0 ? ",\"op\":\"dma_fence_in\\u0069t\"" : ",\"op\":\"dma_fence_init\"") // an escape: another reader
                    .append(",\"fence\":\"f").append(i).append("\",\"args\":{\"context\":1,\"seqno\":").append(i).append("},\"result\":0}")
                    .append(i % 101 == 0 ? " \r\n" : "\n");
        }
        t.append("{\"type\":\"end\",\"events\":").append(n).append(",\"status\":\"complete\"}\n");
        byte[] bytes = t.toString().getBytes(StandardCharsets.UTF_8);
        assertTrue(bytes.length > 6 * 65536, "the trace spans several buffers");
        Outcome o = assertAgree(bytes);
        assertEquals(n, o.events().size(), o.error());
        assertTrue(o.direct() > n * 9 / 10, "read without tokens " + o.direct() + " of " + n);
        // the same trace cut after a line that ends exactly where a buffer's data may end
        assertAgree(java.util.Arrays.copyOf(bytes, bytes.length - 1));
        assertAgree(java.util.Arrays.copyOf(bytes, 65536 * 3 + 17));
    }

    @Test
    void mutatedTracesReadTheSame() throws Exception {
        List<List<String>> seeds = seeds();
        Random rnd = new Random(20261207);
        for (int i = 0; i < 400; i++) {
            List<String> seed = seeds.get(rnd.nextInt(seeds.size()));
            if (i % 2 == 0) {
                assertAgree(TraceMutator.mutate(seed, rnd).bytes());
            } else {
                assertAgree((String.join("\n", TraceMutator.lines(seed, rnd)) + "\n").getBytes(StandardCharsets.UTF_8));
            }
        }
    }

    @Test
    void linesAtTheEdgesOfTheScannersShapeReadTheSame() {
        String ok = "{\"type\":\"event\",\"seq\":1,\"thread\":\"t\",\"start\":1,\"end\":2,\"op\":\"dma_fence_init\",\"fence\":\"f1\","
                + "\"args\":{\"context\":1,\"seqno\":1},\"result\":0}";
        List<String> variants = new ArrayList<>(List.of(
                ok,
                ok.replace(",", " , ").replace(":", " : "),
                " \t" + ok + " \r",
                ok.replace("\"seqno\":1", "\"seqno\":-0"),
                ok.replace("\"seqno\":1", "\"seqno\":-1"),
                ok.replace("\"seqno\":1", "\"seqno\":01"),
                ok.replace("\"seqno\":1", "\"seqno\":1.0"),
                ok.replace("\"seqno\":1", "\"seqno\":1e3"),
                ok.replace("\"seqno\":1", "\"seqno\":-"),
                ok.replace("\"seqno\":1", "\"seqno\":999999999999999999"),
                ok.replace("\"seqno\":1", "\"seqno\":9223372036854775807"),
                ok.replace("\"seqno\":1", "\"seqno\":9223372036854775808"),
                ok.replace("\"seqno\":1", "\"seqno\":-9223372036854775809"),
                ok.replace("\"seqno\":1", "\"seqno\":true"),
                ok.replace("\"seqno\":1", "\"seqno\":truex"),
                ok.replace("\"seqno\":1", "\"seqno\":nul"),
                ok.replace("\"seqno\":1", "\"seqno\":null"),
                ok.replace("\"seqno\":1", "\"seqno\":\"1\""),
                ok.replace("\"seqno\":1", "\"seqno\":[]"),
                ok.replace("\"seqno\":1", "\"seqno\":{}"),
                ok.replace("\"thread\":\"t\"", "\"thread\":\"t\\u0041\""),
                ok.replace("\"thread\":\"t\"", "\"thread\":\"t\\\"\""),
                ok.replace("\"thread\":\"t\"", "\"thread\":\"t\tx\""),
                ok.replace("\"thread\":\"t\"", "\"thread\":\"tö\""),
                ok.replace("\"thread\":\"t\"", "\"thread\":\"" + "x".repeat(TraceReader.MAX_STRING - 1) + "\""),
                ok.replace("\"thread\":\"t\"", "\"thread\":\"" + "x".repeat(TraceReader.MAX_STRING) + "\""),
                ok.replace("\"thread\":\"t\"", "\"thread\":\"" + "x".repeat(TraceReader.MAX_STRING + 1) + "\""),
                ok.replace("\"thread\"", "\"thr\\u0065ad\""),
                ok.replace("\"thread\"", "\"threads\""),
                ok.replace("\"result\":0", "\"result\":0,"),
                ok.replace("\"result\":0", "\"result\":0,}"),
                ok.replace("{\"type\"", "{,\"type\""),
                ok.replace("\"args\":{", "\"args\":{\"a\":[[[[[[[1]]]]]]],"),
                ok.replace("\"args\":{", "\"args\":{\"a\":[[[[[[1]]]]]],"),
                ok.replace("\"args\":{", "\"args\":{}, \"x\":{"),
                ok.replace("\"args\":{\"context\":1,\"seqno\":1}", "\"args\":{}"),
                ok.replace("\"op\":\"dma_fence_init\",\"fence\":\"f1\"", "\"op\":\"dma_resv_get_fences\",\"buf\":\"b\",\"fences\":[]"),
                ok.replace("\"result\":0", "\"result\":\"EBUSY\""),
                ok.replace("\"result\":0", "\"result\":\"EFOO\""),
                ok.replace("\"result\":0", "\"result\":0,\"misuse\":[\"R3\",\"F12\"]"),
                ok.replace("\"result\":0", "\"result\":0,\"state\":{\"fences\":[{\"fence\":\"f1\",\"usage\":\"READ\",\"signaled\":false}],\"pin_count\":0}"),
                ok + "{}",
                ok + " x",
                ok.substring(0, ok.length() - 1),
                ok.substring(0, ok.length() - 10),
                "[" + ok + "]",
                // the edges of EventLine's shape (the token-free reading of event lines)
                ok.replace("{\"type\":\"event\",", "{").replace("\"result\":0", "\"result\":0,\"type\":\"event\""),
                ok.replace("{\"type\":\"event\",", "{"),
                ok.replace("{\"type\":\"event\",", "{\"type\":\"event\",\"type\":\"event\","),
                ok.replace("{\"type\":\"event\",", "{\"type\":\"events\","),
                ok.replace("{\"type\":\"event\",", "{\"type\":\"even\","),
                ok.replace("{\"type\":\"event\",", "{\"type\":1,"),
                ok.replace("\"seq\":1", "\"seq\":1,\"seq\":1"),
                ok.replace("\"seq\":1", "\"seq\":-1"),
                ok.replace("\"start\":1", "\"start\":-1"),
                ok.replace("\"result\":0", "\"result\":1"),
                ok.replace("\"result\":0", "\"result\":-0"),
                ok.replace("\"result\":0", "\"result\":false"),
                ok.replace("\"result\":0", "\"result\":0,\"ret\":1000,\"cpu\":3,\"hidden\":false,\"resv_held\":true,\"site\":\"drv_x\""),
                ok.replace("\"result\":0", "\"result\":0,\"ret\":true"),
                ok.replace("\"result\":0", "\"result\":0,\"ret\":\"0x41\""),
                ok.replace("\"result\":0", "\"result\":0,\"ret\":null"),
                ok.replace("\"result\":0", "\"result\":0,\"ret\":[1]"),
                ok.replace("\"result\":0", "\"result\":0,\"cpu\":-1"),
                ok.replace("\"result\":0", "\"result\":0,\"caller\":2"),
                ok.replace("\"result\":0", "\"result\":0,\"hidden\":1"),
                ok.replace("\"result\":0", "\"result\":0,\"ioctl\":\"DMA_BUF_IOCTL_SYNC\""),
                ok.replace("\"op\":\"dma_fence_init\"", "\"op\":\"dma_fence_initx\""),
                ok.replace("\"fence\":\"f1\"", "\"fence\":\"\""),
                ok.replace("\"fence\":\"f1\"", "\"fence\":\"f1\",\"fence\":\"f2\""),
                ok.replace("\"fence\":\"f1\"", "\"fence\":\"f1\",\"buf\":\"b1\""),
                ok.replace("\"fence\":\"f1\"", "\"fence\":7"),
                ok.replace("\"args\":{", "\"args\":{\"context\":2,"),
                ok.replace("\"args\":{", "\"args\":{\"name\":[\"a\"],"),
                ok.replace("\"args\":{", "\"args\":{\"x\":1,"),
                ok.replace("\"args\":{", "\"args\":{\"seqno\":null,"),
                ok.replace("\"args\":{\"context\":1,\"seqno\":1}", "\"args\":{ }"),
                ok.replace("\"args\":{\"context\":1,\"seqno\":1}", "\"args\":{\"context\":1,\"seqno\":1,}"),
                ok.replace("\"args\":{\"context\":1,\"seqno\":1}", "\"args\":[]"),
                ok.replace("\"args\":{", "\"args\":{" + "\"a\":1,".repeat(TraceReader.MAX_ARGS)),
                ok.replace("\"args\":{", "\"args\":{" + "\"a\":1,".repeat(TraceReader.MAX_ARGS - 2)),
                ok.replace("\"result\":0}", "\"result\":0 }  "),
                ok.replace("\"result\":0}", "\"result\":0}}"),
                "",
                "   "));
        for (String v : variants) {
            String trace = HEADER + "\n" + v + "\n{\"type\":\"end\",\"events\":1,\"status\":\"complete\"}\n";
            assertAgree(trace.getBytes(StandardCharsets.UTF_8));
        }
        Outcome plain = read((HEADER + "\n" + ok + "\n{\"type\":\"end\",\"events\":1,\"status\":\"complete\"}\n")
                .getBytes(StandardCharsets.UTF_8), true);
        assertEquals(1, plain.scanned(), "the plain event line takes the scanner");
        assertEquals(1, plain.direct(), "the plain event line is read without tokens");
    }
}
