package org.dmabufspec.conformance.checker;

/**
 * A live mapping of an attachment: the sg_table id (null until the trace names it), its DMA
 * direction, the storage generation it points into (a move starts a new generation), and, in
 * 7.1, whether dma_buf_invalidate_mappings invalidated it (R5b: from then on only reads, or
 * writes a pending fence covers, go through it, before the move as after it).
 */
record Mapping(String sgt, String dir, int generation, boolean invalidated) {
    Mapping(String sgt, String dir, int generation) {
        this(sgt, dir, generation, false);
    }

    Mapping invalidate() {
        return invalidated ? this : new Mapping(sgt, dir, generation, true);
    }

    // equals and hashCode by hand: a record's generated ones go through method handles, which the
    // C1-only JVM of validate does not inline (docs/trace-checker.md, "JVM flags")
    @Override
    public boolean equals(Object o) {
        return o instanceof Mapping m && generation == m.generation && invalidated == m.invalidated && java.util.Objects.equals(sgt, m.sgt)
                && java.util.Objects.equals(dir, m.dir);
    }

    @Override
    public int hashCode() {
        return ((java.util.Objects.hashCode(sgt) * 31 + java.util.Objects.hashCode(dir)) * 31 + generation) * 31 + (invalidated ? 1 : 0);
    }
}
