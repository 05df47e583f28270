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
}
