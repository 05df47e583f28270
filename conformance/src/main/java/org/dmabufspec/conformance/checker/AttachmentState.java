package org.dmabufspec.conformance.checker;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A {@code struct dma_buf_attachment}: static or dynamic importer (importer_ops set), its live
 * mappings, the cached sg_table of kernels up to 6.14 (R11), and the pins taken for it by the
 * core (R9) or by the importer itself (dma_buf_pin, R8).
 */
final class AttachmentState {
    final String dev;
    final boolean dynamic;
    final List<Mapping> mappings;
    /** ≤6.14: the attachment holds a cached mapping (attach->sgt), with this direction. */
    boolean cached;
    String cachedSgt;
    String cachedDir;
    /** ≤6.14: importer maps of the cached table not yet unmapped (its unmap is a no-op, but must balance a map, R12). */
    int cachedMaps;
    /**
     * ≤6.14 static/dynamic mismatch, DmaBufAttach.tla's pc "attach_map": listed by dma_buf_attach's first locked section, but the
     * core has not yet taken its second lock to pin and map BIDIRECTIONAL (the window another
     * thread can observe between the two).
     */
    boolean attachMapPending;
    /** The hold that did list_add for a pending attach-time map was released: the next one may map. */
    boolean listAddUnlocked;
    int corePins;
    int explicitPins;
    /** move_notify reached this importer since the last move of the buffer. */
    boolean notified;
    /** The DRM file a PRIME import went through (args.file): drm_close releases it. */
    String drmFile;
    /**
     * Recently unmapped tables and the storage generation they pointed into: device work
     * submitted before the unmap may still run on them, covered by its fence (R5). Entries
     * whose storage was reused are dropped with it.
     */
    final java.util.LinkedHashMap<String, Integer> unmapped;

    AttachmentState(String dev, boolean dynamic) {
        this.dev = dev;
        this.dynamic = dynamic;
        this.mappings = new ArrayList<>(1);
        this.notified = true;
        this.unmapped = new java.util.LinkedHashMap<>(2);
    }

    void rememberUnmapped(Mapping m) {
        if (m.sgt() != null) {
            unmapped.put(m.sgt(), m.generation());
        }
    }

    private AttachmentState(AttachmentState o) {
        dev = o.dev;
        dynamic = o.dynamic;
        mappings = new ArrayList<>(o.mappings);
        cached = o.cached;
        cachedSgt = o.cachedSgt;
        cachedDir = o.cachedDir;
        cachedMaps = o.cachedMaps;
        attachMapPending = o.attachMapPending;
        listAddUnlocked = o.listAddUnlocked;
        corePins = o.corePins;
        explicitPins = o.explicitPins;
        notified = o.notified;
        drmFile = o.drmFile;
        unmapped = new java.util.LinkedHashMap<>(o.unmapped);
    }

    AttachmentState copy() {
        return new AttachmentState(this);
    }

    String describe(String id) {
        StringBuilder b = new StringBuilder(id).append(dynamic ? " (dynamic importer " : " (static importer ").append(dev).append(")");
        if (attachMapPending) {
            b.append(", listed but its attach-time pin and map not done yet");
        }
        if (cached) {
            b.append(", cached sg_table ").append(cachedSgt == null ? "?" : cachedSgt).append(' ').append(cachedDir);
        }
        for (Mapping m : mappings) {
            b.append(", mapped ").append(m.sgt() == null ? "?" : m.sgt()).append(' ').append(m.dir() == null ? "?" : m.dir()).append(m.invalidated() ? " (invalidated)" : "");
        }
        if (corePins + explicitPins > 0) {
            b.append(", pins ").append(corePins).append(" by the core + ").append(explicitPins).append(" by dma_buf_pin");
        }
        if (!notified) {
            b.append(", not yet told of the last move");
        }
        return b.toString();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof AttachmentState a && dev.equals(a.dev) && dynamic == a.dynamic && mappings.equals(a.mappings)
                && cached == a.cached && Objects.equals(cachedSgt, a.cachedSgt) && Objects.equals(cachedDir, a.cachedDir) && cachedMaps == a.cachedMaps && attachMapPending == a.attachMapPending && listAddUnlocked == a.listAddUnlocked
                && corePins == a.corePins && explicitPins == a.explicitPins && notified == a.notified && unmapped.equals(a.unmapped);
    }

    @Override
    public int hashCode() {
        // fields equals compares, without boxing (Objects.hash): the search memo hashes candidates often
        int h = dev.hashCode();
        h = h * 31 + (dynamic ? 1 : 0);
        h = h * 31 + mappings.hashCode();
        h = h * 31 + (cached ? 1 : 0);
        h = h * 31 + Objects.hashCode(cachedSgt);
        h = h * 31 + Objects.hashCode(cachedDir);
        h = h * 31 + cachedMaps;
        h = h * 31 + (attachMapPending ? 1 : 0);
        h = h * 31 + corePins;
        h = h * 31 + explicitPins;
        return h * 31 + (notified ? 1 : 0);
    }
}
