package org.dmabufspec.workload;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import org.dmabufspec.buf.DmaBuf;
import org.dmabufspec.buf.DmaBufAttachment;
import org.dmabufspec.cpuvm.CpuMmap;
import org.dmabufspec.exporter.VramExporter;
import org.dmabufspec.fence.DmaFence;
import org.dmabufspec.fence.DmaFenceCb;
import org.dmabufspec.importer.Access;
import org.dmabufspec.importer.DynamicImporter;
import org.dmabufspec.importer.Engine;
import org.dmabufspec.importer.StaticImporter;
import org.dmabufspec.kernel.Kernel;
import org.dmabufspec.kernel.KernelError;
import org.dmabufspec.lockdep.Mode;
import org.dmabufspec.resv.DmaResvUsage;
import org.dmabufspec.resv.WwAcquireCtx;
import org.dmabufspec.resv.WwClass;
import org.dmabufspec.syncfile.SyncFile;
import org.dmabufspec.trace.Errno;
import org.dmabufspec.trace.Tracer;
import org.dmabufspec.uapi.DmaBufIoctl;
import org.dmabufspec.uapi.DmaHeap;
import org.dmabufspec.uapi.SyncFlags;
import org.dmabufspec.uapi.Vgem;

/**
 * The random but legal workload of {@code dmabuf simulate}: one system-heap buffer (static
 * exporter) and one VRAM buffer (dynamic exporter); each worker thread owns a dynamic importer
 * (with its engine) and a static PRIME-like importer, and also plays the exporter (evictions) and
 * userspace (SYNC brackets, poll, sync_file export/import/merge). About every twelfth operation a
 * drill, drawn from its own random stream, calls the API the protocol steps never call (a private
 * fence's callbacks, error and finite waits; ww contention with -EDEADLK; SYNC_IOC_FILE_INFO; dma_buf_pin), for
 * the mutation oracle (docs/mutation.md). Misuse is recorded, not thrown,
 * so a run with an injected bug still writes a complete trace. With one thread the engines and
 * moves are stepped by the same thread and every blocking call is only made once it cannot block,
 * so the schedule depends only on the seed.
 */
public final class Workload {
    /** About one drill (fence API, ww contention, SYNC_IOC_FILE_INFO) per this many operations. */
    private static final int DRILL_EVERY = 12;
    /** A finite fence wait nobody ends: 1 ms. */
    private static final long FINITE_WAIT_NS = 1_000_000;
    private final WorkloadConfig cfg;
    private final Kernel kernel;
    private final DmaHeap heap;
    private final VramExporter vram;
    private final DmaBufIoctl ioctl;
    private final List<DmaBuf> bufs = new ArrayList<>();
    private final List<Engine> engines = new ArrayList<>();
    private final Map<String, AtomicLong> opCounts = new ConcurrentHashMap<>();
    private final AtomicLong progress = new AtomicLong();
    private volatile boolean stopRequested;
    private final AtomicLong moves = new AtomicLong();
    private final List<VramExporter.Move> pendingMoves = new ArrayList<>();
    /** With {@code uapi}: the vgem device the workers' DRM files are opened on. */
    private Vgem vgem;

    public Workload(WorkloadConfig cfg, Tracer tracer) {
        this.cfg = cfg;
        this.kernel = new Kernel(cfg.kernel(), tracer, Mode.RECORD);
        if (cfg.inject() != null) {
            kernel.inject(cfg.inject().text());
        }
        // ≤6.1 static importers map without the reservation: with several threads no snapshot is atomic.
        kernel.observeState(cfg.deterministic() || cfg.kernel().lockingConvention());
        this.heap = new DmaHeap(kernel);
        this.vram = new VramExporter(kernel);
        this.ioctl = new DmaBufIoctl(kernel);
    }

    public Kernel kernel() {
        return kernel;
    }

    /** Operations completed so far (the stress test's watchdog reads it). */
    public long progress() {
        return progress.get();
    }

