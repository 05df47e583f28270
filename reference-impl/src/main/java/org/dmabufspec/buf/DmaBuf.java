package org.dmabufspec.buf;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.dmabufspec.fence.DmaFence;
import org.dmabufspec.kernel.Call;
import org.dmabufspec.kernel.Kernel;
import org.dmabufspec.kernel.KernelError;
import org.dmabufspec.resv.DmaResv;
import org.dmabufspec.resv.DmaResvUsage;
import org.dmabufspec.trace.Errno;
import org.dmabufspec.trace.KernelBehaviour;
import org.dmabufspec.trace.ObjectIds;
import org.dmabufspec.trace.ObservedState;

/**
 * {@code struct dma_buf} and the core operations of drivers/dma-buf/dma-buf.c
 * (rules: docs/rules.md), with the kernel-version switch: R3 locking (6.2+), R9/R11 pin and sg_table caching at
 * attach (≤6.14) or pin around each map (6.15+), R12 detach, CONFIG_DMABUF_MOVE_NOTIFY, and 7.1
 * invalidate_mappings. Operations that fail throw {@link KernelError} with the kernel's errno.
 */
public final class DmaBuf {
    private final Kernel kernel;
    private final String id;
    private final long size;
    private final DmaBufOps ops;
    private final DmaResv resv;
    private final Object priv;
    /** {@code attachments}: modified only with the reservation held (R1); copy-on-write for walkers. */
    private volatile List<DmaBufAttachment> attachments = List.of();
    private final AtomicInteger refs = new AtomicInteger(1);
    private volatile String name;
    /** {@code cb_in.active} / {@code cb_out.active} of dma_buf_poll. */
    public final AtomicBoolean pollInArmed = new AtomicBoolean();
    public final AtomicBoolean pollOutArmed = new AtomicBoolean();
    /** {@code dma_buf_release} ran: the dentry went (the buffer is freed). */
    private volatile boolean released;
    /** The file's release ran (dma_buf_file_release: the buffer is off the global list). */
    private volatile boolean fileReleased;
    /**
     * References to the dentry: the file's own until its release, and /proc readers' paths
     * ({@code path_get}); {@code dma_buf_release} is its {@code d_release} (B1's fix, 4ab59c3c638c).
     */
    private final AtomicInteger dentryRefs = new AtomicInteger(1);
    private final AtomicInteger sgtIds = new AtomicInteger();
    /** {@code vmapping_counter}: under the reservation (6.2+) or {@link #vmapLock} (≤6.1). */
    private int vmappingCounter;
    /** {@code vmap_ptr}: the address of the current vmap, null while not vmapped. */
    private String vmapPtr;
    /** The pre-6.2 {@code dma_buf.lock} mutex, which only vmap/vunmap still used. */
    private final Object vmapLock = new Object();

    private DmaBuf(Kernel kernel, String id, long size, DmaBufOps ops, Object priv) {
        this.kernel = kernel;
        this.id = id;
        this.size = size;
        this.ops = ops;
        this.priv = priv;
        this.resv = new DmaResv(kernel, id);
    }

    /**
     * {@code dma_buf_export}: -EINVAL if ≤6.14 and the exporter asks for sg_table caching while
     * being dynamic (the two are mutually exclusive), or for a zero size.
     */
    public static DmaBuf export(Kernel k, DmaBufOps ops, long size, Object priv) {
        return export(k, ops, size, priv, true);
    }

    /**
     * As {@link #export(Kernel, DmaBufOps, long, Object)}; {@code traced = false} when an ioctl event
     * (DMA_HEAP_IOCTL_ALLOC) already stands for the creation of the buffer, as in native traces.
     */
    public static DmaBuf export(Kernel k, DmaBufOps ops, long size, Object priv, boolean traced) {
        DmaBuf b = new DmaBuf(k, k.newId("b"), size, ops, priv);
        try (Call c = traced ? k.call("dma_buf_export", ObjectIds.buf(b.id)) : k.untraced("dma_buf_export")) {
            c.arg("exporter", ops.name()).arg("dynamic", ops.dynamic())
                    .arg("cache_sgt_mapping", ops.cacheSgtMapping() && k.behaviour().cachesSgt())
                    .arg("size", size).arg("vmap", ops.hasVmap());
            if (ops.dynamic()) {
                c.arg("placement", ops.placement(b));
            }
            c.resvHeld(false);
            if (ops.dynamic() && ops.cacheSgtMapping() && k.behaviour().cachesSgt()) {
                throw c.fail(Errno.EINVAL, "cache_sgt_mapping with pin/unpin");
            }
            if (size <= 0) {
                throw c.fail(Errno.EINVAL, "size " + size);
            }
            return b;
        }
    }

