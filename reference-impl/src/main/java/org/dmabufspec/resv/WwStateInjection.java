package org.dmabufspec.resv;

import org.dmabufspec.kernel.Kernel;

/**
 * State injection for the model-based tests of the inductive-invariant model MCWwMutex_Ind: its
 * initial states are every invariant state of a bounded domain (any stamps below any class counter,
 * a context that died on a lock and is backing off, ...), which calls from fresh contexts do not
 * reach in general. The tests take the locks and make the sleeping calls of such a state with the
 * ordinary calls, on the owning threads; only what no call can set is injected here: the class's
 * stamp counter, a context's stamp, and the contending lock a -EDEADLK left in the context. Not a
 * kernel interface: nothing in the reference implementation calls it.
 */
public final class WwStateInjection {
    private WwStateInjection() {
    }

    /** The class's counter, so that the next {@code ww_acquire_init} gets stamp {@code next}. */
    public static void nextStamp(WwClass cls, long next) {
        if (next < 1) {
            throw new IllegalArgumentException("stamp " + next);
        }
        cls.injectNextStamp(next);
    }

    /** A {@code ww_acquire_init}ed context with this stamp, owned by the calling thread. */
    public static WwAcquireCtx acquireCtx(Kernel k, long stamp) {
        if (stamp < 1) {
            throw new IllegalArgumentException("stamp " + stamp);
        }
        return WwAcquireCtx.injected(k, stamp);
    }

    /** The lock a -EDEADLK of {@code ctx} named (ctx->contending_lock), which its lock_slow must take. */
    public static void contending(WwAcquireCtx ctx, DmaResv resv) {
        ctx.contended(resv.wwMutex());
    }
}
