package org.dmabufspec.conformance.trace;

/**
 * A trace that does not follow TRACE-FORMAT.md v1. The message always names the file and line,
 * and the field when one is at fault, so the producer of the trace can be fixed.
 */
public final class TraceFormatException extends Exception {
    private final String file;
    private final long line;
    private final String field;

    public TraceFormatException(String file, long line, String field, String problem) {
        super(file + ":" + line + (field == null ? "" : ": field '" + field + "'") + ": " + problem);
        this.file = file;
        this.line = line;
        this.field = field;
    }

    public String file() {
        return file;
    }

    /** 1-based line number; 0 when the problem concerns the whole file. */
    public long line() {
        return line;
    }

    /** The field at fault, or null. */
    public String field() {
        return field;
    }
}
