package org.dmabufspec.fence;

import java.util.ArrayList;
import java.util.List;
import java.util.NavigableSet;
import java.util.concurrent.atomic.AtomicInteger;
import org.dmabufspec.kernel.Call;
import org.dmabufspec.kernel.Kernel;
import org.dmabufspec.kernel.KernelError;
import org.dmabufspec.trace.Errno;
import org.dmabufspec.trace.ObjectIds;

/**
 * {@code struct dma_fence} (drivers/dma-buf/dma-fence.c): unsignalled → signalled exactly once
 * (F7); callbacks run in registration order, exactly once, by the signalling thread;
 * {@code add_callback} on a signalled fence returns -ENOENT and never runs the callback. The
 * Java monitor {@link #lock} plays the fence spinlock; callbacks run after the list was detached
 * under it (so {@code remove_callback} racing with signal sees them gone), outside it, so a
 * callback may take other locks.
 */
public class DmaFence {
    /** Timeout value meaning MAX_SCHEDULE_TIMEOUT. */
    public static final long MAX_TIMEOUT = Long.MAX_VALUE;

    protected final Kernel kernel;
    private final String id;
    private final long context;
    private final long seqno;
    private final Object lock = new Object();
    private boolean signaled;
    private boolean swSignaling;
    private Errno error;
    private List<DmaFenceCb> callbacks = new ArrayList<>(2);
    private final AtomicInteger refs = new AtomicInteger(1);

    protected DmaFence(Kernel kernel, String id, long context, long seqno) {
        this.kernel = kernel;
        this.id = id;
        this.context = context;
        this.seqno = seqno;
    }

    /** {@code dma_fence_init}. */
    public static DmaFence init(Kernel k, long context, long seqno) {
        DmaFence f = new DmaFence(k, k.newId("f"), context, seqno);
        f.traceInit();
        return f;
    }

    protected final void traceInit() {
        if (!isSignaledQuiet()) {
            kernel.unsignalledSeqnos(context).add(seqno);
        }
        try (Call c = kernel.call("dma_fence_init", ObjectIds.fence(id))) {
            c.arg("context", context).arg("seqno", seqno);
            List<String> parts = componentIds();
            if (parts != null) {
                c.ids(c.ids().withFences(parts));
            }
        }
    }

    /** The components a container names at its dma_fence_init (null: not a container). */
    protected List<String> componentIds() {
        return null;
    }

    /** {@code dma_fence_get_stub}: the always-signalled fence of context 0. */
    public static DmaFence getStub(Kernel k) {
        return k.singleton("dma_fence_stub", () -> {
            DmaFence f = new DmaFence(k, "stub", 0, 0);
            f.signaled = true;
            return f;
        });
    }

    public String id() {
        return id;
    }

    public long context() {
        return context;
    }

    public long seqno() {
        return seqno;
    }

    public boolean isContainer() {
        return false;
    }

    /** The fences a container stands for ({@code dma_fence_unwrap_for_each}); itself otherwise. */
    public List<DmaFence> unwrap() {
        return List.of(this);
    }

    public boolean isSignaledQuiet() {
        synchronized (lock) {
            return signaled;
        }
    }

    /** {@code dma_fence_is_signaled}. */
    public boolean isSignaled() {
        return isSignaledQuiet();
    }

    /** {@code dma_fence_get_status}: 0 pending, 1 signalled OK, or the error (negative). */
    public int getStatus() {
        synchronized (lock) {
            if (!signaled) {
                return 0;
            }
            return error == null ? 1 : -error.value();
        }
    }

    public Errno error() {
        synchronized (lock) {
            return error;
        }
    }

    /** F12: same-context fences compare by seqno; across contexts the comparison is invalid. */
    public boolean isLaterOrSame(DmaFence other) {
        if (other == this) {
            return true;
        }
        kernel.lockdep().check(other.context == context, "F12", "dma_fence_is_later",
                "comparing fences of contexts " + context + " and " + other.context, null);
        return seqno >= other.seqno;
    }

    public boolean isLater(DmaFence other) {
        return other != this && isLaterOrSame(other) && seqno != other.seqno;
    }

    /** {@code dma_fence_enable_sw_signaling}. */
    public void enableSwSignaling() {
        try (Call c = kernel.call("dma_fence_enable_sw_signaling", ObjectIds.fence(id))) {
            synchronized (lock) {
                swSignaling = true;
            }
        }
    }

