package org.dmabufspec.conformance.checker;

/**
 * One slot of a reservation object's fence list: the fence, its usage, and when the add that
 * put it there ended (a wait that started earlier may have missed it: waiters iterate the list
 * they found when they started).
 */
record ResvEntry(String fence, Usage usage, long addedAt) {
    /** Surely in the list when an event starting at {@code start} looked. */
    boolean before(long start) {
        return addedAt < start;
    }

    // equals and hashCode by hand: a record's generated ones go through method handles, which the
    // C1-only JVM of validate does not inline (docs/trace-checker.md, "JVM flags")
    @Override
    public boolean equals(Object o) {
        return o instanceof ResvEntry r && addedAt == r.addedAt && usage == r.usage && fence.equals(r.fence);
    }

    @Override
    public int hashCode() {
        return (fence.hashCode() * 31 + usage.hashCode()) * 31 + Long.hashCode(addedAt);
    }
}