    /** One worker's importers. */
    private final class Worker {
        final int index;
        final Random rng;
        final DynamicImporter dyn;
        final Engine engine;
        final StaticImporter prime;
        /** With {@code uapi}: this worker's udmabuf, vgem file and vmaps. */
        UapiClient uapi;
        /** Drills draw from their own stream: the main schedule of a seed stays the one it was without them. */
        final Random drillRng;
        private long drillContext = -1;
        private long drillSeqno;
        /** One-thread runs: a second thread holding the older ww context, stepped synchronously. */
        private ExecutorService peer;
        /** This worker's mmap of the VRAM buffer (a userspace process's VMA), or null. */
        CpuMmap mmap;
        /** CPU loads and stores draw from their own stream: the main schedule of a seed stays the one it was without them. */
        final Random cpuRng;

        Worker(int index) {
            this.index = index;
            this.rng = new Random(cfg.seed() * 1_000_003L + index);
            this.drillRng = new Random(cfg.seed() * 7_919L + index + 1);
            this.cpuRng = new Random(cfg.seed() * 104_729L + index + 2);
            this.engine = new Engine(kernel, "gpu" + index + "-engine");
            this.dyn = new DynamicImporter(kernel, "gpu" + index, engine);
            this.prime = new StaticImporter(kernel, "prime" + index);
        }

        void run(long ops) {
            for (long i = 0; i < ops && !stopRequested; i++) {
                step();
                if (drillRng.nextInt(DRILL_EVERY) == 0) {
                    drill();
                }
                progress.incrementAndGet();
            }
        }

        private void count(String kind) {
            opCounts.computeIfAbsent(kind, k -> new AtomicLong()).incrementAndGet();
        }

        private DmaBuf pickBuf() {
            return bufs.get(rng.nextInt(bufs.size()));
        }

        private boolean canBlockOn(DmaBuf b, DmaResvUsage usage) {
            return !cfg.deterministic() || b.resv().unsignalled(usage).isEmpty();
        }

        void step() {
            if (uapi != null && rng.nextInt(4) == 0) {
                try {
                    uapi.step(rng, this::count);
                } catch (KernelError e) {
                    count("error_" + e.errno().name());
                }
                return;
            }
            int r = rng.nextInt(100);
            try {
                if (cfg.deterministic() && r < 15) {
                    tick(rng);
                } else if (r < 35) {
                    if (!dyn.attached()) {
                        dyn.attach(pickBuf());
                        count("dynamic_attach");
                    } else {
                        dyn.submit(rng.nextBoolean() ? Access.WRITE : Access.READ);
                        count("submit_job");
                    }
                } else if (r < 42) {
                    if (dyn.attached() && (!cfg.deterministic() || dyn.idle())) {
                        dyn.release();
                        count("dynamic_detach");
                    }
                } else if (r < 52) {
                    if (!prime.imported()) {
                        DmaBuf b = pickBuf();
                        if (canBlockOn(b, DmaResvUsage.KERNEL)) {
                            prime.importBuf(b);
                            count("prime_import");
                        }
                    } else {
                        prime.access(rng.nextBoolean() ? Access.WRITE : Access.READ);
                        count("prime_access");
                    }
                } else if (r < 58) {
                    if (prime.imported()) {
                        prime.release();
                        count("prime_release");
                    }
                } else if (r < 68) {
                    evict();
                } else if (r < 78) {
                    cpuAccess();
                } else if (r < 86) {
                    syncFiles();
                } else if (r < 92) {
                    DmaBuf b = pickBuf();
                    ioctl.poll(b, rng.nextBoolean(), rng.nextBoolean());
                    count("poll");
                } else if (r < 96) {
                    DmaBuf b = pickBuf();
                    b.resv().testSignaled(DmaResvUsage.values()[rng.nextInt(4)]);
                    count("test_signaled");
                } else {
                    ioctl.setName(pickBuf(), "w" + index + "-" + rng.nextInt(1000));
                    count("set_name");
                }
            } catch (KernelError e) {
                count("error_" + e.errno().name());
            }
        }

