package org.dmabufspec.conformance.checker;

import org.dmabufspec.conformance.checker.isolation.IsoState;
import org.dmabufspec.trace.TraceEvent;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * The refinement mapping of DmaBufAttach.tla ({@code Iso == INSTANCE DmaBufIsolation WITH
 * Devices <- Importers, owner <- storage, attached <- IsoAttached, lastAccess <- lastAccess})
 * applied to the checker's state: a device is an attachment (one per importer), a region is
 * one storage generation of a buffer ("b1#0"; a move starts a new one), owned by the buffer
 * while it backs it: the current generation once the move fence that fills it signalled, an
 * old one until the exporter reuses it; a released buffer owns nothing.
 *
 * <p>Computed over the buffer an event names: a step changes the abstract state of other
 * buffers only through steps that are not guarded (a Detach by drm_close, a Reassign when an
 * inferred signal completes a move), so the check loses nothing by not looking there.
 */
final class IsolationMapping {
    private IsolationMapping() {
    }

    static String region(String buf, int generation) {
        // not buf + "#" + generation: that links a string-concatenation bootstrap on first use, inside the check
        return new StringBuilder(buf.length() + 4).append(buf).append('#').append(generation).toString();
    }

    static IsoState of(ProtocolState s, String buf, IsoState.Access access) {
        BufferState b = s.buf(buf);
        if (b == null) {
            return new IsoState(Map.of(), Map.of(), access);
        }
        Map<String, String> owner = new HashMap<>(4);
        if (!b.released) {
            for (PendingMove m : b.pendingMoves) {
                owner.put(region(buf, m.generation()), buf);
            }
            if (!b.moveFenceDue && (b.moveFence == null || signalled(s, b.moveFence))) {
                owner.put(region(buf, b.generation), buf);
            }
        }
        Map<String, java.util.Set<String>> attached = new HashMap<>(4);
        for (String a : b.attachments.keySet()) {
            attached.put(a, Set.of(buf));
        }
        return new IsoState(owner, attached, access);
    }

    private static boolean signalled(ProtocolState s, String fence) {
        FenceState f = s.fence(fence);
        return f == null || f.signaled;
    }

    /**
     * The region a device access touches, read in the state before it: the storage generation
     * of the mapping it went through (a live one, or a table unmapped with fenced work still
     * running on it, R5); the current storage when the attachment has no such mapping.
     */
    static IsoState.Access access(ProtocolState s, TraceEvent e) {
        BufferState b = s.buf(e.buf());
        if (b == null) {
            return new IsoState.Access(e.attach(), region(e.buf(), 0));
        }
        AttachmentState a = b.attachments.get(e.attach());
        if (a != null) {
            for (Mapping m : a.mappings) {
                if (e.sgt() == null || e.sgt().equals(m.sgt()) || m.sgt() == null) {
                    return new IsoState.Access(e.attach(), region(e.buf(), m.generation()));
                }
            }
            if (e.sgt() != null && a.unmapped.containsKey(e.sgt())) {
                return new IsoState.Access(e.attach(), region(e.buf(), a.unmapped.get(e.sgt())));
            }
        }
        return new IsoState.Access(e.attach(), region(e.buf(), b.generation));
    }
}
