package org.dmabufspec.conformance.relation.coherency;

/** LineStates: the CPU cache line over the buffer. */
public enum LineState implements TlaEnum {
    INVALID("invalid"),
    CLEAN("clean"),
    DIRTY("dirty");

    private final String tla;

    LineState(String tla) {
        this.tla = tla;
    }

    @Override
    public String tla() {
        return tla;
    }
}
