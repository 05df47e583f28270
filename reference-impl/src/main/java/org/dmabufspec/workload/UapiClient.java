package org.dmabufspec.workload;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Consumer;
import org.dmabufspec.buf.DmaBuf;
import org.dmabufspec.kernel.Kernel;
import org.dmabufspec.kernel.KernelError;
import org.dmabufspec.resv.DmaResvUsage;
import org.dmabufspec.uapi.DmaBufIoctl;
import org.dmabufspec.uapi.DmaHeap;
import org.dmabufspec.uapi.DrmFile;
import org.dmabufspec.uapi.Memfd;
import org.dmabufspec.uapi.SyncFlags;
import org.dmabufspec.uapi.Udmabuf;
import org.dmabufspec.uapi.Vgem;

/**
 * One worker's userspace-driver mix ({@code simulate --uapi}): a udmabuf (memfd sealed with
 * F_SEAL_SHRINK, now and then also F_SEAL_WRITE, which UDMABUF_CREATE refuses) PRIME-imported into
 * the worker's own vgem DRM file; vgem fences attached through that import and signalled by
 * DRM_IOCTL_VGEM_FENCE_SIGNAL, by their 10 s timer (the client advances the virtual clock) or by
 * closing the file; GEM_CLOSE; vmap of the udmabuf and of the system-heap buffer. A vgem fence is
 * only ever signalled by its client or a timer, so the client never makes a call that would wait
 * for one (a single-threaded schedule must not block).
 */
final class UapiClient {
    private static final long PAGES = 4;

    private final Kernel kernel;
    private final Vgem vgem;
    private final Udmabuf udmabuf;
    private final DmaBufIoctl ioctl;
    private final DmaBuf heapBuf;
    private final String name;
    private DrmFile file;
    private DmaBuf ubuf;
    private Integer handle;
    /** vgem fence ids attached through {@code file} and not yet signalled through the ioctl, oldest first. */
    private final ArrayDeque<Integer> fences = new ArrayDeque<>();
    private final List<Integer> consumed = new ArrayList<>();
    /** Insertion-ordered: teardown's vunmaps reach the trace, and --threads 1 traces depend only on the seed. */
    private final Map<DmaBuf, Integer> vmaps = new LinkedHashMap<>();
    /** The address each vmapped buffer's vmaps returned, passed back to its vunmaps. */
    private final Map<DmaBuf, String> vmapAddrs = new LinkedHashMap<>();
    private int created;
    /** Draws the invalid calls, apart from the protocol schedule (which stays that of the seed). */
    private final Random invalidRng;
    private final DmaHeap heap;
    /** The last DRM file this client closed: calls through it get -EBADF. */
    private DrmFile closedFile;
    /** Calls through a closed file made so far: the next one's kind, in turn (no random draw, so seeds keep their schedule). */
    private int closedFileCalls;

    UapiClient(Kernel kernel, Vgem vgem, DmaBuf heapBuf, String name, Random invalidRng) {
        this.kernel = kernel;
        this.invalidRng = invalidRng;
        this.heap = new DmaHeap(kernel);
        this.vgem = vgem;
        this.udmabuf = new Udmabuf(kernel);
        this.ioctl = new DmaBufIoctl(kernel);
        this.heapBuf = heapBuf;
        this.name = name;
        this.file = vgem.open();
    }

    /** One random uAPI call; kernel errors are counted by the caller like every other step's. */
    void step(Random rng, Consumer<String> count) {
        if (invalidRng.nextInt(3) == 0) {
            invalidCall(count);
        }
        switch (rng.nextInt(12)) {
            case 0 -> createOrRelease(rng, count);
            case 1, 2 -> {
                if (ubuf != null) {
                    boolean again = handle != null;
                    handle = vgem.primeFdToHandle(file, ubuf);
                    count.accept(again ? "prime_reimport" : "prime_import");
                }
            }
            case 3, 4 -> {
                if (handle != null && fences.size() < 2) {
                    fences.add(vgem.fenceAttach(file, handle, rng.nextBoolean() ? Vgem.VGEM_FENCE_WRITE : 0, 0));
                    count.accept("vgem_fence_attach");
                }
            }
            case 5, 6 -> signal(rng, count);
            case 7 -> {
                // a quarter of the 10 s timeout: most fences are signalled by the ioctl, some expire
                kernel.timers().advance(Vgem.VGEM_FENCE_TIMEOUT_NS / 4);
                count.accept("vgem_timer_tick");
            }
            case 8 -> vmap(rng, count);
            case 9 -> {
                if (handle != null) {
                    int h = handle;
                    handle = null;
                    vgem.gemClose(file, h);
                    count.accept("gem_close");
                }
            }
            case 10 -> {
                if (rng.nextInt(3) == 0) {
                    closeFile();
                    count.accept("drm_close");
                    callThroughClosedFile(count);
                }
            }
            default -> cpuAccess(rng, count);
        }
    }

