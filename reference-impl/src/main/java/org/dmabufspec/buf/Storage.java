package org.dmabufspec.buf;

/**
 * A piece of backing storage of a buffer (pages, a VRAM range). Mappings point at one; the
 * exporter frees it for reuse only after the fences of a move signalled (R5), and marks the
 * destination ready only when the move's copy finished (the move fence signals). Device access
 * to a freed or not-yet-ready storage is the bug the invariants catch.
 */
public final class Storage {
    private final String id;
    private final String placement;
    private volatile boolean ready;
    private volatile boolean freed;
    /** A move's copy read it: the buffer's data lives in the new storage, a write here is lost (R5b). */
    private volatile boolean superseded;
    private final java.util.concurrent.atomic.AtomicInteger mappings = new java.util.concurrent.atomic.AtomicInteger();

    public Storage(String id, String placement, boolean ready) {
        this.id = id;
        this.placement = placement;
        this.ready = ready;
    }

    public String id() {
        return id;
    }

    public String placement() {
        return placement;
    }

    public boolean ready() {
        return ready;
    }

    public void markReady() {
        ready = true;
    }

    /** Live sg_tables pointing here (the exporter counts them in map/unmap). */
    public int mappings() {
        return mappings.get();
    }

    public void mapped() {
        mappings.incrementAndGet();
    }

    /** Returns the mappings left. */
    public int unmapped() {
        return mappings.decrementAndGet();
    }

    public boolean freed() {
        return freed;
    }

    public void markFreed() {
        freed = true;
    }

    public boolean superseded() {
        return superseded;
    }

    public void markSuperseded() {
        superseded = true;
    }

    @Override
    public String toString() {
        return id + "@" + placement + (freed ? ",freed" : "") + (ready ? "" : ",not-ready");
    }
}
