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
 * @param jit        which JIT compilers the forked JVM uses
 */
public record RunOptions(int workers, int heapMb, Duration timeout, List<String> tlcOptions, Jit jit) {
    /**
     * {@link #QUICK} stops at the C1 compiler ({@code -XX:TieredStopAtLevel=1}): for runs of up to some
     * 10^4-10^5 states the C2 compiler costs more CPU than its faster code saves (about a third of a small
     * model's CPU time; figures in docs/benchmarks.md). {@link #FULL} is the JVM's default, for big models.
     */
    public enum Jit {
        QUICK, FULL;

        /** QUICK for the default tier's small models, FULL for the deep tier. */
        public static Jit forTier(Tier tier) {
            return tier == Tier.DEEP ? FULL : QUICK;
        }

        /**
         * The manifest's {@code jit:} where it names one, else the tier's: a default-tier model whose run is
         * long enough for C2 to pay off (an inductive-invariant model enumerating every typed state) says
         * {@code jit: full}.
         */
        public static Jit forModel(Model m) {
            return m.jit().orElseGet(() -> forTier(m.tier()));
        }

        List<String> jvmFlags() {
            return this == QUICK ? List.of("-XX:TieredStopAtLevel=1") : List.of();
        }
    }

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
        java.util.Objects.requireNonNull(jit, "jit");
    }

    /** With the quick JIT: the short runs most callers make. */
    public RunOptions(int workers, int heapMb, Duration timeout, List<String> tlcOptions) {
        this(workers, heapMb, timeout, tlcOptions, Jit.QUICK);
    }

    /** Two workers, 1 GiB, 30 minutes, the quick JIT: most runs (trace checks, re-checks, small models) are short. */
    public static RunOptions defaults() {
        return new RunOptions(2, 1024, Duration.ofMinutes(30), List.of(), Jit.QUICK);
    }

    public RunOptions withWorkers(int w) {
        return new RunOptions(w, heapMb, timeout, tlcOptions, jit);
    }

    public RunOptions withTimeout(Duration t) {
        return new RunOptions(workers, heapMb, t, tlcOptions, jit);
    }

    public RunOptions withTlcOptions(List<String> options) {
        return new RunOptions(workers, heapMb, timeout, options, jit);
    }

    public RunOptions withJit(Jit j) {
        return new RunOptions(workers, heapMb, timeout, tlcOptions, j);
    }

    /** The JIT for this model ({@link Jit#forModel}). */
    public RunOptions forModel(Model m) {
        return withJit(Jit.forModel(m));
    }
}
