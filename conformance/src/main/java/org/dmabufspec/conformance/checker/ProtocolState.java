package org.dmabufspec.conformance.checker;

import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
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
    private Set<Object> owned = Collections.newSetFromMap(new IdentityHashMap<>());
    private Object base = new Object();
    private HashSet<String> dirty;

    ProtocolState() {
        buffers = new HashMap<>();
        fences = new HashMap<>();
        ctxs = new HashMap<>();
        syncFiles = new HashMap<>();
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
        return fences.get(id);
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
    }

    void removeFence(String id) {
        fences.remove(id);
        touch("f", id);
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

    Map<String, FenceState> fenceView() {
        return Collections.unmodifiableMap(fences);
    }
}
