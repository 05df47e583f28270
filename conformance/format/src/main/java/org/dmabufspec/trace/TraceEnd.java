package org.dmabufspec.trace;

import java.util.Objects;

/**
 * The last line of a trace; its absence means the run was cut short. {@code exit} and
 * {@code reason} are optional (null). {@code teardown}: the program dropped every reference it held
 * before the end, so every buffer must have been released.
 */
public record TraceEnd(long events, Status status, Long exit, String reason, boolean teardown) implements TraceRecord {
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

    public TraceEnd(long events, Status status, Long exit, String reason) {
        this(events, status, exit, reason, false);
    }

    public boolean complete() {
        return status == Status.COMPLETE;
    }

    @Override
    public String type() {
        return "end";
    }
}