    public String id() {
        return id;
    }

    public long size() {
        return size;
    }

    public DmaBufOps ops() {
        return ops;
    }

    public DmaResv resv() {
        return resv;
    }

    public Object priv() {
        return priv;
    }

    public Kernel kernel() {
        return kernel;
    }

    public String name() {
        return name;
    }

    /** Sets the debug name (DMA_BUF_SET_NAME, under name_lock). */
    public void setName(String n) {
        name = n;
    }

    public List<DmaBufAttachment> attachments() {
        return attachments;
    }

    public boolean released() {
        return released;
    }

    public int refcount() {
        return refs.get();
    }

    /** The file is released (its last reference dropped); the buffer may outlive it while a path holds the dentry. */
    public boolean fileReleased() {
        return fileReleased;
    }

    /** Path references to the dentry besides the file's own (/proc readers between readlink and path_put). */
    public int pathRefs() {
        return dentryRefs.get() - (fileReleased ? 0 : 1);
    }

    private KernelBehaviour kb() {
        return kernel.behaviour();
    }

    private ObjectIds ids() {
        return ObjectIds.buf(id);
    }

    private ObjectIds ids(DmaBufAttachment a) {
        return ObjectIds.buf(id).withAttach(a.id());
    }

    /** The observed state written with core calls. */
    public ObservedState state() {
        if (!kernel.tracer().enabled()) {
            return null;
        }
        List<String> at = new ArrayList<>();
        List<ObservedState.Mapping> mapped = new ArrayList<>();
        for (DmaBufAttachment a : attachments) {
            at.add(a.id());
            for (DmaBufAttachment.Mapping m : a.mappings.values()) {
                mapped.add(new ObservedState.Mapping(a.id(), m.sgt().id(), m.dir().name()));
            }
        }
        boolean dynamic = ops.dynamic();
        return new ObservedState(List.copyOf(at), resv.describe(), dynamic ? (long) ops.pinCount(this) : null,
                dynamic ? ops.placement(this) : null, List.copyOf(mapped), null, null, null);
    }

    /**
     * Records the observed state on the event, only while this thread holds the reservation: then
     * nothing the state shows can change before the call's effect, so the snapshot is atomic with it.
     */
    private void observe(Call c) {
        if (kernel.observeState() && held()) {
            c.state(state());
        }
    }

    private boolean held() {
        return resv.isHeldByCurrentThread();
    }

    /** might_lock / lockdep: calling with the reservation already held self-deadlocks (B17). */
    private boolean assertNotHeld(Call c) {
        return kernel.lockdep().check(!held(), "B17", c.op(),
                "called with the reservation of " + id + " held (self-deadlock)", c.misuse());
    }

    // ---- exporter callbacks, one traced event each -------------------------------------------

    private Errno exporterAttach(DmaBufAttachment a) {
        try (Call c = kernel.call("exporter.attach", ids(a))) {
            c.resvHeld(held());
            Errno e = ops.attach(this, a);
            c.result(e);
            return e;
        }
    }

    private void exporterDetach(DmaBufAttachment a) {
        try (Call c = kernel.call("exporter.detach", ids(a))) {
            c.resvHeld(held());
            ops.detach(this, a);
        }
    }

    private Errno exporterPin(DmaBufAttachment a) {
        try (Call c = kernel.call("exporter.pin", ids(a))) {
            c.resvHeld(held());
            Errno e = ops.pin(a);
            c.result(e);
            return e;
        }
    }

