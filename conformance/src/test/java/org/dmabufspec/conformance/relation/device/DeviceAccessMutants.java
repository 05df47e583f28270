package org.dmabufspec.conformance.relation.device;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.dmabufspec.conformance.relation.CanonicalValue;
import org.dmabufspec.conformance.relation.Mutant;
import org.dmabufspec.conformance.relation.SpecRelation;
import org.dmabufspec.conformance.relation.Transition;
import org.dmabufspec.conformance.relation.device.DeviceAccessState.Access;
import org.dmabufspec.conformance.relation.device.DeviceAccessState.Edit;
import org.dmabufspec.conformance.relation.device.DeviceAccessState.Slot;
import org.junit.jupiter.api.Test;

/**
 * The expected-violation models of DmaBufDeviceAccess as wrong copies wrapped around the Java
 * relation, and the spec's safety invariants restated over the Java state: shared by
 * {@link DeviceAccessWalkTest} (the relation's own walks) and the device spec walks of the trace
 * checker ({@code relation/walk/device}).
 */
public final class DeviceAccessMutants {
    private DeviceAccessMutants() {
    }

    /** The spec's invariants restated over the Java state. */
    public static final class Invariants {
        private Invariants() {
        }

        public static final Set<String> NAMES = Set.of("DeviceAccessIsolated", "NoWriteThroughInvalidatedMapping",
                "NoWriteToStaleCopy", "FreedRegionUnreferenced", "ValidMappingsCurrent", "NoDeviceWorkAfterDetach");

        public static Optional<String> firstBroken(DeviceAccessConstants c, DeviceAccessState s, Set<String> names) {
            return all(c, s).stream().filter(v -> names.contains(v.substring(0, v.indexOf(':')))).findFirst();
        }

        /** Every broken invariant, as "Name: detail". */
        private static List<String> all(DeviceAccessConstants c, DeviceAccessState s) {
            List<String> out = new ArrayList<>();
            Optional<Access> x = s.lastAccess();
            if (x.isPresent()) {
                String b = c.importerBuf().get(x.get().device());
                if (!s.storage().get(x.get().region()).equals(b) || !s.attachments().get(b).contains(x.get().device())) {
                    out.add("DeviceAccessIsolated: " + x.get());
                }
                if (x.get().kind().equals("write") && !x.get().slot().equals("noslot")) {
                    Slot m = new Slot(x.get().device(), x.get().slot());
                    if (!s.mapValid().get(m) && !s.pte().get(m).equals("zapped")) {
                        out.add("NoWriteThroughInvalidatedMapping: " + x.get());
                    }
                }
                if (x.get().kind().equals("write") && c.buffers().stream().anyMatch(
                        bb -> s.moveFence().get(bb).equals("signalled") && s.moveFrom().get(bb).equals(x.get().region()))) {
                    out.add("NoWriteToStaleCopy: " + x.get());
                }
            }
            for (Map.Entry<Slot, String> m : s.mapRegion().entrySet()) {
                String b = c.importerBuf().get(m.getKey().importer());
                boolean heldFor = s.storage().get(m.getValue()) != null && s.storage().get(m.getValue()).equals(b)
                        || s.moveFence().get(b).equals("pending") && s.placement().get(b).equals(m.getValue());
                if (!m.getValue().equals("noregion") && s.mapValid().get(m.getKey()) && !heldFor) {
                    out.add("FreedRegionUnreferenced: valid mapping " + m.getKey());
                }
                if (!s.pte().get(m.getKey()).equals("none") && !s.storage().get(m.getValue()).equals(b)) {
                    out.add("FreedRegionUnreferenced: translation " + m.getKey());
                }
                if (!m.getValue().equals("noregion") && s.mapValid().get(m.getKey())
                        && !m.getValue().equals(s.placement().get(b))) {
                    out.add("ValidMappingsCurrent: " + m.getKey());
                }
            }
            for (Map.Entry<Slot, String> j : s.jobRegion().entrySet()) {
                String b = c.importerBuf().get(j.getKey().importer());
                if (!j.getValue().equals("noregion") && !s.storage().get(j.getValue()).equals(b)) {
                    out.add("FreedRegionUnreferenced: job " + j.getKey());
                }
            }
            for (String a : c.importers()) {
                if (s.attachments().get(c.importerBuf().get(a)).contains(a)) {
                    continue;
                }
                boolean work = s.mapRegion().entrySet().stream().anyMatch(m -> m.getKey().importer().equals(a)
                        && (!m.getValue().equals("noregion") || !s.pte().get(m.getKey()).equals("none")))
                        || s.jobRegion().entrySet().stream().anyMatch(j -> j.getKey().importer().equals(a)
                        && !j.getValue().equals("noregion"));
                if (work) {
                    out.add("NoDeviceWorkAfterDetach: " + a);
                }
            }
            return out;
        }
    }

    // ---- the expected-violation models' mutants, around the relation ------------------------

