package org.dmabufspec.trace;

/** One line of a trace: a header first, events, an end record last (TRACE-FORMAT.md). */
public sealed interface TraceRecord permits TraceHeader, TraceEvent, TraceEnd {
    /** The value of the record's {@code "type"} field. */
    String type();
}
