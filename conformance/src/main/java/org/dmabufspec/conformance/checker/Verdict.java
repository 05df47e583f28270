package org.dmabufspec.conformance.checker;

/** The outcome of a check, with the exit code of {@code dmabuf validate}. */
public enum Verdict {
    /** The trace is a behaviour of the spec: exit 0. */
    ACCEPTED(0),
    /** No linearization and no bounded set of unlogged steps explains the trace: exit 1. */
    REJECTED(1),
    /** The trace does not follow the format, or a checker bound was hit: exit 2. */
    BAD_INPUT(2);

    private final int exitCode;

    Verdict(int exitCode) {
        this.exitCode = exitCode;
    }

    public int exitCode() {
        return exitCode;
    }
}
