package org.dmabufspec.trace;

/** The time base of {@code start}/{@code end} in a trace. */
public enum Clock {
    /** CLOCK_MONOTONIC nanoseconds (native runs; reference impl with real time). */
    MONOTONIC_NS("monotonic_ns"),
    /** A counter shared by all threads (reference impl; reproducible). */
    LOGICAL("logical");

    private final String text;

    Clock(String text) {
        this.text = text;
    }

    public String text() {
        return text;
    }

    public static Clock parse(String s) {
        for (Clock c : values()) {
            if (c.text.equals(s)) {
                return c;
            }
        }
        throw new IllegalArgumentException("unknown clock '" + s + "' (monotonic_ns or logical)");
    }
}
