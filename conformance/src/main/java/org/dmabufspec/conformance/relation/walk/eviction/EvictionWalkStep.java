package org.dmabufspec.conformance.relation.walk.eviction;

import org.dmabufspec.conformance.relation.eviction.WwEvictionState;

/**
 * One step of an {@link EvictionWalk}: a DmaBufWwEviction action taken by importer {@code who}
 * (for DmaFenceSignalMove: the buffer whose move fence signals).
 */
public record EvictionWalkStep(String action, String who, WwEvictionState before, WwEvictionState after) {
    @Override
    public String toString() {
        return action + "(" + who + ")";
    }
}
