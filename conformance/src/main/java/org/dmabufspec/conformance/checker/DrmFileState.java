package org.dmabufspec.conformance.checker;

import java.util.HashMap;
import java.util.Map;

/**
 * What a trace shows of one DRM file ({@code args.file}): whether {@code drm_close} closed it,
 * whether a call through it succeeded (so it was open), the GEM handles its imports returned and
 * the vgem fence ids its attaches returned. Immutable: a change makes a new value, so copies of
 * the protocol state share it.
 *
 * @param handles     live handles the trace saw returned by PRIME_FD_TO_HANDLE (vgem's own
 *                    objects get handles no event logs, so this is not every handle of the file)
 * @param liveIds     vgem fence ids attached and not yet consumed by FENCE_SIGNAL
 * @param consumedIds ids FENCE_SIGNAL consumed: they stay allocated ({@code idr_replace(NULL)})
 *                    until the file closes, so they are never handed out again
 * @param idsComplete every successful attach through the file logged its {@code out_fence}, so
 *                    an id in neither map was never attached (native traces do not log it)
 */
record DrmFileState(boolean closed, long closedAt, boolean seenOpen, Map<Long, GemHandle> handles,
        Map<Long, VgemId> liveIds, Map<Long, VgemId> consumedIds, boolean idsComplete) {

    /** A handle and the import it names; {@code attach} null for one of vgem's own objects. */
    record GemHandle(String buf, String attach, long line) {
    }

    /** A vgem fence id and the fence it names, with the line that attached it. */
    record VgemId(String fence, long line) {
    }

    static final DrmFileState UNSEEN = new DrmFileState(false, 0, false, Map.of(), Map.of(), Map.of(), true);

    DrmFileState open() {
        return seenOpen ? this : new DrmFileState(closed, closedAt, true, handles, liveIds, consumedIds, idsComplete);
    }

    DrmFileState close(long line) {
        return new DrmFileState(true, line, true, Map.of(), Map.of(), Map.of(), idsComplete);
    }

    DrmFileState withHandle(long handle, GemHandle h) {
        Map<Long, GemHandle> m = new HashMap<>(handles);
        m.put(handle, h);
        return new DrmFileState(closed, closedAt, true, Map.copyOf(m), liveIds, consumedIds, idsComplete);
    }

    DrmFileState withoutHandle(long handle) {
        Map<Long, GemHandle> m = new HashMap<>(handles);
        m.remove(handle);
        return new DrmFileState(closed, closedAt, true, Map.copyOf(m), liveIds, consumedIds, idsComplete);
    }

    DrmFileState attached(Long id, VgemId fence) {
        if (id == null) {
            return new DrmFileState(closed, closedAt, true, handles, liveIds, consumedIds, false);
        }
        Map<Long, VgemId> m = new HashMap<>(liveIds);
        m.put(id, fence);
        return new DrmFileState(closed, closedAt, true, handles, Map.copyOf(m), consumedIds, idsComplete);
    }

    DrmFileState consumed(long id) {
        VgemId f = liveIds.get(id);
        if (f == null) {
            return open();
        }
        Map<Long, VgemId> live = new HashMap<>(liveIds);
        live.remove(id);
        Map<Long, VgemId> gone = new HashMap<>(consumedIds);
        gone.put(id, f);
        return new DrmFileState(closed, closedAt, true, handles, Map.copyOf(live), Map.copyOf(gone), idsComplete);
    }

    /** The live handle the file holds for an import of {@code buf}, or null. */
    Map.Entry<Long, GemHandle> importOf(String buf) {
        for (Map.Entry<Long, GemHandle> h : handles.entrySet()) {
            if (h.getValue().attach() != null && h.getValue().buf().equals(buf)) {
                return h;
            }
        }
        return null;
    }
}
