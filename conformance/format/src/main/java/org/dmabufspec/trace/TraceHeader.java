package org.dmabufspec.trace;

import java.util.Objects;

/** The first line of a trace: who produced it and under which kernel behaviour. Optional fields are null when absent. */
public record TraceHeader(Implementation implementation, KernelInfo kernel, Clock clock,
                          String scenario, Long seed, String inject, String created) implements TraceRecord {
    public static final String FORMAT = "dmabuf-trace";
    public static final int VERSION = 1;

    public TraceHeader {
        Objects.requireNonNull(implementation, "implementation");
        Objects.requireNonNull(kernel, "kernel");
        Objects.requireNonNull(clock, "clock");
    }

    /** The kernel behaviour the trace follows ({@code kernel.behaviour}, {@code kernel.move_notify}). */
    public KernelBehaviour behaviour() {
        return kernel.behaviour();
    }

    @Override
    public String type() {
        return "header";
    }
}