    /** {@code dma_fence_set_error}: F8, must happen before signalling. */
    public void setError(Errno e) {
        try (Call c = kernel.call("dma_fence_set_error", ObjectIds.fence(id))) {
            c.arg("error", e.name());
            synchronized (lock) {
                if (kernel.lockdep().check(!signaled, "F8", c.op(), "fence " + id + " already signalled", c.misuse())) {
                    error = e;
                }
            }
        }
    }

    /**
     * {@code dma_fence_signal} (int API, ≤6.x): 0, or -EINVAL if already signalled. Runs the
     * callbacks in registration order. Signalling a seqno while an earlier seqno of the same
     * context is unsignalled breaks F12.
     */
    public Errno signal() {
        try (Call c = kernel.call("dma_fence_signal", ObjectIds.fence(id))) {
            return signalIn(c);
        }
    }

    /** Signal from a thread nobody called (a timer, an engine interrupt): traced hidden. */
    public Errno signalHidden() {
        try (Call c = kernel.call("dma_fence_signal", ObjectIds.fence(id))) {
            c.hidden();
            return signalIn(c);
        }
    }

    private Errno signalIn(Call c) {
        List<DmaFenceCb> run;
        synchronized (lock) {
            if (signaled) {
                c.result(Errno.EINVAL);
                return Errno.EINVAL;
            }
            NavigableSet<Long> pending = kernel.unsignalledSeqnos(context);
            Long earlier = pending.lower(seqno);
            long latest = kernel.signalledSeqno(context, seqno);
            kernel.lockdep().check(earlier == null && latest <= seqno, "F12", c.op(),
                    "fence " + id + " (context " + context + ", seqno " + seqno + ") signalled out of order (pending "
                            + earlier + ", already signalled " + latest + ")", c.misuse());
            pending.remove(seqno);
            signaled = true;
            run = callbacks;
            callbacks = null;
            lock.notifyAll();
        }
        for (DmaFenceCb cb : run) {
            if (!cb.traced) {
                cb.run(this);
                continue;
            }
            try (Call cc = kernel.call("dma_fence_callback", ObjectIds.fence(id).withCb(cb.id()))) {
                cb.run(this);
            }
        }
        return null;
    }

    /** {@code dma_fence_add_callback}: 0, or -ENOENT if already signalled (callback not run). */
    public Errno addCallback(DmaFenceCb cb) {
        try (Call c = kernel.call("dma_fence_add_callback", ObjectIds.fence(id).withCb(cb.id()))) {
            Errno e = add(cb);
            if (e == Errno.ENOENT && kernel.injected(FenceBug.LATE_ADD_RETURNS_ZERO.text())) {
                e = null;
            } else if (e == Errno.ENOENT && kernel.injected(FenceBug.LATE_CALLBACK_RUNS.text())) {
                try (Call cc = kernel.call("dma_fence_callback", ObjectIds.fence(id).withCb(cb.id()))) {
                    cb.run(this);
                }
            }
            c.result(e);
            return e;
        }
    }

    /** Untraced add_callback, for the internal wiring of containers (the callback runs untraced too). */
    public Errno addCallbackQuiet(DmaFenceCb cb) {
        cb.traced = false;
        return add(cb);
    }

    private Errno add(DmaFenceCb cb) {
        boolean enable;
        synchronized (lock) {
            if (signaled) {
                return Errno.ENOENT;
            }
            enable = !swSignaling;
            swSignaling = true;
            if (kernel.injected(FenceBug.CALLBACK_LIST_ADD.text())) {
                callbacks.add(0, cb);
            } else {
                callbacks.add(cb);
            }
        }
        if (enable) {
            enableSignaling();
        }
        return null;
    }

    /** {@code ops->enable_signaling}; containers wire their components here. */
    protected void enableSignaling() {
    }

    /** {@code dma_fence_remove_callback}: true if it was still pending and is now removed. */
    public boolean removeCallback(DmaFenceCb cb) {
        try (Call c = kernel.call("dma_fence_remove_callback", ObjectIds.fence(id).withCb(cb.id()))) {
            boolean removed;
            synchronized (lock) {
                if (kernel.injected(FenceBug.REMOVE_WITHOUT_UNLINK.text())) {
                    removed = callbacks != null && callbacks.contains(cb);
                } else {
                    removed = callbacks != null && callbacks.remove(cb);
                    removed &= !kernel.injected(FenceBug.REMOVE_RETURNS_FALSE.text());
                }
            }
            c.ret(removed);
            return removed;
        }
    }

