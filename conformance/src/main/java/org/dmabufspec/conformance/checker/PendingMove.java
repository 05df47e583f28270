package org.dmabufspec.conformance.checker;

import java.util.List;

/**
 * A move whose old storage the exporter has not reused yet: where the buffer was, which storage
 * generation that was, and the fences the reuse must wait for (the move fence, or the fences in
 * the reservation object at the move when the trace names no move fence).
 */
record PendingMove(String from, int generation, List<String> waits) {
}
