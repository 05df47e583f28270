package org.dmabufspec.buf;

/**
 * The importer SPI of dynamic importers, {@code struct dma_buf_attach_ops}. {@code moveNotify}
 * runs with the reservation held (R2); 7.1 calls it {@code invalidate_mappings} and makes it
 * optional.
 */
public interface DmaBufAttachOps {
    default boolean allowPeer2peer() {
        return false;
    }

    /** Whether the importer provides move_notify / invalidate_mappings. */
    default boolean hasMoveNotify() {
        return true;
    }

    void moveNotify(DmaBufAttachment attach);
}
