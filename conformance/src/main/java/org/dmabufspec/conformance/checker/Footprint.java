package org.dmabufspec.conformance.checker;

import org.dmabufspec.conformance.checker.search.TraceSemantics.Keys;
import org.dmabufspec.trace.Op;
import org.dmabufspec.trace.TraceEvent;
import org.dmabufspec.conformance.trace.TraceReader;

import java.util.List;

/**
 * The objects a trace event's spec step may read or write in a given state, as keys: its buffer
 * (with the reservation object and attachments embedded in it), the fences it names and those
 * the buffer's reservation object, pending moves and sync_files hold, each fence's context
 * (F12 orders signals within a context), and its sync_file. Two steps with disjoint footprints
 * commute and neither enables nor disables the other, so the linearization search need not try
 * both orders (see LinearizationSearch.independentGroup).
 *
 * <p>Over-approximates on purpose: every ww_acquire_ctx step shares one key (wait-die and F18
 * read all contexts), a poll on a buffer an earlier poll armed shares one key with every step that
 * adds, removes or runs a fence callback (while any callback is pending, dcb->active keeps it not
 * ready: Transitions.pollBuffer), and steps that scan the whole state are global: drm_close
 * without its file (all imports, all vgem fences), SYNC_IOC_MERGE without its input files, and an
 * event naming no object. The reservation lock's own steps (lock, trylock, unlock) read and write
 * the buffer's holder and reservation, never a fence, so they carry the buffer's key alone: fence
 * signals of its entries commute with them.
 */
final class Footprint {
    /** Kinds of key: the ww contexts (one key), buffer, fence, fence context, sync_file, DRM file, fence callbacks (one key). */
    static final int WW = 0, BUFFER = 1, FENCE = 2, CONTEXT = 3, SYNC_FILE = 4, DRM_FILE = 5, CALLBACKS = 6, KINDS = 7;
    private static final String KIND_PREFIX = "wbfxsdk";

    private Footprint() {
    }

    /** Feeds the keys of {@code e} in state {@code s} to {@code out}; false if the step is global. */
    static boolean of(ProtocolState s, TraceEvent e, Keys out) {
        Op op = e.op();
        if (op == Op.DRM_CLOSE) {
            return drmClose(s, e, out);
        }
        boolean any = false;
        if (op == Op.SYNC_IOC_MERGE) {
            // reads its two input files (args fd1, fd2) and their components (Transitions.mergeMatchesInputs)
            String fd1 = e.argString("fd1"), fd2 = e.argString("fd2");
            if (fd1 == null || fd2 == null) {
                return false;
            }
            syncFile(s, fd1, out);
            syncFile(s, fd2, out);
            any = true;
        }
        if (op == Op.POLL && e.buf() != null) {
            BufferState b = s.buf(e.buf());
            if (b == null || b.pollArmed) {
                // an armed buffer's poll reads whether any fence still has callbacks (Transitions.pollBuffer)
                out.key(CALLBACKS, "");
            }
        } else if (op == Op.DMA_FENCE_ADD_CALLBACK || op == Op.DMA_FENCE_REMOVE_CALLBACK || op == Op.DMA_FENCE_CALLBACK) {
            out.key(CALLBACKS, ""); // the only steps that make a fence's callback lists empty or not
        }
        // -EDEADLK from a map or pin reads the caller's context (a ticket lock died inside it)
        if (e.ctx() != null || op == Op.WW_ACQUIRE_INIT || op == Op.WW_ACQUIRE_DONE || op == Op.WW_ACQUIRE_FINI
                || "EDEADLK".equals(e.result())) {
            out.key(WW, "");
            any = true;
        }
        if (e.buf() != null) {
            any = true;
            out.key(BUFFER, e.buf());
            BufferState b = s.buf(e.buf());
            if (b != null && locking(op)) {
                // the lock's steps read and write the holder, credits and the count of entries, never a fence
                if (b.holderCtx != null) {
                    out.key(WW, "");
                }
            } else if (b != null) {
                for (ResvEntry r : b.fences) {
                    fence(s, r.fence(), out);
                }
                for (PendingMove m : b.pendingMoves) {
                    for (String w : m.waits()) {
                        fence(s, w, out);
                    }
                }
                if (b.moveFence != null) {
                    fence(s, b.moveFence, out);
                }
                if (b.holderCtx != null) {
                    out.key(WW, "");
                }
            }
        }
        if (e.fence() != null) {
            any = true;
            fence(s, e.fence(), out);
            if (!TraceReader.STUB_FENCE.equals(e.fence())) {
                out.key(FENCE, e.fence());
            }
        }
        if (e.fences() != null) {
            any = true;
            for (String f : e.fences()) {
                fence(s, f, out);
            }
        }
        if (e.syncFile() != null) {
            any = true;
            syncFile(s, e.syncFile(), out);
        }
        if (op == Op.DMA_FENCE_INIT && e.argLong("context") != null) {
            out.key(CONTEXT, e.argLong("context"));
        }
        String file = e.argString("file");
        if (file != null) {
            out.key(DRM_FILE, file);
        }
        return any;
    }

