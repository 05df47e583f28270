package org.dmabufspec.uapi;

import java.util.ArrayList;
import java.util.List;
import org.dmabufspec.buf.DmaBuf;
import org.dmabufspec.buf.DmaDataDirection;
import org.dmabufspec.fence.DmaFence;
import org.dmabufspec.fence.DmaFenceCb;
import org.dmabufspec.kernel.Call;
import org.dmabufspec.kernel.Kernel;
import org.dmabufspec.kernel.KernelError;
import org.dmabufspec.resv.DmaResvUsage;
import org.dmabufspec.syncfile.SyncFile;
import org.dmabufspec.trace.Errno;
import org.dmabufspec.trace.ObjectIds;

/**
 * The dma-buf fd's uAPI (include/uapi/linux/dma-buf.h, dma-buf.c dma_buf_ioctl and dma_buf_poll): DMA_BUF_IOCTL_SYNC, DMA_BUF_SET_NAME,
 * EXPORT/IMPORT_SYNC_FILE and poll(), with the kernel's errno values. Each is one event; the
 * kernel functions they call appear as nested events.
 */
public final class DmaBufIoctl {
    private final Kernel kernel;

    public DmaBufIoctl(Kernel kernel) {
        this.kernel = kernel;
    }

    /** DMA_BUF_IOCTL_SYNC: -EINVAL for bits outside 0x7 or no R/W bit; START begins, END ends CPU access. */
    public void sync(DmaBuf buf, long flags) {
        try (Call c = kernel.call("DMA_BUF_IOCTL_SYNC", ObjectIds.buf(buf.id()))) {
            c.ioctl("DMA_BUF_IOCTL_SYNC").arg("flags", SyncFlags.syncText(flags));
            if ((flags & ~SyncFlags.DMA_BUF_SYNC_VALID_FLAGS_MASK) != 0 || (flags & SyncFlags.DMA_BUF_SYNC_RW) == 0) {
                throw c.fail(Errno.EINVAL, "flags 0x" + Long.toHexString(flags));
            }
            DmaDataDirection dir = switch ((int) (flags & SyncFlags.DMA_BUF_SYNC_RW)) {
                case 1 -> DmaDataDirection.FROM_DEVICE;
                case 2 -> DmaDataDirection.TO_DEVICE;
                default -> DmaDataDirection.BIDIRECTIONAL;
            };
            try {
                if ((flags & SyncFlags.DMA_BUF_SYNC_END) != 0) {
                    buf.endCpuAccess(dir);
                } else {
                    buf.beginCpuAccess(dir);
                }
            } catch (KernelError e) {
                throw c.fail(e.errno() == Errno.ERESTARTSYS ? Errno.EINTR : e.errno(), e.getMessage());
            }
        }
    }

    /** DMA_BUF_SET_NAME: -EINVAL if the name does not fit DMA_BUF_NAME_LEN (31 chars + NUL). */
    public void setName(DmaBuf buf, String name) {
        try (Call c = kernel.call("DMA_BUF_SET_NAME", ObjectIds.buf(buf.id()))) {
            c.ioctl("DMA_BUF_SET_NAME_B").arg("name", name);
            if (name.getBytes(java.nio.charset.StandardCharsets.UTF_8).length >= SyncFlags.DMA_BUF_NAME_LEN) {
                throw c.fail(Errno.EINVAL, "name longer than " + (SyncFlags.DMA_BUF_NAME_LEN - 1));
            }
            buf.setName(name);
        }
    }

    private static boolean validRw(long flags) {
        return (flags & ~SyncFlags.DMA_BUF_SYNC_RW) == 0 && (flags & SyncFlags.DMA_BUF_SYNC_RW) != 0;
    }

    /**
     * DMA_BUF_IOCTL_EXPORT_SYNC_FILE: a snapshot of the fences a reader (READ: KERNEL+WRITE) or a
     * writer (WRITE/RW: KERNEL+WRITE+READ) would wait for (U4).
     */
    public SyncFile exportSyncFile(DmaBuf buf, long flags) {
        try (Call c = kernel.call("DMA_BUF_IOCTL_EXPORT_SYNC_FILE", ObjectIds.buf(buf.id()))) {
            c.ioctl("DMA_BUF_IOCTL_EXPORT_SYNC_FILE").arg("flags", SyncFlags.rwText(flags));
            if (!validRw(flags)) {
                throw c.fail(Errno.EINVAL, "flags " + flags);
            }
            boolean write = (flags & SyncFlags.DMA_BUF_SYNC_WRITE) != 0;
            List<DmaFence> fences = buf.resv().getFences(DmaResvUsage.usageRw(write));
            SyncFile sf = SyncFile.create(kernel, SyncFile.singleton(kernel, fences));
            List<String> ids = new ArrayList<>();
            for (DmaFence f : fences) {
                ids.add(f.id());
            }
            c.ids(c.ids().withSyncFile(sf.id()).withFences(ids));
            return sf;
        }
    }

