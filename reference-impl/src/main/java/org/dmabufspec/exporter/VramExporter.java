package org.dmabufspec.exporter;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.dmabufspec.buf.DmaBuf;
import org.dmabufspec.buf.DmaBufAttachment;
import org.dmabufspec.buf.DmaBufOps;
import org.dmabufspec.buf.DmaDataDirection;
import org.dmabufspec.buf.SgTable;
import org.dmabufspec.buf.Storage;
import org.dmabufspec.fence.DmaFence;
import org.dmabufspec.kernel.Call;
import org.dmabufspec.kernel.Kernel;
import org.dmabufspec.kernel.KernelError;
import org.dmabufspec.resv.DmaResvUsage;
import org.dmabufspec.resv.WwAcquireCtx;
import org.dmabufspec.trace.Errno;
import org.dmabufspec.trace.ObjectIds;

/**
 * A dynamic exporter in the style of TTM (amdgpu/xe): buffers in VRAM or GTT, pin/unpin counted
 * per buffer, eviction moves a buffer to the other placement. An eviction (R2, R5, R7):
 * lock; refuse with -EBUSY if pinned (or still moving); move_notify; publish the move as a KERNEL fence; unlock.
 * The move then completes ({@link #completeMove}): wait for every fence that predates it, copy
 * (the new storage becomes ready), signal the move fence, and only then free the old storage.
 * <p>
 * {@link #peerToPeerVram} makes VRAM reachable only peer-to-peer (device memory behind a PCI BAR,
 * R15, R16): a device whose attachment is not {@code peer2peer} cannot reach it, so ops->attach
 * refuses such a device with -EBUSY while the buffer is in VRAM, and from then until ops->detach
 * the buffer is not moved into VRAM (the restriction amdgpu_dma_buf_attach and its pin/map
 * callbacks apply by leaving VRAM out of the allowed domains). This exporter does not migrate
 * at attach time: a buffer in VRAM stays there until an eviction moves it.
 * <p>
 * {@link #contendedVram} makes its buffers compete for memory, as TTM's do (DmaBufWwEviction):
 * validating a buffer, which {@code ops->pin} does and {@code ops->map_dma_buf} does for an
 * unpinned buffer (as amdgpu's callbacks do), makes room by evicting another buffer of the
 * exporter. The walk ({@link #makeRoom}) takes the victim's reservation with the caller's
 * {@code ww_acquire_ctx} ({@code dma_resv_locking_ctx} of the buffer being validated, as
 * ttm_lru_walk_ticketlock does): -EDEADLK from that lock is returned by the callback, so the
 * importer's map or pin fails with it and the importer must back off its whole transaction (F18).
 * The victim stays locked by the context until the transaction unlocks it (drm_exec keeps every
 * object it locked); a pinned victim is locked but not moved (R7), the exporter falls back. Every
 * validation evicts: the stylized exporter of DmaBufWwEviction (its {@code Victim}), not a
 * capacity computation. An eviction of a victim still moving is queued behind the earlier move
 * (its fence is among the fences the new move waits for), as TTM pipelines moves.
 */
public final class VramExporter implements DmaBufOps {

    /** The exporter's per-buffer state, guarded by the buffer's reservation. */
    public static final class Bo {
        private volatile Storage storage;
        private volatile Placement placement;
        private int pinCount;
        private final long fenceContext;
        private long seqno;
        /**
         * The moves in flight, until each one's old storage is reused: one at a time per buffer
         * for {@link #evict}; {@link #makeRoom} may queue a move behind another.
         */
        private final List<Move> inFlight = new CopyOnWriteArrayList<>();
        /** Moves so far (the placement's generation). */
        private volatile int moves;
        /** 7.1: a move whose old storage waits for the importers' unmaps (R5b). */
        private Move awaitingUnmap;
        /** Attachments (ops->attach ran, ops->detach not yet) whose device cannot reach peer-only VRAM. */
        private int cannotReachVram;
        /** The CPU mappings of the buffer's fd (its address_space): a move zaps their PTEs (R21). */
        private final List<CpuMapping> addressSpace = new CopyOnWriteArrayList<>();

        Bo(Storage storage, Placement placement, long fenceContext) {
            this.storage = storage;
            this.placement = placement;
            this.fenceContext = fenceContext;
        }

        public Storage storage() {
            return storage;
        }

        public Placement placement() {
            return placement;
        }

