package org.dmabufspec.uapi;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.dmabufspec.buf.DmaBuf;
import org.dmabufspec.buf.DmaBufAttachment;
import org.dmabufspec.buf.SgTable;
import org.dmabufspec.fence.DmaFence;
import org.dmabufspec.kernel.Timers;

/**
 * One open DRM fd ({@code struct drm_file}) of vgem: its GEM handles, the PRIME import cache
 * ({@code prime.dmabufs}: one handle per dma-buf, so a re-import returns the same handle), and
 * vgem's per-file fence idr. All state is guarded by the file's monitor, as the kernel guards it
 * with {@code table_lock}, {@code prime.lock} and {@code fence_mutex}.
 */
public final class DrmFile {
    /**
     * A GEM object behind a handle. Imports carry the static attachment and the mapping made at
     * import ({@code drm_gem_prime_import_dev}); vgem's own objects have neither.
     */
    public record GemObject(DmaBuf buf, DmaBufAttachment attach, SgTable sgt) {
        public boolean imported() {
            return attach != null;
        }
    }

    /** A vgem fence in the idr with its expiry timer. */
    record VgemFence(DmaFence fence, Timers.Timer timer) {
    }

    private final String name;
    private final Map<Integer, GemObject> handles = new LinkedHashMap<>();
    private final Map<DmaBuf, Integer> primeCache = new IdentityHashMap<>();
    /** A consumed id stays with a null value ({@code idr_replace(NULL)}): signalling it again is -ENOENT. */
    private final Map<Integer, VgemFence> fenceIdr = new TreeMap<>(); // idr order: drainFences' signals reach the trace
    private final Map<Integer, DmaFence> consumed = new HashMap<>();
    private int nextHandle = 1;
    private int nextFence = 1;
    private boolean closed;

    DrmFile(String name) {
        this.name = name;
    }

    /** The file's trace name ({@code args.file}), e.g. "drm1". */
    public String name() {
        return name;
    }

    public synchronized boolean closed() {
        return closed;
    }

    synchronized void markClosed() {
        closed = true;
    }

    synchronized int addHandle(GemObject obj) {
        int h = nextHandle++;
        handles.put(h, obj);
        if (obj.imported()) {
            primeCache.put(obj.buf(), h);
        }
        return h;
    }

    /** The GEM object behind a handle, or null. */
    public synchronized GemObject lookup(int handle) {
        return handles.get(handle);
    }

    synchronized Integer primeLookup(DmaBuf buf) {
        return primeCache.get(buf);
    }

    synchronized GemObject removeHandle(int handle) {
        GemObject o = handles.remove(handle);
        if (o != null && o.imported()) {
            primeCache.remove(o.buf());
        }
        return o;
    }

    synchronized List<Integer> handleIds() {
        return new ArrayList<>(handles.keySet());
    }

    /** Number of live handles (imports and own objects). */
    public synchronized int handleCount() {
        return handles.size();
    }

    synchronized int addFence(VgemFence f) {
        int id = nextFence++;
        fenceIdr.put(id, f);
        return id;
    }

    /** {@code idr_replace(&fence_idr, NULL, id)}: the fence, or null if unknown or consumed. */
    synchronized VgemFence consumeFence(int id) {
        VgemFence f = fenceIdr.get(id);
        if (f != null) {
            fenceIdr.put(id, null);
            consumed.put(id, f.fence());
        }
        return f;
    }

    /** The fence an id named before it was consumed (for the trace of a -ENOENT), or null. */
    synchronized DmaFence consumedFence(int id) {
        return consumed.get(id);
    }

    /** Every fence still in the idr, emptying it ({@code vgem_fence_close}). */
    synchronized List<VgemFence> drainFences() {
        List<VgemFence> out = new ArrayList<>();
        fenceIdr.values().stream().filter(f -> f != null).forEach(out::add);
        fenceIdr.clear();
        return out;
    }

    /** Fences attached through this file and not yet consumed by FENCE_SIGNAL or close. */
    public synchronized int outstandingFences() {
        return (int) fenceIdr.values().stream().filter(f -> f != null).count();
    }

    @Override
    public String toString() {
        return name;
    }
}