    private void exporterUnpin(DmaBufAttachment a) {
        try (Call c = kernel.call("exporter.unpin", ids(a))) {
            c.resvHeld(held());
            ops.unpin(a);
        }
    }

    private SgTable exporterMap(DmaBufAttachment a, DmaDataDirection dir) {
        try (Call c = kernel.call("exporter.map_dma_buf", ids(a))) {
            c.arg("dir", dir.name()).resvHeld(held());
            try {
                SgTable t = ops.mapDmaBuf(a, dir);
                c.ids(c.ids().withSgt(t.id()));
                return t;
            } catch (KernelError e) {
                c.result(e.errno());
                throw e;
            }
        }
    }

    private void exporterUnmap(DmaBufAttachment a, SgTable sgt, DmaDataDirection dir) {
        try (Call c = kernel.call("exporter.unmap_dma_buf", ids(a).withSgt(sgt.id()))) {
            c.arg("dir", dir.name()).resvHeld(held());
            ops.unmapDmaBuf(a, sgt, dir);
        }
    }

    /** A fresh sg_table id for exporters ("s1", "s2", ...), unique within the kernel. */
    public String newSgtId() {
        return kernel.newId("s");
    }

    // ---- attach / detach ----------------------------------------------------------------------

    /** {@code dma_buf_attach}: a static importer. */
    public DmaBufAttachment attach(String dev) {
        return attach("dma_buf_attach", dev, null);
    }

    /** {@code dma_buf_dynamic_attach}. */
    public DmaBufAttachment dynamicAttach(String dev, DmaBufAttachOps importerOps) {
        return attach("dma_buf_dynamic_attach", dev, importerOps);
    }

    private DmaBufAttachment attach(String op, String dev, DmaBufAttachOps importerOps) {
        DmaBufAttachment a = new DmaBufAttachment(kernel.newId("a"), this, dev, importerOps);
        try (Call c = kernel.call(op, ids(a).withDev(dev))) {
            c.resvHeld(held());
            if (importerOps != null) {
                c.arg("allow_peer2peer", importerOps.allowPeer2peer()).arg("move_notify", importerOps.hasMoveNotify());
                if (!importerOps.hasMoveNotify() && !kb().invalidateMappings()) {
                    throw c.fail(Errno.EINVAL, "importer ops without move_notify");
                }
            }
            assertNotHeld(c);
            Errno e = exporterAttach(a);
            if (e != null) {
                throw c.fail(e, "exporter attach refused " + dev);
            }
            boolean mismatch = kb().cachesSgt() && a.isDynamic() != ops.dynamic();
            lockInternal();
            try {
                List<DmaBufAttachment> next = new ArrayList<>(attachments);
                next.add(a);
                attachments = List.copyOf(next);
                if (!mismatch) {
                    observe(c);
                }
            } finally {
                unlockInternal();
            }
            // ≤6.14: static/dynamic mismatch maps (and pins for a dynamic exporter) at attach (R9, R11).
            if (kb().cachesSgt() && a.isDynamic() != ops.dynamic()) {
                Errno failed = null;
                lockInternal();
                try {
                    boolean pinned = false;
                    Errno pe = null;
                    if (ops.dynamic()) {
                        pe = exporterPin(a);
                        pinned = pe == null;
                    }
                    SgTable t = null;
                    KernelError me = null;
                    if (pe == null) {
                        try {
                            t = exporterMap(a, DmaDataDirection.BIDIRECTIONAL);
                            if (!a.isDynamic()) {
                                resv.waitTimeout(DmaResvUsage.KERNEL, true, DmaFence.MAX_TIMEOUT);
                            }
                        } catch (KernelError x) {
                            me = x;
                        }
                    }
                    if (pe != null || me != null) {
                        if (t != null) {
                            exporterUnmap(a, t, DmaDataDirection.BIDIRECTIONAL);
                        }
                        if (pinned) {
                            exporterUnpin(a);
                        }
                        failed = pe != null ? pe : me.errno();
                    } else {
                        a.cachedSgt = t;
                        a.cachedDir = DmaDataDirection.BIDIRECTIONAL;
                        a.cachePinned = pinned;
                        a.mappings.put(t.id(), new DmaBufAttachment.Mapping(t, DmaDataDirection.BIDIRECTIONAL, pinned));
                        observe(c);
                    }
                } finally {
                    unlockInternal();
                }
                if (failed != null) {
                    // err_unlock: dma_buf_detach takes the lock for list_del, then calls the exporter's detach
                    lockInternal();
                    try {
                        unlinkAndDetach(a);
                    } finally {
                        unlockInternal();
                    }
                    exporterDetach(a);
                    throw c.fail(failed, "attach-time map failed");
                }
            }
            return a;
        }
    }

