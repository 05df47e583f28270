package org.dmabufspec.trace;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The writer writes every field of a full record, in the order of TraceFields, and nothing else. */
class TraceJsonTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static List<String> names(JsonNode n) {
        List<String> out = new ArrayList<>();
        n.fieldNames().forEachRemaining(out::add);
        return out;
    }

    @Test
    void aFullEventIsWrittenWithEveryFieldInOrder() throws Exception {
        ObservedState state = new ObservedState(List.of("a1"), List.of(new ObservedState.Fence("f1", "READ", false)), 1L,
                "VRAM", List.of(new ObservedState.Mapping("a1", "s1", "TO_DEVICE")), "scanout", "v1", "raw");
        TraceEvent e = new TraceEvent(0, 5, "t0", 1L, 2, 3, Op.DMA_BUF_MAP_ATTACHMENT, "DMA_BUF_IOCTL_SYNC", 4L, "EBUSY", 7L,
                true, "b1", "a1", "d1", "f1", List.of("f2"), "c1", "sf1", "s1", "cb1", Map.of("dir", "TO_DEVICE"), state, true,
                Set.of(), "t_map+0x14e/0x1f0", null, List.of("R3"));
        JsonNode n = JSON.readTree(TraceJson.toJson(e));
        assertEquals(TraceFields.EVENT, names(n));
        assertEquals(TraceFields.STATE, names(n.get("state")));
        assertEquals(TraceFields.STATE_FENCE, names(n.get("state").get("fences").get(0)));
        assertEquals(TraceFields.STATE_MAPPING, names(n.get("state").get("mapped").get(0)));
        assertEquals("EBUSY", n.get("result").asText());
        JsonNode ok = JSON.readTree(TraceJson.toJson(TraceEvent.written(1, "t0", 1, 1, Op.DMA_BUF_PIN, null,
                ObjectIds.buf("b1").withAttach("a1"), Map.of(), null, null, null, null, false, null)));
        assertEquals(List.of("type", "seq", "thread", "start", "end", "op", "buf", "attach", "result"), names(ok));
        assertEquals(true, ok.get("result").isInt() && ok.get("result").asInt() == 0, "success is written as the number 0");
    }

    @Test
    void aFullHeaderAndEndAreWrittenWithEveryFieldInOrder() throws Exception {
        TraceHeader h = new TraceHeader(Implementation.REFERENCE,
                new KernelInfo(KernelBehaviour.parse("6.15", false), "6.15.2", true, false), Clock.LOGICAL, "unit", 7L,
                "map_without_lock", "2026-12-07T20:00:00Z", new CaptureInfo("dma_buf_export dma_buf_put", "dma_buf_pin: not in kallsyms",
                "dma_buf_pin", "fence callbacks run", "1234"));
        JsonNode n = JSON.readTree(TraceJson.toJson(h));
        assertEquals(TraceFields.HEADER, names(n));
        assertEquals(TraceFields.IMPLEMENTATION, names(n.get("implementation")));
        assertEquals(TraceFields.KERNEL, names(n.get("kernel")));
        assertEquals(TraceFields.CAPTURE, names(n.get("capture")));
        // capture is the capture converter's only: other producers' headers have none
        assertEquals(TraceFields.HEADER.subList(0, TraceFields.HEADER.indexOf("capture")),
                names(JSON.readTree(TraceJson.toJson(new TraceHeader(h.implementation(), h.kernel(), h.clock(), h.scenario(), h.seed(),
                        h.inject(), h.created())))));
        JsonNode end = JSON.readTree(TraceJson.toJson(new TraceEnd(3, TraceEnd.Status.ABORTED, 130L, "SIGTERM", true)));
        assertEquals(TraceFields.END, names(end));
    }
}
