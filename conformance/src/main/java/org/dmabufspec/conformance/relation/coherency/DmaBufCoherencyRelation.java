package org.dmabufspec.conformance.relation.coherency;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.dmabufspec.conformance.relation.SpecRelation;
import org.dmabufspec.conformance.relation.Transition;
import org.dmabufspec.tlc.TlaValue;

/**
 * The Next relation of DmaBufCoherency.tla: one method per action, each returning the successor
 * or nothing when the action's guard is false. Labels are the Next disjuncts' operator names.
 */
public final class DmaBufCoherencyRelation implements SpecRelation<CoherencyState> {
    private final CoherencyConstants k;
    private final boolean inductive;

    /**
     * @param inductive true for MCDmaBufCoherency_Ind (Init is the predicate IndInit, so TLC
     *                  supplies the initial states)
     */
    public DmaBufCoherencyRelation(CoherencyConstants constants, boolean inductive) {
        this.k = constants;
        this.inductive = inductive;
    }

    public CoherencyConstants constants() {
        return k;
    }

    @Override
    public Optional<Set<CoherencyState>> initialStates() {
        return inductive ? Optional.empty() : Optional.of(Set.of(CoherencyState.INIT));
    }

    @Override
    public List<Transition<CoherencyState>> next(CoherencyState s) {
        List<Transition<CoherencyState>> out = new ArrayList<>();
        add(out, "DmaBufAttach", dmaBufAttach(s));
        add(out, "DmaBufDetach", dmaBufDetach(s));
        for (DmaDirection d : k.importerDirs()) {
            add(out, "DmaBufMapAttachment", dmaBufMapAttachment(s, d));
        }
        add(out, "DmaBufUnmapAttachment", dmaBufUnmapAttachment(s));
        for (SyncFlag f : k.syncFlags()) {
            add(out, "DmaBufBeginCpuAccess", dmaBufBeginCpuAccess(s, f));
        }
        add(out, "DmaBufEndCpuAccess", dmaBufEndCpuAccess(s));
        add(out, "CpuLoad", cpuLoad(s));
        add(out, "CpuStore", cpuStore(s));
        add(out, "CacheEvict", cacheEvict(s));
        add(out, "CacheSpeculativeFill", cacheSpeculativeFill(s));
        add(out, "DeviceDmaRead", deviceDmaRead(s));
        add(out, "DeviceDmaWrite", deviceDmaWrite(s));
        return out;
    }

    private static void add(List<Transition<CoherencyState>> out, String action, Optional<CoherencyState> succ) {
        succ.ifPresent(t -> out.add(new Transition<>(action, t)));
    }

    @Override
    public Map<String, TlaValue> encode(CoherencyState state) {
        return state.encode();
    }

    @Override
    public CoherencyState decode(Map<String, TlaValue> variables) {
        return CoherencyState.decode(variables);
    }

    // ---- cache maintenance (arch/arm64/mm/cache.S, dma-mapping.c) ----

    /** Clean(l): dcache_clean_poc writes a dirty line back and keeps it clean. */
    static CacheLine clean(CacheLine l) {
        return l.isDirty() ? CacheLine.clean(l.val()) : l;
    }

    /** CleanMem(l, m) */
    static int cleanMem(CacheLine l, int m) {
        return l.isDirty() ? l.val() : m;
    }

    /** SyncForDeviceLine(d, l): arch_sync_dma_for_device cleans (or, pre-c50f11c6196f FROM_DEVICE, invalidates). */
    CacheLine syncForDeviceLine(DmaDirection d, CacheLine l) {
        return k.forDeviceInvalidates(d) ? CacheLine.INVALID : clean(l);
    }

    /** SyncForDeviceMem(d, l, m) */
    int syncForDeviceMem(DmaDirection d, CacheLine l, int m) {
        return k.forDeviceInvalidates(d) ? m : cleanMem(l, m);
    }

    /** SyncForCpuLine(d, l): arch_sync_dma_for_cpu does nothing for TO_DEVICE, else invalidates. */
    static CacheLine syncForCpuLine(DmaDirection d, CacheLine l) {
        return d == DmaDirection.TO_DEVICE ? l : CacheLine.INVALID;
    }