    private void unlinkAndDetach(DmaBufAttachment a) {
        List<DmaBufAttachment> next = new ArrayList<>(attachments);
        next.remove(a);
        attachments = List.copyOf(next);
    }

    /** The core's own locking inside attach/detach (traced as nested calls). */
    private void lockInternal() {
        Errno e = resv.lock(null);
        if (e != null) {
            throw new KernelError(e, "core could not lock the reservation of " + id);
        }
    }

    private void unlockInternal() {
        resv.unlock();
    }

    /**
     * {@code dma_buf_detach}: ≤6.14 unmaps the cached table (and unpins for a dynamic exporter);
     * 6.15+ unmaps nothing and mappings left behind break R12.
     */
    public void detach(DmaBufAttachment a) {
        try (Call c = kernel.call("dma_buf_detach", ids(a))) {
            c.resvHeld(held());
            if (!kernel.lockdep().check(a.dmabuf() == this && attachments.contains(a), "R1", c.op(),
                    "attachment " + a.id() + " is not attached to " + id, c.misuse())) {
                return;
            }
            assertNotHeld(c);
            lockInternal();
            try {
                unlinkAndDetach(a);
                SgTable cached = a.cachedSgt;
                if (cached != null) {
                    exporterUnmap(a, cached, a.cachedDir);
                    a.mappings.remove(cached.id());
                    if (a.cachePinned) {
                        exporterUnpin(a);
                    }
                    a.cachedSgt = null;
                }
                observe(c);
            } finally {
                unlockInternal();
            }
            kernel.lockdep().check(a.mappings.isEmpty(), "R12", c.op(),
                    a.id() + " detached with " + a.mappings.size() + " mapping(s) left", c.misuse());
            exporterDetach(a);
        }
    }

    // ---- pin / unpin --------------------------------------------------------------------------

    /** {@code dma_buf_pin}: dynamic importers only (R8), reservation held (R3 convention). */
    public void pin(DmaBufAttachment a) {
        try (Call c = kernel.call("dma_buf_pin", ids(a))) {
            c.resvHeld(held());
            kernel.lockdep().check(a.isDynamic(), "R8", c.op(), "static attachment " + a.id() + " pins", c.misuse());
            resv.assertHeld("R3", c);
            if (ops.dynamic()) {
                Errno e = exporterPin(a);
                if (e != null) {
                    throw c.fail(e, "exporter pin failed");
                }
            }
            observe(c);
        }
    }

    /** {@code dma_buf_unpin}. */
    public void unpin(DmaBufAttachment a) {
        try (Call c = kernel.call("dma_buf_unpin", ids(a))) {
            c.resvHeld(held());
            kernel.lockdep().check(a.isDynamic(), "R8", c.op(), "static attachment " + a.id() + " unpins", c.misuse());
            resv.assertHeld("R3", c);
            if (ops.dynamic()) {
                exporterUnpin(a);
            }
            observe(c);
        }
    }

    // ---- map / unmap --------------------------------------------------------------------------

    /** Whether the core pins around this map (R9; MOVE_NOTIFY=n for dynamic importers). */
    private boolean pinForMap(DmaBufAttachment a) {
        if (!ops.dynamic()) {
            return false;
        }
        if (kb().pinOnMap()) {
            return !a.isDynamic() || !kb().moveNotify();
        }
        return a.isDynamic() && !kb().moveNotify();
    }

    /** {@code dma_buf_map_attachment}. */
    public SgTable mapAttachment(DmaBufAttachment a, DmaDataDirection dir) {
        try (Call c = kernel.call("dma_buf_map_attachment", ids(a))) {
            c.arg("dir", dir.name()).resvHeld(held());
            return mapIn(c, a, dir);
        }
    }

