package org.dmabufspec.conformance.relation.walk;

import org.dmabufspec.conformance.relation.attach.AttachState;

/**
 * One labelled step of a walk: the Next disjunct's name, who took it (an importer, or the buffer
 * for the exporter's actions) and the states around it.
 */
public record WalkStep(String action, String actor, AttachState before, AttachState after) {
    @Override
    public String toString() {
        return action + "(" + actor + ")";
    }
}
