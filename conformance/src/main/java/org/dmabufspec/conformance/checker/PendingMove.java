package org.dmabufspec.conformance.checker;

import java.util.List;

/**
 * A move whose old storage the exporter has not reused yet: where the buffer was, which storage
 * generation that was, and the fences the reuse must wait for (the move fence, or the fences in
 * the reservation object at the move when the trace names no move fence), and the move fence
 * itself (its copy; null until the trace shows which it is).
 */
record PendingMove(String from, int generation, List<String> waits, String fence) {
    // equals and hashCode by hand: a record's generated ones go through method handles, which the
    // C1-only JVM of validate does not inline (docs/trace-checker.md, "JVM flags")
    @Override
    public boolean equals(Object o) {
        return o instanceof PendingMove m && generation == m.generation && java.util.Objects.equals(from, m.from)
                && waits.equals(m.waits) && java.util.Objects.equals(fence, m.fence);
    }

    @Override
    public int hashCode() {
        return (java.util.Objects.hashCode(from) * 31 + generation) * 31 + waits.hashCode();
    }
}