        public synchronized int pinCount() {
            return pinCount;
        }

        public int moves() {
            return moves;
        }
    }

    /** A userspace mapping of the buffer's fd whose PTEs {@code unmap_mapping_range} removes (R21). */
    public interface CpuMapping {
        /** Removes every PTE of the mapping; the next access faults. */
        void zap();
    }

    /** An eviction between its two steps. */
    public record Move(DmaBuf buf, Storage from, Storage to, DmaFence fence, List<DmaFence> predating) {
    }

    private final Kernel kernel;
    /** VRAM sits behind a PCI BAR: only peer2peer attachments reach it (R16). */
    private final boolean vramPeerOnly;
    /** Validating a buffer evicts another one ({@link #contendedVram}). */
    private final boolean contended;
    /** The buffers this exporter made, in creation order: the eviction walk's LRU. */
    private final List<DmaBuf> lru = new CopyOnWriteArrayList<>();
    /** VRAM as a fixed set of regions reused between buffers, or null: a fresh storage per placement. */
    private final VramRegionPool pool;

    /** An exporter whose VRAM every device reaches. */
    public VramExporter(Kernel kernel) {
        this(kernel, false, false, null);
    }

    /**
     * An exporter whose VRAM is {@code pool}'s regions: creating a buffer in VRAM or moving one there
     * takes a free region, and a region returns to the pool when its storage is freed (a move's old
     * storage after the move fence), so that it may back another buffer later (TTM's resource manager).
     */
    public VramExporter(Kernel kernel, VramRegionPool pool) {
        this(kernel, false, false, java.util.Objects.requireNonNull(pool));
    }

    private VramExporter(Kernel kernel, boolean vramPeerOnly, boolean contended, VramRegionPool pool) {
        this.kernel = kernel;
        this.vramPeerOnly = vramPeerOnly;
        this.contended = contended;
        this.pool = pool;
    }

    /** The VRAM region pool, if this exporter has one. */
    public java.util.Optional<VramRegionPool> pool() {
        return java.util.Optional.ofNullable(pool);
    }

    /** An exporter whose VRAM only peer2peer attachments reach (R15, R16). */
    public static VramExporter peerToPeerVram(Kernel kernel) {
        return new VramExporter(kernel, true, false, null);
    }

    /**
     * An exporter whose buffers compete for memory: every validation ({@code ops->pin}, or
     * {@code ops->map_dma_buf} of an unpinned buffer) evicts another of its buffers under the
     * caller's ww ticket ({@link #makeRoom}).
     */
    public static VramExporter contendedVram(Kernel kernel) {
        return new VramExporter(kernel, false, true, null);
    }

    @Override
    public String name() {
        return "vram";
    }

    @Override
    public boolean dynamic() {
        return true;
    }

    /** Creates a buffer in VRAM. */
    public DmaBuf create(long size) {
        return create(size, Placement.VRAM);
    }

    /** Creates a buffer in the given placement. */
    public DmaBuf create(long size, Placement at) {
        return create(size, at, null);
    }

    /** Creates a buffer in VRAM in the pool's region {@code region} (a placement restricted to one range). */
    public DmaBuf create(long size, String region) {
        if (pool == null) {
            throw new IllegalStateException("this exporter has no VRAM region pool");
        }
        return create(size, Placement.VRAM, java.util.Objects.requireNonNull(region));
    }

    private DmaBuf create(long size, Placement at, String region) {
        String slot = pool != null && at == Placement.VRAM ? pool.take(region) : null;
        Storage st = new Storage(kernel.newId(at == Placement.VRAM ? "vram" : "gtt"), at.name(), true);
        if (slot != null) {
            pool.place(slot, st);
        }
        Bo bo = new Bo(st, at, kernel.fenceContextAlloc(1));
        DmaBuf b = DmaBuf.export(kernel, this, size, bo);
        lru.add(b);
        return b;
    }

    /** Whether this attachment's device reaches the placement (R16). */
    private boolean reaches(DmaBufAttachment attach, Placement p) {
        return !vramPeerOnly || p != Placement.VRAM || attach.peer2peer();
    }