    private void createOrRelease(Random rng, Consumer<String> count) {
        if (ubuf == null) {
            Memfd m = Memfd.create(name + "-memfd" + created++, PAGES * Udmabuf.PAGE_SIZE);
            m.addSeals(Memfd.F_SEAL_SHRINK | (rng.nextInt(8) == 0 ? Memfd.F_SEAL_WRITE : 0));
            ubuf = udmabuf.create(m, Udmabuf.UDMABUF_FLAGS_CLOEXEC, 0, PAGES * Udmabuf.PAGE_SIZE);
            count.accept("udmabuf_create");
        } else if (handle == null && vmaps.getOrDefault(ubuf, 0) == 0) {
            DmaBuf b = ubuf;
            ubuf = null;
            b.put();
            count.accept("udmabuf_release");
        }
    }

    private void signal(Random rng, Consumer<String> count) {
        if (!fences.isEmpty()) {
            int id = fences.poll();
            consumed.add(id);
            vgem.fenceSignal(file, id, 0); // -ETIMEDOUT if its timer was first
            count.accept("vgem_fence_signal");
        } else if (!consumed.isEmpty()) {
            vgem.fenceSignal(file, consumed.get(rng.nextInt(consumed.size())), 0); // -ENOENT
        }
    }

    private void vmap(Random rng, Consumer<String> count) {
        DmaBuf b = ubuf != null && rng.nextBoolean() ? ubuf : heapBuf;
        boolean unlocked = rng.nextBoolean();
        if (vmaps.getOrDefault(b, 0) > 0 && rng.nextBoolean()) {
            vmaps.merge(b, -1, Integer::sum);
            String addr = vmaps.get(b) == 0 ? vmapAddrs.remove(b) : vmapAddrs.get(b);
            if (unlocked) {
                b.vunmapUnlocked(addr);
            } else {
                b.resv().lock(null);
                try {
                    b.vunmap(addr);
                } finally {
                    b.resv().unlock();
                }
            }
            count.accept("vunmap");
            return;
        }
        String addr;
        if (unlocked) {
            addr = b.vmapUnlocked();
        } else {
            b.resv().lock(null);
            try {
                addr = b.vmap();
            } finally {
                b.resv().unlock();
            }
        }
        vmapAddrs.put(b, addr);
        vmaps.merge(b, 1, Integer::sum);
        count.accept("vmap");
    }

    private void cpuAccess(Random rng, Consumer<String> count) {
        long rw = 1 + rng.nextInt(3);
        if (ubuf == null || !ubuf.resv().unsignalled(DmaResvUsage.usageRw((rw & SyncFlags.DMA_BUF_SYNC_WRITE) != 0)).isEmpty()) {
            return; // only this client signals its vgem fences: waiting here would never end
        }
        ioctl.sync(ubuf, SyncFlags.DMA_BUF_SYNC_START | rw);
        ioctl.sync(ubuf, SyncFlags.DMA_BUF_SYNC_END | rw);
        count.accept("udmabuf_cpu_access");
    }

