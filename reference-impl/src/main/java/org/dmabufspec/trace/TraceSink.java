package org.dmabufspec.trace;

/** Where a {@link Tracer} puts finished calls. Implementations must not block the caller for long. */
public interface TraceSink {
    void submit(PendingEvent e);

    /** Writes the end record after every submitted event; no submit may follow. */
    void finish(TraceEnd.Status status, String reason);

    /**
     * As {@link #finish(TraceEnd.Status, String)}; {@code teardown}: the program dropped every
     * reference it held, which the end record states so the checker can demand every buffer released.
     */
    default void finish(TraceEnd.Status status, String reason, boolean teardown) {
        finish(status, reason);
    }
}
