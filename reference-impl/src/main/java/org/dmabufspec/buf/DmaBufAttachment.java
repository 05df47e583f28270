package org.dmabufspec.buf;

import java.util.Map;

/**
 * {@code struct dma_buf_attachment}. Besides the kernel fields it keeps the live mappings (to
 * catch unmaps of tables never mapped and leaks at detach) and, ≤6.14, the cached table.
 */
public final class DmaBufAttachment {
    /** A live mapping and whether the core pinned for it (R9). */
    record Mapping(SgTable sgt, DmaDataDirection dir, boolean pinned) {
    }

    private final String id;
    private final DmaBuf buf;
    private final String dev;
    private final DmaBufAttachOps importerOps;
    private final boolean peer2peer;
    private volatile Object exporterPriv;
    /** Ordered by sg_table id (creation order): the buffer's state snapshot lists them in this order. */
    final Map<String, Mapping> mappings = new java.util.concurrent.ConcurrentSkipListMap<>(
            java.util.Comparator.comparingInt(String::length).thenComparing(java.util.Comparator.naturalOrder()));
    /** ≤6.14: {@code attach->sgt} / {@code attach->dir}, and whether the core pinned at attach. */
    volatile SgTable cachedSgt;
    volatile DmaDataDirection cachedDir;
    volatile boolean cachePinned;

    DmaBufAttachment(String id, DmaBuf buf, String dev, DmaBufAttachOps importerOps) {
        this.id = id;
        this.buf = buf;
        this.dev = dev;
        this.importerOps = importerOps;
        this.peer2peer = importerOps != null && importerOps.allowPeer2peer();
    }

    public String id() {
        return id;
    }

    public DmaBuf dmabuf() {
        return buf;
    }

    public String dev() {
        return dev;
    }

    public DmaBufAttachOps importerOps() {
        return importerOps;
    }

    /** {@code dma_buf_attachment_is_dynamic}. */
    public boolean isDynamic() {
        return importerOps != null;
    }

    public boolean peer2peer() {
        return peer2peer;
    }

    public Object exporterPriv() {
        return exporterPriv;
    }

    public void exporterPriv(Object p) {
        exporterPriv = p;
    }

    public int mappingCount() {
        return mappings.size();
    }

    public SgTable cachedSgt() {
        return cachedSgt;
    }

    @Override
    public String toString() {
        return id + "(" + dev + (isDynamic() ? ",dynamic" : ",static") + ")";
    }
}
