package org.dmabufspec.trace;

/**
 * A finished call on its way to a sink. {@code event.seq()} is already final (the ticket taken at
 * the end of the call); {@code callId}/{@code parentCallId} link a nested call to its caller,
 * whose seq is only known once the caller ends.
 */
public record PendingEvent(long callId, Long parentCallId, TraceEvent event) {
}