    /**
     * DMA_BUF_IOCTL_IMPORT_SYNC_FILE: adds each component of the sync_file's fence with usage WRITE
     * (if SYNC_WRITE is set) or READ, under the reservation with slots reserved.
     */
    public void importSyncFile(DmaBuf buf, long flags, SyncFile sf) {
        try (Call c = kernel.call("DMA_BUF_IOCTL_IMPORT_SYNC_FILE", ObjectIds.buf(buf.id()).withSyncFile(sf.id()))) {
            c.ioctl("DMA_BUF_IOCTL_IMPORT_SYNC_FILE").arg("flags", SyncFlags.rwText(flags));
            if (!validRw(flags)) {
                throw c.fail(Errno.EINVAL, "flags " + flags);
            }
            DmaResvUsage usage = (flags & SyncFlags.DMA_BUF_SYNC_WRITE) != 0 ? DmaResvUsage.WRITE : DmaResvUsage.READ;
            List<DmaFence> parts = sf.fence().unwrap();
            List<String> ids = new ArrayList<>();
            for (DmaFence f : parts) {
                ids.add(f.id());
            }
            c.ids(c.ids().withFences(ids));
            Errno e = buf.resv().lock(null);
            if (e != null) {
                throw c.fail(e, "lock");
            }
            try {
                buf.resv().reserveFences(parts.size());
                for (DmaFence f : parts) {
                    buf.resv().addFence(f, usage); // the stub too: dma_fence_unwrap_for_each does not skip it
                }
            } finally {
                buf.resv().unlock();
            }
        }
    }

    /**
     * poll() on the fd (U3): per direction, at most one armed callback; if it is already armed the
     * direction is not ready; else arm it and add it to the first unsignalled relevant fence
     * (not ready) or, if there is none, disarm and report ready. Returns the ready mask.
     */
    public String poll(DmaBuf buf, boolean in, boolean out) {
        try (Call c = kernel.call("poll", ObjectIds.buf(buf.id()))) {
            c.arg("events", in && out ? "POLLIN|POLLOUT" : in ? "POLLIN" : out ? "POLLOUT" : "");
            if (!in && !out) {
                c.ret(""); // dma_buf_poll returns 0 before it takes the lock
                return "";
            }
            Errno e = buf.resv().lock(null);
            if (e != null) {
                throw c.fail(e, "lock");
            }
            boolean outReady;
            boolean inReady;
            try {
                // EPOLLOUT first, then EPOLLIN, as dma_buf_poll; a fence may signal in between
                outReady = out && pollDirection(buf, buf.pollOutArmed, DmaResvUsage.READ);
                inReady = in && pollDirection(buf, buf.pollInArmed, DmaResvUsage.WRITE);
            } finally {
                buf.resv().unlock();
            }
            List<String> ready = new ArrayList<>(2);
            if (inReady) {
                ready.add(SyncFlags.POLLIN);
            }
            if (outReady) {
                ready.add(SyncFlags.POLLOUT);
            }
            String mask = String.join("|", ready);
            c.ret(mask);
            return mask;
        }
    }

    /** The injectable B5 bug: dma_buf_poll arms its callback without the file reference (before ff2d23843f7f). */
    public static final String POLL_WITHOUT_FILE_REF = "poll-without-file-ref";

    /**
     * One direction of dma_buf_poll: take {@code active}, then a file reference for the callback
     * ({@code get_file}, B5's fix); dma_buf_poll_add_cb takes a reference to each unsignalled fence
     * in turn and keeps it if {@code dma_fence_add_callback} returns 0. The callback clears
     * {@code active}, drops the fence reference and then the file reference (dma_buf_poll_cb), so
     * a last {@code dma_buf_put} while it is armed leaves the buffer to the callback. With nothing
     * to wait for the callback's work is done at once (ready).
     */
    private boolean pollDirection(DmaBuf buf, java.util.concurrent.atomic.AtomicBoolean armed, DmaResvUsage usage) {
        if (!armed.compareAndSet(false, true)) {
            return false;
        }
        boolean fileRef = !kernel.injected(POLL_WITHOUT_FILE_REF);
        if (fileRef) {
            buf.fileGet();
        }
        for (DmaFence f : buf.resv().unsignalled(usage)) {
            f.get();
            DmaFenceCb cb = new DmaFenceCb(kernel.newId("cb"), x -> {
                armed.set(false);
                x.putQuiet();
                if (fileRef) {
                    buf.filePut();
                }
            });
            if (f.addCallback(cb) == null) {
                return false;
            }
            f.putQuiet();
        }
        armed.set(false);
        if (fileRef) {
            buf.filePut();
        }
        return true;
    }

