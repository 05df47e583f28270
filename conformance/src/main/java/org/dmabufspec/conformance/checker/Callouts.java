package org.dmabufspec.conformance.checker;

/**
 * The exporter callbacks the core made for one attachment, as logged ({@code exporter.pin/unpin/
 * map_dma_buf/unmap_dma_buf}): pins and tables not yet undone. Kept by attachment id on the
 * buffer, because a callback may linearize before the core call that creates or ends the attachment.
 *
 * @param pins        exporter.pin minus exporter.unpin
 * @param maps        exporter.map_dma_buf minus exporter.unmap_dma_buf
 * @param unpinnedMap an exporter.map_dma_buf came with no pin before the attachment was known:
 *                    the attach decides whether that broke R9
 * @param pinCaller   {@code caller} of the last exporter.pin (the core call that pinned), null if not logged
 * @param mapCaller   {@code caller} of the last exporter.map_dma_buf, null if not logged
 * @param mapSgt      sg_table of the last exporter.map_dma_buf
 */
record Callouts(int pins, int maps, boolean unpinnedMap, Long pinCaller, Long mapCaller, String mapSgt) {
    static final Callouts NONE = new Callouts(0, 0, false, null, null, null);

    Callouts pin(int d, Long caller) {
        return new Callouts(Math.max(0, pins + d), maps, unpinnedMap, d > 0 ? caller : pinCaller, mapCaller, mapSgt);
    }

    Callouts map(int d, boolean unpinned, Long caller, String sgt) {
        return new Callouts(pins, Math.max(0, maps + d), unpinnedMap || unpinned, pinCaller,
                d > 0 ? caller : mapCaller, d > 0 ? sgt : mapSgt);
    }

    // equals and hashCode by hand: a record's generated ones go through method handles, which the
    // C1-only JVM of validate does not inline (docs/trace-checker.md, "JVM flags")
    @Override
    public boolean equals(Object o) {
        return o instanceof Callouts c && pins == c.pins && maps == c.maps && unpinnedMap == c.unpinnedMap
                && java.util.Objects.equals(pinCaller, c.pinCaller) && java.util.Objects.equals(mapCaller, c.mapCaller)
                && java.util.Objects.equals(mapSgt, c.mapSgt);
    }

    @Override
    public int hashCode() {
        int h = pins * 31 + maps;
        h = h * 31 + (unpinnedMap ? 1 : 0);
        h = h * 31 + java.util.Objects.hashCode(pinCaller);
        h = h * 31 + java.util.Objects.hashCode(mapCaller);
        return h * 31 + java.util.Objects.hashCode(mapSgt);
    }
}
