package org.dmabufspec.conformance.checker;

import java.util.List;

/** A {@code struct sync_file}: a snapshot of fences taken when it was made; null when not logged. */
record SyncFileState(List<String> fences) {
    // equals and hashCode by hand: a record's generated ones go through method handles, which the
    // C1-only JVM of validate does not inline (docs/trace-checker.md, "JVM flags")
    @Override
    public boolean equals(Object o) {
        return o instanceof SyncFileState s && java.util.Objects.equals(fences, s.fences);
    }

    @Override
    public int hashCode() {
        return java.util.Objects.hashCode(fences);
    }
}
