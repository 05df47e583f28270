package org.dmabufspec.cli;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.dmabufspec.tlc.Progress;

/**
 * Live progress of the running model. TLC 1.7.3 reports states only once a minute (message
 * 2200; the interval is a compile-time constant, it cannot be lowered), so on a terminal an
 * elapsed-time ticker redraws one line every second with the last report; elsewhere each report
 * is one plain line.
 */
final class ProgressDisplay implements AutoCloseable {
    private final PrintWriter err;
    private final boolean tty;
    private final String model;
    private final long start = System.nanoTime();
    private final AtomicReference<Progress> last = new AtomicReference<>();
    private final ScheduledExecutorService ticker;

    ProgressDisplay(PrintWriter err, boolean tty, String model) {
        this.err = err;
        this.tty = tty;
        this.model = model;
        if (tty) {
            ticker = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "progress");
                t.setDaemon(true);
                return t;
            });
            ticker.scheduleAtFixedRate(this::redraw, 0, 1, TimeUnit.SECONDS);
        } else {
            ticker = null;
            err.println("  running " + model + " ...");
            err.flush();
        }
    }

    void report(Progress p) {
        last.set(p);
        if (!tty) {
            err.println("  " + model + ": " + describe(p) + ", " + p.elapsed().toSeconds() + " s");
            err.flush();
        }
    }

    private synchronized void redraw() {
        Progress p = last.get();
        long secs = Duration.ofNanos(System.nanoTime() - start).toSeconds();
        String states = p == null ? "(TLC reports states once a minute)" : describe(p);
        err.print("\r\033[K  " + model + "  " + secs + " s  " + states);
        err.flush();
    }

    private static String describe(Progress p) {
        return String.format("%,d distinct states, %,d on queue, depth %d", p.distinct(), p.queue(), p.depth());
    }

    @Override
    public synchronized void close() {
        if (ticker != null) {
            ticker.shutdownNow();
            err.print("\r\033[K");
            err.flush();
        }
    }
}