    // ---- importer actions: Do... is the kernel's effect, the action adds "no SYNC bracket open" ----

    /** DoDmaBufAttach: <= 6.14 maps and caches the sg_table with CachedDir at once (R11). */
    public Optional<CoherencyState> doDmaBufAttach(CoherencyState s) {
        if (s.attached()) {
            return Optional.empty();
        }
        CoherencyState t = s.withAttached(true);
        if (k.sgtCaching()) {
            t = t.withDmaMap(k.cachedDir())
                    .withLine(syncForDeviceLine(k.cachedDir(), s.line()))
                    .withMem(syncForDeviceMem(k.cachedDir(), s.line(), s.mem()));
        }
        return Optional.of(t);
    }

    /** DmaBufAttach */
    public Optional<CoherencyState> dmaBufAttach(CoherencyState s) {
        return s.cpuSync() == SyncFlag.NONE ? doDmaBufAttach(s) : Optional.empty();
    }

    /** DoDmaBufDetach: after the unmap (R12); <= 6.14 unmaps the cached table with CachedDir. */
    public Optional<CoherencyState> doDmaBufDetach(CoherencyState s) {
        if (!s.attached() || s.importerMap() != DmaDirection.NONE) {
            return Optional.empty();
        }
        CoherencyState t = s.withAttached(false);
        if (k.sgtCaching()) {
            t = t.withDmaMap(DmaDirection.NONE).withLine(syncForCpuLine(k.cachedDir(), s.line()));
        }
        return Optional.of(t);
    }

    /** DmaBufDetach */
    public Optional<CoherencyState> dmaBufDetach(CoherencyState s) {
        return s.cpuSync() == SyncFlag.NONE ? doDmaBufDetach(s) : Optional.empty();
    }

    /** DoDmaBufMapAttachment(d): <= 6.14 returns the cached table with no maintenance, or -EBUSY. */
    public Optional<CoherencyState> doDmaBufMapAttachment(CoherencyState s, DmaDirection d) {
        if (!s.attached() || s.importerMap() != DmaDirection.NONE) {
            return Optional.empty();
        }
        CoherencyState t = s.withImporterMap(d);
        if (k.sgtCaching()) {
            return k.cacheReusableFor(d) ? Optional.of(t) : Optional.empty();
        }
        return Optional.of(t.withDmaMap(d)
                .withLine(syncForDeviceLine(d, s.line()))
                .withMem(syncForDeviceMem(d, s.line(), s.mem())));
    }

    /** DmaBufMapAttachment(d) */
    public Optional<CoherencyState> dmaBufMapAttachment(CoherencyState s, DmaDirection d) {
        return s.cpuSync() == SyncFlag.NONE ? doDmaBufMapAttachment(s, d) : Optional.empty();
    }

    /** DoDmaBufUnmapAttachment: <= 6.14 unmapping the cached table is a no-op (R11). */
    public Optional<CoherencyState> doDmaBufUnmapAttachment(CoherencyState s) {
        if (s.importerMap() == DmaDirection.NONE) {
            return Optional.empty();
        }
        CoherencyState t = s.withImporterMap(DmaDirection.NONE);
        if (!k.sgtCaching()) {
            t = t.withDmaMap(DmaDirection.NONE).withLine(syncForCpuLine(s.importerMap(), s.line()));
        }
        return Optional.of(t);
    }

    /** DmaBufUnmapAttachment */
    public Optional<CoherencyState> dmaBufUnmapAttachment(CoherencyState s) {
        return s.cpuSync() == SyncFlag.NONE ? doDmaBufUnmapAttachment(s) : Optional.empty();
    }

    // ---- userspace CPU access through the mmap (U1) ----

    /** DmaBufBeginCpuAccess(f): SYNC_START; the system heap syncs the mapped attachment for the CPU. */
    public Optional<CoherencyState> dmaBufBeginCpuAccess(CoherencyState s, SyncFlag f) {
        if (s.cpuSync() != SyncFlag.NONE
                || (s.importerMap() != DmaDirection.NONE && !k.exporterCpuAccessOps())) {
            return Optional.empty();
        }
        CacheLine l = k.exporterCpuAccessOps() && s.dmaMap() != DmaDirection.NONE
                ? syncForCpuLine(f.syncDir(), s.line())
                : s.line();
        return Optional.of(s.withCpuSync(f).withLine(l));
    }

