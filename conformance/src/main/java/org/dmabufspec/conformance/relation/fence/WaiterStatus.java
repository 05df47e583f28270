package org.dmabufspec.conformance.relation.fence;

/** DmaFence's WaiterStates: dma_fence_wait_timeout progress and result. */
public enum WaiterStatus {
    IDLE("idle"), WAITING("waiting"), SIGNALED("signaled"), TIMEDOUT("timedout");

    private final String tla;

    WaiterStatus(String tla) {
        this.tla = tla;
    }

    public String tla() {
        return tla;
    }

    public static WaiterStatus of(String tla) {
        for (WaiterStatus s : values()) {
            if (s.tla.equals(tla)) {
                return s;
            }
        }
        throw new IllegalArgumentException("not a waiter state (WaiterStates): \"" + tla + "\"");
    }
}
