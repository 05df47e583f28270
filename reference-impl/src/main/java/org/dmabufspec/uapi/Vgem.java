package org.dmabufspec.uapi;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.dmabufspec.buf.DmaBuf;
import org.dmabufspec.buf.DmaBufAttachment;
import org.dmabufspec.buf.DmaDataDirection;
import org.dmabufspec.buf.SgTable;
import org.dmabufspec.fence.DmaFence;
import org.dmabufspec.kernel.Call;
import org.dmabufspec.kernel.Kernel;
import org.dmabufspec.kernel.KernelError;
import org.dmabufspec.kernel.Timers;
import org.dmabufspec.resv.DmaResvUsage;
import org.dmabufspec.trace.Errno;
import org.dmabufspec.trace.ObjectIds;

/**
 * The vgem DRM device (drivers/gpu/drm/vgem) with its fence uAPI (vgem_fence.c) and the generic
 * PRIME import (drm_prime.c) it uses: FENCE_ATTACH / FENCE_SIGNAL per DRM file with the
 * {@value #VGEM_FENCE_TIMEOUT_NS} ns self-expiry on the kernel's {@link Timers}, PRIME_FD_TO_HANDLE
 * (attach + map at import, cached per file), GEM_CLOSE (unmap, detach, put) and closing the DRM fd
 * (handles released, then outstanding fences signalled). vgem's own objects are backed by the
 * system heap. The one-argument methods use a default file opened with the device. Events carry
 * the args of the native harness: {@code args.file} names the DRM file of each call, and
 * {@code args.out_fence} the vgem fence id an attach returned or a signal passed, so a checker can
 * keep each file's open state, handles and fence ids.
 */
public final class Vgem {
    public static final int VGEM_FENCE_WRITE = 0x1;
    /** {@code VGEM_FENCE_TIMEOUT = 10*HZ}: a fence nobody signals expires after 10 s. */
    public static final long VGEM_FENCE_TIMEOUT_NS = 10_000_000_000L;
    /** The importing device's name in traces ({@code dev}). */
    public static final String DEV = "vgem";

    private final Kernel kernel;
    private final DmaHeap heap;
    private final DrmFile defaultFile;
    /** dma-bufs backing vgem's own objects: importing one is a self-import (GEM reference only). */
    private final Set<DmaBuf> own = ConcurrentHashMap.newKeySet();
    private final Map<String, DrmFile> files = new ConcurrentHashMap<>();

    public Vgem(Kernel kernel) {
        this.kernel = kernel;
        this.heap = new DmaHeap(kernel);
        this.defaultFile = open();
    }

    /** open("/dev/dri/cardN"): a new DRM file. */
    public DrmFile open() {
        DrmFile f = new DrmFile(kernel.newId("drm"));
        files.put(f.name(), f);
        return f;
    }

    public DrmFile defaultFile() {
        return defaultFile;
    }

    /** DRM_IOCTL_MODE_CREATE_DUMB + PRIME export: a handle whose dma-buf is returned by {@link #buf}. */
    public int createBo(long size) {
        return createBo(defaultFile, size);
    }

    public int createBo(DrmFile file, long size) {
        DmaBuf b = heap.alloc(size, SyncFlags.O_RDWR | SyncFlags.O_CLOEXEC, 0);
        own.add(b);
        return file.addHandle(new DrmFile.GemObject(b, null, null));
    }

    public DmaBuf buf(int handle) {
        return buf(defaultFile, handle);
    }

    public DmaBuf buf(DrmFile file, int handle) {
        DrmFile.GemObject o = file.lookup(handle);
        return o == null ? null : o.buf();
    }

    private static void checkOpen(Call c, DrmFile file) {
        if (file.closed()) {
            throw c.fail(Errno.EBADF, file.name() + " is closed");
        }
    }

    // ---- fences --------------------------------------------------------------------------------

    /** DRM_IOCTL_VGEM_FENCE_ATTACH: returns the fence id ("out_fence"). */
    public int fenceAttach(int handle, int flags, int pad) {
        return fenceAttach(defaultFile, handle, flags, pad);
    }

