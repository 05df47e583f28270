package org.dmabufspec.conformance.relation.walk.lifetime;

import org.dmabufspec.conformance.relation.lifetime.LifetimeState;

/** One step of a {@link LifetimeWalk}: a DmaBufLifetime action on {@code target} (its importer or waiter; "-" for the others). */
public record LifetimeWalkStep(String action, String target, LifetimeState before, LifetimeState after) {
    @Override
    public String toString() {
        return action + "(" + target + ")";
    }
}
