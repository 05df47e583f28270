package org.dmabufspec.trace;

import java.util.Objects;

/**
 * The last line of a complete trace; {@code exit} and {@code reason} are optional. {@code teardown}:
 * the program dropped every reference it held (every buffer must have been released).
 */
public record TraceEnd(long events, Status status, Integer exit, String reason, boolean teardown) implements TraceRecord {
    public enum Status {
        COMPLETE("complete"), ABORTED("aborted");

        private final String text;

        Status(String text) {
            this.text = text;
        }

        public String text() {
            return text;
        }

        public static Status parse(String s) {
            for (Status st : values()) {
                if (st.text.equals(s)) {
                    return st;
                }
            }
            throw new IllegalArgumentException("unknown end status '" + s + "' (complete or aborted)");
        }
    }

    public TraceEnd {
        Objects.requireNonNull(status, "status");
        if (events < 0) {
            throw new IllegalArgumentException("events must be >= 0");
        }
    }

    public TraceEnd(long events, Status status, Integer exit, String reason) {
        this(events, status, exit, reason, false);
    }

    @Override
    public String type() {
        return "end";
    }
}
