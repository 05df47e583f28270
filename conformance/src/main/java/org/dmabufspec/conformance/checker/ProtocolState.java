package org.dmabufspec.conformance.checker;

import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The whole protocol state the checker tracks: buffers (with their reservation objects and
 * attachments), fences, ww contexts and sync_files, keyed by trace id.
 *
 * <p>Copies are cheap: maps are copied shallowly and an object is cloned the first time a copy
 * changes it ({@code mut*}). Copies made during a linearization search remember which ids they
 * changed since the last point where the search had a single candidate ({@link #rebase()}), so
 * comparing and hashing candidates costs only what the candidates changed, not the whole state.
 */
final class ProtocolState {
    /* Read freely; written only through the methods below, which clone a map still shared with a copy. */
    HashMap<String, BufferState> buffers;
    ShardedMap<FenceState> fences;
    HashMap<String, WwCtxState> ctxs;
    ShardedMap<SyncFileState> syncFiles;
    /** DRM files by trace name ({@code args.file}); the values are immutable, replaced on change. */
    HashMap<String, DrmFileState> drmFiles;
    long nextInferredContext;
    /** Retired fences (see retireIdleFences), shared by every copy: they never change again. */
    private final HashMap<String, FenceState> retired;
    /** Unsignalled fences by context and seqno (F12: a context signals in seqno order). */
    private HashMap<Long, java.util.TreeMap<Long, String>> pendingByContext;
    /** The highest seqno signalled per context (F12: a later signal of a lower or equal seqno is out of order). */
    private HashMap<Long, Long> signalledMax;
    private Set<Object> owned = Collections.newSetFromMap(new IdentityHashMap<>());
    private Object base = new Object();
    private HashSet<Dirty> dirty;

    /** A changed object: its kind (b buffer, f fence, c ww context, s sync_file, d DRM file, h a context's signalled max, n the inferred-context counter) and id. */
    private record Dirty(char kind, String id) {
        @Override
        public int hashCode() {
            return kind * 31 + id.hashCode(); // the id's hash is cached in the trace's string
        }

        @Override
        public boolean equals(Object o) { // by hand: see ResvEntry
            return o instanceof Dirty d && kind == d.kind && id.equals(d.id);
        }
    }
    /*
     * Copies share the maps (and the dirty set) until one side writes: a bit set here means that
     * map may be shared, so it is cloned before the first write. A search step then costs what it
     * changes, not the size of the state.
     */
    private static final int BUFFERS = 1, FENCES = 2, CTXS = 4, SYNC_FILES = 8, PENDING = 16, DIRTY = 32, SIGNALLED_MAX = 64, DRM_FILES = 128, ALL = 255;
    private int shared;
    /** hashCode, cached until the next change (0: not computed). */
    private int hash;
    /** Counts this object's changes: a step refused in one version is refused again in it (LinearizationSearch.Item). */
    private long version;

    ProtocolState() {
        buffers = new HashMap<>();
        fences = new ShardedMap<>();
        ctxs = new HashMap<>();
        syncFiles = new ShardedMap<>();
        drmFiles = new HashMap<>();
        pendingByContext = new HashMap<>();
        signalledMax = new HashMap<>();
        retired = new HashMap<>();
        nextInferredContext = -1;
        FenceState stub = new FenceState(0, 0, false);
        stub.signaled = true;
        fences.put(org.dmabufspec.conformance.trace.TraceReader.STUB_FENCE, stub);
    }

    private ProtocolState(ProtocolState o) {
        buffers = o.buffers;
        fences = o.fences;
        ctxs = o.ctxs;
        syncFiles = o.syncFiles;
        drmFiles = o.drmFiles;
        pendingByContext = o.pendingByContext;
        signalledMax = o.signalledMax;
        retired = o.retired;
        nextInferredContext = o.nextInferredContext;
        base = o.base;
        dirty = o.dirty;
        shared = ALL;
        hash = o.hash;
    }

    private HashMap<String, BufferState> wBuffers() {
        if ((shared & BUFFERS) != 0) {
            buffers = new HashMap<>(buffers);
            shared &= ~BUFFERS;
        }
        return buffers;
    }

    private ShardedMap<FenceState> wFences() {
        if ((shared & FENCES) != 0) {
            fences = fences.copy();
            shared &= ~FENCES;
        }
        return fences;
    }

    private HashMap<String, WwCtxState> wCtxs() {
        if ((shared & CTXS) != 0) {
            ctxs = new HashMap<>(ctxs);
            shared &= ~CTXS;
        }
        return ctxs;
    }

    private ShardedMap<SyncFileState> wSyncFiles() {
        if ((shared & SYNC_FILES) != 0) {
            syncFiles = syncFiles.copy();
            shared &= ~SYNC_FILES;
        }
        return syncFiles;
    }

    private HashMap<Long, java.util.TreeMap<Long, String>> wPending() {
        if ((shared & PENDING) != 0) {
            pendingByContext = new HashMap<>(pendingByContext);
            shared &= ~PENDING;
        }
        return pendingByContext;
    }

    private HashSet<Dirty> wDirty() {
        if ((shared & DIRTY) != 0) {
            dirty = new HashSet<>(dirty);
            shared &= ~DIRTY;
        }
        return dirty;
    }

    /** A copy sharing all objects; both sides clone an object before changing it from now on. */
    ProtocolState copy() {
        if (dirty == null) {
            dirty = new HashSet<>();
            shared &= ~DIRTY;
            hash = 0;
        }
        owned = Collections.newSetFromMap(new IdentityHashMap<>());
        shared = ALL;
        return new ProtocolState(this);
    }

    /** This state is the only candidate left: later copies compare against it. */
    void rebase() {
        base = new Object();
        dirty = null;
        hash = 0;
    }

    /** As rebase, for the only candidate of a sequential step; free when no copy was made since the last one. */
    void settle() {
        if (dirty != null) {
            rebase();
        }
    }

    BufferState buf(String id) {
        return buffers.get(id);
    }

    FenceState fence(String id) {
        FenceState f = fences.get(id);
        return f != null ? f : retired.get(id);
    }

    /**
     * Moves fences that can no longer change (signalled, no callbacks due, referenced by no
     * reservation object, sync_file or pending move) out of the copied maps into a table shared
     * by all candidates, so copies stay small on long traces.
     */
    void retireIdleFences() {
        HashSet<String> referenced = new HashSet<>();
        collectReferencedFences(referenced);
        List<String> idle = new java.util.ArrayList<>();
        for (Map.Entry<String, FenceState> e : fences.entrySet()) {
            FenceState f = e.getValue();
            if (f.signaled && f.pending.isEmpty() && f.toRun.isEmpty() && !referenced.contains(e.getKey())) {
                idle.add(e.getKey());
            }
        }
        if (idle.isEmpty()) {
            return;
        }
        ShardedMap<FenceState> w = wFences();
        for (String id : idle) {
            FenceState f = w.remove(id);
            retired.put(id, f);
            owned.remove(f);
        }
        hash = 0;
    }

    BufferState mutBuf(String id) {
        BufferState b = buffers.get(id);
        if (b != null && !owned.contains(b)) {
            b = b.copy();
            wBuffers().put(id, b);
            owned.add(b);
        }
        touch('b', id);
        return b;
    }

    FenceState mutFence(String id) {
        FenceState f = fences.get(id);
        if (f == null && retired.containsKey(id)) {
            f = retired.get(id).copy();
            wFences().put(id, f);
            owned.add(f);
            touch('f', id);
            return f;
        }
        if (f != null && !owned.contains(f)) {
            f = f.copy();
            wFences().put(id, f);
            owned.add(f);
        }
        touch('f', id);
        return f;
    }

    WwCtxState mutCtx(String id) {
        WwCtxState c = ctxs.get(id);
        if (c != null && !owned.contains(c)) {
            c = c.copy();
            wCtxs().put(id, c);
            owned.add(c);
        }
        touch('c', id);
        return c;
    }

    void putBuf(String id, BufferState b) {
        wBuffers().put(id, b);
        owned.add(b);
        touch('b', id);
    }

    void putFence(String id, FenceState f) {
        wFences().put(id, f);
        owned.add(f);
        touch('f', id);
        if (!f.signaled) {
            mutPending(f.context).put(f.seqno, id);
        }
    }

    void removeFence(String id) {
        FenceState f = fences.containsKey(id) ? wFences().remove(id) : null;
        if (f != null) {
            owned.remove(f); // else a long trace keeps every fence it ever dropped
        }
        touch('f', id);
        if (f != null && !f.signaled) {
            unpend(f.context, f.seqno, id);
        }
    }

    /** A signal the checker infers: it may have happened at any time before the step that needs it. */
    void signalFence(String id) {
        signalFence(id, Long.MAX_VALUE);
    }

    /** dma_fence_signal: the one-way transition, callbacks become due; {@code end}: the signalling event's end. */
    void signalFence(String id, long end) {
        FenceState f = mutFence(id);
        if (f != null && !f.signaled) {
            f.signal(end);
            unpend(f.context, f.seqno, id);
            Long max = signalledMax.get(f.context);
            if (max == null || max < f.seqno) {
                if ((shared & SIGNALLED_MAX) != 0) {
                    signalledMax = new HashMap<>(signalledMax);
                    shared &= ~SIGNALLED_MAX;
                }
                signalledMax.put(f.context, f.seqno);
                touchSignalledMax(f.context);
            }
        }
    }

    /** Drops a context's table once empty: copies of the table of contexts then stay small on long traces. */
    private void unpend(long context, long seqno, String id) {
        java.util.TreeMap<Long, String> m = mutPending(context);
        m.remove(seqno, id);
        if (m.isEmpty()) {
            wPending().remove(context);
            owned.remove(m);
        }
    }

    /** The highest seqno of f's context that signalled, or null if none did. */
    Long signalledMax(long context) {
        return signalledMax.get(context);
    }

    /** Unsignalled fences of f's context with the same seqno as f under another id (F12: a seqno is used once). */
    String pendingWithSeqno(long context, long seqno) {
        java.util.TreeMap<Long, String> m = pendingByContext.get(context);
        return m == null ? null : m.get(seqno);
    }

    /** Unsignalled fences of f's context with a smaller seqno (must have signalled before f, F12). */
    java.util.Collection<String> earlierPending(FenceState f) {
        java.util.TreeMap<Long, String> m = pendingByContext.get(f.context);
        return m == null ? java.util.List.of() : m.headMap(f.seqno, false).values();
    }

    private java.util.TreeMap<Long, String> mutPending(long context) {
        java.util.TreeMap<Long, String> m = pendingByContext.get(context);
        if (m == null) {
            m = new java.util.TreeMap<>();
            wPending().put(context, m);
            owned.add(m);
        } else if (!owned.contains(m)) {
            m = new java.util.TreeMap<>(m);
            wPending().put(context, m);
            owned.add(m);
        }
        return m;
    }

    void putCtx(String id, WwCtxState c) {
        wCtxs().put(id, c);
        owned.add(c);
        touch('c', id);
    }

    void removeCtx(String id) {
        if (ctxs.containsKey(id)) {
            owned.remove(wCtxs().remove(id));
        }
        touch('c', id);
    }

    void putSyncFile(String id, SyncFileState s) {
        wSyncFiles().put(id, s);
        touch('s', id);
    }

    DrmFileState drmFile(String name) {
        return drmFiles.get(name);
    }

    void putDrmFile(String name, DrmFileState f) {
        if ((shared & DRM_FILES) != 0) {
            drmFiles = new HashMap<>(drmFiles);
            shared &= ~DRM_FILES;
        }
        drmFiles.put(name, f);
        touch('d', name);
    }

    long inferContext() {
        touch('n', "");
        return nextInferredContext--;
    }

    long version() {
        return version;
    }

    /** As touch('h', context): the context's id string is made only when a copy tracks changes (most steps: none). */
    private void touchSignalledMax(long context) {
        if (dirty != null) {
            touch('h', Long.toString(context));
        } else {
            hash = 0;
            version++;
        }
    }

    private void touch(char kind, String id) {
        hash = 0;
        version++;
        if (dirty != null) {
            Dirty k = new Dirty(kind, id);
            if (!dirty.contains(k)) {
                wDirty().add(k);
            }
        }
    }

    private Object get(Dirty key) {
        String id = key.id();
        return switch (key.kind()) {
            case 'b' -> buffers.get(id);
            case 'f' -> fences.get(id);
            case 'c' -> ctxs.get(id);
            case 's' -> syncFiles.get(id);
            case 'd' -> drmFiles.get(id);
            case 'h' -> signalledMax.get(Long.parseLong(id));
            default -> nextInferredContext;
        };
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof ProtocolState s)) {
            return false;
        }
        if (base == s.base && dirty != null && s.dirty != null) {
            for (Dirty k : dirty) {
                if (!Objects.equals(get(k), s.get(k))) {
                    return false;
                }
            }
            for (Dirty k : s.dirty) {
                if (!dirty.contains(k) && !Objects.equals(get(k), s.get(k))) {
                    return false;
                }
            }
            return true;
        }
        return buffers.equals(s.buffers) && fences.equals(s.fences) && ctxs.equals(s.ctxs)
                && syncFiles.equals(s.syncFiles) && drmFiles.equals(s.drmFiles) && nextInferredContext == s.nextInferredContext && signalledMax.equals(s.signalledMax);
    }

    /** Hashes what changed since the last rebase; equal states of one search level hash alike. */
    @Override
    public int hashCode() {
        if (hash != 0) {
            return hash;
        }
        int h;
        if (dirty != null) {
            h = 0;
            for (Dirty k : dirty) {
                h += k.hashCode() ^ Objects.hashCode(get(k));
            }
        } else {
            h = Objects.hash(buffers, fences, ctxs, syncFiles, drmFiles, nextInferredContext, signalledMax);
        }
        hash = h == 0 ? 1 : h;
        return hash;
    }

    /**
     * For candidates of one search (same base): forgets changed ids where every candidate holds
     * the very same object (so they compare equal there), and retires fences that are idle and
     * shared by all. Keeps comparing and copying candidates cheap when the search never narrows
     * to one candidate (threads overlapping all the time).
     */
    static void pruneCommon(List<ProtocolState> states) {
        if (states.size() < 2) {
            return;
        }
        ProtocolState first = states.get(0);
        for (ProtocolState s : states) {
            if (s.base != first.base || s.dirty == null) {
                return;
            }
        }
        java.util.List<Dirty> common = new java.util.ArrayList<>();
        for (Dirty k : first.dirty) {
            Object v = first.get(k);
            boolean same = true;
            for (ProtocolState s : states) {
                if (!s.dirty.contains(k) || (k.kind() == 'n' || k.kind() == 'h' ? !Objects.equals(v, s.get(k)) : v != s.get(k))) {
                    same = false;
                    break;
                }
            }
            if (same) {
                common.add(k);
            }
        }
        HashSet<String> referenced = new HashSet<>();
        for (ProtocolState s : states) {
            s.collectReferencedFences(referenced);
        }
        for (Dirty k : common) {
            for (ProtocolState s : states) {
                s.wDirty().remove(k);
                s.hash = 0;
            }
            if (k.kind() == 'f') {
                String id = k.id();
                FenceState f = first.fences.get(id);
                if (f != null && f.signaled && f.pending.isEmpty() && f.toRun.isEmpty() && !referenced.contains(id)) {
                    first.retired.put(id, f);
                    for (ProtocolState s : states) {
                        s.wFences().remove(id);
                        s.owned.remove(f);
                    }
                }
            }
        }
    }

    private void collectReferencedFences(Set<String> referenced) {
        for (BufferState b : buffers.values()) {
            for (ResvEntry r : b.fences) {
                referenced.add(r.fence());
            }
            for (PendingMove m : b.pendingMoves) {
                referenced.addAll(m.waits());
            }
            if (b.moveFence != null) {
                referenced.add(b.moveFence);
            }
        }
        for (SyncFileState sf : syncFiles.values()) {
            if (sf.fences() != null) {
                referenced.addAll(sf.fences());
            }
        }
    }

    Map<String, FenceState> fenceView() {
        return Collections.unmodifiableMap(fences);
    }
}
