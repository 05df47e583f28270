package org.dmabufspec.resv;

import org.dmabufspec.kernel.Call;
import org.dmabufspec.kernel.Kernel;
import org.dmabufspec.trace.ObjectIds;

/**
 * {@code struct ww_acquire_ctx}: a stamp (smaller = older) and the number of locks held.
 * Owned by one thread.
 */
public final class WwAcquireCtx {
    private final Kernel kernel;
    private final String id;
    private final long stamp;
    private final Thread owner = Thread.currentThread();
    private int acquired;
    private WwMutex contended;
    private boolean done;

    private WwAcquireCtx(Kernel kernel, String id, long stamp) {
        this.kernel = kernel;
        this.id = id;
        this.stamp = stamp;
    }

    /** {@code ww_acquire_init}. */
    public static WwAcquireCtx init(Kernel k, WwClass cls) {
        WwAcquireCtx ctx = new WwAcquireCtx(k, k.newId("c"), cls.nextStamp());
        try (Call c = k.call("ww_acquire_init", ObjectIds.NONE.withCtx(ctx.id))) {
            c.arg("stamp", ctx.stamp);
        }
        return ctx;
    }

    /** For {@link WwStateInjection} only: a context with a stamp no counter handed out, traced as its init. */
    static WwAcquireCtx injected(Kernel k, long stamp) {
        WwAcquireCtx ctx = new WwAcquireCtx(k, k.newId("c"), stamp);
        try (Call c = k.call("ww_acquire_init", ObjectIds.NONE.withCtx(ctx.id))) {
            c.arg("stamp", ctx.stamp);
        }
        return ctx;
    }

    public String id() {
        return id;
    }

    public long stamp() {
        return stamp;
    }

    public synchronized int acquired() {
        return acquired;
    }

    synchronized void acquiredOne() {
        acquired++;
        contended = null;
    }

    synchronized void releasedOne() {
        acquired--;
    }

    synchronized void contended(WwMutex m) {
        contended = m;
    }

    synchronized WwMutex contended() {
        return contended;
    }

    boolean olderThan(WwAcquireCtx other) {
        return stamp < other.stamp;
    }

    /** {@code ww_acquire_done}: no more locks will be taken. */
    public void done() {
        try (Call c = kernel.call("ww_acquire_done", ObjectIds.NONE.withCtx(id))) {
            synchronized (this) {
                done = true;
            }
        }
    }

    synchronized boolean isDone() {
        return done;
    }

    Thread owner() {
        return owner;
    }

    /** {@code ww_acquire_fini}: F18, only after every lock of the context was released. */
    public void fini() {
        try (Call c = kernel.call("ww_acquire_fini", ObjectIds.NONE.withCtx(id))) {
            kernel.lockdep().check(acquired() == 0, "F18", c.op(),
                    "context " + id + " still holds " + acquired() + " lock(s)", c.misuse());
        }
    }
}
