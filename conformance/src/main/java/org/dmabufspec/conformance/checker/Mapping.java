package org.dmabufspec.conformance.checker;

/**
 * A live mapping of an attachment: the sg_table id (null until the trace names it), its DMA
 * direction, and the storage generation it points into (a move starts a new generation).
 */
record Mapping(String sgt, String dir, int generation) {
    // equals and hashCode by hand: a record's generated ones go through method handles, which the
    // C1-only JVM of validate does not inline (docs/trace-checker.md, "JVM flags")
    @Override
    public boolean equals(Object o) {
        return o instanceof Mapping m && generation == m.generation && java.util.Objects.equals(sgt, m.sgt)
                && java.util.Objects.equals(dir, m.dir);
    }

    @Override
    public int hashCode() {
        return (java.util.Objects.hashCode(sgt) * 31 + java.util.Objects.hashCode(dir)) * 31 + generation;
    }
}
