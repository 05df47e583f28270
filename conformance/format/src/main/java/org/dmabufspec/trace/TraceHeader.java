package org.dmabufspec.trace;

import java.util.Objects;

/** The first line of a trace. Optional fields are null when absent. */
public record TraceHeader(Implementation implementation, KernelInfo kernel, Clock clock,
                          String scenario, Long seed, String inject, String created) implements TraceRecord {
    public static final String FORMAT = "dmabuf-trace";
    public static final int VERSION = 1;

    public TraceHeader {
        Objects.requireNonNull(implementation, "implementation");
        Objects.requireNonNull(kernel, "kernel");
        Objects.requireNonNull(clock, "clock");
    }

    @Override
    public String type() {
        return "header";
    }
}
