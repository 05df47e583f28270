package org.dmabufspec.resv;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.dmabufspec.trace.Errno;

/**
 * {@code struct ww_mutex} with wait-die (kernel/locking/ww_mutex.h): a context that already holds
 * a lock of the class dies (-EDEADLK) when the holder, or a context queued for the lock, is older;
 * a context holding nothing waits; older contexts wait. Real blocking on a condition variable;
 * every release and every new waiter wakes the waiters so each re-checks whether it must die.
 */
public final class WwMutex {
    private final ReentrantLock m = new ReentrantLock();
    private final Condition changed = m.newCondition();
    private Thread ownerThread;
    private WwAcquireCtx ownerCtx;
    private final List<WwAcquireCtx> waiters = new ArrayList<>();

    /** How a lock attempt ended. */
    public enum Outcome { ACQUIRED, EDEADLK, EALREADY, EINTR }

    /**
     * {@code ww_mutex_lock} ({@code slow}: {@code ww_mutex_lock_slow}, which never dies). A NULL
     * ctx locks without deadlock avoidance.
     */
    Outcome lock(WwAcquireCtx ctx, boolean intr, boolean slow) {
        Thread me = Thread.currentThread();
        boolean interrupted = false;
        m.lock();
        try {
            if (ctx != null && ownerCtx == ctx) {
                return Outcome.EALREADY;
            }
            boolean queued = false;
            try {
                while (ownerThread != null) {
                    if (ctx != null && !slow && ctx.acquired() > 0 && mustDie(ctx)) {
                        ctx.contended(this);
                        return Outcome.EDEADLK;
                    }
                    if (!queued && ctx != null) {
                        waiters.add(ctx);
                        queued = true;
                        changed.signalAll();
                    }
                    try {
                        changed.await();
                    } catch (InterruptedException ie) {
                        if (intr) {
                            return Outcome.EINTR;
                        }
                        interrupted = true;
                    }
                }
            } finally {
                if (queued) {
                    waiters.remove(ctx);
                }
            }
            ownerThread = me;
            ownerCtx = ctx;
            if (ctx != null) {
                ctx.acquiredOne();
            }
            return Outcome.ACQUIRED;
        } finally {
            m.unlock();
            if (interrupted) {
                me.interrupt();
            }
        }
    }

    private boolean mustDie(WwAcquireCtx ctx) {
        if (ownerCtx != null && ownerCtx.olderThan(ctx)) {
            return true;
        }
        for (WwAcquireCtx w : waiters) {
            if (w != ctx && w.olderThan(ctx)) {
                return true;
            }
        }
        return false;
    }

    boolean trylock() {
        m.lock();
        try {
            if (ownerThread != null) {
                return false;
            }
            ownerThread = Thread.currentThread();
            ownerCtx = null;
            return true;
        } finally {
            m.unlock();
        }
    }

    /** Returns false if the caller did not hold it (nothing released). */
    boolean unlock() {
        m.lock();
        try {
            if (ownerThread != Thread.currentThread()) {
                return false;
            }
            if (ownerCtx != null) {
                ownerCtx.releasedOne();
            }
            ownerThread = null;
            ownerCtx = null;
            changed.signalAll();
            return true;
        } finally {
            m.unlock();
        }
    }

    public boolean isHeldByCurrentThread() {
        m.lock();
        try {
            return ownerThread == Thread.currentThread();
        } finally {
            m.unlock();
        }
    }

    /** Contexts queued waiting for this lock (tests wait for a waiter instead of sleeping). */
    int waiterCount() {
        m.lock();
        try {
            return waiters.size();
        } finally {
            m.unlock();
        }
    }

    public boolean isLocked() {
        m.lock();
        try {
            return ownerThread != null;
        } finally {
            m.unlock();
        }
    }

    WwAcquireCtx ownerCtx() {
        m.lock();
        try {
            return ownerCtx;
        } finally {
            m.unlock();
        }
    }
}
