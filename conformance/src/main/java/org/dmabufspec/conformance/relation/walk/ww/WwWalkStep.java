package org.dmabufspec.conformance.relation.walk.ww;

import org.dmabufspec.conformance.relation.ww.WwMutexState;

/**
 * One step of a {@link WwWalk}: a WwMutex action taken by {@code proc} on {@code lock} (the object
 * it wants, or the one it releases; "" for the lock-less ones).
 */
public record WwWalkStep(String action, String proc, String lock, WwMutexState before, WwMutexState after) {
    @Override
    public String toString() {
        return action + "(" + proc + (lock.isEmpty() ? "" : "," + lock) + ")";
    }
}
