package org.dmabufspec.conformance.capture;

/**
 * A raw capture that the converter cannot read: the message names the file, the line and the
 * field at fault ({@code FILE:LINE: field 'F': what}), like the trace reader's errors.
 */
public final class CaptureFormatException extends Exception {
    private final long line;
    private final String field;

    public CaptureFormatException(String file, long line, String field, String problem) {
        super(file + ":" + line + ": " + (field == null ? "record" : "field '" + field + "'") + ": "
                + problem.replace('\n', ' ').replace('\r', ' '));
        this.line = line;
        this.field = field;
    }

    public long line() {
        return line;
    }

    public String field() {
        return field;
    }
}