    /** SYNC_IOC_MERGE. */
    public SyncFile merge(SyncFile a, SyncFile b) {
        try (Call c = kernel.call("SYNC_IOC_MERGE", ObjectIds.NONE)) {
            c.ioctl("SYNC_IOC_MERGE").arg("fd1", a.id()).arg("fd2", b.id());
            List<DmaFence> merged = SyncFile.mergeFences(List.of(a.fence()), List.of(b.fence()));
            SyncFile sf = SyncFile.create(kernel, SyncFile.singleton(kernel, merged));
            List<String> ids = new ArrayList<>();
            for (DmaFence f : merged) {
                ids.add(f.id());
            }
            c.ids(ObjectIds.NONE.withSyncFile(sf.id()).withFences(ids));
            return sf;
        }
    }

    /** SYNC_IOC_FILE_INFO: logs the file's component fences; returns its status (1 signalled, 0 pending, < 0 the error). */
    public int fileInfo(SyncFile sf) {
        try (Call c = kernel.call("SYNC_IOC_FILE_INFO", ObjectIds.NONE)) {
            c.ioctl("SYNC_IOC_FILE_INFO");
            SyncFile.Info info = sf.info();
            c.ids(ObjectIds.NONE.withSyncFile(sf.id()).withFences(info.fences()));
            c.ret(info.status());
            return info.status();
        }
    }

    public static final int SEEK_SET = 0;
    public static final int SEEK_CUR = 1;
    public static final int SEEK_END = 2;
    private static final long PAGE_SIZE = 4096;

    /**
     * mmap of the fd ({@code dma_buf_mmap_internal}, U7): -EINVAL for an empty or unaligned
     * request, an exporter without mmap, or a range past the end of the buffer; then the
     * exporter's mmap. The mapping holds a file reference until {@link #munmap}.
     */
    public DmaBufMmap mmap(DmaBuf buf, long offset, long len, boolean shared) {
        try (Call c = kernel.call("mmap", ObjectIds.buf(buf.id()))) {
            if (len <= 0 || offset < 0 || offset % PAGE_SIZE != 0) {
                throw c.fail(Errno.EINVAL, "offset " + offset + " len " + len);
            }
            if (!buf.ops().hasMmap()) {
                throw c.fail(Errno.EINVAL, buf.ops().name() + " has no mmap");
            }
            long pages = (len + PAGE_SIZE - 1) / PAGE_SIZE;
            if (offset / PAGE_SIZE + pages > buf.size() / PAGE_SIZE) {
                throw c.fail(Errno.EINVAL, "pages " + offset / PAGE_SIZE + ".." + (offset / PAGE_SIZE + pages)
                        + " past the end of " + buf.id() + " (" + buf.size() / PAGE_SIZE + " pages)");
            }
            Errno e = buf.ops().mmap(buf, shared);
            if (e != null) {
                throw c.fail(e, "exporter mmap");
            }
            try {
                buf.fileGet();
            } catch (KernelError k) {
                throw c.fail(k.errno(), k.getMessage());
            }
            return new DmaBufMmap(buf, offset, len, shared);
        }
    }

    /** munmap: the VMA's file reference is dropped ({@code dma_buf_put}, maybe the last). */
    public void munmap(DmaBufMmap m) {
        munmap(m, null, null);
    }

    /**
     * munmap of the VMA named {@code vma} in the trace (null: not named): {@code removePtes} takes
     * its page-table entries away inside the call, as the kernel's munmap does, so no other thread
     * sees the mapping gone before the munmap began (the checker's R21 counts PTEs until then).
     */
    public void munmap(DmaBufMmap m, String vma, Runnable removePtes) {
        try (Call c = kernel.call("munmap", ObjectIds.buf(m.buf().id()))) {
            if (vma != null) {
                c.arg("vma", vma);
            }
            if (removePtes != null) {
                removePtes.run();
            }
            m.buf().put();
        }
    }

    /**
     * lseek on the fd ({@code dma_buf_llseek}, U6): only offset 0 with SEEK_SET (returns 0) or
     * SEEK_END (returns the size, how userspace learns it); anything else -EINVAL. Not traced:
     * it changes no protocol state and is not in the v1 vocabulary.
     */
    public long llseek(DmaBuf buf, long offset, int whence) {
        try (Call c = kernel.untraced("llseek")) {
            if (whence != SEEK_SET && whence != SEEK_END) {
                throw c.fail(Errno.EINVAL, "whence " + whence);
            }
            if (offset != 0) {
                throw c.fail(Errno.EINVAL, "offset " + offset);
            }
            long pos = whence == SEEK_END ? buf.size() : 0;
            c.ret(pos);
            return pos;
        }
    }

    /** Waits on a sync_file like poll(POLLIN) with a timeout; true if signalled (sync_wait). */
    public boolean syncWait(SyncFile sf, long timeoutNs) {
        return sf.fence().waitTimeout(true, timeoutNs) > 0;
    }
}