    /**
     * drm_close of a DRM file drops the file's imports and signals its unsignalled vgem fences:
     * the file, the buffers it has imports on and those fences. Steps that could give the file a
     * new import or fence name it ("file" arg), so they share its key.
     */
    private static boolean drmClose(ProtocolState s, TraceEvent e, Keys out) {
        String file = e.argString("file");
        if (file == null) {
            return false;
        }
        out.key(DRM_FILE, file);
        for (java.util.Map.Entry<String, BufferState> b : s.buffers.entrySet()) {
            for (AttachmentState a : b.getValue().attachments.values()) {
                if (file.equals(a.drmFile)) {
                    out.key(BUFFER, b.getKey());
                    break;
                }
            }
        }
        for (java.util.Map.Entry<String, FenceState> f : s.fences.entrySet()) {
            if (file.equals(f.getValue().drmFile) && !f.getValue().signaled) {
                fence(s, f.getKey(), out);
            }
        }
        return true;
    }

    private static boolean locking(Op op) {
        return switch (op) {
            case DMA_RESV_LOCK, DMA_RESV_LOCK_INTERRUPTIBLE, DMA_RESV_LOCK_SLOW, DMA_RESV_TRYLOCK, DMA_RESV_UNLOCK -> true;
            default -> false;
        };
    }

    /** A sync_file and the fences it holds. */
    private static void syncFile(ProtocolState s, String id, Keys out) {
        out.key(SYNC_FILE, id);
        SyncFileState sf = s.syncFiles.get(id);
        if (sf != null && sf.fences() != null) {
            for (String f : sf.fences()) {
                fence(s, f, out);
            }
        }
    }

    /** A fence and its context; the signalled stub fence is shared by all and never changes. */
    private static void fence(ProtocolState s, String id, Keys out) {
        if (TraceReader.STUB_FENCE.equals(id)) {
            return;
        }
        out.key(FENCE, id);
        FenceState f = s.fence(id);
        if (f != null) {
            out.key(CONTEXT, f.context);
            if (f.components != null) {
                // a fence array's signal reads its components (F19)
                for (String g : f.components) {
                    if (!g.equals(id)) {
                        out.key(FENCE, g);
                        FenceState gf = s.fence(g);
                        if (gf != null) {
                            out.key(CONTEXT, gf.context);
                        }
                    }
                }
            }
        }
    }

    /** For tests and reports: the keys as strings ("b:" buffer, "f:" fence, ...; "w:" the ww key), null when global. */
    static List<String> keys(ProtocolState s, TraceEvent e) {
        java.util.ArrayList<String> l = new java.util.ArrayList<>();
        return of(s, e, (kind, id) -> l.add(KIND_PREFIX.charAt(kind) + ":" + id)) ? l : null;
    }
}
