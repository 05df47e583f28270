package org.dmabufspec.conformance.relation.walk.cpu;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.dmabufspec.conformance.relation.walk.CallLog;
import org.dmabufspec.conformance.relation.walk.WalkEvent;

/** A trace made from a CPU walk (or a mutation of one): the model it belongs to and its events in file order. */
public record CpuTrace(CpuWalkConfig config, String name, List<WalkEvent> events) {

    public CpuTrace {
        events = List.copyOf(events);
    }

    public CpuTrace withEvents(String newName, List<WalkEvent> newEvents) {
        return new CpuTrace(config, newName, newEvents);
    }

    public String toNdjson() {
        return CallLog.ndjson("DmaBufCpuDeviceAccess", config.behaviour(), name, events);
    }

    public Path write(Path dir) throws IOException {
        Path p = dir.resolve(name.replaceAll("[^A-Za-z0-9._-]", "_") + ".ndjson");
        Files.writeString(p, toNdjson());
        return p;
    }
}
