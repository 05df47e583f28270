package org.dmabufspec.coherency;

import java.util.List;

/**
 * A completed read of the buffer: by whom ({@code cpu} or {@code device}), the version it returned,
 * the version of the last completed write then, and the rules its staleness broke (none if it saw the last write).
 */
public record Read(String by, int value, int latest, List<String> broken) {
    public Read {
        broken = List.copyOf(broken);
    }

    public boolean stale() {
        return value != latest;
    }
}
