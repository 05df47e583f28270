package org.dmabufspec.conformance.relation.walk;

/**
 * What every walk event type shares: the thread that made the call and its interval. Lets the walk
 * and mutation code that only moves intervals around serve both event types.
 */
public interface TracedCall<E extends TracedCall<E>> {
    String thread();

    long start();

    long end();

    /** The same call over another interval. */
    E withTimes(long start, long end);
}
