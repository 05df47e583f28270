package org.dmabufspec.coherency;

/** The one CPU cache line over the buffer: invalid, or a clean or dirty copy of a version. */
public record CacheLine(State state, int val) {
    public enum State { INVALID, CLEAN, DIRTY }

    public static final CacheLine INVALID = new CacheLine(State.INVALID, 0);

    /** dcache_clean_poc: a dirty line is written back and stays as clean. */
    CacheLine cleaned() {
        return state == State.DIRTY ? new CacheLine(State.CLEAN, val) : this;
    }
}
