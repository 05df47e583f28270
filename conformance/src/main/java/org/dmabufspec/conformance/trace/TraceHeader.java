package org.dmabufspec.conformance.trace;

/** The first record of a trace: who produced it and under which kernel behaviour. */
public record TraceHeader(
        String implementationName,
        String implementationVersion,
        KernelBehaviour behaviour,
        boolean moveNotify,
        String release,
        String clock,
        String scenario,
        Long seed,
        String inject) {
}
