package org.dmabufspec.conformance.trace;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import org.dmabufspec.trace.TraceEvent;

/**
 * Reads a trace's events on a thread of its own, in batches, so that parsing and checking run
 * on two cores at once. The consumer sees exactly what a synchronous read gives, in the same
 * order: the events, then either the end (null) or the first error, raised at the position it was
 * found. Memory stays bounded: at most {@link #BATCHES} batches of {@link #BATCH} events wait.
 */
final class ReadAhead {
    static final int BATCH = 256;
    static final int BATCHES = 16;

    /** The synchronous read: the next event, null after the end record. */
    interface Source {
        TraceEvent next() throws TraceFormatException;
    }

    /**
     * Full batches hold BATCH events; the last one ends early with null (the end record was read)
     * or the Throwable that stopped the read.
     */
    private final BlockingQueue<Object[]> queue = new ArrayBlockingQueue<>(BATCHES);
    private final Thread thread;
    private final String name;
    private volatile boolean closed;
    private Object[] batch;
    private int index;
    private Object last;

    ReadAhead(Source source, String name) {
        this.name = name;
        thread = new Thread(() -> produce(source), "trace read-ahead: " + name);
        thread.setDaemon(true); // a reader never closed does not keep the JVM alive
        thread.start();
    }

    private void produce(Source source) {
        Object[] b = new Object[BATCH];
        int n = 0;
        try {
            while (!closed) {
                TraceEvent e = source.next();
                b[n++] = e;
                if (e == null) {
                    put(b);
                    return;
                }
                if (n == BATCH) {
                    put(b);
                    b = new Object[BATCH];
                    n = 0;
                }
            }
        } catch (TraceFormatException | RuntimeException | Error t) {
            // OutOfMemoryError and StackOverflowError too: the checker reports them as its own verdicts
            b[n] = t;
            put(b);
        }
    }

    private void put(Object[] b) {
        try {
            while (!closed) {
                if (queue.offer(b, 50, TimeUnit.MILLISECONDS)) {
                    return;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The next event in file order, null after the end; rethrows the read's error where it occurred. */
    TraceEvent next() throws TraceFormatException {
        if (last != null) {
            throw rethrow(last); // the error stays: a read that failed does not go on
        }
        if (batch == null || index == BATCH) {
            try {
                batch = queue.take();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new TraceFormatException(name, 0, null, "interrupted while reading");
            }
            index = 0;
        }
        Object o = batch[index];
        if (o instanceof TraceEvent e) {
            index++;
            return e;
        }
        if (o == null) {
            return null; // stays here: the end is sticky
        }
        last = o;
        throw rethrow(o);
    }

    private static TraceFormatException rethrow(Object t) {
        if (t instanceof TraceFormatException e) {
            return e;
        }
        if (t instanceof RuntimeException e) {
            throw e;
        }
        throw (Error) t;
    }

    /** Stops the reading thread and waits for it, so the caller may close the input. */
    void close() {
        closed = true;
        queue.clear();
        try {
            thread.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