    /**
     * ops->attach, called unlocked: for a device that cannot reach peer-only VRAM, takes the
     * reservation (as an exporter may inside attach) so that the check and the restriction cannot
     * land in the middle of an eviction; -EBUSY if the buffer is in VRAM now (R15).
     */
    @Override
    public Errno attach(DmaBuf buf, DmaBufAttachment attach) {
        if (!vramPeerOnly || attach.peer2peer()) {
            return null;
        }
        Errno le = buf.resv().lock(null);
        if (le != null) {
            return le;
        }
        try {
            Bo bo = bo(buf);
            synchronized (bo) {
                if (!reaches(attach, bo.placement)) {
                    return Errno.EBUSY;
                }
                bo.cannotReachVram++;
            }
            return null;
        } finally {
            buf.resv().unlock();
        }
    }

    /** ops->detach: the device's restriction on the placement ends. */
    @Override
    public void detach(DmaBuf buf, DmaBufAttachment attach) {
        if (!vramPeerOnly || attach.peer2peer()) {
            return;
        }
        Bo bo = bo(buf);
        synchronized (bo) {
            bo.cannotReachVram--;
        }
    }

    /** {@code vmap}: the buffer stays in place while it is vmapped (R20). */
    @Override
    public boolean hasVmap() {
        return true;
    }

    /**
     * {@code ops->vmap} (amdgpu_dma_buf_vmap), with the reservation held: pins the buffer so that
     * no eviction moves it under the kernel mapping, which no zap reaches (R20).
     */
    @Override
    public Errno vmap(DmaBuf buf) {
        Bo bo = bo(buf);
        synchronized (bo) {
            bo.pinCount++;
        }
        return null;
    }

    /** {@code ops->vunmap} of the last vunmap: unpins. */
    @Override
    public void vunmap(DmaBuf buf) {
        Bo bo = bo(buf);
        synchronized (bo) {
            kernel.lockdep().check(bo.pinCount > 0, "R20", "exporter.vunmap", "vunmap without the vmap's pin", null);
            bo.pinCount = Math.max(0, bo.pinCount - 1);
        }
    }

    /** {@code mmap} of the fd: the fault handler maps the current storage ({@code ttm_bo_mmap_obj}). */
    @Override
    public boolean hasMmap() {
        return true;
    }

    /** Registers a CPU mapping of the fd in the buffer's address space (ttm_bo_mmap_obj installs the fault handler). */
    public void addCpuMapping(DmaBuf buf, CpuMapping m) {
        bo(buf).addressSpace.add(m);
    }

    /** munmap: the mapping leaves the address space. */
    public void removeCpuMapping(DmaBuf buf, CpuMapping m) {
        bo(buf).addressSpace.remove(m);
    }

    public static Bo bo(DmaBuf b) {
        return (Bo) b.priv();
    }

    @Override
    public String placement(DmaBuf buf) {
        return bo(buf).placement.name();
    }

    @Override
    public int pinCount(DmaBuf buf) {
        return bo(buf).pinCount();
    }

    @Override
    public Errno pin(DmaBufAttachment attach) {
        if (contended) {
            Errno e = makeRoom(attach.dmabuf());
            if (e != null) {
                return e;
            }
        }
        Bo bo = bo(attach.dmabuf());
        synchronized (bo) {
            bo.pinCount++;
        }
        return null;
    }

    @Override
    public void unpin(DmaBufAttachment attach) {
        Bo bo = bo(attach.dmabuf());
        synchronized (bo) {
            kernel.lockdep().check(bo.pinCount > 0, "R7", "exporter.unpin", "unpin without pin", null);
            bo.pinCount = Math.max(0, bo.pinCount - 1);
        }
    }

    @Override
    public SgTable mapDmaBuf(DmaBufAttachment attach, DmaDataDirection dir) {
        Bo bo = bo(attach.dmabuf());
        if (contended && bo.pinCount() == 0) {
            Errno e = makeRoom(attach.dmabuf()); // a pinned buffer stays where it is: nothing to validate
            if (e != null) {
                throw new KernelError(e, "map_dma_buf of " + attach.dmabuf().id() + ": no room");
            }
        }
        Storage st = bo.storage;
        kernel.lockdep().check(reaches(attach, bo.placement), "R16", "exporter.map_dma_buf",
                "peer-only VRAM of " + attach.dmabuf().id() + " mapped for " + attach.dev() + " without peer2peer", null);
        st.mapped();
        return new SgTable(attach.dmabuf().newSgtId(), st, dir);
    }

