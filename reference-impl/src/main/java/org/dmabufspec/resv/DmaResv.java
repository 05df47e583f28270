package org.dmabufspec.resv;

import java.util.ArrayList;
import java.util.List;
import org.dmabufspec.fence.DmaFence;
import org.dmabufspec.kernel.Call;
import org.dmabufspec.kernel.Kernel;
import org.dmabufspec.kernel.KernelError;
import org.dmabufspec.trace.Errno;
import org.dmabufspec.trace.ObjectIds;
import org.dmabufspec.trace.ObservedState;

/**
 * {@code struct dma_resv} (drivers/dma-buf/dma-resv.c): a wait-die ww_mutex and one array of
 * (fence, usage). Writers hold the lock; readers are lockless: the array is copy-on-write behind a
 * volatile field, which is what RCU gives the kernel's unlocked iterators. Traced under the id of
 * the buffer it belongs to.
 */
public final class DmaResv {
    /** One slot of {@code struct dma_resv_list}. */
    public record Entry(DmaFence fence, DmaResvUsage usage) {
    }

    private final Kernel kernel;
    private final String bufId;
    private final WwMutex lock = new WwMutex();
    private volatile List<Entry> fences = List.of();
    /** {@code max_fences}: slots reserved; the debug build resets it to num_fences at unlock (F13). */
    private int maxFences;

    public DmaResv(Kernel kernel, String bufId) {
        this.kernel = kernel;
        this.bufId = bufId;
    }

    public String bufId() {
        return bufId;
    }

    private ObjectIds ids(WwAcquireCtx ctx) {
        ObjectIds i = ObjectIds.buf(bufId);
        return ctx == null ? i : i.withCtx(ctx.id());
    }

    /**
     * For {@link ResvStateInjection} only: the table as given, in slot order (each entry takes a
     * reference of its fence, as {@code dma_resv_add_fence} does), and {@code max_fences}.
     */
    synchronized void injectTable(List<Entry> entries, int max) {
        for (Entry e : entries) {
            e.fence().get();
        }
        fences = List.copyOf(entries);
        maxFences = max;
    }

    /** The ww_mutex itself, for {@link WwStateInjection}. */
    WwMutex wwMutex() {
        return lock;
    }

    public boolean isHeldByCurrentThread() {
        return lock.isHeldByCurrentThread();
    }

    public boolean isLocked() {
        return lock.isLocked();
    }

    /**
     * {@code dma_resv_locking_ctx}: the acquire context that holds the lock, or null (unlocked, or
     * held without a context); exporters lock other buffers with it inside a callback (TTM's ticket).
     */
    public WwAcquireCtx lockingCtx() {
        return lock.ownerCtx();
    }

    /** Acquire contexts queued for the lock (for tests). */
    int lockWaiters() {
        return lock.waiterCount();
    }

    /** {@code dma_resv_assert_held}: a lockdep check of {@code rule} for the call. */
    public boolean assertHeld(String rule, Call c) {
        return kernel.lockdep().check(isHeldByCurrentThread(), rule, c.op(),
                "reservation of " + bufId + " not held", c.misuse());
    }

    /** {@code dma_resv_lock}: 0, -EDEADLK (wait-die), -EALREADY. */
    public Errno lock(WwAcquireCtx ctx) {
        return lock("dma_resv_lock", ctx, false, false);
    }

    /** {@code dma_resv_lock_interruptible}: additionally -EINTR. */
    public Errno lockInterruptible(WwAcquireCtx ctx) {
        return lock("dma_resv_lock_interruptible", ctx, true, false);
    }

    /** {@code dma_resv_lock_slow}: after -EDEADLK, with no other lock of ctx held; cannot fail. */
    public void lockSlow(WwAcquireCtx ctx) {
        lock("dma_resv_lock_slow", ctx, false, true);
    }

