package org.dmabufspec.trace;

/** The result of a traced call: success ({@link #OK}, written as {@code 0}) or an errno. */
public record Result(Errno errno) {
    public static final Result OK = new Result(null);

    public static Result of(Errno errno) {
        return errno == null ? OK : new Result(errno);
    }

    public boolean isOk() {
        return errno == null;
    }

    @Override
    public String toString() {
        return errno == null ? "0" : errno.name();
    }
}