    /**
     * One call the kernel must refuse (U8): bad flags, a name too long, an unsealed or wrongly
     * sealed memfd, unaligned or oversized ranges, unknown handles and fence ids, a closed DRM
     * file. Each fails before it changes any state, with the errno its event logs; none waits.
     */
    private void invalidCall(Consumer<String> count) {
        DmaBuf b = ubuf != null && invalidRng.nextBoolean() ? ubuf : heapBuf;
        int kind = invalidRng.nextInt(23);
        try {
            switch (kind) {
                case 0 -> ioctl.sync(b, SyncFlags.DMA_BUF_SYNC_START | SyncFlags.DMA_BUF_SYNC_READ | 0x8);
                case 1 -> ioctl.sync(b, invalidRng.nextBoolean() ? SyncFlags.DMA_BUF_SYNC_START : SyncFlags.DMA_BUF_SYNC_END);
                case 2 -> ioctl.setName(b, "a-name-of-thirty-two-characters!");
                case 3 -> ioctl.exportSyncFile(b, invalidRng.nextBoolean() ? 0 : SyncFlags.DMA_BUF_SYNC_END | SyncFlags.DMA_BUF_SYNC_READ);
                case 4 -> ioctl.importSyncFile(b, 0, ioctl.exportSyncFile(heapBuf, SyncFlags.DMA_BUF_SYNC_READ));
                case 5 -> heap.alloc(4096, SyncFlags.O_RDWR | 0x40, 0);
                case 6 -> heap.alloc(4096, SyncFlags.O_RDWR | SyncFlags.O_CLOEXEC, 1);
                case 7 -> heap.alloc(0, SyncFlags.O_RDWR | SyncFlags.O_CLOEXEC, 0);
                case 8 -> udmabuf.create(memfd(0), Udmabuf.UDMABUF_FLAGS_CLOEXEC, 0, PAGES * Udmabuf.PAGE_SIZE);
                case 9 -> udmabuf.create(memfd(Memfd.F_SEAL_WRITE), Udmabuf.UDMABUF_FLAGS_CLOEXEC, 0, PAGES * Udmabuf.PAGE_SIZE);
                case 10 -> udmabuf.create(memfd(Memfd.F_SEAL_SHRINK | Memfd.F_SEAL_WRITE), Udmabuf.UDMABUF_FLAGS_CLOEXEC, 0, PAGES * Udmabuf.PAGE_SIZE);
                case 11 -> {
                    // refused from 6.13 (B21); older kernels (the 6.1 and 6.2 labels) create it
                    DmaBuf made = udmabuf.create(memfd(Memfd.F_SEAL_SHRINK | Memfd.F_SEAL_FUTURE_WRITE), Udmabuf.UDMABUF_FLAGS_CLOEXEC, 0,
                            PAGES * Udmabuf.PAGE_SIZE);
                    made.put();
                    count.accept("udmabuf_future_write_accepted");
                    return;
                }
                case 12 -> udmabuf.create(memfd(Memfd.F_SEAL_SHRINK), Udmabuf.UDMABUF_FLAGS_CLOEXEC, 0, PAGES * Udmabuf.PAGE_SIZE - 1);
                case 13 -> udmabuf.create(memfd(Memfd.F_SEAL_SHRINK), Udmabuf.UDMABUF_FLAGS_CLOEXEC, 100, Udmabuf.PAGE_SIZE);
                case 14 -> udmabuf.create(memfd(Memfd.F_SEAL_SHRINK), Udmabuf.UDMABUF_FLAGS_CLOEXEC, 0, 0);
                case 15 -> udmabuf.create(memfd(Memfd.F_SEAL_SHRINK), Udmabuf.UDMABUF_FLAGS_CLOEXEC, Udmabuf.PAGE_SIZE, PAGES * Udmabuf.PAGE_SIZE);
                case 16 -> udmabuf.create(invalidRng.nextBoolean() ? null : Memfd.otherFile(name + "-ext4", PAGES * Udmabuf.PAGE_SIZE, Memfd.Backing.OTHER),
                        Udmabuf.UDMABUF_FLAGS_CLOEXEC, 0, PAGES * Udmabuf.PAGE_SIZE);
                case 17 -> udmabuf.create(memfd(Memfd.F_SEAL_SHRINK), Udmabuf.UDMABUF_FLAGS_CLOEXEC, 0,
                        (Udmabuf.DEFAULT_SIZE_LIMIT_MB + 1) * 1024 * 1024);
                case 18 -> {
                    List<Udmabuf.Item> items = new ArrayList<>();
                    for (int i = 0; i <= Udmabuf.DEFAULT_LIST_LIMIT; i++) {
                        items.add(new Udmabuf.Item(null, 0, Udmabuf.PAGE_SIZE));
                    }
                    udmabuf.createList(Udmabuf.UDMABUF_FLAGS_CLOEXEC, items);
                }
                case 19 -> {
                    if (handle != null) {
                        boolean badFlags = invalidRng.nextBoolean();
                        vgem.fenceAttach(file, handle, badFlags ? 0x2 : 0, badFlags ? 0 : 1);
                    } else {
                        vgem.fenceAttach(file, 9999, 0, 0);
                    }
                }
                case 21 -> {
                    // valid: a range at a nonzero page offset, so an offset check that refuses it shows
                    DmaBuf made = udmabuf.create(memfd(Memfd.F_SEAL_SHRINK), Udmabuf.UDMABUF_FLAGS_CLOEXEC, Udmabuf.PAGE_SIZE,
                            (PAGES - 1) * Udmabuf.PAGE_SIZE);
                    made.put();
                    count.accept("udmabuf_create_at_offset");
                    return;
                }
                case 20 -> {
                    if (invalidRng.nextBoolean()) {
                        vgem.fenceSignal(file, 9999, 0);
                    } else {
                        vgem.fenceSignal(file, fences.isEmpty() ? 9999 : fences.peek(), 1);
                    }
                }
                default -> {
                    if (closedFile != null && invalidRng.nextBoolean()) {
                        switch (invalidRng.nextInt(5)) {
                            case 0 -> vgem.fenceAttach(closedFile, 1, 0, 0);
                            case 1 -> vgem.fenceSignal(closedFile, 1, 0);
                            case 2 -> vgem.gemClose(closedFile, 1);
                            case 3 -> vgem.primeFdToHandle(closedFile, b);
                            default -> vgem.close(closedFile);
                        }
                    } else {
                        vgem.gemClose(file, 9999);
                    }
                }
            }
            count.accept("invalid_call_accepted_" + kind); // a kernel that refuses it never gets here
        } catch (KernelError e) {
            count.accept("invalid_" + e.errno().name());
        }
    }