    private Errno lock(String op, WwAcquireCtx ctx, boolean intr, boolean slow) {
        try (Call c = kernel.call(op, ids(ctx))) {
            boolean mine = lock.isHeldByCurrentThread();
            c.resvHeld(mine);
            if (mine && (ctx == null || lock.ownerCtx() != ctx)) {
                // Recursive locking deadlocks in the kernel (B17); never block here.
                kernel.lockdep().check(false, "B17", op, "thread already holds the reservation of " + bufId,
                        c.misuse());
                c.result(Errno.EDEADLK);
                return Errno.EDEADLK;
            }
            if (slow) {
                kernel.lockdep().check(ctx.acquired() == 0, "F18", op,
                        "context " + ctx.id() + " still holds " + ctx.acquired() + " lock(s)", c.misuse());
                WwMutex want = ctx.contended();
                kernel.lockdep().check(want == null || want == lock, "F18", op,
                        "lock_slow on a lock other than the contended one", c.misuse());
            }
            if (ctx != null) {
                kernel.lockdep().check(ctx.owner() == Thread.currentThread(), "F18", op,
                        "context " + ctx.id() + " used by another thread", c.misuse());
                kernel.lockdep().check(!ctx.isDone(), "F18", op,
                        "lock after ww_acquire_done on " + ctx.id(), c.misuse());
            }
            Errno e = switch (lock.lock(ctx, intr, slow)) {
                case ACQUIRED -> null;
                case EDEADLK -> Errno.EDEADLK;
                case EALREADY -> Errno.EALREADY;
                case EINTR -> Errno.EINTR;
            };
            c.result(e);
            return e;
        }
    }

    /** {@code dma_resv_trylock}. */
    public boolean trylock() {
        try (Call c = kernel.call("dma_resv_trylock", ids(null))) {
            c.resvHeld(lock.isHeldByCurrentThread());
            boolean ok = lock.trylock();
            c.ret(ok);
            return ok;
        }
    }

    /** {@code dma_resv_unlock}; forgets reserved slots as CONFIG_DEBUG_MUTEXES does. */
    public void unlock() {
        try (Call c = kernel.call("dma_resv_unlock", ids(null))) {
            c.resvHeld(lock.isHeldByCurrentThread());
            if (assertHeld("F18", c)) {
                maxFences = fences.size();
                lock.unlock();
            }
        }
    }

    /** {@code dma_resv_reserve_fences}: ensures {@code num} free slots; drops signalled entries on growth. */
    public Errno reserveFences(int num) {
        try (Call c = kernel.call("dma_resv_reserve_fences", ids(null))) {
            c.arg("num", num).resvHeld(lock.isHeldByCurrentThread());
            assertHeld("F13", c);
            synchronized (this) {
                List<Entry> cur = fences;
                if (maxFences - cur.size() >= num) {
                    return null;
                }
                List<Entry> kept = new ArrayList<>(cur.size());
                for (Entry e : cur) {
                    if (e.fence().isSignaledQuiet()) {
                        e.fence().putQuiet();
                    } else {
                        kept.add(e);
                    }
                }
                maxFences = Math.max(Math.max(kept.size() + num, 2 * maxFences), 4);
                fences = List.copyOf(kept);
            }
            return null;
        }
    }

    /**
     * {@code dma_resv_add_fence}: replaces the first entry that is signalled or of the same context
     * with usage ≥ {@code usage} and not later than the new fence; else appends into a reserved
     * slot (F13). Containers are refused (F14).
     */
    public void addFence(DmaFence fence, DmaResvUsage usage) {
        try (Call c = kernel.call("dma_resv_add_fence", ids(null).withFence(fence.id()))) {
            c.arg("usage", usage.name()).resvHeld(lock.isHeldByCurrentThread());
            assertHeld("F13", c);
            if (!kernel.lockdep().check(!fence.isContainer(), "F14", c.op(),
                    "container fence " + fence.id() + " added to a reservation", c.misuse())) {
                return;
            }
            fence.get();
            synchronized (this) {
                List<Entry> cur = fences;
                for (int i = 0; i < cur.size(); i++) {
                    Entry old = cur.get(i);
                    if ((old.fence().context() == fence.context() && old.usage().compareTo(usage) >= 0
                            && fence.isLaterOrSame(old.fence())) || old.fence().isSignaledQuiet()) {
                        List<Entry> next = new ArrayList<>(cur);
                        next.set(i, new Entry(fence, usage));
                        fences = List.copyOf(next);
                        old.fence().putQuiet();
                        return;
                    }
                }
                kernel.lockdep().check(cur.size() < maxFences, "F13", c.op(),
                        "no reserved slot (num_fences " + cur.size() + " >= max_fences " + maxFences + ")",
                        c.misuse());
                List<Entry> next = new ArrayList<>(cur);
                next.add(new Entry(fence, usage));
                fences = List.copyOf(next);
                maxFences = Math.max(maxFences, next.size());
            }
        }
    }