    public int fenceAttach(DrmFile file, int handle, int flags, int pad) {
        DmaBuf b = file.closed() ? null : buf(file, handle);
        try (Call c = kernel.call("DRM_IOCTL_VGEM_FENCE_ATTACH", b == null ? ObjectIds.NONE : ObjectIds.buf(b.id()))) {
            c.ioctl("DRM_IOCTL_VGEM_FENCE_ATTACH").arg("flags", flags == VGEM_FENCE_WRITE ? "WRITE" : flags == 0 ? "" : "0x" + Integer.toHexString(flags))
                    .arg("pad", pad).arg("handle", handle).arg("file", file.name());
            checkOpen(c, file);
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
            // vgem_fence_create: a context per fence (they may signal in any order) and the expiry timer.
            DmaFence f = DmaFence.init(kernel, kernel.fenceContextAlloc(1), 1);
            Timers.Timer timer = kernel.timers().add(VGEM_FENCE_TIMEOUT_NS, () -> expire(f));
            c.ids(c.ids().withFence(f.id()));
            if (!b.resv().testSignaled(DmaResvUsage.usageRw(write))) {
                // err_fence: signalled and put, which shuts the timer down
                timer.cancel();
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
            int id = file.addFence(new DrmFile.VgemFence(f, timer));
            c.arg("out_fence", id);
            return id;
        }
    }

    /** vgem_fence_timeout: the timer signals the fence; no thread called it, so the event is hidden. */
    private static void expire(DmaFence f) {
        if (!f.isSignaled()) {
            f.signalHidden();
        }
    }

    /**
     * DRM_IOCTL_VGEM_FENCE_SIGNAL: -EINVAL for flags; -ENOENT if the id was never attached or was
     * already consumed; -ETIMEDOUT if the fence had expired (it is consumed all the same).
     */
    public void fenceSignal(int fenceId, int flags) {
        fenceSignal(defaultFile, fenceId, flags);
    }

    public void fenceSignal(DrmFile file, int fenceId, int flags) {
        try (Call c = kernel.call("DRM_IOCTL_VGEM_FENCE_SIGNAL", ObjectIds.NONE)) {
            c.ioctl("DRM_IOCTL_VGEM_FENCE_SIGNAL").arg("flags", flags == 0 ? "0" : "0x" + Integer.toHexString(flags))
                    .arg("out_fence", fenceId).arg("file", file.name());
            checkOpen(c, file);
            if (flags != 0) {
                throw c.fail(Errno.EINVAL, "flags " + flags);
            }
            DrmFile.VgemFence vf = file.consumeFence(fenceId);
            if (vf == null) {
                DmaFence was = file.consumedFence(fenceId);
                if (was != null) {
                    c.ids(ObjectIds.fence(was.id())); // the fence it named, as the conformance reader requires
                }
                throw c.fail(Errno.ENOENT, "no fence " + fenceId + " in " + file.name());
            }
            c.ids(ObjectIds.fence(vf.fence().id()));
            if (vf.fence().isSignaled()) {
                // the kernel's dma_fence_signal of it is a no-op; only the errno shows
                throw c.fail(Errno.ETIMEDOUT, "fence " + fenceId + " expired before it was signalled");
            }
            vf.fence().signal();
        }
    }

    // ---- PRIME -----------------------------------------------------------------------------------

    /**
     * DRM_IOCTL_PRIME_FD_TO_HANDLE ({@code drm_gem_prime_fd_to_handle}): {@code dma_buf_get}; a
     * buffer this file already imported gives the same handle and the reference is dropped again;
     * else {@code dma_buf_attach} (static importer) and
     * {@code dma_buf_map_attachment_unlocked(BIDIRECTIONAL)}, kept until the object is freed.
     * Importing one of vgem's own buffers takes a GEM reference only.
     */
    public int primeFdToHandle(DrmFile file, DmaBuf buf) {
        try (Call c = kernel.call("DRM_IOCTL_PRIME_FD_TO_HANDLE", ObjectIds.buf(buf.id()))) {
            c.ioctl("DRM_IOCTL_PRIME_FD_TO_HANDLE").arg("file", file.name());
            checkOpen(c, file);
            try {
                buf.get();
            } catch (KernelError e) {
                throw c.fail(e.errno(), e.getMessage());
            }
            synchronized (file) {
                Integer cached = file.primeLookup(buf);
                if (cached != null) {
                    DrmFile.GemObject o = file.lookup(cached);
                    c.ids(c.ids().withAttach(o.attach().id()).withDev(DEV)).arg("handle", cached);
                    buf.put();
                    return cached;
                }
                if (own.contains(buf)) {
                    // drm_gem_prime_import_dev: the GEM object itself, referenced; the fd's reference goes
                    int h = file.addHandle(new DrmFile.GemObject(buf, null, null));
                    c.arg("handle", h);
                    buf.put();
                    return h;
                }
                DmaBufAttachment a;
                try {
                    a = buf.attach(DEV);
                } catch (KernelError e) {
                    buf.put();
                    throw c.fail(e.errno(), e.getMessage());
                }
                c.ids(c.ids().withAttach(a.id()).withDev(DEV));
                SgTable sgt;
                try {
                    sgt = buf.mapAttachmentUnlocked(a, DmaDataDirection.BIDIRECTIONAL);
                } catch (KernelError e) {
                    buf.detach(a);
                    buf.put();
                    throw c.fail(e.errno(), e.getMessage());
                }
                int h = file.addHandle(new DrmFile.GemObject(buf, a, sgt));
                c.arg("handle", h);
                return h;
            }
        }
    }

    /** DRM_IOCTL_GEM_CLOSE: -EINVAL for an unknown handle; an import is unmapped, detached and put. */
    public void gemClose(DrmFile file, int handle) {
        DrmFile.GemObject peek = file.lookup(handle);
        try (Call c = kernel.call("DRM_IOCTL_GEM_CLOSE", peek == null ? ObjectIds.NONE : ids(peek))) {
            c.ioctl("DRM_IOCTL_GEM_CLOSE").arg("handle", handle).arg("file", file.name());
            checkOpen(c, file);
            DrmFile.GemObject o = file.removeHandle(handle);
            if (o == null) {
                throw c.fail(Errno.EINVAL, "no handle " + handle + " in " + file.name());
            }
            c.ids(ids(o));
            destroy(o);
        }
    }

    private static ObjectIds ids(DrmFile.GemObject o) {
        ObjectIds ids = ObjectIds.buf(o.buf().id());
        return o.imported() ? ids.withAttach(o.attach().id()).withDev(DEV) : ids;
    }

    /** {@code drm_prime_gem_destroy}: unmap, detach, put. vgem fences do not hold the object. */
    private static void destroy(DrmFile.GemObject o) {
        if (!o.imported()) {
            return;
        }
        o.buf().unmapAttachmentUnlocked(o.attach(), o.sgt(), DmaDataDirection.BIDIRECTIONAL);
        o.buf().detach(o.attach());
        o.buf().put();
    }

    /**
     * Closing the DRM fd ({@code drm_file_free}): {@code drm_gem_release} drops every handle (as
     * GEM_CLOSE), then {@code vgem_fence_close} signals and drops every fence still in the idr,
     * which releases whoever waits on them. The signals are hidden steps inside this event.
     */
    public void close(DrmFile file) {
        try (Call c = kernel.call("drm_close", ObjectIds.NONE.withDev(DEV))) {
            c.arg("file", file.name());
            synchronized (file) {
                checkOpen(c, file);
                file.markClosed();
            }
            for (int h : file.handleIds()) {
                DrmFile.GemObject o = file.removeHandle(h);
                if (o != null) {
                    destroy(o);
                }
            }
            for (DrmFile.VgemFence vf : file.drainFences()) {
                vf.timer().cancel();
                if (!vf.fence().isSignaled()) {
                    vf.fence().signalHidden();
                }
            }
            files.remove(file.name());
        }
    }
}
