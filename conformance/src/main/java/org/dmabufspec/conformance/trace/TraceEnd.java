package org.dmabufspec.conformance.trace;

/**
 * The last record of a trace; its absence means the run was cut short. {@code teardown}: the
 * program says it dropped every reference it held before the end, so every buffer must be released.
 */
public record TraceEnd(long line, long events, String status, Long exit, String reason, boolean teardown) {
    public boolean complete() {
        return "complete".equals(status);
    }
}
