package org.dmabufspec.trace;

import java.util.Objects;

/**
 * Header field {@code kernel}: the behaviour the trace follows; {@code release}, {@code dmabufDebug}
 * and {@code lockdep} are optional (null = absent).
 */
public record KernelInfo(KernelBehaviour behaviour, String release, Boolean dmabufDebug, Boolean lockdep) {
    public KernelInfo {
        Objects.requireNonNull(behaviour, "kernel.behaviour");
    }

    public static KernelInfo of(KernelBehaviour behaviour) {
        return new KernelInfo(behaviour, null, null, null);
    }
}
