package org.dmabufspec.conformance.relation.attach;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.dmabufspec.conformance.relation.Frozen;

/**
 * One state of DmaBufAttach.tla, one field per VARIABLE with the spec's name. Model values
 * (buffers, importers, regions, the exporter) are kept by name; the spec's string sentinels
 * ({@code "nobody"}, {@code "noregion"}, {@code "free"}, ...) as themselves.
 */
public record AttachState(
        Map<String, String> holder,
        Map<String, Set<String>> attachments,
        Map<String, Boolean> importerOps,
        Map<String, String> pc,
        Map<String, String> mapping,
        Map<String, Boolean> mapped,
        Map<String, String> mapDir,
        Map<String, String> cached,
        Map<String, Boolean> mapValid,
        Map<String, Boolean> mapReady,
        Map<String, Boolean> job,
        Map<String, Boolean> corePin,
        Map<String, Boolean> importerPin,
        Map<String, String> placement,
        Map<String, String> storage,
        Map<String, String> moveFence,
        Map<String, String> moveFrom,
        Map<String, Set<String>> moveWaits,
        String expPc,
        String expBuf,
        Set<String> walkSnapshot,
        Set<String> walkTodo,
        Optional<DeviceAccess> lastAccess) {

    public static final String NO_HOLDER = "nobody";
    public static final String NO_BUF = "nobuf";
    public static final String NO_REGION = "noregion";
    public static final String FREE = "free";
    public static final String NO_DIR = "nodir";

    /** The one element of {@code lastAccess}: {@code <<a, r>>}, a's device touched region r. */
    public record DeviceAccess(String importer, String region) {
    }

    public AttachState {
        holder = Map.copyOf(holder);
        attachments = Frozen.sets(attachments);
        importerOps = Map.copyOf(importerOps);
        pc = Map.copyOf(pc);
        mapping = Map.copyOf(mapping);
        mapped = Map.copyOf(mapped);
        mapDir = Map.copyOf(mapDir);
        cached = Map.copyOf(cached);
        mapValid = Map.copyOf(mapValid);
        mapReady = Map.copyOf(mapReady);
        job = Map.copyOf(job);
        corePin = Map.copyOf(corePin);
        importerPin = Map.copyOf(importerPin);
        placement = Map.copyOf(placement);
        storage = Map.copyOf(storage);
        moveFence = Map.copyOf(moveFence);
        moveFrom = Map.copyOf(moveFrom);
        moveWaits = Frozen.sets(moveWaits);
        walkSnapshot = Set.copyOf(walkSnapshot);
        walkTodo = Set.copyOf(walkTodo);
    }

    /** A mutable copy for building a successor: a TLA+ action changes only what it assigns. */
    public Builder next() {
        return new Builder(this);
    }


    /** The primed variables of one step, starting as UNCHANGED. */
    public static final class Builder {
        public final Map<String, String> holder;
        public final Map<String, Set<String>> attachments;
        public final Map<String, Boolean> importerOps;
        public final Map<String, String> pc;
        public final Map<String, String> mapping;
        public final Map<String, Boolean> mapped;
        public final Map<String, String> mapDir;
        public final Map<String, String> cached;
        public final Map<String, Boolean> mapValid;
        public final Map<String, Boolean> mapReady;
        public final Map<String, Boolean> job;
        public final Map<String, Boolean> corePin;
        public final Map<String, Boolean> importerPin;
        public final Map<String, String> placement;
        public final Map<String, String> storage;
        public final Map<String, String> moveFence;
        public final Map<String, String> moveFrom;
        public final Map<String, Set<String>> moveWaits;
        public String expPc;
        public String expBuf;
        public Set<String> walkSnapshot;
        public Set<String> walkTodo;
        public Optional<DeviceAccess> lastAccess;

        private Builder(AttachState s) {
            holder = new HashMap<>(s.holder);
            attachments = new HashMap<>(s.attachments);
            importerOps = new HashMap<>(s.importerOps);
            pc = new HashMap<>(s.pc);
            mapping = new HashMap<>(s.mapping);
            mapped = new HashMap<>(s.mapped);
            mapDir = new HashMap<>(s.mapDir);
            cached = new HashMap<>(s.cached);
            mapValid = new HashMap<>(s.mapValid);
            mapReady = new HashMap<>(s.mapReady);
            job = new HashMap<>(s.job);
            corePin = new HashMap<>(s.corePin);
            importerPin = new HashMap<>(s.importerPin);
            placement = new HashMap<>(s.placement);
            storage = new HashMap<>(s.storage);
            moveFence = new HashMap<>(s.moveFence);
            moveFrom = new HashMap<>(s.moveFrom);
            moveWaits = new HashMap<>(s.moveWaits);
            expPc = s.expPc;
            expBuf = s.expBuf;
            walkSnapshot = s.walkSnapshot;
            walkTodo = s.walkTodo;
            lastAccess = s.lastAccess;
        }

        /** attachments[b] := attachments[b] \cup {a} (or \ {a} when {@code add} is false). */
        public void attachment(String b, String a, boolean add) {
            Set<String> l = new HashSet<>(attachments.get(b));
            if (add) {
                l.add(a);
            } else {
                l.remove(a);
            }
            attachments.put(b, l);
        }

        public AttachState build() {
            return new AttachState(holder, attachments, importerOps, pc, mapping, mapped, mapDir, cached,
                    mapValid, mapReady, job, corePin, importerPin, placement, storage, moveFence, moveFrom,
                    moveWaits, expPc, expBuf, walkSnapshot, walkTodo, lastAccess);
        }
    }
}
