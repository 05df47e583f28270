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
    final HashMap<String, BufferState> buffers;
    final HashMap<String, FenceState> fences;
    final HashMap<String, WwCtxState> ctxs;
    final HashMap<String, SyncFileState> syncFiles;
    long nextInferredContext;
    /** Retired fences (see retireIdleFences), shared by every copy: they never change again. */
    private final HashMap<String, FenceState> retired;
    /** Unsignalled fences by context and seqno (F12: a context signals in seqno order). */
    private final HashMap<Long, java.util.TreeMap<Long, String>> pendingByContext;
    private Set<Object> owned = Collections.newSetFromMap(new IdentityHashMap<>());
    private Object base = new Object();
    private HashSet<String> dirty;

    ProtocolState() {
        buffers = new HashMap<>();
        fences = new HashMap<>();
        ctxs = new HashMap<>();
        syncFiles = new HashMap<>();
        pendingByContext = new HashMap<>();
        retired = new HashMap<>();
        nextInferredContext = -1;
        FenceState stub = new FenceState(0, 0, false);
        stub.signaled = true;
        fences.put(org.dmabufspec.conformance.trace.TraceReader.STUB_FENCE, stub);
    }

    private ProtocolState(ProtocolState o) {
        buffers = new HashMap<>(o.buffers);
        fences = new HashMap<>(o.fences);
        ctxs = new HashMap<>(o.ctxs);
        syncFiles = new HashMap<>(o.syncFiles);
        pendingByContext = new HashMap<>(o.pendingByContext);
        retired = o.retired;
        nextInferredContext = o.nextInferredContext;
        base = o.base;
        dirty = o.dirty == null ? new HashSet<>() : new HashSet<>(o.dirty);
    }

    /** A copy sharing all objects; both sides clone an object before changing it from now on. */
    ProtocolState copy() {
        if (dirty == null) {
            dirty = new HashSet<>();
        }
        owned = Collections.newSetFromMap(new IdentityHashMap<>());
        return new ProtocolState(this);
    }

    /** This state is the only candidate left: later copies compare against it. */
    void rebase() {
        base = new Object();
        dirty = null;
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
        java.util.Iterator<Map.Entry<String, FenceState>> it = fences.entrySet().iterator();
        while (it.hasNext()) {
            Map.Entry<String, FenceState> e = it.next();
            FenceState f = e.getValue();
            if (f.signaled && f.pending.isEmpty() && f.toRun.isEmpty() && !referenced.contains(e.getKey())) {
                retired.put(e.getKey(), f);
                owned.remove(f);
                it.remove();
            }
        }
    }

    BufferState mutBuf(String id) {
        BufferState b = buffers.get(id);
        if (b != null && !owned.contains(b)) {
            b = b.copy();
            buffers.put(id, b);
            owned.add(b);
        }
        touch("b", id);
        return b;
    }

    FenceState mutFence(String id) {
        FenceState f = fences.get(id);
        if (f == null && retired.containsKey(id)) {
            f = retired.get(id).copy();
            fences.put(id, f);
            owned.add(f);
            touch("f", id);
            return f;
        }
        if (f != null && !owned.contains(f)) {
            f = f.copy();
            fences.put(id, f);
            owned.add(f);
        }
        touch("f", id);
        return f;
    }

    WwCtxState mutCtx(String id) {
        WwCtxState c = ctxs.get(id);
        if (c != null && !owned.contains(c)) {
            c = c.copy();
            ctxs.put(id, c);
            owned.add(c);
        }
        touch("c", id);
        return c;
    }

    void putBuf(String id, BufferState b) {
        buffers.put(id, b);
        owned.add(b);
        touch("b", id);
    }

    void putFence(String id, FenceState f) {
        fences.put(id, f);
        owned.add(f);
        touch("f", id);
        if (!f.signaled) {
            mutPending(f.context).put(f.seqno, id);
        }
    }

    void removeFence(String id) {
        FenceState f = fences.remove(id);
        touch("f", id);
        if (f != null && !f.signaled) {
            mutPending(f.context).remove(f.seqno, id);
        }
    }

    /** dma_fence_signal: the one-way transition, callbacks become due. */
    void signalFence(String id) {
        FenceState f = mutFence(id);
        if (f != null && !f.signaled) {
            f.signal();
            mutPending(f.context).remove(f.seqno, id);
        }
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
            pendingByContext.put(context, m);
            owned.add(m);
        } else if (!owned.contains(m)) {
            m = new java.util.TreeMap<>(m);
            pendingByContext.put(context, m);
            owned.add(m);
        }
        return m;
    }

    void putCtx(String id, WwCtxState c) {
        ctxs.put(id, c);
        owned.add(c);
        touch("c", id);
    }

    void removeCtx(String id) {
        ctxs.remove(id);
        touch("c", id);
    }

    void putSyncFile(String id, SyncFileState s) {
        syncFiles.put(id, s);
        touch("s", id);
    }

    long inferContext() {
        touch("n", "");
        return nextInferredContext--;
    }

    private void touch(String kind, String id) {
        if (dirty != null) {
            dirty.add(kind + ":" + id);
        }
    }

    private Object get(String key) {
        int colon = key.indexOf(':');
        String id = key.substring(colon + 1);
        return switch (key.substring(0, colon)) {
            case "b" -> buffers.get(id);
            case "f" -> fences.get(id);
            case "c" -> ctxs.get(id);
            case "s" -> syncFiles.get(id);
            default -> nextInferredContext;
        };
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof ProtocolState s)) {
            return false;
        }
        if (base == s.base && dirty != null && s.dirty != null) {
            for (String k : dirty) {
                if (!Objects.equals(get(k), s.get(k))) {
                    return false;
                }
            }
            for (String k : s.dirty) {
                if (!dirty.contains(k) && !Objects.equals(get(k), s.get(k))) {
                    return false;
                }
            }
            return true;
        }
        return buffers.equals(s.buffers) && fences.equals(s.fences) && ctxs.equals(s.ctxs)
                && syncFiles.equals(s.syncFiles) && nextInferredContext == s.nextInferredContext;
    }

    /** Hashes what changed since the last rebase; equal states of one search level hash alike. */
    @Override
    public int hashCode() {
        if (dirty != null) {
            int h = 0;
            for (String k : dirty) {
                h += k.hashCode() ^ Objects.hashCode(get(k));
            }
            return h;
        }
        return Objects.hash(buffers, fences, ctxs, syncFiles, nextInferredContext);
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
        java.util.List<String> common = new java.util.ArrayList<>();
        for (String k : first.dirty) {
            Object v = first.get(k);
            boolean same = true;
            for (ProtocolState s : states) {
                if (!s.dirty.contains(k) || (k.startsWith("n:") ? !Objects.equals(v, s.get(k)) : v != s.get(k))) {
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
        for (String k : common) {
            for (ProtocolState s : states) {
                s.dirty.remove(k);
            }
            if (k.startsWith("f:")) {
                String id = k.substring(2);
                FenceState f = first.fences.get(id);
                if (f != null && f.signaled && f.pending.isEmpty() && f.toRun.isEmpty() && !referenced.contains(id)) {
                    first.retired.put(id, f);
                    for (ProtocolState s : states) {
                        s.fences.remove(id);
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
