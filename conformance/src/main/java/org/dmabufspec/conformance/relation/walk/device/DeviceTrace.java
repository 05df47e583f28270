package org.dmabufspec.conformance.relation.walk.device;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.dmabufspec.conformance.relation.walk.CallLog;
import org.dmabufspec.conformance.relation.walk.WalkEvent;

/** A trace made from a device walk: the model it belongs to and its events in file order. */
public record DeviceTrace(DeviceWalkConfig config, String name, List<WalkEvent> events) {

    public DeviceTrace {
        events = List.copyOf(events);
    }

    public String toNdjson() {
        return CallLog.ndjson("DmaBufDeviceAccess", config.behaviour(), name, events);
    }

    public Path write(Path dir) throws IOException {
        Path p = dir.resolve(name.replaceAll("[^A-Za-z0-9._-]", "_") + ".ndjson");
        Files.writeString(p, toNdjson());
        return p;
    }
}