        private void evict() {
            DmaBuf b = bufs.get(1);
            try {
                VramExporter.Move m = vram.evict(b);
                moves.incrementAndGet();
                count("evict");
                if (cfg.deterministic()) {
                    synchronized (pendingMoves) {
                        pendingMoves.add(m);
                    }
                } else {
                    vram.completeMove(m);
                }
            } catch (KernelError e) {
                count("evict_" + e.errno().name());
            }
        }

        private void cpuAccess() {
            DmaBuf b = pickBuf();
            long rw = 1 + rng.nextInt(3);
            Access kind = (rw & SyncFlags.DMA_BUF_SYNC_WRITE) != 0 ? Access.WRITE : Access.READ;
            if (!canBlockOn(b, DmaResvUsage.usageRw(kind == Access.WRITE))) {
                if (b == bufs.get(1)) {
                    mmapAccess(b, kind); // without the SYNC bracket: not coherent (U1), still isolated (R21, R22)
                }
                return;
            }
            ioctl.sync(b, SyncFlags.DMA_BUF_SYNC_START | rw);
            if (b == bufs.get(1)) {
                mmapAccess(b, kind);
            }
            ioctl.sync(b, SyncFlags.DMA_BUF_SYNC_END | rw);
            count("cpu_access");
        }

        /**
         * A load or store through this worker's mmap of the VRAM buffer (mmap on first use): with
         * no PTE present it faults (R22: the fault waits for the reservation and a pending move's
         * copy), and an eviction zaps the PTEs (R21). One-thread runs fault only when no move's
         * copy is pending (the fault would wait for it); sometimes the worker munmaps afterwards.
         */
        /** The end of the run: this worker's mmap goes, with the file reference it holds. */
        void munmap() {
            if (mmap != null) {
                mmap.munmap();
                mmap = null;
            }
        }

        private void mmapAccess(DmaBuf b, Access kind) {
            if (mmap == null) {
                mmap = CpuMmap.mmap(kernel, vram, b, "w" + index);
                count("mmap");
            }
            if (mmap.pte().isEmpty() && cfg.deterministic() && !b.resv().unsignalled(DmaResvUsage.KERNEL).isEmpty()
                    && !kernel.injected("fault-before-move-done")) {
                return;
            }
            mmap.load(kind);
            count("cpu_mmap_" + kind.name().toLowerCase(java.util.Locale.ROOT));
            if (cpuRng.nextInt(8) == 0) {
                munmap();
                count("munmap");
            }
        }

        private void syncFiles() {
            DmaBuf a = bufs.get(0);
            DmaBuf b = bufs.get(1);
            if (rng.nextBoolean()) {
                a = bufs.get(1);
                b = bufs.get(0);
            }
            SyncFile sa = ioctl.exportSyncFile(a, rng.nextBoolean() ? SyncFlags.DMA_BUF_SYNC_READ : SyncFlags.DMA_BUF_SYNC_RW);
            count("export_sync_file");
            int what = rng.nextInt(3);
            if (what == 0) {
                ioctl.importSyncFile(b, SyncFlags.DMA_BUF_SYNC_READ, sa);
                count("import_sync_file");
            } else if (what == 1) {
                SyncFile sb = ioctl.exportSyncFile(b, SyncFlags.DMA_BUF_SYNC_WRITE);
                SyncFile m = ioctl.merge(sa, sb);
                ioctl.syncWait(m, 0);
                count("merge");
            } else {
                ioctl.syncWait(sa, 0);
                count("sync_wait");
            }
        }

