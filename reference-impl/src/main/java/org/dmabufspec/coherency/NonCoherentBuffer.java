package org.dmabufspec.coherency;

import java.util.ArrayList;
import java.util.List;

import org.dmabufspec.buf.DmaDataDirection;
import org.dmabufspec.kernel.Kernel;

/**
 * One system-heap dma-buf on a platform whose DMA is not cache-coherent (arm64), as DmaBufCoherency.tla
 * abstracts it: the memory holds a version (every write makes a new one), the CPU reaches it through one
 * cache line (mmap loads and stores hit the line), one importer's device reads and writes memory directly.
 * The kernel's maintenance is arm64's: {@code arch_sync_dma_for_device} cleans the line (before
 * c50f11c6196f it invalidated for FROM_DEVICE), {@code arch_sync_dma_for_cpu} invalidates unless
 * TO_DEVICE. It runs at map/unmap ({@code dma_map_sgtable}/{@code dma_unmap_sgtable}; up to 6.14 the
 * cached sg_table of R11 is mapped once at attach, unmapped at detach, and map/unmap do nothing), and at
 * DMA_BUF_IOCTL_SYNC START/END on the mapped attachment when the exporter has begin/end_cpu_access (U1).
 * <p>
 * A read that does not return the last completed write is a misuse of U1 (thrown in STRICT mode,
 * recorded in RECORD mode); which version it returns is reported either way. Not traced: loads, stores
 * and DMA are no calls of the trace vocabulary. Not thread-safe: one test thread drives it.
 */
public final class NonCoherentBuffer {
    /** The exporter's end_cpu_access skips dma_sync_sgtable_for_device: the CPU's stores stay in the cache. */
    public static final String END_CPU_ACCESS_WITHOUT_SYNC = "end-cpu-access-without-sync";

    private final Kernel kernel;
    private final String name;
    private final boolean sgtCaching;
    private final DmaDataDirection cachedDir;
    private final boolean cpuAccessOps;
    private final boolean fromDeviceMapInvalidates;

    private int mem;
    private CacheLine line = CacheLine.INVALID;
    private boolean attached;
    private DmaDataDirection importerMap; // null: none
    private DmaDataDirection dmaMap;      // null: none
    private DmaDataDirection cpuSync;     // the open bracket's direction, null: none
    private int lastWrite;
    private Read lastRead;

    /**
     * @param cachedDir up to 6.14 ({@code kernel.behaviour().cachesSgt()}): the direction of the sg_table cached at attach
     * @param cpuAccessOps the exporter syncs mapped attachments in begin/end_cpu_access (the system heap does)
     * @param fromDeviceMapInvalidates arm64 before c50f11c6196f
     */
    public NonCoherentBuffer(Kernel kernel, String name, DmaDataDirection cachedDir, boolean cpuAccessOps,
            boolean fromDeviceMapInvalidates) {
        this.kernel = kernel;
        this.name = name;
        this.sgtCaching = kernel.behaviour().cachesSgt();
        this.cachedDir = cachedDir;
        this.cpuAccessOps = cpuAccessOps;
        this.fromDeviceMapInvalidates = fromDeviceMapInvalidates;
    }

    /**
     * The state of a buffer as {@link #injectState} sets it: every field of this class that calls change.
     * {@code importerMap}, {@code dmaMap}, {@code cpuSync} null for none; {@code lastRead} null before the first read.
     */
    public record InjectedState(int mem, CacheLine line, boolean attached, DmaDataDirection importerMap,
                                DmaDataDirection dmaMap, DmaDataDirection cpuSync, int lastWrite, Read lastRead) {
    }

