package org.dmabufspec.importer;

import java.util.ArrayDeque;
import java.util.List;
import org.dmabufspec.buf.DmaBufAttachment;
import org.dmabufspec.buf.SgTable;
import org.dmabufspec.fence.DmaFence;
import org.dmabufspec.kernel.Kernel;

/**
 * A device engine running jobs in submission order, one fence per job, signalled when the job is
 * done. Either a real thread ({@link #start}) or stepped by a single-threaded scheduler
 * ({@link #runOne}).
 */
public final class Engine {
    /** A submitted job: its dependencies, the mapping it uses and its fence. */
    public record Job(DmaBufAttachment attach, SgTable sgt, Access access, List<DmaFence> deps, DmaFence fence) {
    }

    private final Kernel kernel;
    private final String name;
    private final ArrayDeque<Job> queue = new ArrayDeque<>();
    private Thread thread;
    private boolean stopping;
    private long done;

    public Engine(Kernel kernel, String name) {
        this.kernel = kernel;
        this.name = name;
    }

    public synchronized void submit(Job j) {
        queue.addLast(j);
        notifyAll();
    }

    public synchronized int queued() {
        return queue.size();
    }

    public synchronized long done() {
        return done;
    }

    private synchronized Job take(boolean block) throws InterruptedException {
        while (queue.isEmpty()) {
            if (!block || stopping) {
                return null;
            }
            wait();
        }
        return queue.pollFirst();
    }

    private synchronized Job peekNext() {
        if (queue.isEmpty()) {
            return null;
        }
        return queue.peekFirst();
    }

    private void run(Job j, boolean block) {
        for (DmaFence d : j.deps()) {
            if (block) {
                d.awaitSignaled(false, DmaFence.MAX_TIMEOUT);
            }
        }
        Device.access(kernel, j.attach(), j.sgt(), j.access());
        j.fence().signal();
        synchronized (this) {
            done++;
            notifyAll();
        }
    }

    /** Whether the next job's dependencies have all signalled. */
    public boolean ready() {
        Job j = peekNext();
        if (j == null) {
            return false;
        }
        for (DmaFence d : j.deps()) {
            if (!d.isSignaledQuiet()) {
                return false;
            }
        }
        return true;
    }

    /** Single-threaded step: runs the next job if its dependencies have signalled. */
    public boolean runOne() {
        Job j = peekNext();
        if (j == null) {
            return false;
        }
        for (DmaFence d : j.deps()) {
            if (!d.isSignaledQuiet()) {
                return false;
            }
        }
        try {
            Job t = take(false);
            run(t, false);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return true;
    }

    /** Starts the engine thread. */
    public synchronized void start() {
        thread = new Thread(() -> {
            try {
                while (true) {
                    Job j = take(true);
                    if (j == null) {
                        return;
                    }
                    run(j, true);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, name);
        thread.setDaemon(true);
        thread.start();
    }

    /** Lets the queue drain, then stops the thread. */
    public void stop() throws InterruptedException {
        Thread t;
        synchronized (this) {
            stopping = true;
            notifyAll();
            t = thread;
        }
        if (t != null) {
            t.join();
        }
    }

    public boolean threaded() {
        return thread != null;
    }
}
