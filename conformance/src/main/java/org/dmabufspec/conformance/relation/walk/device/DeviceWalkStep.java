package org.dmabufspec.conformance.relation.walk.device;

import org.dmabufspec.conformance.relation.device.DeviceAccessState;

/**
 * One step of a {@link DeviceWalk}: the Next disjunct's name and the states around it. The
 * action's parameters (importer, mapping or job slot) are read off what the step changed.
 */
public record DeviceWalkStep(String action, DeviceAccessState before, DeviceAccessState after) {
    @Override
    public String toString() {
        return action;
    }
}
