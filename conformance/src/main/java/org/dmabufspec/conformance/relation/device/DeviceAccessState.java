package org.dmabufspec.conformance.relation.device;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.dmabufspec.conformance.relation.Frozen;

/**
 * One state of DmaBufDeviceAccess.tla, one field per variable. Mappings and jobs are keyed by
 * {@link Slot} (the spec's {@code <<importer, slot>>} tuples); names are model values or the
 * spec's string sentinels ({@code "noregion"}, {@code "free"}, ...). Immutable: successors are
 * built with {@link #edit()}.
 */
public record DeviceAccessState(Map<String, Set<String>> attachments, Map<Slot, String> mapRegion,
                                Map<Slot, String> mapDir, Map<Slot, Boolean> mapValid, Map<Slot, String> pte,
                                Map<Slot, Boolean> pteWrites, Map<Slot, Boolean> flushInResv,
                                Map<Slot, String> jobRegion, Map<Slot, String> jobKind,
                                Map<String, String> placement, Map<String, String> storage,
                                Map<String, String> moveFence, Map<String, String> moveFrom,
                                Map<String, Set<Slot>> moveWaitJobs, Map<String, Set<Slot>> moveWaitFlush,
                                Map<String, String> expBuf, Map<String, String> expTarget,
                                Map<String, Set<String>> walkTodo, Optional<Access> lastAccess) {

    /** A mapping {@code <<importer, slot>>} or a job {@code <<importer, job slot>>}. */
    public record Slot(String importer, String slot) {
    }

    /** {@code <<device, region, kind, slot>>}; slot is {@code "noslot"} for a job's access. */
    public record Access(String device, String region, String kind, String slot) {
    }

    public DeviceAccessState {
        attachments = Frozen.sets(attachments);
        mapRegion = Map.copyOf(mapRegion);
        mapDir = Map.copyOf(mapDir);
        mapValid = Map.copyOf(mapValid);
        pte = Map.copyOf(pte);
        pteWrites = Map.copyOf(pteWrites);
        flushInResv = Map.copyOf(flushInResv);
        jobRegion = Map.copyOf(jobRegion);
        jobKind = Map.copyOf(jobKind);
        placement = Map.copyOf(placement);
        storage = Map.copyOf(storage);
        moveFence = Map.copyOf(moveFence);
        moveFrom = Map.copyOf(moveFrom);
        moveWaitJobs = Frozen.sets(moveWaitJobs);
        moveWaitFlush = Frozen.sets(moveWaitFlush);
        expBuf = Map.copyOf(expBuf);
        expTarget = Map.copyOf(expTarget);
        walkTodo = Frozen.sets(walkTodo);
    }


    /** The same state with {@code lastAccess = NoAccess}: what a step that is no device access leaves. */
    public DeviceAccessState withoutAccess() {
        return lastAccess.isEmpty() ? this : edit().done();
    }

    /** A mutable copy to build a successor from; {@code lastAccess} starts empty, as in every action but the accesses. */
    Edit edit() {
        return new Edit(this);
    }

    /** The successor under construction: mutable copies of every variable. */
    static final class Edit {
        final Map<String, Set<String>> attachments;
        final Map<Slot, String> mapRegion;
        final Map<Slot, String> mapDir;
        final Map<Slot, Boolean> mapValid;
        final Map<Slot, String> pte;
        final Map<Slot, Boolean> pteWrites;
        final Map<Slot, Boolean> flushInResv;
        final Map<Slot, String> jobRegion;
        final Map<Slot, String> jobKind;
        final Map<String, String> placement;
        final Map<String, String> storage;
        final Map<String, String> moveFence;
        final Map<String, String> moveFrom;
        final Map<String, Set<Slot>> moveWaitJobs;
        final Map<String, Set<Slot>> moveWaitFlush;
        final Map<String, String> expBuf;
        final Map<String, String> expTarget;
        final Map<String, Set<String>> walkTodo;
        Optional<Access> lastAccess = Optional.empty();

        private Edit(DeviceAccessState s) {
            attachments = new HashMap<>(s.attachments);
            mapRegion = new HashMap<>(s.mapRegion);
            mapDir = new HashMap<>(s.mapDir);
            mapValid = new HashMap<>(s.mapValid);
            pte = new HashMap<>(s.pte);
            pteWrites = new HashMap<>(s.pteWrites);
            flushInResv = new HashMap<>(s.flushInResv);
            jobRegion = new HashMap<>(s.jobRegion);
            jobKind = new HashMap<>(s.jobKind);
            placement = new HashMap<>(s.placement);
            storage = new HashMap<>(s.storage);
            moveFence = new HashMap<>(s.moveFence);
            moveFrom = new HashMap<>(s.moveFrom);
            moveWaitJobs = new HashMap<>(s.moveWaitJobs);
            moveWaitFlush = new HashMap<>(s.moveWaitFlush);
            expBuf = new HashMap<>(s.expBuf);
            expTarget = new HashMap<>(s.expTarget);
            walkTodo = new HashMap<>(s.walkTodo);
        }

        DeviceAccessState done() {
            return new DeviceAccessState(attachments, mapRegion, mapDir, mapValid, pte, pteWrites, flushInResv,
                    jobRegion, jobKind, placement, storage, moveFence, moveFrom, moveWaitJobs, moveWaitFlush,
                    expBuf, expTarget, walkTodo, lastAccess);
        }
    }
}
