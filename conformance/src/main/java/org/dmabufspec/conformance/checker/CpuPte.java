package org.dmabufspec.conformance.checker;

/**
 * The CPU PTEs of one userspace mapping of a buffer (R21, R22): the storage generation they map,
 * the exporter.vm_fault that installed them (its {@link org.dmabufspec.trace.TraceEvent#where()}),
 * and whether the trace proves them present. An unattributed munmap of the buffer (no
 * {@code vma}) may have removed them: unproven until an access through the mapping shows its VMA
 * alive, and only proven PTEs make a move without a zap a violation.
 */
record CpuPte(int generation, String fault, boolean proven) {
    CpuPte asUnproven() {
        return proven ? new CpuPte(generation, fault, false) : this;
    }

    CpuPte asProven() {
        return proven ? this : new CpuPte(generation, fault, true);
    }

    // by hand, as Mapping's: the C1-only JVM of validate does not inline a record's generated ones
    @Override
    public boolean equals(Object o) {
        return o instanceof CpuPte p && generation == p.generation && proven == p.proven && fault.equals(p.fault);
    }

    @Override
    public int hashCode() {
        return (generation * 31 + fault.hashCode()) * 31 + (proven ? 1 : 0);
    }

    @Override
    public String toString() {
        return "generation " + generation + (proven ? "" : " (maybe munmapped)") + ", from " + fault;
    }
}
