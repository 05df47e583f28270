package org.dmabufspec.kernel;

import java.util.SplittableRandom;
import java.util.concurrent.locks.LockSupport;

/**
 * Seeded schedule noise for the schedule fuzzer: at each point a traced call passes (right after
 * its start stamp, before the effect; right before its end stamp, after the effect) the calling
 * thread may yield, spin or park for a few microseconds. Every lock, unlock, fence signal and
 * callback is a traced call, so the windows between a call's stamps and its effect — where a
 * checker must place the effect among other threads' — are stretched at random.
 *
 * <p>The decisions are a function of the seed and the thread's name and how many points it
 * passed, so a run with the same seed makes the same decisions; the operating system's
 * scheduling on top of them is not reproducible, which is why the fuzzer also keeps the trace.
 */
public final class SchedulePerturbation {
    /** No noise: one volatile read per point. */
    public static final SchedulePerturbation NONE = new SchedulePerturbation(0, 0);

    private final long seed;
    private final int percent;
    private final ThreadLocal<SplittableRandom> rngs;

    private SchedulePerturbation(long seed, int percent) {
        this.seed = seed;
        this.percent = percent;
        this.rngs = ThreadLocal.withInitial(() -> new SplittableRandom(seed * 0x9E3779B97F4A7C15L
                ^ Thread.currentThread().getName().hashCode()));
    }

    /** Noise at {@code percent} of the points (1-100), decided from {@code seed}. */
    public static SchedulePerturbation seeded(long seed, int percent) {
        if (percent < 1 || percent > 100) {
            throw new IllegalArgumentException("percent must be 1..100, got " + percent);
        }
        return new SchedulePerturbation(seed, percent);
    }

    public long seed() {
        return seed;
    }

    public boolean enabled() {
        return percent > 0;
    }

    /** A point of the calling thread: maybe yield, spin or park. */
    public void point() {
        if (percent == 0) {
            return;
        }
        SplittableRandom r = rngs.get();
        if (r.nextInt(100) >= percent) {
            return;
        }
        switch (r.nextInt(4)) {
            case 0 -> Thread.yield();
            case 1 -> {
                int n = r.nextInt(2000);
                for (int i = 0; i < n; i++) {
                    Thread.onSpinWait();
                }
            }
            case 2 -> LockSupport.parkNanos(1_000L + r.nextInt(50_000));
            default -> {
                Thread.yield();
                Thread.yield();
            }
        }
    }
}
