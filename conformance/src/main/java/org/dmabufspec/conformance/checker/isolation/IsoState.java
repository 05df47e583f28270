package org.dmabufspec.conformance.checker.isolation;

import java.util.Map;
import java.util.Set;

/**
 * A state of DmaBufIsolation.tla: {@code owner[r]} is the buffer region r backs ({@link #UNOWNED}
 * when absent), {@code attached[d]} the buffers device d is attached to (absent: none), and
 * {@code lastAccess} the device access the last step made, or null. Immutable.
 */
public record IsoState(Map<String, String> owner, Map<String, Set<String>> attached, Access lastAccess) {
    /** The spec's Unowned ("free"): freed storage, or storage a move is still filling. */
    public static final String UNOWNED = "free";

    /** A device touching a region: the spec's {@code <<d, r>>}. */
    public record Access(String device, String region) {
    }

    public IsoState {
        owner = Map.copyOf(owner);
        attached = Map.copyOf(attached);
    }

    public String ownerOf(String region) {
        return owner.getOrDefault(region, UNOWNED);
    }

    public Set<String> attachedTo(String device) {
        return attached.getOrDefault(device, Set.of());
    }

    /** The invariant Isolation: every access that happened was to a region of a buffer the device was attached to. */
    public boolean isolation() {
        return lastAccess == null || attachedTo(lastAccess.device()).contains(ownerOf(lastAccess.region()));
    }
}
