package org.dmabufspec.trace;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * NDJSON trace writer. Traced threads only {@code put} to a bounded queue; one writer thread
 * orders events by seq ({@link SeqOrderer}), serialises them with Jackson and writes through a
 * buffer. {@link #finish} waits for the queue to drain, writes the end record and closes. The
 * queue is bounded ({@link #QUEUE}): when the writer falls behind (many threads, one writer),
 * traced threads wait for it instead of the queue growing until the heap is gone.
 */
public final class TraceWriter implements TraceSink, AutoCloseable {
    /** Tells the writer thread to stop (compared by identity, never written). */
    private static final PendingEvent STOP = new PendingEvent(-1, null, null);

    private final Writer out;
    /** Events in flight at most: a few MB, whatever the number of threads and ops. */
    static final int QUEUE = 1 << 14;
    private final BlockingQueue<PendingEvent> queue = new ArrayBlockingQueue<>(QUEUE);
    private final SeqOrderer orderer;
    private final Thread drainer;
    private volatile IOException failure;
    private volatile boolean finished;
    private volatile boolean aborted;

    public TraceWriter(OutputStream stream, TraceHeader header) {
        this(new OutputStreamWriter(stream, StandardCharsets.UTF_8), header);
    }

    public TraceWriter(Writer w, TraceHeader header) {
        this.out = new BufferedWriter(w, 1 << 16);
        this.orderer = new SeqOrderer(this::line);
        line(header);
        drainer = new Thread(this::drain, "trace-writer");
        drainer.setDaemon(true);
        drainer.start();
    }

    private void line(TraceRecord r) {
        try {
            out.write(TraceJson.toJson(r));
            out.write('\n');
        } catch (IOException e) {
            failure = e;
        }
    }

    private void drain() {
        try {
            while (true) {
                PendingEvent e = queue.poll(100, TimeUnit.MILLISECONDS);
                if (e == null) {
                    continue;
                }
                if (e == STOP) {
                    return;
                }
                orderer.add(e);
            }
        } catch (InterruptedException ie) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void submit(PendingEvent e) {
        if (finished) {
            if (aborted) {
                return; // the run was stopped (a signal): calls still finishing are not logged
            }
            throw new IllegalStateException("event " + e.event().op() + " submitted after the end record");
        }
        boolean interrupted = false;
        while (true) {
            try {
                // the writer thread takes no lock of the implementation, so waiting here cannot deadlock
                if (queue.offer(e, 100, TimeUnit.MILLISECONDS) || finished) {
                    break;
                }
            } catch (InterruptedException ie) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void finish(TraceEnd.Status status, String reason) {
        finish(status, reason, false);
    }

    @Override
    public synchronized void finish(TraceEnd.Status status, String reason, boolean teardown) {
        if (finished) {
            return;
        }
        finished = true;
        aborted = status == TraceEnd.Status.ABORTED;
        boolean interrupted = false;
        while (true) { // the end record must be written, interrupted or not
            try {
                queue.put(STOP);
                drainer.join();
                break;
            } catch (InterruptedException ie) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        if (aborted) {
            orderer.flushPrefix();
        } else {
            orderer.flushAll();
        }
        line(new TraceEnd(orderer.written(), status, null, reason, teardown && !aborted));
        try {
            out.close();
        } catch (IOException e) {
            failure = e;
        }
        if (failure != null) {
            throw new UncheckedIOException("writing the trace failed", failure);
        }
    }

    @Override
    public void close() {
        finish(TraceEnd.Status.COMPLETE, null);
    }
}
