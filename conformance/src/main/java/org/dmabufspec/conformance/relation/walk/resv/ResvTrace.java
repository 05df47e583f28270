package org.dmabufspec.conformance.relation.walk.resv;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** A trace made from a resv walk (or a mutation of one): its events in file order. */
public record ResvTrace(String name, List<ResvEvent> events) {

    public ResvTrace {
        events = List.copyOf(events);
    }

    public ResvTrace withEvents(String newName, List<ResvEvent> newEvents) {
        return new ResvTrace(newName, newEvents);
    }

    public String toNdjson() {
        StringBuilder b = new StringBuilder();
        b.append("{\"type\":\"header\",\"format\":\"dmabuf-trace\",\"version\":1,\"implementation\":{\"name\":\"spec-walk\",")
                .append("\"version\":\"DmaResv\"},\"kernel\":{\"behaviour\":\"6.15\",\"move_notify\":true},")
                .append("\"clock\":\"logical\",\"scenario\":\"").append(name).append("\"}\n");
        for (int i = 0; i < events.size(); i++) {
            b.append(events.get(i).toJson(i + 1)).append('\n');
        }
        return b.append("{\"type\":\"end\",\"events\":").append(events.size()).append(",\"status\":\"complete\"}\n").toString();
    }

    public Path write(Path dir) throws IOException {
        Path p = dir.resolve(name.replaceAll("[^A-Za-z0-9._-]", "_") + ".ndjson");
        Files.writeString(p, toNdjson());
        return p;
    }
}
