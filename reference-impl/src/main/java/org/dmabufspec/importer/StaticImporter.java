package org.dmabufspec.importer;

import org.dmabufspec.buf.DmaBuf;
import org.dmabufspec.buf.DmaBufAttachment;
import org.dmabufspec.buf.DmaDataDirection;
import org.dmabufspec.buf.SgTable;
import org.dmabufspec.kernel.Kernel;

/**
 * A static importer like DRM PRIME / vgem (drm_gem_prime_import_dev): takes a buffer reference,
 * {@code dma_buf_attach}, and maps BIDIRECTIONAL right at import (unlocked wrapper since 6.2, the
 * plain map before); teardown unmaps, detaches and puts (drm_prime_gem_destroy). The core keeps
 * the buffer pinned for it (R9), so its mapping never moves.
 */
public final class StaticImporter {
    private final Kernel kernel;
    private final String dev;
    private DmaBufAttachment attach;
    private SgTable sgt;

    public StaticImporter(Kernel kernel, String dev) {
        this.kernel = kernel;
        this.dev = dev;
    }

    public String dev() {
        return dev;
    }

    public boolean imported() {
        return attach != null;
    }

    public DmaBufAttachment attachment() {
        return attach;
    }

    public SgTable sgt() {
        return sgt;
    }

    /** PRIME import. */
    public void importBuf(DmaBuf buf) {
        buf.get();
        attach = buf.attach(dev);
        sgt = kernel.behaviour().lockingConvention()
                ? buf.mapAttachmentUnlocked(attach, DmaDataDirection.BIDIRECTIONAL)
                : buf.mapAttachment(attach, DmaDataDirection.BIDIRECTIONAL);
    }

    /** The device reads or writes through its mapping. */
    public void access(Access access) {
        Device.access(kernel, attach, sgt, access);
    }

    /** drm_prime_gem_destroy. */
    public void release() {
        if (attach == null) {
            return;
        }
        DmaBuf buf = attach.dmabuf();
        if (kernel.behaviour().lockingConvention()) {
            buf.unmapAttachmentUnlocked(attach, sgt, DmaDataDirection.BIDIRECTIONAL);
        } else {
            buf.unmapAttachment(attach, sgt, DmaDataDirection.BIDIRECTIONAL);
        }
        buf.detach(attach);
        buf.put();
        attach = null;
        sgt = null;
    }
}