        /**
         * Calls the rest of the modelled API that the protocol steps above never make: a private
         * fence's callbacks, error, finite waits and -ENOENT; ww contention with -EDEADLK,
         * lock_slow and -EALREADY; SYNC_IOC_FILE_INFO; dma_buf_pin/unpin.
         */
        private void drill() {
            try {
                switch (drillRng.nextInt(4)) {
                    case 0 -> fenceDrill();
                    case 1 -> wwDrill();
                    case 2 -> pinDrill();
                    default -> fileInfoDrill();
                }
            } catch (KernelError e) {
                count("error_" + e.errno().name());
            }
        }

        private void fenceDrill() {
            if (drillContext < 0) {
                drillContext = kernel.fenceContextAlloc(1);
            }
            DmaFence f = DmaFence.init(kernel, drillContext, ++drillSeqno);
            DmaFenceCb kept = new DmaFenceCb(kernel.newId("cb"), x -> count("fence_callback_ran"));
            DmaFenceCb dropped = new DmaFenceCb(kernel.newId("cb"), x -> count("removed_callback_ran"));
            f.addCallback(kept);
            f.addCallback(dropped);
            f.removeCallback(dropped);
            f.waitTimeout(true, 0);
            if (drillRng.nextBoolean()) {
                f.waitTimeout(false, FINITE_WAIT_NS); // times out: nobody else signals this fence
            }
            if (drillRng.nextBoolean()) {
                f.setError(Errno.ETIME);
            }
            f.signal();
            f.removeCallback(kept); // false: it ran
            f.addCallback(new DmaFenceCb(kernel.newId("cb"), x -> count("late_callback_ran"))); // -ENOENT
            f.waitTimeout(false, FINITE_WAIT_NS);
            f.put();
            count("fence_drill");
        }

        private void wwDrill() {
            WwClass cls = kernel.singleton("reservation_ww_class", () -> new WwClass("reservation_ww_class"));
            int i = drillRng.nextInt(2);
            DmaBuf x = bufs.get(i);
            DmaBuf y = bufs.get(1 - i);
            if (!cfg.deterministic()) {
                lockBoth(cls, x, y);
                return;
            }
            // wait-die by script: an older context on another thread holds x
            WwAcquireCtx older = onPeer(() -> {
                WwAcquireCtx a = WwAcquireCtx.init(kernel, cls);
                x.resv().lock(a);
                return a;
            });
            WwAcquireCtx ctx = WwAcquireCtx.init(kernel, cls);
            y.resv().lock(ctx);
            if (x.resv().lock(ctx) == Errno.EDEADLK) {
                count("ww_edeadlk");
            }
            y.resv().unlock();
            onPeer(() -> {
                x.resv().unlock();
                older.fini();
                return null;
            });
            x.resv().lockSlow(ctx);
            y.resv().lock(ctx);
            y.resv().lock(ctx); // -EALREADY
            ctx.done();
            y.resv().unlock();
            x.resv().unlock();
            ctx.fini();
            count("ww_drill");
        }

        /** Both reservations under one context, backing off on -EDEADLK as drivers do. */
        private void lockBoth(WwClass cls, DmaBuf x, DmaBuf y) {
            WwAcquireCtx ctx = WwAcquireCtx.init(kernel, cls);
            DmaBuf first = x;
            DmaBuf second = y;
            first.resv().lock(ctx); // holds nothing yet: waits, never dies
            while (second.resv().lock(ctx) == Errno.EDEADLK) {
                count("ww_edeadlk");
                first.resv().unlock();
                second.resv().lockSlow(ctx);
                DmaBuf t = first;
                first = second;
                second = t;
            }
            ctx.done();
            second.resv().unlock();
            first.resv().unlock();
            ctx.fini();
            count("ww_drill");
        }

        private <T> T onPeer(Callable<T> task) {
            if (peer == null) {
                String name = Thread.currentThread().getName() + "-peer";
                peer = Executors.newSingleThreadExecutor(r -> {
                    Thread t = new Thread(r, name);
                    t.setDaemon(true);
                    return t;
                });
            }
            try {
                return peer.submit(task).get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while the peer thread ran", e);
            } catch (ExecutionException e) {
                throw e.getCause() instanceof RuntimeException re ? re : new IllegalStateException(e.getCause());
            }
        }