    /** Called with the reservation held; in 7.1 the last unmap of a moved-from storage frees it. */
    @Override
    public void unmapDmaBuf(DmaBufAttachment attach, SgTable sgt, DmaDataDirection dir) {
        int left = sgt.storage().unmapped();
        Bo bo = bo(attach.dmabuf());
        Move waiting;
        synchronized (bo) {
            waiting = bo.awaitingUnmap;
            if (waiting == null || waiting.from() != sgt.storage() || left > 0) {
                return;
            }
            bo.awaitingUnmap = null;
        }
        reuse(waiting);
    }

    @Override
    public void release(DmaBuf buf) {
        bo(buf).storage.markFreed();
        if (pool != null) {
            pool.free(bo(buf).storage);
        }
    }

    /**
     * First step of an eviction, called without the reservation. Throws -EBUSY if the buffer is
     * pinned (R7). Injection "skip-move-notify" is applied by the core's move_notify; "evict-while-pinned"
     * (off unless a test injects it, as {@code dmabuf show --replay} does; not a {@code simulate --inject}
     * bug) skips the pin check, the exporter bug DmaBufAttach_EvictWhilePinned models.
     */
    public Move evict(DmaBuf buf) {
        return moveTo(buf, null, null);
    }

    /**
     * An eviction to a given placement ({@code null}: the other one) and, with a region pool and
     * {@code to} VRAM, into the pool's region {@code region} (null: the first free one): a move within
     * VRAM relocates the buffer from one region to another. -ENOSPC if the region is not free.
     */
    public Move moveTo(DmaBuf buf, Placement target, String region) {
        Errno le = buf.resv().lock(null);
        if (le != null) {
            throw new KernelError(le, "evict: lock");
        }
        try {
            Bo bo = bo(buf);
            if (bo.pinCount() > 0 && !kernel.injected("evict-while-pinned")) {
                throw new KernelError(Errno.EBUSY, buf.id() + " is pinned " + bo.pinCount() + " time(s)");
            }
            if (!bo.inFlight.isEmpty()) {
                throw new KernelError(Errno.EBUSY, buf.id() + " is still moving");
            }
            Placement to = target == null ? bo.placement.other() : target;
            if (to == bo.placement && (pool == null || to != Placement.VRAM)) {
                throw new IllegalArgumentException(buf.id() + " is in " + to + " already");
            }
            synchronized (bo) {
                if (vramPeerOnly && to == Placement.VRAM && bo.cannotReachVram > 0) {
                    // R15: no placement every attached device reaches; nothing was notified yet
                    throw new KernelError(Errno.EBUSY, buf.id() + " has " + bo.cannotReachVram
                            + " attachment(s) that cannot reach peer-only VRAM");
                }
            }
            return moveLocked(buf, to, region);
        } finally {
            buf.resv().unlock();
        }
    }

    /**
     * The eviction walk of a validation (ttm_bo_evict_first with ttm_lru_walk_ticketlock), called
     * from ops->pin or ops->map_dma_buf with {@code own}'s reservation held: takes the first other
     * buffer's reservation with the context that holds {@code own}'s ({@code dma_resv_locking_ctx}),
     * or tries it without one, and evicts that buffer unless it is pinned (then it falls back and
     * moves nothing, R7). Returns -EDEADLK when wait-die kills the ticket lock (the caller must back
     * off, F18); a victim locked with the ticket stays locked by it until the caller's transaction
     * unlocks it (-EALREADY: the context already holds it, after dma_resv_lock_slow).
     */
    private Errno makeRoom(DmaBuf own) {
        WwAcquireCtx ticket = own.resv().lockingCtx();
        for (DmaBuf victim : lru) {
            if (victim == own || victim.released()) {
                continue;
            }
            if (ticket == null) {
                if (!victim.resv().trylock()) {
                    continue; // busy: TTM skips it without a ticket
                }
            } else {
                Errno e = victim.resv().lock(ticket);
                if (e != null && e != Errno.EALREADY) {
                    return e;
                }
            }
            try {
                if (bo(victim).pinCount() == 0) {
                    moveLocked(victim, bo(victim).placement.other(), null);
                }
            } finally {
                if (ticket == null) {
                    victim.resv().unlock();
                }
            }
            return null;
        }
        return null;
    }

