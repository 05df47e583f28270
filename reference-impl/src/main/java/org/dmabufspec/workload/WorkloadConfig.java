package org.dmabufspec.workload;

import org.dmabufspec.trace.Clock;
import org.dmabufspec.trace.KernelBehaviour;

/**
 * A simulator run: {@code threads} workers sharing {@code ops} operations, a seed, the kernel
 * behaviour and at most one injected bug (null = a legal workload). One thread runs everything,
 * engines and moves included, on one schedule: same seed, same trace. {@code uapi} adds the
 * userspace-driver mix (udmabuf, vgem PRIME imports and fences with their 10 s expiry, vmap); off,
 * the run makes none of its calls.
 */
public record WorkloadConfig(int threads, long ops, long seed, KernelBehaviour kernel, Injection inject, Clock clock, boolean uapi) {
    public WorkloadConfig(int threads, long ops, long seed, KernelBehaviour kernel, Injection inject, Clock clock) {
        this(threads, ops, seed, kernel, inject, clock, false);
    }

    public WorkloadConfig {
        if (threads < 1) {
            throw new IllegalArgumentException("--threads must be >= 1, was " + threads);
        }
        if (ops < 0) {
            throw new IllegalArgumentException("--ops must be >= 0, was " + ops);
        }
    }

    public boolean deterministic() {
        return threads == 1;
    }
}