    /** {@code dma_buf_map_attachment_unlocked}: takes and drops the reservation itself. */
    public SgTable mapAttachmentUnlocked(DmaBufAttachment a, DmaDataDirection dir) {
        try (Call c = kernel.call("dma_buf_map_attachment_unlocked", ids(a))) {
            c.arg("dir", dir.name()).resvHeld(held());
            if (!assertNotHeld(c)) {
                // RECORD mode: the kernel would deadlock here (B17); carry on under the caller's lock.
                return mapIn(c, a, dir);
            }
            lockInternal();
            try {
                return mapIn(c, a, dir);
            } finally {
                unlockInternal();
            }
        }
    }

    private SgTable mapIn(Call c, DmaBufAttachment a, DmaDataDirection dir) {
        if (kb().lockingConvention() || a.isDynamic()) {
            resv.assertHeld("R3", c);
        }
        kernel.lockdep().check(attachments.contains(a), "R1", c.op(), a.id() + " is not attached", c.misuse());
        SgTable cached = a.cachedSgt;
        if (kb().cachesSgt() && cached != null) {
            if (a.cachedDir == dir || a.cachedDir == DmaDataDirection.BIDIRECTIONAL) {
                c.ids(c.ids().withSgt(cached.id()));
                observe(c);
                return cached;
            }
            throw c.fail(Errno.EBUSY, "cached mapping of " + a.id() + " has direction " + a.cachedDir);
        }
        if (!kb().lockingConvention() && !a.isDynamic() && ops.dynamic()) {
            // ≤6.1: past the cache shortcut a dynamic exporter needs the lock even for static importers.
            resv.assertHeld("R3", c);
        }
        boolean pin = pinForMap(a);
        if (pin) {
            Errno e = exporterPin(a);
            if (e != null) {
                // R10: an exporter refusing to pin while attachments exist is a bug worth a WARN.
                kernel.lockdep().check(e != Errno.EBUSY, "R10", c.op(), "exporter pin returned -EBUSY", c.misuse());
                throw c.fail(e, "pin for map failed");
            }
        }
        SgTable t;
        try {
            t = exporterMap(a, dir);
        } catch (KernelError e) {
            if (pin) {
                exporterUnpin(a);
            }
            throw c.fail(e.errno(), "exporter map failed");
        }
        if (!a.isDynamic()) {
            // R6: the core waits for KERNEL fences (moves, clears) for static importers.
            try {
                resv.waitTimeout(DmaResvUsage.KERNEL, true, DmaFence.MAX_TIMEOUT);
            } catch (KernelError e) {
                exporterUnmap(a, t, dir);
                if (pin) {
                    exporterUnpin(a);
                }
                throw c.fail(e.errno(), "interrupted waiting for KERNEL fences");
            }
        }
        kernel.lockdep().check(!a.mappings.containsKey(t.id()), "R13", c.op(),
                "exporter returned sg_table " + t.id() + " twice", c.misuse());
        if (kb().cachesSgt() && ops.cacheSgtMapping()) {
            a.cachedSgt = t;
            a.cachedDir = dir;
        }
        a.mappings.put(t.id(), new DmaBufAttachment.Mapping(t, dir, pin));
        c.ids(c.ids().withSgt(t.id()));
        observe(c);
        return t;
    }

    /** {@code dma_buf_unmap_attachment}. */
    public void unmapAttachment(DmaBufAttachment a, SgTable sgt, DmaDataDirection dir) {
        try (Call c = kernel.call("dma_buf_unmap_attachment", ids(a).withSgt(sgt.id()))) {
            c.arg("dir", dir.name()).resvHeld(held());
            unmapIn(c, a, sgt, dir);
        }
    }

    /** {@code dma_buf_unmap_attachment_unlocked}. */
    public void unmapAttachmentUnlocked(DmaBufAttachment a, SgTable sgt, DmaDataDirection dir) {
        try (Call c = kernel.call("dma_buf_unmap_attachment_unlocked", ids(a).withSgt(sgt.id()))) {
            c.arg("dir", dir.name()).resvHeld(held());
            if (!assertNotHeld(c)) {
                unmapIn(c, a, sgt, dir);
                return;
            }
            lockInternal();
            try {
                unmapIn(c, a, sgt, dir);
            } finally {
                unlockInternal();
            }
        }
    }