    /**
     * State injection, for the model-based tests of the inductive-invariant models (MCDmaBufCoherency_Ind) and
     * nothing else: their initial states are every state satisfying the spec's inductive invariant, most of which
     * no sequence of calls from a fresh buffer reaches (a dirty line over memory holding another version, a read
     * already made), so the tests build the buffer directly in such a state and then drive one model step after
     * another through the ordinary calls. No kernel path creates a buffer this way. It refuses a state the
     * kernel's own bookkeeping cannot hold (a mapping without an attachment, a DMA-API mapping other than the one
     * map/attach made: the spec's MappingsConsistent), but takes any cache and memory contents: whether the calls
     * keep them coherent is what the tests judge.
     */
    public static NonCoherentBuffer injectState(Kernel kernel, String name, DmaDataDirection cachedDir, boolean cpuAccessOps,
            boolean fromDeviceMapInvalidates, InjectedState s) {
        NonCoherentBuffer b = new NonCoherentBuffer(kernel, name, cachedDir, cpuAccessOps, fromDeviceMapInvalidates);
        b.require(s.importerMap() == null || s.attached(), "injected: a mapping without an attachment");
        b.require(b.sgtCaching ? s.dmaMap() == (s.attached() ? cachedDir : null) : s.dmaMap() == s.importerMap(),
                "injected: DMA-API mapping " + s.dmaMap() + " is not what attach/map made");
        b.require(s.line().state() != CacheLine.State.INVALID || s.line().val() == 0, "injected: an invalid line holds a version");
        b.require(s.mem() >= 0 && s.line().val() >= 0 && s.lastWrite() >= 0, "injected: a negative version");
        b.mem = s.mem();
        b.line = s.line();
        b.attached = s.attached();
        b.importerMap = s.importerMap();
        b.dmaMap = s.dmaMap();
        b.cpuSync = s.cpuSync();
        b.lastWrite = s.lastWrite();
        b.lastRead = s.lastRead();
        return b;
    }

    // arch_sync_dma_for_device / arch_sync_dma_for_cpu on the line
    private void syncForDevice(DmaDataDirection d) {
        if (fromDeviceMapInvalidates && d == DmaDataDirection.FROM_DEVICE) {
            line = CacheLine.INVALID;
        } else {
            if (line.state() == CacheLine.State.DIRTY) {
                mem = line.val();
            }
            line = line.cleaned();
        }
    }

    private void syncForCpu(DmaDataDirection d) {
        if (d != DmaDataDirection.TO_DEVICE) {
            line = CacheLine.INVALID;
        }
    }

    private void require(boolean ok, String what) {
        if (!ok) {
            throw new IllegalStateException(name + ": " + what);
        }
    }

    /** dma_buf_attach: up to 6.14 the sg_table is mapped and cached now (R11). */
    public void attach() {
        require(!attached, "already attached");
        attached = true;
        if (sgtCaching) {
            dmaMap = cachedDir;
            syncForDevice(cachedDir);
        }
    }

    /** dma_buf_detach, after the unmap (R12): up to 6.14 the cached table is unmapped with its direction. */
    public void detach() {
        require(attached && importerMap == null, "detach without an attachment or with a mapping held");
        attached = false;
        if (sgtCaching) {
            dmaMap = null;
            syncForCpu(cachedDir);
        }
    }

    /**
     * dma_buf_map_attachment(d). Up to 6.14 the cached table is returned without maintenance when it serves d,
     * else -EBUSY (returned as false, R11); 6.15+ the exporter maps it: arch_sync_dma_for_device(d).
     */
    public boolean map(DmaDataDirection d) {
        require(attached && importerMap == null, "map without an attachment or with a mapping held");
        if (sgtCaching) {
            if (cachedDir != d && cachedDir != DmaDataDirection.BIDIRECTIONAL) {
                return false;
            }
        } else {
            dmaMap = d;
            syncForDevice(d);
        }
        importerMap = d;
        return true;
    }

    /** dma_buf_unmap_attachment: 6.15+ arch_sync_dma_for_cpu(d); up to 6.14 a no-op on the cached table. */
    public void unmap() {
        require(importerMap != null, "unmap without a mapping");
        if (!sgtCaching) {
            dmaMap = null;
            syncForCpu(importerMap);
        }
        importerMap = null;
    }

