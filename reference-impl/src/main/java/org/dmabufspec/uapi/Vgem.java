package org.dmabufspec.uapi;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.dmabufspec.buf.DmaBuf;
import org.dmabufspec.fence.DmaFence;
import org.dmabufspec.kernel.Call;
import org.dmabufspec.kernel.Kernel;
import org.dmabufspec.resv.DmaResvUsage;
import org.dmabufspec.trace.Errno;
import org.dmabufspec.trace.ObjectIds;

/**
 * The vgem fence uAPI (drivers/gpu/drm/vgem/vgem_fence.c) over buffers of the system heap, enough
 * for IGT vgem_basic and dmabuf_sync_file: FENCE_ATTACH with its -EINVAL/-ENOENT/-EBUSY rules and
 * FENCE_SIGNAL with -EINVAL/-ENOENT/-ETIMEDOUT. (vgem's 10 s fence timer is not modelled.)
 */
public final class Vgem {
    public static final int VGEM_FENCE_WRITE = 0x1;

    private final Kernel kernel;
    private final DmaHeap heap;
    private final AtomicInteger handles = new AtomicInteger();
    private final Map<Integer, DmaBuf> bos = new ConcurrentHashMap<>();
    private final Map<Integer, DmaFence> fences = new ConcurrentHashMap<>();
    private final AtomicInteger fenceIds = new AtomicInteger();

    public Vgem(Kernel kernel) {
        this.kernel = kernel;
        this.heap = new DmaHeap(kernel);
    }

    /** DRM_IOCTL_MODE_CREATE_DUMB + PRIME export: a handle whose dma-buf is returned by {@link #buf}. */
    public int createBo(long size) {
        int h = handles.incrementAndGet();
        bos.put(h, heap.alloc(size, SyncFlags.O_RDWR | SyncFlags.O_CLOEXEC, 0));
        return h;
    }

    public DmaBuf buf(int handle) {
        return bos.get(handle);
    }

    /** DRM_IOCTL_VGEM_FENCE_ATTACH: returns the fence id ("out_fence"). */
    public int fenceAttach(int handle, int flags, int pad) {
        DmaBuf b = bos.get(handle);
        try (Call c = kernel.call("DRM_IOCTL_VGEM_FENCE_ATTACH", b == null ? ObjectIds.NONE : ObjectIds.buf(b.id()))) {
            c.ioctl("DRM_IOCTL_VGEM_FENCE_ATTACH").arg("flags", (flags & VGEM_FENCE_WRITE) != 0 ? "WRITE" : "")
                    .arg("pad", pad).arg("handle", handle);
            if ((flags & ~VGEM_FENCE_WRITE) != 0) {
                throw c.fail(Errno.EINVAL, "flags 0x" + Integer.toHexString(flags));
            }
            if (pad != 0) {
                throw c.fail(Errno.EINVAL, "pad " + pad);
            }
            if (b == null) {
                throw c.fail(Errno.ENOENT, "no handle " + handle);
            }
            boolean write = (flags & VGEM_FENCE_WRITE) != 0;
            // vgem allocates a context per fence: its fences may be signalled in any order.
            DmaFence f = DmaFence.init(kernel, kernel.fenceContextAlloc(1), 1);
            c.ids(c.ids().withFence(f.id()));
            if (!b.resv().testSignaled(DmaResvUsage.usageRw(write))) {
                // the fence is dropped unsignalled; vgem signals it on release
                f.signal();
                throw c.fail(Errno.EBUSY, "conflicting fence on " + b.id());
            }
            b.resv().lock(null);
            try {
                b.resv().reserveFences(1);
                b.resv().addFence(f, write ? DmaResvUsage.WRITE : DmaResvUsage.READ);
            } finally {
                b.resv().unlock();
            }
            int id = fenceIds.incrementAndGet();
            fences.put(id, f);
            return id;
        }
    }

    /** DRM_IOCTL_VGEM_FENCE_SIGNAL. */
    public void fenceSignal(int fenceId, int flags) {
        DmaFence f = fences.get(fenceId);
        try (Call c = kernel.call("DRM_IOCTL_VGEM_FENCE_SIGNAL", f == null ? ObjectIds.NONE : ObjectIds.fence(f.id()))) {
            c.ioctl("DRM_IOCTL_VGEM_FENCE_SIGNAL").arg("flags", String.valueOf(flags));
            if (flags != 0) {
                throw c.fail(Errno.EINVAL, "flags " + flags);
            }
            if (f == null) {
                throw c.fail(Errno.ENOENT, "no fence " + fenceId);
            }
            if (f.isSignaled()) {
                throw c.fail(Errno.ETIMEDOUT, "fence " + fenceId + " already signalled");
            }
            f.signal();
        }
    }
}