    private void unmapIn(Call c, DmaBufAttachment a, SgTable sgt, DmaDataDirection dir) {
        if (kb().lockingConvention() || a.isDynamic()) {
            resv.assertHeld("R3", c);
        }
        if (kb().cachesSgt() && sgt.equals(a.cachedSgt)) {
            observe(c);
            return; // R11: the cached table stays until detach
        }
        if (!kb().lockingConvention() && !a.isDynamic() && ops.dynamic()) {
            resv.assertHeld("R3", c);
        }
        DmaBufAttachment.Mapping m = a.mappings.remove(sgt.id());
        if (!kernel.lockdep().check(m != null, "R13", c.op(),
                "sg_table " + sgt.id() + " was never mapped by " + a.id(), c.misuse())) {
            return;
        }
        exporterUnmap(a, sgt, dir);
        if (m.pinned()) {
            exporterUnpin(a);
        }
        observe(c);
    }

    // ---- move_notify ----------------------------------------------------------------------------

    /**
     * {@code dma_buf_move_notify} (7.1: {@code dma_buf_invalidate_mappings}): exporter, reservation
     * held (R2); calls move_notify of every dynamic attachment. Injection "skip-move-notify" skips
     * the first dynamic attachment.
     */
    public void moveNotify() {
        try (Call c = kernel.call(kb().moveNotifyOp(), ids())) {
            c.resvHeld(held());
            resv.assertHeld("R2", c);
            boolean skipOne = kernel.injected("skip-move-notify");
            for (DmaBufAttachment a : attachments) {
                if (!a.isDynamic() || !a.importerOps().hasMoveNotify()) {
                    continue;
                }
                if (skipOne) {
                    skipOne = false;
                    continue;
                }
                try (Call cb = kernel.call(kb().importerMoveNotifyOp(), ids(a))) {
                    cb.resvHeld(held());
                    a.importerOps().moveNotify(a);
                }
            }
        }
    }

    // ---- CPU access -------------------------------------------------------------------------------

    /**
     * {@code dma_buf_begin_cpu_access}: unlocked (might_lock); exporter cache maintenance, then waits
     * interruptibly for the fences of {@code dma_resv_usage_rw(write)} (U2).
     */
    public void beginCpuAccess(DmaDataDirection dir) {
        try (Call c = kernel.call("dma_buf_begin_cpu_access", ids())) {
            c.arg("dir", dir.name()).resvHeld(held());
            assertNotHeld(c);
            Errno e;
            try (Call x = kernel.call("exporter.begin_cpu_access", ids())) {
                x.arg("dir", dir.name()).resvHeld(held());
                e = ops.beginCpuAccess(this, dir);
                x.result(e);
            }
            if (e != null) {
                throw c.fail(e, "exporter begin_cpu_access");
            }
            try {
                resv.waitTimeout(DmaResvUsage.usageRw(dir.cpuWrite()), true, DmaFence.MAX_TIMEOUT);
            } catch (KernelError k) {
                throw c.fail(k.errno(), "interrupted");
            }
        }
    }

    /** {@code dma_buf_end_cpu_access}. */
    public void endCpuAccess(DmaDataDirection dir) {
        try (Call c = kernel.call("dma_buf_end_cpu_access", ids())) {
            c.arg("dir", dir.name()).resvHeld(held());
            assertNotHeld(c);
            try (Call x = kernel.call("exporter.end_cpu_access", ids())) {
                x.arg("dir", dir.name()).resvHeld(held());
                Errno e = ops.endCpuAccess(this, dir);
                x.result(e);
                if (e != null) {
                    throw c.fail(e, "exporter end_cpu_access");
                }
            }
        }
    }

    // ---- references ---------------------------------------------------------------------------------

