package org.dmabufspec.conformance.checker;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Writes small traces for tests: each event gets the next seq and, unless given, the next two clock ticks. */
final class TraceBuilder {
    private final String header;
    private final List<String> lines = new ArrayList<>();
    private long clock;

    TraceBuilder(String implementation, String behaviour, boolean moveNotify) {
        header = "{\"type\":\"header\",\"format\":\"dmabuf-trace\",\"version\":1,\"implementation\":{\"name\":\"" + implementation
                + "\",\"version\":\"test\"},\"kernel\":{\"behaviour\":\"" + behaviour + "\",\"move_notify\":" + moveNotify
                + "},\"clock\":\"logical\"}";
    }

    static TraceBuilder reference(String behaviour) {
        return new TraceBuilder("reference-impl", behaviour, true);
    }

    static TraceBuilder nativeRun(String behaviour) {
        return new TraceBuilder("native-uapi", behaviour, true);
    }

    /** A call on {@code thread} taking the next two ticks; {@code fields} are the JSON members after "op". */
    TraceBuilder call(String thread, String op, String fields) {
        clock += 2;
        return at(thread, clock - 1, clock, op, fields);
    }

    TraceBuilder at(String thread, long start, long end, String op, String fields) {
        clock = Math.max(clock, end);
        lines.add("{\"type\":\"event\",\"seq\":" + (lines.size() + 1) + ",\"thread\":\"" + thread + "\",\"start\":" + start
                + ",\"end\":" + end + ",\"op\":\"" + op + "\"" + (fields.isEmpty() ? "" : "," + fields)
                + (fields.contains("\"result\"") ? "" : ",\"result\":0") + "}");
        return this;
    }

    TraceBuilder exportDynamic(String buf) {
        return call("exporter", "dma_buf_export", "\"buf\":\"" + buf + "\",\"args\":{\"exporter\":\"vram\",\"dynamic\":true,\"placement\":\"VRAM\"}");
    }

    TraceBuilder exportStatic(String buf) {
        return call("exporter", "dma_buf_export", "\"buf\":\"" + buf + "\",\"args\":{\"exporter\":\"system\",\"dynamic\":false}");
    }

    Path write(Path dir, String name) throws IOException {
        StringBuilder b = new StringBuilder(header).append('\n');
        for (String l : lines) {
            b.append(l).append('\n');
        }
        b.append("{\"type\":\"end\",\"events\":").append(lines.size()).append(",\"status\":\"complete\"}\n");
        Path p = dir.resolve(name);
        Files.writeString(p, b);
        return p;
    }
}
