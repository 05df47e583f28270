package org.dmabufspec.conformance.trace;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.dmabufspec.trace.TraceEvent;

import static org.dmabufspec.conformance.trace.TraceReaderTest.EXPORT;
import static org.dmabufspec.conformance.trace.TraceReaderTest.HEADER;
import static org.dmabufspec.conformance.trace.TraceReaderTest.readAll;
import static org.dmabufspec.conformance.trace.TraceReaderTest.reader;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** An event's args as read (ArgMap): file order, lookups, duplicates and the first bad argument. */
class TraceReaderArgsTest {
    private static final String END = "{\"type\":\"end\",\"events\":1,\"status\":\"complete\"}";

    private static String export(String args) {
        return HEADER + "\n" + EXPORT.replace("{\"exporter\":\"x\",\"dynamic\":false}", args) + "\n" + END + "\n";
    }

    @Test
    void argsKeepFileOrderAndTheirValues() throws Exception {
        try (TraceReader r = reader(export("{\"size\":4096,\"placement\":\"VRAM\",\"exporter\":\"vram\",\"dynamic\":true,\"cache_sgt_mapping\":false}"))) {
            TraceEvent e = r.next();
            List<String> names = new ArrayList<>(e.args().keySet());
            assertEquals(List.of("size", "placement", "exporter", "dynamic", "cache_sgt_mapping"), names);
            assertEquals(4096L, e.argLong("size"));
            assertEquals("VRAM", e.argString("placement"));
            assertEquals(Boolean.TRUE, e.argBool("dynamic"));
            assertEquals(Boolean.FALSE, e.argBool("cache_sgt_mapping"));
            assertEquals(null, e.args().get("num"));
            assertEquals(Map.of("size", 4096L, "placement", "VRAM", "exporter", "vram", "dynamic", true, "cache_sgt_mapping", false), e.args());
        }
    }

    @Test
    void aDuplicateArgumentNamesItsLineAndField() {
        TraceFormatException e = assertThrows(TraceFormatException.class, () -> readAll(export("{\"exporter\":\"x\",\"dynamic\":false,\"exporter\":\"y\"}")));
        assertEquals(2, e.line());
        assertEquals("args.exporter", e.field());
        assertTrue(e.getMessage().contains("duplicate field"), e.getMessage());
    }

    @Test
    void theFirstBadArgumentInFileOrderIsReported() {
        TraceFormatException e = assertThrows(TraceFormatException.class, () -> readAll(export("{\"exporter\":\"x\",\"dynamic\":\"no\",\"size\":\"big\"}")));
        assertEquals("args.dynamic", e.field());
        assertTrue(e.getMessage().contains("must be a boolean, found \"no\""), e.getMessage());
        e = assertThrows(TraceFormatException.class, () -> readAll(export("{\"size\":\"big\",\"dynamic\":\"no\"}")));
        assertEquals("args.size", e.field());
        assertTrue(e.getMessage().contains("must be an integer >= 0, found \"big\""), e.getMessage());
    }

    @Test
    void manyArgumentsGrowTheMap() {
        // more entries than the map's first arrays hold: all are read, the one not allowed is named
        TraceFormatException e = assertThrows(TraceFormatException.class, () -> readAll(export(
                "{\"exporter\":\"x\",\"dynamic\":false,\"size\":1,\"placement\":\"VRAM\",\"cache_sgt_mapping\":true,\"num\":1}")));
        assertEquals("args.num", e.field());
        assertTrue(e.getMessage().contains("not an argument of dma_buf_export"), e.getMessage());
    }
}