    /** {@code dma_buf_get} / {@code get_dma_buf}. */
    public DmaBuf get() {
        try (Call c = kernel.call("dma_buf_get", ids())) {
            if (released || fileReleased) {
                throw c.fail(Errno.EBADF, id + " already released");
            }
            refs.incrementAndGet();
            return this;
        }
    }

    /** {@code get_file} of the dma-buf's file (an mmap holds one): not a traced call. */
    public DmaBuf fileGet() {
        if (released || fileReleased) {
            throw new KernelError(Errno.EBADF, id + " already released");
        }
        refs.incrementAndGet();
        return this;
    }

    // ---- vmap ------------------------------------------------------------------------------------

    /** {@code vmapping_counter}. */
    public int vmappingCount() {
        synchronized (vmapLock) {
            return vmappingCounter;
        }
    }

    /**
     * {@code dma_buf_vmap}: 6.2+ asserts the reservation is held (R3 convention); -EINVAL if the
     * exporter has no vmap; the first vmap calls the exporter, later ones only count and return the
     * same address (R19). Returns the address ({@code vmap_ptr}).
     */
    public String vmap() {
        try (Call c = kernel.call("dma_buf_vmap", ids())) {
            c.resvHeld(held());
            return vmapIn(c);
        }
    }

    /** {@code dma_buf_vmap_unlocked}: takes and drops the reservation itself (6.2+). */
    public String vmapUnlocked() {
        try (Call c = kernel.call("dma_buf_vmap_unlocked", ids())) {
            c.resvHeld(held());
            if (!kb().lockingConvention() || !assertNotHeld(c)) {
                return vmapIn(c);
            }
            lockInternal();
            try {
                return vmapIn(c);
            } finally {
                unlockInternal();
            }
        }
    }

    private String vmapIn(Call c) {
        if (kb().lockingConvention()) {
            resv.assertHeld("R3", c);
        }
        if (!ops.hasVmap()) {
            throw c.fail(Errno.EINVAL, ops.name() + " has no vmap");
        }
        synchronized (vmapLock) {
            if (vmappingCounter > 0) {
                vmappingCounter++;
                c.ret(vmapPtr);
                return vmapPtr;
            }
            String addr;
            try (Call x = kernel.call("exporter.vmap", ids())) {
                x.resvHeld(held());
                Errno e = ops.vmap(this);
                x.result(e);
                if (e != null) {
                    throw c.fail(e, "exporter vmap");
                }
                addr = kernel.newId("va");
                x.ret(addr);
            }
            vmapPtr = addr;
            vmappingCounter = 1;
            c.ret(addr);
            return addr;
        }
    }

    /**
     * {@code dma_buf_vunmap} of the address a vmap returned: the last one calls the exporter; more
     * vunmaps than vmaps (R18) or another address than the buffer's (R19) is a BUG.
     */
    public void vunmap(String map) {
        try (Call c = kernel.call("dma_buf_vunmap", ids())) {
            c.arg("addr", map).resvHeld(held());
            vunmapIn(c, map);
        }
    }

    /** {@code dma_buf_vunmap_unlocked}. */
    public void vunmapUnlocked(String map) {
        try (Call c = kernel.call("dma_buf_vunmap_unlocked", ids())) {
            c.arg("addr", map).resvHeld(held());
            if (!kb().lockingConvention() || !assertNotHeld(c)) {
                vunmapIn(c, map);
                return;
            }
            lockInternal();
            try {
                vunmapIn(c, map);
            } finally {
                unlockInternal();
            }
        }
    }

    private void vunmapIn(Call c, String map) {
        if (kb().lockingConvention()) {
            resv.assertHeld("R3", c);
        }
        synchronized (vmapLock) {
            // BUG_ON(iosys_map_is_null(&dmabuf->vmap_ptr)): the count that release checks would underflow
            if (!kernel.lockdep().check(vmappingCounter > 0, "R18", c.op(),
                    id + " vunmapped more often than vmapped", c.misuse())) {
                return;
            }
            // BUG_ON(!iosys_map_is_equal(&dmabuf->vmap_ptr, map))
            if (!kernel.lockdep().check(vmapPtr.equals(map), "R19", c.op(),
                    id + " vunmapped at " + map + ", but it is vmapped at " + vmapPtr, c.misuse())) {
                return;
            }
            if (--vmappingCounter == 0) {
                try (Call x = kernel.call("exporter.vunmap", ids())) {
                    x.arg("addr", map).resvHeld(held());
                    ops.vunmap(this);
                }
                vmapPtr = null;
            }
        }
    }

