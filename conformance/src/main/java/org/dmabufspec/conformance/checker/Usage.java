package org.dmabufspec.conformance.checker;

/** {@code enum dma_resv_usage}: a query for usage U sees every fence whose usage is at most U. */
public enum Usage {
    KERNEL, WRITE, READ, BOOKKEEP;

    public static Usage parse(String s) {
        if (s == null) {
            return null;
        }
        return switch (s) { // parsed per candidate and snapshot: no reflection lookup
            case "KERNEL" -> KERNEL;
            case "WRITE" -> WRITE;
            case "READ" -> READ;
            case "BOOKKEEP" -> BOOKKEEP;
            default -> valueOf(s);
        };
    }

    /** {@code dma_resv_usage_rw(write)}: a writer waits for readers too, a reader for writers only. */
    public static Usage rw(boolean write) {
        return write ? READ : WRITE;
    }
}