        void stopPeer() {
            if (peer != null) {
                peer.shutdownNow();
            }
        }

        /**
         * dma_buf_pin and dma_buf_unpin by the dynamic importer (a scanout-like pin, R7/R8), each in
         * its own hold of the reservation; an eviction of the pinned VRAM buffer in between gets -EBUSY.
         */
        private void pinDrill() {
            if (!dyn.attached()) {
                return;
            }
            DmaBufAttachment a = dyn.attachment();
            DmaBuf b = a.dmabuf();
            lockResv(b);
            try {
                b.pin(a);
            } finally {
                b.resv().unlock();
            }
            try {
                if (b == bufs.get(1)) {
                    evict(); // pinned: -EBUSY
                }
            } finally {
                lockResv(b);
                try {
                    b.unpin(a);
                } finally {
                    b.resv().unlock();
                }
            }
            count("pin_drill");
        }

        private void lockResv(DmaBuf b) {
            Errno e = b.resv().lock(null);
            if (e != null) {
                throw new KernelError(e, "pin drill: lock");
            }
        }

        private void fileInfoDrill() {
            int i = drillRng.nextInt(2);
            SyncFile sf = ioctl.exportSyncFile(bufs.get(i), drillRng.nextBoolean() ? SyncFlags.DMA_BUF_SYNC_READ : SyncFlags.DMA_BUF_SYNC_RW);
            if (drillRng.nextBoolean()) {
                sf = ioctl.merge(sf, ioctl.exportSyncFile(bufs.get(1 - i), SyncFlags.DMA_BUF_SYNC_RW));
            }
            ioctl.fileInfo(sf);
            count("sync_file_info");
        }
    }

    /** Single-threaded schedules: run one ready engine job or complete one ready move, chosen at random. */
    private boolean tick(Random rng) {
        List<Runnable> ready = new ArrayList<>();
        synchronized (pendingMoves) {
            for (VramExporter.Move m : pendingMoves) {
                if (vram.moveReady(m)) {
                    ready.add(() -> {
                        synchronized (pendingMoves) {
                            pendingMoves.remove(m);
                        }
                        vram.completeMove(m);
                    });
                }
            }
        }
        for (Engine e : engines) {
            if (e.ready()) {
                ready.add(e::runOne);
            }
        }
        if (ready.isEmpty()) {
            return false;
        }
        ready.get(rng.nextInt(ready.size())).run();
        return true;
    }

    /**
     * Asks the workers to start no further operation (a signal): each finishes the call it is in and
     * tears down as at a normal end, so the trace stays one whose every call returned.
     */
    public void requestStop() {
        stopRequested = true;
    }

    public boolean stopRequested() {
        return stopRequested;
    }