    /** DmaBufEndCpuAccess: SYNC_END with the same flags; the system heap syncs the mapped attachment for the device. */
    public Optional<CoherencyState> dmaBufEndCpuAccess(CoherencyState s) {
        if (s.cpuSync() == SyncFlag.NONE) {
            return Optional.empty();
        }
        CoherencyState t = s.withCpuSync(SyncFlag.NONE);
        if (k.exporterCpuAccessOps() && s.dmaMap() != DmaDirection.NONE) {
            DmaDirection d = s.cpuSync().syncDir();
            t = t.withLine(syncForDeviceLine(d, s.line())).withMem(syncForDeviceMem(d, s.line(), s.mem()));
        }
        return Optional.of(t);
    }

    /** DoCpuLoad: a hit returns the line, a miss fills it from memory. */
    public Optional<CoherencyState> doCpuLoad(CoherencyState s) {
        CacheLine l = s.line().isInvalid() ? CacheLine.clean(s.mem()) : s.line();
        return Optional.of(s.withLine(l)
                .withLastRead(new LastRead(Party.CPU, s.cpuView(), s.lastWrite(), s.lastWriter())));
    }

    /** CpuLoad: only inside a bracket opened for reading (U1). */
    public Optional<CoherencyState> cpuLoad(CoherencyState s) {
        return s.cpuSync().cpuMayRead() ? doCpuLoad(s) : Optional.empty();
    }

    /** DoCpuStore: write-allocate, the line becomes dirty with the next version. */
    public Optional<CoherencyState> doCpuStore(CoherencyState s) {
        if (s.lastWrite() >= k.maxVersion()) {
            return Optional.empty();
        }
        int v = s.lastWrite() + 1;
        return Optional.of(s.withLastWrite(v, Party.CPU).withLine(CacheLine.dirty(v)));
    }

    /** CpuStore: only inside a bracket opened for writing (U1). */
    public Optional<CoherencyState> cpuStore(CoherencyState s) {
        return s.cpuSync().cpuMayWrite() ? doCpuStore(s) : Optional.empty();
    }

    // ---- the non-coherent cache, at any time ----

    /** CacheEvict: a dirty line is written back, any valid line is dropped. */
    public Optional<CoherencyState> cacheEvict(CoherencyState s) {
        if (s.line().isInvalid()) {
            return Optional.empty();
        }
        return Optional.of(s.withMem(cleanMem(s.line(), s.mem())).withLine(CacheLine.INVALID));
    }

    /** CacheSpeculativeFill: an invalid line is filled from memory. */
    public Optional<CoherencyState> cacheSpeculativeFill(CoherencyState s) {
        if (!s.line().isInvalid()) {
            return Optional.empty();
        }
        return Optional.of(s.withLine(CacheLine.clean(s.mem())));
    }

    // ---- the importer's device: DMA to memory, no bracket open (U2 fences assumed) ----

    /** DeviceDmaRead: under a TO_DEVICE or BIDIRECTIONAL mapping, it reads memory. */
    public Optional<CoherencyState> deviceDmaRead(CoherencyState s) {
        if (s.cpuSync() != SyncFlag.NONE || !s.importerMap().deviceMayRead()) {
            return Optional.empty();
        }
        return Optional.of(s.withLastRead(new LastRead(Party.DEVICE, s.mem(), s.lastWrite(), s.lastWriter())));
    }

    /** DeviceDmaWrite: under a FROM_DEVICE or BIDIRECTIONAL mapping, it writes the next version to memory. */
    public Optional<CoherencyState> deviceDmaWrite(CoherencyState s) {
        if (s.cpuSync() != SyncFlag.NONE || !s.importerMap().deviceMayWrite() || s.lastWrite() >= k.maxVersion()) {
            return Optional.empty();
        }
        int v = s.lastWrite() + 1;
        return Optional.of(s.withLastWrite(v, Party.DEVICE).withMem(v));
    }
}
