package org.dmabufspec.conformance.nativerun;

/**
 * The shapes of fence lines that {@code /sys/kernel/debug/dma_buf/bufinfo} has had. Debugfs is
 * not ABI: each constant says which kernels printed it (dma-buf.c {@code dma_buf_debug_show},
 * dma-resv.c {@code dma_resv_describe}, dma-fence.c {@code dma_fence_describe}).
 */
public enum BufInfoFormat {
    /** Before 5.17: dma-buf.c printed {@code Exclusive fence: drv tl [un]signalled} and {@code Shared fence: ...}. */
    EXCLUSIVE_SHARED("pre-5.17 exclusive/shared"),
    /** 5.17 to about 6.16: {@code <usage> fence:<driver> <timeline> seq <n> [un]signalled}. */
    USAGE_SEQ("5.17+ usage driver timeline seq"),
    /** After the 2025 "safe access" rework: {@code <usage> fence:<context>:<seqno> <timeline> <driver> [un]signalled}, names blank once signalled. */
    USAGE_CONTEXT_SEQNO("6.17+ usage context:seqno"),
    /** No fence lines were present, so only the buffer rows and device lists (common to all) were parsed. */
    NO_FENCES("rows and devices only");

    private final String label;

    BufInfoFormat(String label) {
        this.label = label;
    }

    /** The text written as {@code bufinfo_format} and shown to users. */
    public String label() {
        return label;
    }
}
