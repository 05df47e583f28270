package org.dmabufspec.trace;

import java.util.Objects;

/**
 * The first line of a trace: who produced it and under which kernel behaviour. Optional fields are
 * null when absent; {@code capture} is the capture converter's only.
 */
public record TraceHeader(Implementation implementation, KernelInfo kernel, Clock clock,
                          String scenario, Long seed, String inject, String created, CaptureInfo capture) implements TraceRecord {
    public static final String FORMAT = "dmabuf-trace";
    public static final int VERSION = 1;

    public TraceHeader {
        Objects.requireNonNull(implementation, "implementation");
        Objects.requireNonNull(kernel, "kernel");
        Objects.requireNonNull(clock, "clock");
    }

    /** A header without {@code capture}: every producer but the capture converter. */
    public TraceHeader(Implementation implementation, KernelInfo kernel, Clock clock,
                       String scenario, Long seed, String inject, String created) {
        this(implementation, kernel, clock, scenario, seed, inject, created, null);
    }

    /** The same header for another scenario. */
    public TraceHeader withScenario(String newScenario) {
        return new TraceHeader(implementation, kernel, clock, newScenario, seed, inject, created, capture);
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
