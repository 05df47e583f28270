package org.dmabufspec.kernel;

import java.util.ArrayList;
import java.util.List;
import java.util.PriorityQueue;

/**
 * The kernel's timer wheel on a virtual clock ({@code jiffies} in nanoseconds): {@link #add} is
 * {@code mod_timer}, {@link Timer#cancel} is {@code timer_shutdown_sync}. Time moves only when
 * {@link #advance} is called, which runs every expired timer on the calling thread, in expiry
 * order, outside the wheel's lock. A virtual clock keeps traces reproducible and lets a test see
 * vgem's 10 s fence expiry without sleeping 10 s.
 */
public final class Timers {
    /** One armed timer. */
    public static final class Timer {
        private final long expires;
        private final long order;
        private final Runnable function;
        private volatile boolean cancelled;

        private Timer(long expires, long order, Runnable function) {
            this.expires = expires;
            this.order = order;
            this.function = function;
        }

        public long expires() {
            return expires;
        }

        /** {@code timer_shutdown_sync}: a cancelled timer never runs. */
        public void cancel() {
            cancelled = true;
        }

        public boolean cancelled() {
            return cancelled;
        }
    }

    private final PriorityQueue<Timer> wheel = new PriorityQueue<>(
            (a, b) -> a.expires != b.expires ? Long.compare(a.expires, b.expires) : Long.compare(a.order, b.order));
    private long now;
    private long armed;

    /** The virtual time in ns. */
    public synchronized long now() {
        return now;
    }

    /** Arms {@code function} to run {@code delayNs} after now. */
    public synchronized Timer add(long delayNs, Runnable function) {
        if (delayNs < 0) {
            throw new IllegalArgumentException("negative timer delay " + delayNs);
        }
        Timer t = new Timer(now + delayNs, armed++, function);
        wheel.add(t);
        return t;
    }

    /** Moves the clock forward by {@code ns} and runs the timers that expired; returns how many ran. */
    public int advance(long ns) {
        if (ns < 0) {
            throw new IllegalArgumentException("time goes forward only: " + ns);
        }
        List<Timer> due = new ArrayList<>();
        synchronized (this) {
            now += ns;
            while (!wheel.isEmpty() && wheel.peek().expires <= now) {
                due.add(wheel.poll());
            }
        }
        int ran = 0;
        for (Timer t : due) {
            if (!t.cancelled) {
                t.function.run();
                ran++;
            }
        }
        return ran;
    }

    /** Armed, not cancelled, not yet expired. */
    public synchronized int pending() {
        return (int) wheel.stream().filter(t -> !t.cancelled).count();
    }
}
