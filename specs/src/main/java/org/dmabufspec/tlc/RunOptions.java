package org.dmabufspec.tlc;

import java.time.Duration;
import java.util.List;

/**
 * How to run TLC for one model.
 *
 * @param workers    TLC worker threads ({@code -workers})
 * @param heapMb     the forked JVM's {@code -Xmx} in MiB; 1 GiB is the sweet spot on 2 cores
 * @param timeout    wall-clock limit; the JVM and its children are killed when it passes
 * @param tlcOptions extra TLC flags, e.g. {@code -deadlock}
 */
public record RunOptions(int workers, int heapMb, Duration timeout, List<String> tlcOptions) {
    public RunOptions {
        if (workers < 1) {
            throw new IllegalArgumentException("workers must be at least 1, got " + workers);
        }
        if (heapMb < 64) {
            throw new IllegalArgumentException("heap must be at least 64 MiB, got " + heapMb);
        }
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("timeout must be positive, got " + timeout);
        }
        tlcOptions = List.copyOf(tlcOptions);
    }

    public static RunOptions defaults() {
        return new RunOptions(2, 1024, Duration.ofMinutes(30), List.of());
    }

    public RunOptions withWorkers(int w) {
        return new RunOptions(w, heapMb, timeout, tlcOptions);
    }

    public RunOptions withTimeout(Duration t) {
        return new RunOptions(workers, heapMb, t, tlcOptions);
    }

    public RunOptions withTlcOptions(List<String> options) {
        return new RunOptions(workers, heapMb, timeout, options);
    }
}