    /** Moves the buffer to its other placement, its reservation held by this thread (R2, R4, R5). */
    private Move moveLocked(DmaBuf buf, Placement to, String region) {
        Bo bo = bo(buf);
        // the destination region first: a full pool refuses the move before anything is notified
        String slot = pool != null && to == Placement.VRAM ? pool.take(region) : null;
        if (!kernel.injected("move-without-zap") && !bo.addressSpace.isEmpty()) {
            // ttm_bo_unmap_virtual -> unmap_mapping_range: every CPU PTE gone, TLBs flushed, before the switch (R21);
            // traced only when the buffer has a userspace mapping (there is nothing to zap otherwise)
            try (Call c = kernel.call("unmap_mapping_range", ObjectIds.buf(buf.id()))) {
                c.resvHeld(buf.resv().isHeldByCurrentThread());
                bo.addressSpace.forEach(CpuMapping::zap);
            }
        }
        buf.moveNotify();
        List<DmaFence> predating = buf.resv().unsignalled(DmaResvUsage.BOOKKEEP);
        Storage dst = new Storage(kernel.newId(to == Placement.VRAM ? "vram" : "gtt"), to.name(), false);
        if (slot != null) {
            pool.place(slot, dst);
        }
        Storage src = bo.storage;
        long seq;
        synchronized (bo) {
            seq = ++bo.seqno;
        }
        DmaFence moveFence = DmaFence.init(kernel, bo.fenceContext, seq);
        try (Call c = kernel.call("exporter.move", ObjectIds.buf(buf.id()))) {
            c.arg("from", bo.placement.name()).arg("to", to.name()).resvHeld(buf.resv().isHeldByCurrentThread());
            bo.storage = dst;
            bo.placement = to;
            bo.moves++;
        }
        buf.resv().reserveFences(1);
        buf.resv().addFence(moveFence, DmaResvUsage.KERNEL);
        Move m = new Move(buf, src, dst, moveFence, predating);
        bo.inFlight.add(m);
        return m;
    }

    /** Whether the buffer has a move whose old storage is not yet reused. */
    public boolean moving(DmaBuf buf) {
        return !bo(buf).inFlight.isEmpty();
    }

    /** The moves of this buffer whose old storage is not yet reused, oldest first. */
    public List<Move> movesInFlight(DmaBuf buf) {
        return List.copyOf(bo(buf).inFlight);
    }

    /** Whether {@link #completeMove} would not block (for single-threaded schedules). */
    public boolean moveReady(Move m) {
        if (kernel.injected("reuse-before-fence")) {
            return true;
        }
        for (DmaFence f : m.predating()) {
            if (!f.isSignaledQuiet()) {
                return false;
            }
        }
        return true;
    }

    /**
     * Second step: waits for the fences that predate the move (the copy engine would), copies,
     * signals the move fence and frees the old storage. Injection "reuse-before-fence" skips the
     * wait, so the old storage is reused while importers may still access it (breaks R5).
     */
    public void completeMove(Move m) {
        if (!kernel.injected("reuse-before-fence")) {
            for (DmaFence f : m.predating()) {
                f.awaitSignaled(false, DmaFence.MAX_TIMEOUT);
            }
        }
        m.to().markReady();
        m.from().markSuperseded();
        m.fence().signal();
        if (kernel.behaviour().invalidateMappings() && !kernel.injected("reuse-before-fence")) {
            // R5b: after invalidate_mappings importers may still read the old storage until they unmap.
            Bo bo = bo(m.buf());
            synchronized (bo) {
                if (m.from().mappings() > 0) {
                    bo.awaitingUnmap = m;
                    return;
                }
            }
        }
        reuse(m);
    }

    /** Frees the old storage of a move for reuse, checking R5 (fences) and R5b (unmapped, 7.1). */
    private void reuse(Move m) {
        try (Call c = kernel.call("exporter.reuse_storage", ObjectIds.buf(m.buf().id()))) {
            c.arg("placement", m.from().placement()).resvHeld(m.buf().resv().isHeldByCurrentThread());
            boolean idle = true;
            for (DmaFence f : m.predating()) {
                idle &= f.isSignaledQuiet();
            }
            kernel.lockdep().check(idle, "R5", c.op(),
                    "old storage " + m.from().id() + " of " + m.buf().id() + " reused before its fences signalled",
                    c.misuse());
            if (kernel.behaviour().invalidateMappings()) {
                kernel.lockdep().check(m.from().mappings() == 0, "R5b", c.op(), "old storage " + m.from().id()
                        + " reused while still mapped", c.misuse());
            }
            m.from().markFreed();
            if (pool != null) {
                pool.free(m.from()); // the region may back another buffer from now on
            }
        }
        bo(m.buf()).inFlight.remove(m);
    }
}