    /**
     * {@code dma_fence_wait_timeout}: remaining time (> 0; 1 if timeout was 0 and the fence is
     * signalled), 0 on timeout; -ERESTARTSYS (thrown) if interruptible and interrupted.
     */
    public long waitTimeout(boolean intr, long timeoutNs) {
        try (Call c = kernel.call("dma_fence_wait_timeout", ObjectIds.fence(id))) {
            c.arg("timeout", timeoutNs == MAX_TIMEOUT ? "MAX" : timeoutNs).arg("intr", intr);
            try {
                long r = awaitSignaled(intr, timeoutNs);
                c.ret(r);
                return r;
            } catch (KernelError e) {
                c.result(e.errno());
                throw e;
            }
        }
    }

    /** Untraced wait used inside other calls (resv waits, map). Same return values. */
    public long awaitSignaled(boolean intr, long timeoutNs) {
        synchronized (lock) {
            swSignaling = true;
            if (signaled) {
                return timeoutNs == 0 ? 1 : Math.max(1, timeoutNs);
            }
            if (timeoutNs == 0) {
                return 0;
            }
            long deadline = timeoutNs == MAX_TIMEOUT ? Long.MAX_VALUE : System.nanoTime() + timeoutNs;
            boolean interrupted = false;
            try {
                while (!signaled) {
                    long left = deadline == Long.MAX_VALUE ? 0 : deadline - System.nanoTime();
                    if (deadline != Long.MAX_VALUE && left <= 0) {
                        return 0;
                    }
                    try {
                        if (deadline == Long.MAX_VALUE) {
                            lock.wait();
                        } else {
                            lock.wait(left / 1_000_000, (int) (left % 1_000_000));
                        }
                    } catch (InterruptedException ie) {
                        if (intr) {
                            throw new KernelError(Errno.ERESTARTSYS, "wait for fence " + id + " interrupted");
                        }
                        interrupted = true;
                    }
                }
                return deadline == Long.MAX_VALUE ? MAX_TIMEOUT : Math.max(1, deadline - System.nanoTime());
            } finally {
                if (interrupted) {
                    Thread.currentThread().interrupt();
                }
            }
        }
    }

    public DmaFence get() {
        refs.incrementAndGet();
        return this;
    }

    /** Untraced put for references held inside the core (resv slots, sync_files). */
    public boolean putQuiet() {
        int left = refs.decrementAndGet();
        if (left == 0) {
            release(null);
            return true;
        }
        return false;
    }

    /** {@code dma_fence_put}: traced with {@code last}. */
    public void put() {
        try (Call c = kernel.call("dma_fence_put", ObjectIds.fence(id))) {
            int left = refs.decrementAndGet();
            c.arg("last", left == 0);
            if (left == 0) {
                release(c);
            }
        }
    }

    /** F11: a fence released unsignalled with callbacks pending is force-signalled with -EDEADLK. */
    private void release(Call c) {
        boolean pendingCbs;
        synchronized (lock) {
            pendingCbs = !signaled && callbacks != null && !callbacks.isEmpty();
        }
        if (pendingCbs && !kernel.injected(FenceBug.RELEASE_WITHOUT_FORCE_SIGNAL.text())) {
            kernel.lockdep().check(false, "F11", "dma_fence_release",
                    "fence " + id + " released with pending signals", c == null ? null : c.misuse());
            synchronized (lock) {
                error = Errno.EDEADLK;
            }
            signal();
        }
    }

    public int refcount() {
        return refs.get();
    }

    /**
     * For {@link FenceStateInjection} only: puts a fence made by {@code dma_fence_init} in a state the
     * model names (flags, error, the callbacks on cb_list in order, the references left). No call of
     * the implementation uses it.
     */
    void injectState(boolean signaled, boolean swSignaling, Errno error, List<DmaFenceCb> cbList, int refs) {
        synchronized (lock) {
            this.signaled = signaled;
            this.swSignaling = swSignaling || signaled || !cbList.isEmpty();
            this.error = error;
            this.callbacks = signaled ? null : new ArrayList<>(cbList);
        }
        this.refs.set(refs);
        if (signaled) {
            kernel.unsignalledSeqnos(context).remove(seqno);
            kernel.signalledSeqno(context, seqno);
        }
    }

    @Override
    public String toString() {
        return id + "(" + context + ":" + seqno + (isSignaledQuiet() ? ",signaled" : "") + ")";
    }
}
