package org.dmabufspec.fence;

import java.util.function.Consumer;

/** {@code struct dma_fence_cb}: a callback registered on one fence; runs at most once. */
public final class DmaFenceCb {
    private final String id;
    private final Consumer<DmaFence> func;
    /** False for internal wiring (containers): neither its add nor its run is traced. */
    volatile boolean traced = true;

    public DmaFenceCb(String id, Consumer<DmaFence> func) {
        this.id = id;
        this.func = func;
    }

    public String id() {
        return id;
    }

    void run(DmaFence f) {
        func.accept(f);
    }
}
