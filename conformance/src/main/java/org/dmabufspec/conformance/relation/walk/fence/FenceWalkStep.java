package org.dmabufspec.conformance.relation.walk.fence;

import org.dmabufspec.conformance.relation.fence.DmaFenceVars;

/**
 * One step of a {@link FenceWalk}: a DmaFence action on {@code target} (the fence, callback or
 * waiter it names; for DmaFenceRunCallback the callback run) or one of the stuttering calls
 * {@link FenceWalk#STUTTERS} the spec answers from the state.
 */
public record FenceWalkStep(String action, String target, DmaFenceVars before, DmaFenceVars after) {
    @Override
    public String toString() {
        return action + "(" + target + ")";
    }
}
