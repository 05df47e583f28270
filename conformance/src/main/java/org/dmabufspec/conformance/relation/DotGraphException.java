package org.dmabufspec.conformance.relation;

/** A TLC state-graph dump the reader cannot understand, with the file and line it stopped at. */
public final class DotGraphException extends RuntimeException {
    public DotGraphException(String source, int line, String message) {
        super(source + ":" + line + ": " + message);
    }

    public DotGraphException(String source, int line, String message, Throwable cause) {
        super(source + ":" + line + ": " + message, cause);
    }
}
