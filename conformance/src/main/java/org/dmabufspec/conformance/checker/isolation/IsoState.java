package org.dmabufspec.conformance.checker.isolation;

import java.util.Map;
import java.util.Objects;
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
        @Override
        public boolean equals(Object o) { // by hand: see IsoState.equals
            return o instanceof Access a && Objects.equals(device, a.device) && Objects.equals(region, a.region);
        }

        @Override
        public int hashCode() {
            return Objects.hashCode(device) * 31 + Objects.hashCode(region);
        }
    }

    public IsoState {
        owner = Map.copyOf(owner);
        attached = Map.copyOf(attached);
    }

    /*
     * By hand, with the same meaning as a record's: the generated ones link a method-handle
     * bootstrap on their first call, about 10 ms of CPU inside a fresh JVM's first check.
     */
    @Override
    public boolean equals(Object o) {
        return o instanceof IsoState s && owner.equals(s.owner) && attached.equals(s.attached) && Objects.equals(lastAccess, s.lastAccess);
    }

    @Override
    public int hashCode() {
        return (owner.hashCode() * 31 + attached.hashCode()) * 31 + Objects.hashCode(lastAccess);
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