    /** A fresh 4-page memfd with the given seals. */
    private Memfd memfd(int seals) {
        Memfd m = Memfd.create(name + "-memfd" + created++, PAGES * Udmabuf.PAGE_SIZE);
        if (seals != 0) {
            m.addSeals(seals);
        }
        return m;
    }

    /**
     * One call through the file just closed, the five DRM calls in turn: each must fail with
     * -EBADF (U8). A short run closes a file a few times only, and the invalid-call mix reaches a
     * closed file too rarely for every kind to occur in it.
     */
    private void callThroughClosedFile(Consumer<String> count) {
        DrmFile f = closedFile;
        try {
            switch (closedFileCalls++ % 5) {
                case 0 -> vgem.fenceAttach(f, 1, 0, 0);
                case 1 -> vgem.fenceSignal(f, 1, 0);
                case 2 -> vgem.primeFdToHandle(f, heapBuf);
                case 3 -> vgem.gemClose(f, 1);
                default -> vgem.close(f);
            }
            count.accept("invalid_call_accepted_closed_file"); // a kernel that refuses it never gets here
        } catch (KernelError e) {
            count.accept("invalid_" + e.errno().name());
        }
        if (closedFileCalls == 1) {
            // the turn reaches a second drm_close only at the fifth close, which short runs never make
            try {
                vgem.close(f);
                count.accept("invalid_call_accepted_closed_file");
            } catch (KernelError e) {
                count.accept("invalid_" + e.errno().name());
            }
        }
    }

    /** drm_close: the file's imports are released and its outstanding vgem fences signalled. */
    private void closeFile() {
        DrmFile f = file;
        closedFile = f;
        file = vgem.open();
        handle = null;
        fences.clear();
        consumed.clear();
        vgem.close(f);
    }

    /** End of run: every vmap undone, the file closed, the udmabuf's fd closed. */
    void teardown() {
        for (Map.Entry<DmaBuf, Integer> v : vmaps.entrySet()) {
            for (int i = 0; i < v.getValue(); i++) {
                v.getKey().vunmapUnlocked(vmapAddrs.get(v.getKey()));
            }
        }
        vmaps.clear();
        vmapAddrs.clear();
        try {
            closeFile();
        } catch (KernelError e) {
            // a file that is already closed has nothing left to release
        }
        if (ubuf != null) {
            ubuf.put();
            ubuf = null;
        }
    }
}
