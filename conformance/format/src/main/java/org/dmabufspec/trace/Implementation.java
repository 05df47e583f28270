package org.dmabufspec.trace;

import java.util.Objects;

/** Header field {@code implementation}: who produced the trace. */
public record Implementation(String name, String version) {
    public Implementation {
        Objects.requireNonNull(name, "implementation.name");
        Objects.requireNonNull(version, "implementation.version");
    }

    public static final Implementation REFERENCE = new Implementation("reference-impl", "0.1.0");
}
