package org.dmabufspec.conformance.trace;

import org.dmabufspec.conformance.fuzz.TraceMutator;
import org.dmabufspec.trace.TraceEnd;
import org.dmabufspec.trace.TraceEvent;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;

/**
 * Reading ahead on a second thread ({@link TraceReader#readingAhead}) gives what a synchronous
 * read gives: the same events in the same order, then the same end record or the same first
 * error, on long traces (many batches) and on mutated ones; closing it early stops its thread.
 */
class ReadAheadTest {
    @TempDir
    Path dir;

    private record Outcome(List<TraceEvent> events, TraceEnd end, String error) {
    }

    private static Outcome read(TraceReader r) {
        List<TraceEvent> events = new ArrayList<>();
        try (r) {
            TraceEvent e;
            while ((e = r.next()) != null) {
                events.add(e);
            }
            assertEquals(null, r.next(), "the end stays the end");
            return new Outcome(events, r.end(), null);
        } catch (TraceFormatException ex) {
            return new Outcome(events, null, ex.getMessage());
        }
    }

    private static Outcome open(Path p, boolean ahead) {
        try {
            return read(ahead ? TraceReader.readingAhead(p) : new TraceReader(p));
        } catch (TraceFormatException ex) {
            return new Outcome(List.of(), null, ex.getMessage());
        }
    }

    /** A trace of {@code n} fence inits and signals: many read-ahead batches. */
    private static List<String> longTrace(int n) {
        List<String> lines = new ArrayList<>();
        lines.add("{\"type\":\"header\",\"format\":\"dmabuf-trace\",\"version\":1,\"implementation\":{\"name\":\"t\",\"version\":\"1\"},"
                + "\"kernel\":{\"behaviour\":\"6.15\",\"move_notify\":true},\"clock\":\"logical\"}");
        for (int i = 1; i <= n; i++) {
            String op = i % 2 == 1 ? "dma_fence_init\",\"fence\":\"f" + (i + 1) / 2 + "\",\"args\":{\"context\":1,\"seqno\":" + (i + 1) / 2 + "}"
                    : "dma_fence_signal\",\"fence\":\"f" + i / 2 + "\"";
            lines.add("{\"type\":\"event\",\"seq\":" + i + ",\"thread\":\"t\",\"start\":" + i + ",\"end\":" + i + ",\"op\":\"" + op + ",\"result\":0}");
        }
        lines.add("{\"type\":\"end\",\"events\":" + n + ",\"status\":\"complete\"}");
        return lines;
    }

    @Test
    void longAndMutatedTracesReadTheSameAheadAsInLine() throws Exception {
        List<String> trace = longTrace(5 * ReadAhead.BATCH + 17);
        Path p = dir.resolve("t.ndjson");
        Files.writeString(p, String.join("\n", trace) + "\n");
        Outcome whole = open(p, true);
        assertEquals(open(p, false), whole);
        assertNotNull(whole.end());
        Random rnd = new Random(7);
        for (int i = 0; i < 20; i++) {
            Files.write(p, TraceMutator.mutate(trace, rnd).bytes());
            assertEquals(open(p, false), open(p, true), "mutant " + i);
        }
        // an error deep in the file is raised after every event before it
        List<String> late = new ArrayList<>(trace);
        late.set(4 * ReadAhead.BATCH, late.get(4 * ReadAhead.BATCH).replace("\"result\":0", "\"result\":\"EFOO\""));
        Files.writeString(p, String.join("\n", late) + "\n");
        Outcome bad = open(p, true);
        assertEquals(open(p, false), bad);
        assertEquals(4 * ReadAhead.BATCH - 1, bad.events().size());
    }

    @Test
    void closingEarlyStopsTheReadingThread() throws Exception {
        Path p = dir.resolve("long.ndjson");
        Files.writeString(p, String.join("\n", longTrace(200 * ReadAhead.BATCH)) + "\n", StandardCharsets.UTF_8);
        try (TraceReader r = TraceReader.readingAhead(p)) {
            assertNotNull(r.next());
        }
        // close() joins the thread: none is left reading
        assertFalse(Thread.getAllStackTraces().keySet().stream()
                .anyMatch(t -> t.getName().equals("trace read-ahead: " + p) && t.isAlive()));
    }
}
