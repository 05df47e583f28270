package org.dmabufspec.trace;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TraceWriterTest {
    private static final TraceHeader HEADER = new TraceHeader(Implementation.REFERENCE,
            KernelInfo.of(KernelBehaviour.parse("6.15", true)), Clock.LOGICAL, "unit", 7L, null, null);

    @Test
    void concurrentCallersGetContiguousSeqsInEndOrderWithCallersResolved() throws Exception {
        StringWriter sw = new StringWriter();
        TraceWriter w = new TraceWriter(sw, HEADER);
        Tracer t = new Tracer(w, Clock.LOGICAL);
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            Thread th = new Thread(() -> {
                for (int k = 0; k < 2000; k++) {
                    Tracer.Span outer = t.begin();
                    Tracer.Span inner = t.begin();
                    t.end(inner, "exporter.attach", ObjectIds.buf("b1"), null, Result.OK, null, false, null, null);
                    t.end(outer, "dma_buf_attach", ObjectIds.buf("b1"), null, Result.OK, null, false, null, null);
                }
            }, "t" + i);
            threads.add(th);
            th.start();
        }
        for (Thread th : threads) {
            th.join();
        }
        w.finish(TraceEnd.Status.COMPLETE, null);

        ObjectMapper m = new ObjectMapper();
        String[] lines = sw.toString().split("\n");
        assertEquals(2 + 16000, lines.length);
        assertEquals("header", m.readTree(lines[0]).get("type").asText());
        JsonNode end = m.readTree(lines[lines.length - 1]);
        assertEquals(16000, end.get("events").asLong());
        long prevEnd = -1;
        Map<Long, JsonNode> bySeq = new HashMap<>();
        for (int i = 1; i < lines.length - 1; i++) {
            JsonNode e = m.readTree(lines[i]);
            assertEquals(i, e.get("seq").asLong());
            assertTrue(e.get("end").asLong() > prevEnd, "end times follow seq");
            prevEnd = e.get("end").asLong();
            bySeq.put((long) i, e);
        }
        for (JsonNode e : bySeq.values()) {
            if (e.get("op").asText().equals("exporter.attach")) {
                JsonNode caller = bySeq.get(e.get("caller").asLong());
                assertEquals("dma_buf_attach", caller.get("op").asText());
                assertEquals(e.get("thread").asText(), caller.get("thread").asText());
                assertTrue(caller.get("start").asLong() < e.get("start").asLong());
            } else {
                assertTrue(e.get("caller") == null);
            }
        }
    }

    @Test
    void eventSerialisesFieldsInDocumentedOrder() {
        TraceEvent e = TraceEvent.written(3, "gpu0", 3, 4, Op.DMA_BUF_MAP_ATTACHMENT, null,
                ObjectIds.buf("b1").withAttach("a1").withSgt("s1"), Map.of("dir", "TO_DEVICE"), Errno.EBUSY, null, true, null,
                false, List.of("R11")).withSeq(3, 2L);
        assertEquals("{\"type\":\"event\",\"seq\":3,\"thread\":\"gpu0\",\"start\":3,\"end\":4,"
                + "\"op\":\"dma_buf_map_attachment\",\"caller\":2,\"buf\":\"b1\",\"attach\":\"a1\",\"sgt\":\"s1\","
                + "\"args\":{\"dir\":\"TO_DEVICE\"},\"result\":\"EBUSY\",\"resv_held\":true,\"misuse\":[\"R11\"]}",
                TraceJson.toJson(e));
    }

    @Test
    void kernelReleasesMapToTheirBehaviourLabel() {
        assertEquals(KernelBehaviour.Label.V6_1, KernelBehaviour.Label.parse("5.10.0-21-amd64"));
        assertEquals(KernelBehaviour.Label.V6_1, KernelBehaviour.Label.parse("6.1"));
        assertEquals(KernelBehaviour.Label.V6_2, KernelBehaviour.Label.parse("6.12"));
        assertEquals(KernelBehaviour.Label.V6_2, KernelBehaviour.Label.parse("6.14.2"));
        assertEquals(KernelBehaviour.Label.V6_15, KernelBehaviour.Label.parse("6.15"));
        assertEquals(KernelBehaviour.Label.V6_15, KernelBehaviour.Label.parse("7.0-rc1"));
        assertEquals(KernelBehaviour.Label.V7_1, KernelBehaviour.Label.parse("7.1"));
        IllegalArgumentException ex = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> KernelBehaviour.Label.parse("5.4"));
        assertTrue(ex.getMessage().contains("5.7"));
        assertEquals(Errno.EDEADLK, Errno.ofValue(-35));
        assertEquals(16, Errno.parse("EBUSY").value());
    }
}
