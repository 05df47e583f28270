package org.dmabufspec.conformance.checker;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A {@code struct dma_buf} with its embedded {@code struct dma_resv}: exporter kind, attachments
 * (guarded by the reservation lock, R1), the lock holder, fence slots reserved in this hold
 * (F13), the fence list, exporter-side placement and storage generations (a move retires the
 * current storage, reuse frees the retired ones), and vmap count. CPU-access brackets are no kernel state (U1 is checked by UserspaceProtocol).
 */
final class BufferState {
    final String exporter;
    final boolean dynamicExporter;
    final boolean cacheSgtMapping;
    String placement;
    boolean released;
    final LinkedHashMap<String, AttachmentState> attachments;
    final List<ResvEntry> fences;
    String holderThread;
    String holderCtx;
    /** max_fences of the fence list: num_fences plus the slots reserved in this lock hold (F13). */
    int maxFences;
    /**
     * New fences the holder may still add (DmaResv.tla's credits): dma_resv_reserve_fences(n)
     * allows n, whatever the kernel's allocator rounds max_fences up to (F13).
     */
    int credits;
    int vmapCount;
    /** vmap_ptr: the address the first vmap returned (R19), null while not vmapped or not logged. */
    String vmapAddr;
    /** Whether the exporter has vmap (R19): declared at the export, known for the system heap, or shown by a vmap; null unknown. */
    Boolean vmapOps;
    /** The exporter's vmap/vunmap callbacks on this buffer are logged: a first vmap must show its exporter.vmap (R19). */
    boolean vmapCalloutsLogged;
    /** An exporter.vunmap of this buffer was logged: its exporter has vunmap, so every last vunmap calls it (R19). */
    boolean vunmapLogged;
    /** An exporter callout of this buffer came after its core call in the file (a start-ordered trace, the kernel module's):
     *  the reader cannot give a core call its callees then, so R19's callout counts are judged at the callouts. */
    boolean calleesFollow;
    /** The seq of the last dma_buf_vmap/vunmap taken (0 none): a callout that follows its call is taken after it. */
    long vmapCallSeq;
    int generation;
    /** Moves whose old storage still backs older mappings, oldest first. */
    final List<PendingMove> pendingMoves;
    /** dma_buf_move_notify ran in the current hold of the reservation lock (a move may follow). */
    boolean notifiedInHold;
    /** The KERNEL fence of the last move (the copy): the new storage is the buffer's once it signalled. */
    String moveFence;
    /** exporter.move named no fence: the next KERNEL fence added in this lock hold is the move fence. */
    boolean moveFenceDue;
    /** A poll of this buffer registered a fence callback (dma_buf_poll_add_cb): until it runs, dcb->active makes polls report not ready. */
    boolean pollArmed;
    /**
     * The seqs of polls of this buffer that may have armed a callback (Transitions keeps which
     * callbacks, a fact of the trace; immutable, replaced on change): each holds a file reference
     * until it runs (dma_buf_poll's get_file), so the buffer is not released before (R18, B5).
     */
    List<Long> pollSeqs = List.of();
    /** Logged exporter callbacks per attachment id (R9, R11); empty for traces that log none. */
    final Map<String, Callouts> callouts;
    /** The exporter's pin/map callbacks on this buffer are logged: a core map must show its exporter.map_dma_buf. */
    boolean calloutsLogged;
    /** A nested dma_buf_begin/end_cpu_access of this buffer was logged: every valid SYNC logs its own (U2). */
    boolean cpuAccessLogged;
    /**
     * The userspace mappings whose PTEs are present (a logged exporter.vm_fault, no zap or munmap
     * since), the storage generation they map and the fault that installed them (R21, R22). Never
     * mutated: replaced on write, so copies share it.
     */
    Map<String, CpuPte> cpuPtes = Map.of();

    BufferState(String exporter, boolean dynamicExporter, boolean cacheSgtMapping, String placement) {
        this.exporter = exporter;
        this.dynamicExporter = dynamicExporter;
        this.cacheSgtMapping = cacheSgtMapping;
        this.placement = placement;
        this.attachments = new LinkedHashMap<>(2);
        this.fences = new ArrayList<>(2);
        this.pendingMoves = new ArrayList<>(0);
        this.callouts = new HashMap<>(2);
    }

    private BufferState(BufferState o) {
        exporter = o.exporter;
        dynamicExporter = o.dynamicExporter;
        cacheSgtMapping = o.cacheSgtMapping;
        placement = o.placement;
        released = o.released;
        attachments = new LinkedHashMap<>(o.attachments.size() + 1);
        o.attachments.forEach((k, v) -> attachments.put(k, v.copy()));
        fences = new ArrayList<>(o.fences);
        holderThread = o.holderThread;
        holderCtx = o.holderCtx;
        maxFences = o.maxFences;
        credits = o.credits;
        vmapCount = o.vmapCount;
        vmapAddr = o.vmapAddr;
        vmapOps = o.vmapOps;
        vmapCalloutsLogged = o.vmapCalloutsLogged;
        vunmapLogged = o.vunmapLogged;
        calleesFollow = o.calleesFollow;
        vmapCallSeq = o.vmapCallSeq;
        generation = o.generation;
        pendingMoves = new ArrayList<>(o.pendingMoves);
        notifiedInHold = o.notifiedInHold;
        moveFence = o.moveFence;
        moveFenceDue = o.moveFenceDue;
        pollArmed = o.pollArmed;
        pollSeqs = o.pollSeqs;
        callouts = new HashMap<>(o.callouts);
        calloutsLogged = o.calloutsLogged;
        cpuAccessLogged = o.cpuAccessLogged;
        cpuPtes = o.cpuPtes;
    }

