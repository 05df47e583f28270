package org.dmabufspec.resv;

/** {@code enum dma_resv_usage}, ordered: a query for usage U covers every usage ≤ U. */
public enum DmaResvUsage {
    KERNEL, WRITE, READ, BOOKKEEP;

    /** {@code dma_resv_usage_rw(write)}: a writer waits for readers and writers, a reader for writers. */
    public static DmaResvUsage usageRw(boolean write) {
        return write ? READ : WRITE;
    }

    public boolean coveredBy(DmaResvUsage query) {
        return compareTo(query) <= 0;
    }
}