    /**
     * Unsignalled fences with usage ≤ {@code usage}, lockless (the unlocked iterator). Every writer
     * publishes a new table, so a table that changed during the walk means the kernel's
     * {@code read_seqcount_retry} fails and {@code dma_resv_iter_restart_unlocked} walks again: a
     * walk of a table that is no longer current, with flags read after the change, can answer a set
     * of fences that was never the unsignalled set at one instant.
     */
    public List<DmaFence> unsignalled(DmaResvUsage usage) {
        while (true) {
            List<Entry> walked = fences;
            List<DmaFence> out = new ArrayList<>();
            for (Entry e : walked) {
                if (e.usage().coveredBy(usage) && !e.fence().isSignaledQuiet()) {
                    out.add(e.fence());
                }
            }
            if (fences == walked) {
                return out;
            }
        }
    }

    /** {@code dma_resv_test_signaled}. */
    public boolean testSignaled(DmaResvUsage usage) {
        try (Call c = kernel.call("dma_resv_test_signaled", ids(null))) {
            c.arg("usage", usage.name()).resvHeld(lock.isHeldByCurrentThread());
            boolean r = unsignalled(usage).isEmpty();
            c.ret(r);
            return r;
        }
    }

    /**
     * {@code dma_resv_wait_timeout}: waits every unsignalled fence with usage ≤ {@code usage};
     * remaining time (> 0; 1 if timeout 0 and idle), 0 on timeout; throws -ERESTARTSYS.
     */
    public long waitTimeout(DmaResvUsage usage, boolean intr, long timeoutNs) {
        try (Call c = kernel.call("dma_resv_wait_timeout", ids(null))) {
            c.arg("usage", usage.name()).arg("timeout", timeoutNs == DmaFence.MAX_TIMEOUT ? "MAX" : timeoutNs)
                    .arg("intr", intr).resvHeld(lock.isHeldByCurrentThread());
            long left = timeoutNs;
            long r = timeoutNs == 0 ? 1 : timeoutNs;
            try {
                for (DmaFence f : unsignalled(usage)) {
                    r = f.awaitSignaled(intr, left);
                    if (r == 0) {
                        break;
                    }
                    if (left != DmaFence.MAX_TIMEOUT && timeoutNs != 0) {
                        left = r;
                    }
                }
            } catch (KernelError e) {
                c.result(e.errno());
                throw e;
            }
            c.ret(r);
            return r;
        }
    }

    /** {@code dma_resv_get_fences}: the unsignalled fences with usage ≤ {@code usage}, with references. */
    public List<DmaFence> getFences(DmaResvUsage usage) {
        try (Call c = kernel.call("dma_resv_get_fences", ids(null))) {
            c.arg("usage", usage.name()).resvHeld(lock.isHeldByCurrentThread());
            List<DmaFence> out = unsignalled(usage);
            List<String> idList = new ArrayList<>(out.size());
            for (DmaFence f : out) {
                f.get();
                idList.add(f.id());
            }
            c.ids(c.ids().withFences(idList));
            return out;
        }
    }

    public List<Entry> entries() {
        return fences;
    }

    /**
     * {@code dma_resv_fini} (at dma_buf_release): the table goes and with it the object's reference
     * to each of its fences (untraced, as the table's other puts).
     */
    public void fini() {
        List<Entry> gone;
        synchronized (this) {
            gone = fences;
            fences = List.of();
            maxFences = 0;
        }
        for (Entry e : gone) {
            e.fence().putQuiet();
        }
    }

    /** The {@code state.fences} field of an event. */
    public List<ObservedState.Fence> describe() {
        List<ObservedState.Fence> out = new ArrayList<>();
        for (Entry e : fences) {
            out.add(new ObservedState.Fence(e.fence().id(), e.usage().name(), e.fence().isSignaledQuiet()));
        }
        return List.copyOf(out);
    }
}