    /** {@code dma_buf_put}: on the last reference, R18 checks and {@code ops->release}. */
    public void put() {
        try (Call c = kernel.call("dma_buf_put", ids())) {
            c.resvHeld(held());
            int left = refs.decrementAndGet();
            c.arg("last", left == 0);
            if (left == 0) {
                fileRelease(c.op(), c.misuse());
            }
        }
    }

    /**
     * {@code fput} of a file reference the core took for itself ({@link #fileGet}: an armed poll
     * callback's, paired with dma_buf_poll's get_file): not a traced call; the last one releases
     * the buffer as the last {@link #put} does.
     */
    public void filePut() {
        if (refs.decrementAndGet() == 0) {
            fileRelease("dma_buf_file_release", null);
        }
    }

    /**
     * {@code __fput} of the last file reference: dma_buf_file_release takes the buffer off the
     * global list, then the file drops its dentry; with no path reference left the dentry goes and
     * {@code dma_buf_release} runs.
     */
    private void fileRelease(String op, List<String> misuse) {
        fileReleased = true;
        if (kernel.injected(RELEASE_AT_FILE_RELEASE)) {
            release(op, misuse); // B1: dma_buf_release as the file's release, under a reader's path
        }
        dentryPut(op, misuse);
    }

    private void dentryPut(String op, List<String> misuse) {
        if (dentryRefs.decrementAndGet() == 0 && !released) {
            release(op, misuse);
        }
    }

    /** The injectable B1 bug: dma_buf_release runs at the file's release (before 4ab59c3c638c). */
    public static final String RELEASE_AT_FILE_RELEASE = "release-at-file-release";

    /**
     * readlink of /proc/&lt;pid&gt;/fd/N ({@code proc_fd_link}): fget of the open fd, {@code path_get},
     * fput. The reader now holds the dentry, not the file. A VFS call, not traced.
     */
    public void procFdLink() {
        fileGet();
        dentryRefs.incrementAndGet();
        filePut();
    }

    /**
     * The reader's {@code d_path}: {@code dmabuffs_dname} reads the buffer's name through
     * {@code dentry->d_fsdata}, then {@code path_put}, which releases the buffer if the file is
     * gone and this was the last path. Returns "0", or "use after free" (B1) if the buffer was
     * released under the path. Not traced.
     */
    public String dnameAndPathPut() {
        try (Call c = kernel.untraced("dmabuffs_dname")) {
            boolean live = kernel.lockdep().check(!released, "B1", c.op(),
                    id + " read by dmabuffs_dname after dma_buf_release", c.misuse());
            dentryPut("path_put", c.misuse());
            return live ? "0" : "use after free";
        }
    }

    /**
     * {@code dma_buf_release}: R18 checks, {@code ops->release}, then {@code dma_resv_fini}, which
     * drops the reservation object's fence references.
     */
    private void release(String op, List<String> misuse) {
        released = true;
        kernel.lockdep().check(attachments.isEmpty(), "R18", op,
                id + " released with attachments " + attachments, misuse);
        kernel.lockdep().check(vmappingCount() == 0, "R18", op,
                id + " released while vmapped " + vmappingCount() + " time(s) (BUG_ON(vmapping_counter))", misuse);
        kernel.lockdep().check(!pollInArmed.get() && !pollOutArmed.get(), "R18", op,
                id + " released with a poll callback armed", misuse);
        try (Call x = kernel.call("exporter.release", ids())) {
            int leakedMaps = 0;
            for (DmaBufAttachment a : attachments) {
                leakedMaps += a.mappings.size();
            }
            x.arg("leaked_mappings", leakedMaps).arg("leaked_pins", ops.pinCount(this)).resvHeld(held());
            ops.release(this);
        }
        resv.fini();
    }

    @Override
    public String toString() {
        return id + "(" + ops.name() + ")";
    }
}
