package org.dmabufspec.resv;

import java.util.concurrent.atomic.AtomicLong;

/** {@code struct ww_class} defined with DEFINE_WD_CLASS: wait-die, one stamp counter. */
public final class WwClass {
    private final String name;
    private final AtomicLong stamp = new AtomicLong();

    public WwClass(String name) {
        this.name = name;
    }

    /** {@code reservation_ww_class} of dma-resv.c. */
    public static final WwClass RESERVATION = new WwClass("reservation_ww_class");

    public String name() {
        return name;
    }

    long nextStamp() {
        return stamp.incrementAndGet();
    }

    /** For {@link WwStateInjection} only: the stamp the next {@code ww_acquire_init} gets. */
    void injectNextStamp(long next) {
        stamp.set(next - 1);
    }
}
