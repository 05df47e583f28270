package org.dmabufspec.trace;

/** Where a {@link Tracer} puts finished calls. Implementations must not block the caller for long. */
public interface TraceSink {
    void submit(PendingEvent e);

    /** Writes the end record after every submitted event; no submit may follow. */
    void finish(TraceEnd.Status status, String reason);
}