    /** MCDmaBufDeviceAccess_UnmapJobInFlight: the unmap does not wait for the jobs on the region. */
    public static Mutant<DeviceAccessState> unmapWithoutJobWait(DmaBufDeviceAccessRelation base) {
        return Mutant.adding(base, s -> {
            List<Transition<DeviceAccessState>> out = new ArrayList<>();
            s.mapRegion().forEach((m, r) -> {
                boolean unlocked = s.expBuf().values().stream().allMatch(b -> b.equals("nobuf"));
                if (!r.equals("noregion") && s.pte().get(m).equals("none") && unlocked) {
                    Edit e = s.edit();
                    e.mapRegion.put(m, "noregion");
                    e.mapDir.put(m, "nodir");
                    e.mapValid.put(m, false);
                    out.add(new Transition<>("DmaBufUnmapAttachment", e.done()));
                }
            });
            return out;
        });
    }

    /** MCDmaBufDeviceAccess_FlushFenceUnpublished: the move fence does not wait for TLB flushes. */
    public static Mutant<DeviceAccessState> flushFenceUnpublished(DmaBufDeviceAccessRelation base) {
        return Mutant.altering(base, (s, steps) -> steps.stream().map(t -> {
            if (!t.action().equals("DmaBufMove")) {
                return t;
            }
            Edit e = t.successor().edit();
            e.moveWaitFlush.replaceAll((b, w) -> Set.of());
            e.lastAccess = t.successor().lastAccess();
            return new Transition<>(t.action(), e.done());
        }).toList());
    }

    /** MCDmaBufDeviceAccess_ReadAndDiscardWrites: writes through a read-and-discard translation too. */
    public static Mutant<DeviceAccessState> readAndDiscardWrites(DmaBufDeviceAccessRelation base) {
        return Mutant.adding(base, s -> {
            List<Transition<DeviceAccessState>> out = new ArrayList<>();
            s.pte().forEach((m, p) -> {
                if (!p.equals("none") && !s.pteWrites().get(m) && !s.mapDir().get(m).equals("TO_DEVICE")) {
                    Edit e = s.edit();
                    e.lastAccess = Optional.of(new Access(m.importer(), s.mapRegion().get(m), "write", m.slot()));
                    out.add(new Transition<>("DeviceTranslationAccess", e.done()));
                }
            });
            return out;
        });
    }

    /** MCDmaBufDeviceAccess_MoveNotifyFirstOnly: the walk ends after the first dynamic attachment. */
    public static Mutant<DeviceAccessState> moveNotifyFirstOnly(DmaBufDeviceAccessRelation base) {
        return Mutant.altering(base, (s, steps) -> steps.stream().map(t -> {
            if (!t.action().equals("DmaBufMoveNotify")) {
                return t;
            }
            Edit e = t.successor().edit();
            e.walkTodo.replaceAll((ex, todo) -> todo.equals(s.walkTodo().get(ex)) ? todo : Set.of());
            return new Transition<>(t.action(), e.done());
        }).toList());
    }

    /** MCDmaBufDeviceAccess_MoveNotifyOneMapping: the importer invalidates one mapped slot only. */
    public static Mutant<DeviceAccessState> moveNotifyOneMapping(DmaBufDeviceAccessRelation base) {
        return Mutant.altering(base, (s, steps) -> {
            List<Transition<DeviceAccessState>> out = new ArrayList<>();
            for (Transition<DeviceAccessState> t : steps) {
                if (!t.action().equals("DmaBufMoveNotify")) {
                    out.add(t);
                    continue;
                }
                String a = s.walkTodo().entrySet().stream()
                        .flatMap(w -> w.getValue().stream()
                                .filter(x -> !t.successor().walkTodo().get(w.getKey()).contains(x)))
                        .findFirst().orElseThrow();
                List<Slot> mapped = s.mapRegion().entrySet().stream()
                        .filter(m -> m.getKey().importer().equals(a) && !m.getValue().equals("noregion"))
                        .map(Map.Entry::getKey).sorted(Comparator.comparing(Slot::slot)).toList();
                if (mapped.isEmpty()) {
                    Edit e = s.edit();
                    e.walkTodo.putAll(t.successor().walkTodo());
                    out.add(new Transition<>(t.action(), e.done()));
                }
                for (Slot m : mapped) {
                    Edit e = s.edit();
                    e.walkTodo.putAll(t.successor().walkTodo());
                    e.mapValid.put(m, false);
                    if (s.pte().get(m).equals("present")) {
                        e.pte.put(m, "zapped");
                        e.flushInResv.put(m, true);
                    }
                    out.add(new Transition<>(t.action(), e.done()));
                }
            }
            return out;
        });
    }

    /** MCDmaBufDeviceAccess_ReleaseBeforeUnmap: 7.1 frees the old storage without waiting for the unmaps. */
    public static Mutant<DeviceAccessState> releaseWithoutUnmapWait(DmaBufDeviceAccessRelation base) {
        return Mutant.adding(base, s -> {
            List<Transition<DeviceAccessState>> out = new ArrayList<>();
            s.moveFence().forEach((b, f) -> {
                if (f.equals("signalled")) {
                    Edit e = s.edit();
                    e.storage.put(s.moveFrom().get(b), "free");
                    e.moveFrom.put(b, "noregion");
                    e.moveFence.put(b, "none");
                    out.add(new Transition<>("DmaBufReleaseOldStorage", e.done()));
                }
            });
            return out;
        });
    }
}
