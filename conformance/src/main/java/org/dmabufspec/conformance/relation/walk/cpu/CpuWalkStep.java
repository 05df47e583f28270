package org.dmabufspec.conformance.relation.walk.cpu;

import org.dmabufspec.conformance.relation.cpu.CpuDeviceAccessState;

/**
 * One step of a {@link CpuWalk}: the CpuDevNext disjunct's name and the states around it. In the
 * walk's models every action has one possible parameter (one importer, slot, job slot, exporter,
 * mmap user and vmap user), so the name and the two states say everything about the step.
 */
public record CpuWalkStep(String action, CpuDeviceAccessState before, CpuDeviceAccessState after) {
    @Override
    public String toString() {
        return action;
    }
}
