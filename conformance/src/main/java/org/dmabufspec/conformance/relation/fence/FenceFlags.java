package org.dmabufspec.conformance.relation.fence;

/** DmaFence's FenceStates: the SIGNALED / ENABLE_SIGNAL bits of fence->flags. */
public enum FenceFlags {
    UNSIGNALED("unsignaled"), ENABLED("enabled"), SIGNALED("signaled");

    private final String tla;

    FenceFlags(String tla) {
        this.tla = tla;
    }

    public String tla() {
        return tla;
    }

    public static FenceFlags of(String tla) {
        for (FenceFlags f : values()) {
            if (f.tla.equals(tla)) {
                return f;
            }
        }
        throw new IllegalArgumentException("not a fence state (FenceStates): \"" + tla + "\"");
    }
}
