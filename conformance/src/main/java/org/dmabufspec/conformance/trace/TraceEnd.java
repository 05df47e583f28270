package org.dmabufspec.conformance.trace;

/** The last record of a trace; its absence means the run was cut short. */
public record TraceEnd(long line, long events, String status, Long exit, String reason) {
    public boolean complete() {
        return "complete".equals(status);
    }
}
