package org.dmabufspec.conformance.relation.walk;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The calls a spec walk's trace is made of, logged as the reference implementation logs them for
 * one VRAM buffer ({@code b1}, exported dynamic with vmap, regions r1 VRAM and r2 GTT): the part
 * shared by the CPU walks ({@code walk/cpu}) and the device walks ({@code walk/device}). Calls of
 * one thread in one step are logged one after the other from the step's time, each taking two
 * ticks; {@link #sorted()} gives the events in end order, as a trace file has them.
 */
public final class CallLog {
    public static final String BUF = "b1";
    public static final String IRQ = "irq";
    public static final String EXPORTER = "exporter";

    private final List<WalkEvent> events = new ArrayList<>();

    /** dma_buf_export of the buffer by the exporter thread, at time 1. */
    public void export() {
        events.add(new WalkEvent(EXPORTER, 1, 2, "dma_buf_export", Map.of("buf", BUF), args("exporter", "vram", "dynamic", true,
                "cache_sgt_mapping", false, "size", 4096L, "placement", "VRAM", "vmap", true), "0", null, null));
    }

    /** Logs a call of {@code thread} at [t, t+1] on the buffer; returns the next free time. */
    public long emit(String thread, long t, String op, Map<String, String> ids, Map<String, Object> args, Object ret, Boolean held) {
        Map<String, String> all = new LinkedHashMap<>();
        all.put("buf", BUF);
        all.putAll(ids);
        events.add(new WalkEvent(thread, t, t + 1, op, all, args, "0", ret, held));
        return t + 2;
    }

    public void add(WalkEvent e) {
        events.add(e);
    }

    /** dma_fence_signal of {@code fence} on the irq thread. */
    public void signal(long t, String fence) {
        events.add(new WalkEvent(IRQ, t, t + 1, "dma_fence_signal", ids("fence", fence), Map.of(), "0", null, null));
    }

    /** dma_resv_lock, the body, dma_resv_unlock; returns the next free time. */
    public long locked(long t, String thread, Locked body) {
        t = emit(thread, t, "dma_resv_lock", Map.of(), Map.of(), null, false);
        t = body.at(t);
        return emit(thread, t, "dma_resv_unlock", Map.of(), Map.of(), null, true);
    }

    /** The body of a locked section: logs from the given time, returns the next free one. */
    public interface Locked {
        long at(long t);
    }

    /** dma_resv_wait_timeout for the KERNEL fences, lock held, returned in time. */
    public long waitKernel(String thread, long t) {
        return emit(thread, t, "dma_resv_wait_timeout", Map.of(), args("usage", "KERNEL", "timeout", "MAX", "intr", false),
                Long.MAX_VALUE, true);
    }

    /** dma_resv_reserve_fences(1) and dma_resv_add_fence, lock held. */
    public long addFence(String thread, long t, String fence, String usage) {
        t = emit(thread, t, "dma_resv_reserve_fences", Map.of(), args("num", 1L), null, true);
        return emit(thread, t, "dma_resv_add_fence", ids("fence", fence), args("usage", usage), null, true);
    }

    /** The events in end order (then start order). */
    public List<WalkEvent> sorted() {
        List<WalkEvent> out = new ArrayList<>(events);
        out.sort(Comparator.comparingLong(WalkEvent::end).thenComparingLong(WalkEvent::start));
        return out;
    }

    /** The placement name of a region. */
    public static String placement(String region) {
        return switch (region) {
            case "r1" -> "VRAM";
            case "r2" -> "GTT";
            default -> throw new IllegalArgumentException("no placement for region " + region);
        };
    }

    public static Map<String, Object> args(Object... kv) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], kv[i + 1]);
        }
        return m;
    }

    public static Map<String, String> ids(String... kv) {
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put(kv[i], kv[i + 1]);
        }
        return m;
    }

    /** A whole trace file (format v1, logical clock) of a walk of {@code spec} under {@code behaviour}. */
    public static String ndjson(String spec, String behaviour, String scenario, List<WalkEvent> events) {
        StringBuilder b = new StringBuilder();
        b.append("{\"type\":\"header\",\"format\":\"dmabuf-trace\",\"version\":1,\"implementation\":{\"name\":\"spec-walk\",")
                .append("\"version\":\"").append(spec).append("\"},\"kernel\":{\"behaviour\":\"").append(behaviour)
                .append("\",\"move_notify\":true},\"clock\":\"logical\",\"scenario\":\"").append(scenario).append("\"}\n");
        for (int i = 0; i < events.size(); i++) {
            b.append(events.get(i).toJson(i + 1)).append('\n');
        }
        return b.append("{\"type\":\"end\",\"events\":").append(events.size()).append(",\"status\":\"complete\"}\n").toString();
    }
}