    /** Runs the workload to the end and checks the end-of-run invariants. */
    public WorkloadReport run() throws InterruptedException {
        bufs.add(heap.alloc(4 * 4096, SyncFlags.O_RDWR | SyncFlags.O_CLOEXEC, 0));
        bufs.add(vram.create(4 * 4096));
        List<Worker> workers = new ArrayList<>();
        if (cfg.uapi()) {
            vgem = new Vgem(kernel);
        }
        for (int i = 0; i < cfg.threads(); i++) {
            Worker w = new Worker(i);
            if (cfg.uapi()) {
                w.uapi = new UapiClient(kernel, vgem, bufs.get(0), "w" + i, new Random(cfg.seed() * 104_729L + i + 7));
            }
            workers.add(w);
            engines.add(w.engine);
        }
        long per = cfg.ops() / cfg.threads();
        long extra = cfg.ops() % cfg.threads();
        List<Throwable> crashes = new ArrayList<>();
        if (cfg.deterministic()) {
            Worker w = workers.get(0);
            Thread t = new Thread(() -> {
                w.run(cfg.ops());
                cleanup(workers);
            }, "t0");
            t.setUncaughtExceptionHandler((th, ex) -> crashes.add(ex));
            t.start();
            t.join();
        } else {
            for (Engine e : engines) {
                e.start();
            }
            List<Thread> threads = new ArrayList<>();
            for (Worker w : workers) {
                long n = per + (w.index == 0 ? extra : 0);
                Thread t = new Thread(() -> {
                    w.run(n);
                    if (w.uapi != null) {
                        w.uapi.teardown();
                    }
                    w.dyn.release();
                    w.prime.release();
                    w.munmap();
                }, "t" + w.index);
                t.setUncaughtExceptionHandler((th, ex) -> {
                    synchronized (crashes) {
                        crashes.add(ex);
                    }
                });
                threads.add(t);
                t.start();
            }
            for (Thread t : threads) {
                t.join();
            }
            for (Engine e : engines) {
                e.stop();
            }
        }
        for (Worker w : workers) {
            w.stopPeer();
        }
        List<String> failures = new ArrayList<>();
        List<String> heldUnsignalled = new ArrayList<>();
        for (DmaBuf b : bufs) {
            // before the last put: its dma_resv_fini empties the table
            for (var e : b.resv().entries()) {
                if (!e.fence().isSignaledQuiet()) {
                    heldUnsignalled.add(b.id() + " holds unsignalled fence " + e.fence());
                }
            }
        }
        for (DmaBuf b : bufs) {
            b.put();
        }
        for (Throwable t : crashes) {
            failures.add("worker crashed: " + t);
        }
        for (DmaBuf b : bufs) {
            if (!b.attachments().isEmpty()) {
                failures.add(b.id() + " still has attachments " + b.attachments());
            }
            if (b.ops().pinCount(b) != 0) {
                failures.add(b.id() + " still pinned " + b.ops().pinCount(b) + " time(s)");
            }
            if (!b.released()) {
                failures.add(b.id() + " not released (refcount " + b.refcount() + ")");
            }
            if (b.ops() instanceof VramExporter v && v.moving(b)) {
                failures.add(b.id() + " has a move whose old storage was never reused");
            }
            if (b.pollInArmed.get() || b.pollOutArmed.get()) {
                failures.add(b.id() + " has a poll callback armed");
            }
        }
        failures.addAll(heldUnsignalled);
        Map<Long, java.util.NavigableSet<Long>> unsignalled = kernel.unsignalledFences();
        if (!unsignalled.isEmpty()) {
            failures.add("unsignalled fences (context -> seqnos): " + unsignalled);
        }
        Map<String, Long> counts = new TreeMap<>();
        opCounts.forEach((k, v) -> counts.put(k, v.get()));
        long jobs = 0;
        for (Engine e : engines) {
            jobs += e.done();
        }
        return new WorkloadReport(progress.get(), counts, kernel.lockdep().recorded(), failures, jobs, moves.get(), crashes.isEmpty());
    }

    /** Single-threaded end of run: step until every importer can let go, then release. */
    private void cleanup(List<Worker> workers) {
        for (Worker w : workers) {
            if (w.uapi != null) {
                w.uapi.teardown(); // signals its vgem fences, which queued jobs may wait for
            }
        }
        for (int guard = 0; guard < 1_000_000; guard++) {
            boolean busy = !pendingMoves.isEmpty();
            for (Engine e : engines) {
                busy |= e.queued() > 0;
            }
            if (!busy) {
                break;
            }
            if (!tick(workers.get(0).rng)) {
                throw new IllegalStateException("single-threaded schedule stuck: a job or move waits for a fence "
                        + "nothing will signal");
            }
        }
        for (Worker w : workers) {
            w.dyn.release();
            w.prime.release();
            w.munmap();
        }
    }
}
