package org.dmabufspec.conformance.checker;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * 6.15+ dma_buf_map_attachment for a static importer of a dynamic exporter pins (dma_buf_pin_on_map),
 * maps, and holds that pin until the unmap drops it after unmap_dma_buf: one pin per map, not one
 * pin for all. And every 6.15+ map calls the exporter's map_dma_buf (no cache). Each rejection is an
 * accepted trace with one exporter callback removed or moved.
 */
class PinOnMapTest {
    @TempDir
    Path dir;

    /** One event; {@code caller} names another event's {@code name}, so removing events keeps callers right. */
    private record Ev(String name, long start, long end, String op, String fields, String caller) {
    }

    private static final String A1 = "\"buf\":\"b1\",\"attach\":\"a1\"";

    private static String table(String sgt) {
        return A1 + ",\"sgt\":\"" + sgt + "\",\"args\":{\"dir\":\"TO_DEVICE\"}";
    }

    /** cam maps a1 twice (s1, s2) and unmaps both, end-ordered as the reference implementation writes. */
    private static List<Ev> twoMaps(String behaviour) {
        List<Ev> l = new ArrayList<>();
        l.add(new Ev("export", 1, 2, "dma_buf_export", "\"buf\":\"b1\",\"args\":{\"exporter\":\"vram\",\"dynamic\":true,\"placement\":\"VRAM\"}", null));
        l.add(new Ev("attach", 3, 4, "dma_buf_attach", A1 + ",\"dev\":\"cam\"", null));
        l.add(new Ev("pin1", 6, 7, "exporter.pin", A1 + ",\"resv_held\":true", "map1"));
        l.add(new Ev("expmap1", 8, 9, "exporter.map_dma_buf", table("s1") + ",\"resv_held\":true", "map1"));
        l.add(new Ev("map1", 5, 10, "dma_buf_map_attachment_unlocked", table("s1"), null));
        l.add(new Ev("pin2", 12, 13, "exporter.pin", A1 + ",\"resv_held\":true", "map2"));
        l.add(new Ev("expmap2", 14, 15, "exporter.map_dma_buf", table("s2") + ",\"resv_held\":true", "map2"));
        l.add(new Ev("map2", 11, 16, "dma_buf_map_attachment_unlocked", table("s2"), null));
        l.add(new Ev("expunmap2", 18, 19, "exporter.unmap_dma_buf", table("s2") + ",\"resv_held\":true", "unmap2"));
        l.add(new Ev("unpin2", 20, 21, "exporter.unpin", A1 + ",\"resv_held\":true", "unmap2"));
        l.add(new Ev("unmap2", 17, 22, "dma_buf_unmap_attachment_unlocked", table("s2"), null));
        l.add(new Ev("expunmap1", 24, 25, "exporter.unmap_dma_buf", table("s1") + ",\"resv_held\":true", "unmap1"));
        l.add(new Ev("unpin1", 26, 27, "exporter.unpin", A1 + ",\"resv_held\":true", "unmap1"));
        l.add(new Ev("unmap1", 23, 28, "dma_buf_unmap_attachment_unlocked", table("s1"), null));
        l.add(new Ev("detach", 29, 30, "dma_buf_detach", A1, null));
        return l;
    }

    private CheckReport check(String behaviour, List<Ev> events) throws Exception {
        Map<String, Integer> seq = new HashMap<>();
        for (int i = 0; i < events.size(); i++) {
            seq.put(events.get(i).name(), i + 1);
        }
        TraceBuilder t = TraceBuilder.reference(behaviour);
        for (Ev e : events) {
            t.at("cam", e.start(), e.end(), e.op(), e.fields() + (e.caller() == null ? "" : ",\"caller\":" + seq.get(e.caller())));
        }
        return TraceChecker.check(t.write(dir, "t.ndjson"));
    }

    private static List<Ev> without(List<Ev> l, Predicate<Ev> drop) {
        List<Ev> out = new ArrayList<>(l);
        out.removeIf(drop);
        return out;
    }

    private static void assertRejectedFor(CheckReport r, String rule, String op) {
        assertEquals(Verdict.REJECTED, r.verdict(), r.toText());
        assertTrue(r.brokenRules().contains(rule), "expected " + rule + " in " + r.toText());
        assertEquals(op, r.rejection().op(), r.toText());
    }

    @Test
    void twoMapsEachWithItsOwnPinAreAccepted() throws Exception {
        CheckReport r = check("6.15", twoMaps("6.15"));
        assertEquals(Verdict.ACCEPTED, r.verdict(), r.toText());
    }

    @Test
    void secondMapCoveredOnlyByTheFirstMapsPinBreaksR9() throws Exception {
        CheckReport r = check("6.15", without(twoMaps("6.15"), e -> e.name().equals("pin2") || e.name().equals("unpin2")));
        assertRejectedFor(r, "R9", "exporter.map_dma_buf");
        assertTrue(r.toText().contains("made no exporter.pin first"), r.toText());
    }

    @Test
    void unpinBeforeTheUnmapOfItsTableBreaksR9() throws Exception {
        List<Ev> l = twoMaps("6.15");
        Ev unpin = l.remove(l.indexOf(l.stream().filter(e -> e.name().equals("unpin2")).findFirst().orElseThrow()));
        Ev unmap = l.remove(l.indexOf(l.stream().filter(e -> e.name().equals("expunmap2")).findFirst().orElseThrow()));
        int at = l.indexOf(l.stream().filter(e -> e.name().equals("unmap2")).findFirst().orElseThrow());
        l.add(at, new Ev(unmap.name(), 20, 21, unmap.op(), unmap.fields(), unmap.caller()));
        l.add(at, new Ev(unpin.name(), 18, 19, unpin.op(), unpin.fields(), unpin.caller()));
        CheckReport r = check("6.15", l);
        assertRejectedFor(r, "R9", "exporter.unpin");
    }

    @Test
    void coreMapWithoutExporterMapDmaBufBreaksR12() throws Exception {
        CheckReport r = check("6.15", without(twoMaps("6.15"), e -> e.name().equals("expmap2") || e.name().equals("expunmap2")));
        assertRejectedFor(r, "R12", "dma_buf_map_attachment_unlocked");
        assertTrue(r.toText().contains("without an exporter.map_dma_buf in this call"), r.toText());
    }
}
