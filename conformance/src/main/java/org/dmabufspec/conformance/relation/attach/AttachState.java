package org.dmabufspec.conformance.relation.attach;

import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.dmabufspec.conformance.relation.CopyOnWriteMap;
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
        public final CopyOnWriteMap<String, String> holder;
        public final CopyOnWriteMap<String, Set<String>> attachments;
        public final CopyOnWriteMap<String, Boolean> importerOps;
        public final CopyOnWriteMap<String, String> pc;
        public final CopyOnWriteMap<String, String> mapping;
        public final CopyOnWriteMap<String, Boolean> mapped;
        public final CopyOnWriteMap<String, String> mapDir;
        public final CopyOnWriteMap<String, String> cached;
        public final CopyOnWriteMap<String, Boolean> mapValid;
        public final CopyOnWriteMap<String, Boolean> mapReady;
        public final CopyOnWriteMap<String, Boolean> job;
        public final CopyOnWriteMap<String, Boolean> corePin;
        public final CopyOnWriteMap<String, Boolean> importerPin;
        public final CopyOnWriteMap<String, String> placement;
        public final CopyOnWriteMap<String, String> storage;
        public final CopyOnWriteMap<String, String> moveFence;
        public final CopyOnWriteMap<String, String> moveFrom;
        public final CopyOnWriteMap<String, Set<String>> moveWaits;
        public String expPc;
        public String expBuf;
        public Set<String> walkSnapshot;
        public Set<String> walkTodo;
        public Optional<DeviceAccess> lastAccess;

        private Builder(AttachState s) {
            holder = new CopyOnWriteMap<>(s.holder);
            attachments = new CopyOnWriteMap<>(s.attachments);
            importerOps = new CopyOnWriteMap<>(s.importerOps);
            pc = new CopyOnWriteMap<>(s.pc);
            mapping = new CopyOnWriteMap<>(s.mapping);
            mapped = new CopyOnWriteMap<>(s.mapped);
            mapDir = new CopyOnWriteMap<>(s.mapDir);
            cached = new CopyOnWriteMap<>(s.cached);
            mapValid = new CopyOnWriteMap<>(s.mapValid);
            mapReady = new CopyOnWriteMap<>(s.mapReady);
            job = new CopyOnWriteMap<>(s.job);
            corePin = new CopyOnWriteMap<>(s.corePin);
            importerPin = new CopyOnWriteMap<>(s.importerPin);
            placement = new CopyOnWriteMap<>(s.placement);
            storage = new CopyOnWriteMap<>(s.storage);
            moveFence = new CopyOnWriteMap<>(s.moveFence);
            moveFrom = new CopyOnWriteMap<>(s.moveFrom);
            moveWaits = new CopyOnWriteMap<>(s.moveWaits);
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
            return new AttachState(holder.result(), attachments.result(), importerOps.result(), pc.result(),
                    mapping.result(), mapped.result(), mapDir.result(), cached.result(), mapValid.result(),
                    mapReady.result(), job.result(), corePin.result(), importerPin.result(), placement.result(),
                    storage.result(), moveFence.result(), moveFrom.result(), moveWaits.result(), expPc, expBuf,
                    walkSnapshot, walkTodo, lastAccess);
        }
    }
}