    /** {@code m} with {@code k} mapped to {@code v}, as a new map. */
    static <V> Map<String, V> with(Map<String, V> m, String k, V v) {
        Map<String, V> n = new HashMap<>(m);
        n.put(k, v);
        return java.util.Collections.unmodifiableMap(n);
    }

    BufferState copy() {
        return new BufferState(this);
    }

    /** Whether storage generation g still belongs to the buffer (current, or old and not reused yet). */
    boolean generationLive(int g) {
        if (g == generation) {
            return true;
        }
        for (PendingMove m : pendingMoves) {
            if (m.generation() == g) {
                return true;
            }
        }
        return false;
    }

    /**
     * dma_resv_reserve_fences(n): with fewer than n free slots the list is reallocated, dropping
     * signalled entries, to max(max(num + n, 2 * max), 4) slots.
     */
    void reserve(int n, java.util.function.Predicate<String> signalled) {
        int old = fences.size();
        if (maxFences - old >= n) {
            return;
        }
        // DmaResv.tla's ReservedTable/ReservedMax: the new list drops the signalled entries and
        // has room for exactly n more than the old one had. The kernel's allocator may round up;
        // that slack is not the driver's (F13), and which entries survive must match the spec.
        fences.removeIf(r -> signalled.test(r.fence()));
        maxFences = old + n;
    }

    boolean heldBy(String thread) {
        return thread.equals(holderThread);
    }

    /** Pins the exporter counts: the core's (R9) and the importers' own (R8). */
    int pinCount() {
        int n = 0;
        for (AttachmentState a : attachments.values()) {
            n += a.corePins + a.explicitPins;
        }
        return n;
    }

    String describe(String id, Map<String, FenceState> allFences) {
        StringBuilder b = new StringBuilder(id).append(": exporter ").append(exporter)
                .append(dynamicExporter ? " (dynamic" : " (static").append(cacheSgtMapping ? ", cache_sgt_mapping)" : ")");
        if (placement != null) {
            b.append(", placement ").append(placement);
        }
        if (released) {
            b.append(", RELEASED");
        }
        b.append(holderThread == null ? ", reservation unlocked"
                : ", reservation held by " + holderThread + (holderCtx == null ? "" : " (ctx " + holderCtx + ")")
                + ", " + Math.max(0, maxFences - fences.size()) + " fence slot(s) reserved");
        b.append(", fences [");
        for (int i = 0; i < fences.size(); i++) {
            ResvEntry e = fences.get(i);
            FenceState f = allFences.get(e.fence());
            b.append(i == 0 ? "" : ", ").append(e.fence()).append(' ').append(e.usage())
                    .append(f == null ? "" : f.signaled ? " signalled" : " unsignalled");
        }
        b.append("], pin_count ").append(pinCount());
        if (vmapCount > 0) {
            b.append(", vmap count ").append(vmapCount).append(vmapAddr == null ? "" : " at " + vmapAddr);
        }
        if (notifiedInHold) {
            b.append(", move_notify done in this lock hold");
        }
        if (moveFence != null) {
            b.append(", last move fence ").append(moveFence);
        }
        if (moveFenceDue) {
            b.append(", move fence not yet added to the reservation in this lock hold");
        }
        for (PendingMove m : pendingMoves) {
            b.append(", old storage in ").append(m.from()).append(" not yet reused (waits for ").append(m.waits()).append(')');
        }
        if (!cpuPtes.isEmpty()) {
            b.append(", CPU PTEs present ").append(new java.util.TreeMap<>(cpuPtes)).append(" (current generation ").append(generation).append(')');
        }
        for (Map.Entry<String, AttachmentState> a : attachments.entrySet()) {
            b.append("\n      attachment ").append(a.getValue().describe(a.getKey()));
        }
        return b.toString();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof BufferState s && released == s.released && Objects.equals(placement, s.placement)
                && attachments.equals(s.attachments) && fences.equals(s.fences)
                && Objects.equals(holderThread, s.holderThread) && Objects.equals(holderCtx, s.holderCtx)
                && maxFences == s.maxFences && credits == s.credits && vmapCount == s.vmapCount && generation == s.generation
                && Objects.equals(vmapAddr, s.vmapAddr) && Objects.equals(vmapOps, s.vmapOps) && vmapCalloutsLogged == s.vmapCalloutsLogged && vunmapLogged == s.vunmapLogged && calleesFollow == s.calleesFollow && vmapCallSeq == s.vmapCallSeq
                && pendingMoves.equals(s.pendingMoves) && notifiedInHold == s.notifiedInHold && Objects.equals(moveFence, s.moveFence) && moveFenceDue == s.moveFenceDue && pollArmed == s.pollArmed && pollSeqs.equals(s.pollSeqs)
                && callouts.equals(s.callouts) && calloutsLogged == s.calloutsLogged && cpuAccessLogged == s.cpuAccessLogged && cpuPtes.equals(s.cpuPtes) && exporter.equals(s.exporter);
    }

    @Override
    public int hashCode() {
        // fields equals compares, without boxing (Objects.hash): the search memo hashes candidates often
        int h = Objects.hashCode(placement);
        h = h * 31 + (released ? 1 : 0);
        h = h * 31 + attachments.hashCode();
        h = h * 31 + fences.hashCode();
        h = h * 31 + Objects.hashCode(holderThread);
        h = h * 31 + Objects.hashCode(holderCtx);
        h = h * 31 + maxFences;
        h = h * 31 + credits;
        h = h * 31 + vmapCount;
        h = h * 31 + generation;
        h = h * 31 + (notifiedInHold ? 1 : 0);
        h = h * 31 + cpuPtes.hashCode();
        return h * 31 + callouts.hashCode();
    }
}
