package org.dmabufspec.conformance.relation.coherency;

/**
 * A buffer operation a trace logs that changes the cache maintenance DmaBufCoherency models:
 * the importer's attach/map/unmap/detach and userspace's DMA_BUF_IOCTL_SYNC. CPU loads/stores,
 * device DMA and the cache's own evictions/fills are never logged; {@link StaleReadCheck} infers them.
 */
public sealed interface CoherencyOp {

    /** dma_buf_attach / dma_buf_dynamic_attach (DoDmaBufAttach). */
    record Attach() implements CoherencyOp {
    }

    /** dma_buf_detach (DoDmaBufDetach). */
    record Detach() implements CoherencyOp {
    }

    /** dma_buf_map_attachment(attach, dir) that returned a table (DoDmaBufMapAttachment(dir)). */
    record MapAttachment(DmaDirection dir) implements CoherencyOp {
        public MapAttachment {
            if (dir == DmaDirection.NONE) {
                throw new IllegalArgumentException("dma_buf_map_attachment needs a DMA direction, not DMA_NONE");
            }
        }
    }

    /** dma_buf_unmap_attachment (DoDmaBufUnmapAttachment). */
    record UnmapAttachment() implements CoherencyOp {
    }

    /** DMA_BUF_IOCTL_SYNC START|flags (DmaBufBeginCpuAccess(flags)). */
    record SyncStart(SyncFlag flags) implements CoherencyOp {
        public SyncStart {
            if (flags == SyncFlag.NONE) {
                throw new IllegalArgumentException("DMA_BUF_IOCTL_SYNC START needs READ, WRITE or RW");
            }
        }
    }

    /** DMA_BUF_IOCTL_SYNC END (DmaBufEndCpuAccess). */
    record SyncEnd() implements CoherencyOp {
    }
}
