package org.dmabufspec.conformance.checker;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A {@code ww_acquire_ctx} of reservation_ww_class (wait-die): its owner thread, stamp (smaller
 * is older), the buffers it holds, and the lock it lost on (-EDEADLK) that it must take next
 * with dma_resv_lock_slow after dropping everything (F18).
 */
final class WwCtxState {
    final String thread;
    final long stamp;
    final List<String> held;
    String contended;
    /**
     * The seq of the call inside which this context's -EDEADLK has yet to be returned: a lock under
     * it died inside an exporter callback (or a core call), which must fail with -EDEADLK too.
     */
    Long diedIn;
    boolean done;

    WwCtxState(String thread, long stamp) {
        this.thread = thread;
        this.stamp = stamp;
        this.held = new ArrayList<>(2);
    }

    private WwCtxState(WwCtxState o) {
        thread = o.thread;
        stamp = o.stamp;
        held = new ArrayList<>(o.held);
        contended = o.contended;
        diedIn = o.diedIn;
        done = o.done;
    }

    WwCtxState copy() {
        return new WwCtxState(this);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof WwCtxState c && thread.equals(c.thread) && stamp == c.stamp && held.equals(c.held)
                && Objects.equals(contended, c.contended) && Objects.equals(diedIn, c.diedIn) && done == c.done;
    }

    @Override
    public int hashCode() {
        return Objects.hash(thread, stamp, held, contended, diedIn, done);
    }
}