    /** DMA_BUF_IOCTL_SYNC START with this direction: the exporter's begin_cpu_access syncs the mapped attachment for the CPU. */
    public void beginCpuAccess(DmaDataDirection d) {
        require(cpuSync == null, "a SYNC bracket is already open");
        cpuSync = d;
        if (cpuAccessOps && dmaMap != null) {
            syncForCpu(d);
        }
    }

    /** DMA_BUF_IOCTL_SYNC END (the START's flags): the exporter's end_cpu_access syncs the mapped attachment for the device. */
    public void endCpuAccess() {
        require(cpuSync != null, "no SYNC bracket open");
        if (cpuAccessOps && dmaMap != null && !kernel.injected(END_CPU_ACCESS_WITHOUT_SYNC)) {
            syncForDevice(cpuSync);
        }
        cpuSync = null;
    }

    /** A load through the mmap inside a bracket opened for reading: a hit returns the line, a miss fills it. */
    public Read cpuLoad() {
        require(cpuSync != null && cpuSync != DmaDataDirection.TO_DEVICE, "a CPU load outside a SYNC READ or RW bracket");
        if (line.state() == CacheLine.State.INVALID) {
            line = new CacheLine(CacheLine.State.CLEAN, mem);
        }
        return read("cpu", line.val());
    }

    /** A store through the mmap inside a bracket opened for writing: the line becomes dirty with a new version. */
    public void cpuStore() {
        require(cpuSync != null && cpuSync.cpuWrite(), "a CPU store outside a SYNC WRITE or RW bracket");
        line = new CacheLine(CacheLine.State.DIRTY, ++lastWrite);
    }

    /** The cache writes a dirty line back and drops the line. */
    public void cacheEvict() {
        require(line.state() != CacheLine.State.INVALID, "no line to evict");
        if (line.state() == CacheLine.State.DIRTY) {
            mem = line.val();
        }
        line = CacheLine.INVALID;
    }

    /** The cache speculatively fills an invalid line from memory. */
    public void cacheSpeculativeFill() {
        require(line.state() == CacheLine.State.INVALID, "the line is valid");
        line = new CacheLine(CacheLine.State.CLEAN, mem);
    }

    /** The device reads memory through a TO_DEVICE or BIDIRECTIONAL mapping, no bracket open (U2 orders them). */
    public Read deviceRead() {
        require(cpuSync == null && importerMap != null && importerMap != DmaDataDirection.FROM_DEVICE,
                "a device read without a mapping that allows it, or inside a SYNC bracket");
        return read("device", mem);
    }

    /** The device writes a new version to memory through a FROM_DEVICE or BIDIRECTIONAL mapping. */
    public void deviceWrite() {
        require(cpuSync == null && importerMap != null && importerMap != DmaDataDirection.TO_DEVICE,
                "a device write without a mapping that allows it, or inside a SYNC bracket");
        mem = ++lastWrite;
    }

    private Read read(String by, int value) {
        List<String> broken = new ArrayList<>();
        kernel.lockdep().check(value == lastWrite, "U1", by + ".read", name + ": the " + by + " read version " + value
                + ", the last write is " + lastWrite + " (a sync missing at map/unmap or SYNC START/END)", broken);
        lastRead = new Read(by, value, lastWrite, broken);
        return lastRead;
    }

    public int memory() {
        return mem;
    }

    public CacheLine line() {
        return line;
    }

    public boolean attached() {
        return attached;
    }

    /** The direction of the importer's mapping, null if none. */
    public DmaDataDirection importerMap() {
        return importerMap;
    }

    /** The direction of the live DMA-API mapping (the cached one up to 6.14), null if none. */
    public DmaDataDirection dmaMap() {
        return dmaMap;
    }

    /** The open SYNC bracket's direction, null if none. */
    public DmaDataDirection cpuSync() {
        return cpuSync;
    }

    /** The last completed read, null before the first. */
    public Read lastRead() {
        return lastRead;
    }
}
