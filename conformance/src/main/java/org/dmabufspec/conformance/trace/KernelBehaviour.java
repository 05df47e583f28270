package org.dmabufspec.conformance.trace;

import java.util.Optional;

/** The kernel behaviour label of a trace header ({@code kernel.behaviour}), the specs' {@code KernelBehaviour}. */
public enum KernelBehaviour {
    /** 5.7 - 6.1: static importers map/unmap without the reservation lock. */
    V6_1("6.1"),
    /** 6.2 - 6.14: locking convention (R3), sg_table caching (R11). */
    V6_2("6.2"),
    /** 6.15 - 7.0: no cache, pin around every map for static importers of dynamic exporters (R9, R12). */
    V6_15("6.15"),
    /** 7.1: move_notify becomes invalidate_mappings (R5b). */
    V7_1("7.1");

    private final String label;

    KernelBehaviour(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }

    /** Whether the core caches sg_tables in the attachment (R11, removed in 6.15 by b72f66f22c0e). */
    public boolean cachesSgTables() {
        return this == V6_1 || this == V6_2;
    }

    /** Whether map/unmap must be called with the reservation lock by every importer (R3; 6.1 only dynamic ones). */
    public boolean mapNeedsLockForStaticImporters() {
        return this != V6_1;
    }

    public static Optional<KernelBehaviour> fromLabel(String label) {
        for (KernelBehaviour b : values()) {
            if (b.label.equals(label)) {
                return Optional.of(b);
            }
        }
        return Optional.empty();
    }
}
