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
 * Seeded random walks over the Java relation of DmaBufDeviceAccess at the deep tier's bounds
 * (where StateGraphEqualityTest, which compares with TLC on the default models, does not go):
 * every state keeps the spec's safety invariants, restated here, and the walks take every
 * action. The same walks over the mutants of the expected-violation models (wrapped around the
 * relation) must find the violation, so the walk is not vacuous. MCDmaBufDeviceAccess_MoveIgnoresReadJobs
 * is left to TLC: a random walk needs hundreds of seeds to keep a reading job alive across a whole move. Successors are
 * ordered canonically, so a seed gives the same walk on every run.
 */
class DeviceAccessWalkTest {
    static final int SEEDS = 20;
    static final int LENGTH = 60;
    /** Walks a mutant gets to show its violation (it stops at the first). */
    static final int MUTANT_SEEDS = 400;
    static final Set<String> ACTIONS = Set.of("DmaBufAttach", "DmaBufDetach", "DmaBufMapAttachment",
            "ImporterBindPtes", "ImporterSubmitJob", "ImporterZapPtes", "TlbFlushComplete", "DmaBufUnmapAttachment",
            "DmaFenceSignalJob", "DeviceJobAccess", "DeviceTranslationAccess", "DmaBufEvict", "DmaBufMoveNotify",
            "DmaBufMove", "DmaFenceSignalMove", "DmaBufReleaseOldStorage");

    static DeviceAccessConstants constants(String kernel, Map<String, String> importerBuf, Set<String> dynamic,
                                           Set<String> readAndDiscard, Set<String> regions,
                                           Map<String, String> placement, Set<String> slots, Set<String> dirs,
                                           Set<String> exporters) {
        return new DeviceAccessConstants(kernel, Set.copyOf(placement.keySet()), importerBuf.keySet(), importerBuf,
                dynamic, readAndDiscard, regions, placement, slots, Set.of("j1"), dirs, exporters);
    }

    static final Set<String> ALL_DIRS = Set.of("BIDIRECTIONAL", "TO_DEVICE", "FROM_DEVICE");

    /** The deep tier's configurations. */
    static List<DeviceAccessConstants> deepBounds() {
        Map<String, String> pair = Map.of("d1", "b1", "d2", "b1");
        return List.of(
                constants("6.15", pair, Set.of("d1", "d2"), Set.of(), Set.of("r1", "r2"), Map.of("b1", "r1"),
                        Set.of("m1", "m2"), Set.of("BIDIRECTIONAL"), Set.of("e1")),
                constants("7.1", pair, Set.of("d1", "d2"), Set.of("d2"), Set.of("r1", "r2"), Map.of("b1", "r1"),
                        Set.of("m1", "m2"), Set.of("BIDIRECTIONAL"), Set.of("e1")),
                constants("6.15", Map.of("d1", "b1", "d2", "b1", "s1", "b1"), Set.of("d1", "d2"), Set.of(),
                        Set.of("r1", "r2"), Map.of("b1", "r1"), Set.of("m1"), ALL_DIRS, Set.of("e1")),
                constants("6.15", Map.of("d1", "b1", "d2", "b2"), Set.of("d1", "d2"), Set.of(),
                        Set.of("r1", "r2", "r3"), Map.of("b1", "r1", "b2", "r2"), Set.of("m1"), Set.of("BIDIRECTIONAL"),
                        Set.of("e1", "e2")));
    }

    /** One dynamic importer, one mapping: the expected-violation models' bounds. */
    static DeviceAccessConstants single(String kernel, Set<String> readAndDiscard) {
        return constants(kernel, Map.of("d1", "b1"), Set.of("d1"), readAndDiscard, Set.of("r1", "r2"),
                Map.of("b1", "r1"), Set.of("m1"), Set.of("BIDIRECTIONAL"), Set.of("e1"));
    }

    /** Two dynamic importers on one buffer, one mapping each (MCDmaBufDeviceAccess_6_15.cfg). */
    static DeviceAccessConstants dynamicPair() {
        return constants("6.15", Map.of("d1", "b1", "d2", "b1"), Set.of("d1", "d2"), Set.of(), Set.of("r1", "r2"),
                Map.of("b1", "r1"), Set.of("m1"), Set.of("BIDIRECTIONAL"), Set.of("e1"));
    }

    /** One dynamic importer with two mappings (MCDmaBufDeviceAccess_6_15_Remap.cfg). */
    static DeviceAccessConstants twoMappings() {
        return constants("6.15", Map.of("d1", "b1"), Set.of("d1"), Set.of(), Set.of("r1", "r2"),
                Map.of("b1", "r1"), Set.of("m1", "m2"), Set.of("BIDIRECTIONAL"), Set.of("e1"));
    }

    @Test
    void walksAtTheDeepBoundsKeepEveryInvariantAndTakeEveryAction() {
        Set<String> taken = new TreeSet<>();
        List<String> failures = new ArrayList<>();
        for (DeviceAccessConstants c : deepBounds()) {
            DmaBufDeviceAccessRelation relation = new DmaBufDeviceAccessRelation(c);
            for (long seed = 1; seed <= SEEDS; seed++) {
                walk(relation, c, seed, taken, DeviceAccessMutants.Invariants.NAMES).ifPresent(failures::add);
            }
        }
        assertTrue(failures.isEmpty(), failures.size() + " walks broke an invariant; first: "
                + (failures.isEmpty() ? "" : failures.get(0)));
        assertEquals(new TreeSet<>(ACTIONS), taken, "the walks took every action of DmaBufDeviceAccess");
    }

    @Test
    void unmapWithAJobInFlightAndNoWaitIsCaught() {
        DeviceAccessConstants c = single("6.15", Set.of());
        Optional<String> found = firstViolation(DeviceAccessMutants.unmapWithoutJobWait(new DmaBufDeviceAccessRelation(c)), c,
                "DeviceAccessIsolated");
        assertTrue(found.isPresent(), "not caught");
    }

    @Test
    void moveNotifyReturningBeforeTheFlushFenceIsInTheResvIsCaught() {
        DeviceAccessConstants c = single("6.15", Set.of());
        Optional<String> found = firstViolation(DeviceAccessMutants.flushFenceUnpublished(new DmaBufDeviceAccessRelation(c)), c,
                "DeviceAccessIsolated");
        assertTrue(found.isPresent(), "not caught");
    }

    @Test
    void aReadAndDiscardImporterThatWritesIsCaught() {
        DeviceAccessConstants c = single("7.1", Set.of("d1"));
        Optional<String> found = firstViolation(DeviceAccessMutants.readAndDiscardWrites(new DmaBufDeviceAccessRelation(c)), c,
                "NoWriteThroughInvalidatedMapping");
        assertTrue(found.isPresent(), "not caught");
    }

    @Test
    void aMoveNotifyWalkThatStopsAfterTheFirstDynamicAttachmentIsCaught() {
        DeviceAccessConstants c = dynamicPair();
        Optional<String> found = firstViolation(DeviceAccessMutants.moveNotifyFirstOnly(new DmaBufDeviceAccessRelation(c)), c,
                "FreedRegionUnreferenced");
        assertTrue(found.isPresent(), "not caught");
    }

    @Test
    void aMoveNotifyThatInvalidatesOneOfTwoMappingsIsCaught() {
        DeviceAccessConstants c = twoMappings();
        Optional<String> found = firstViolation(DeviceAccessMutants.moveNotifyOneMapping(new DmaBufDeviceAccessRelation(c)), c,
                "FreedRegionUnreferenced");
        assertTrue(found.isPresent(), "not caught");
    }

    @Test
    void aSevenOneExporterThatFreesBeforeTheUnmapIsCaught() {
        DeviceAccessConstants c = single("7.1", Set.of("d1"));
        Optional<String> found = firstViolation(DeviceAccessMutants.releaseWithoutUnmapWait(new DmaBufDeviceAccessRelation(c)), c,
                "FreedRegionUnreferenced");
        assertTrue(found.isPresent(), "not caught");
    }

    @Test
    void theCorrectRelationAtTheMutantsBoundsIsNotCaught() {
        // the bounds of dynamicPair() and twoMappings() are within the deep bounds walked above
        for (DeviceAccessConstants c : List.of(single("6.15", Set.of()), single("7.1", Set.of("d1")))) {
            DmaBufDeviceAccessRelation relation = new DmaBufDeviceAccessRelation(c);
            for (long seed = 1; seed <= 5 * SEEDS; seed++) {
                Optional<String> v = walk(relation, c, seed, new TreeSet<>(), DeviceAccessMutants.Invariants.NAMES);
                assertFalse(v.isPresent(), () -> c.kernelBehaviour() + ": " + v.orElseThrow());
            }
        }
    }

    // ---- walking -------------------------------------------------------------------------------

    /** The first walk (by seed) that breaks one of the named invariants. */
    private static Optional<String> firstViolation(SpecRelation<DeviceAccessState> relation, DeviceAccessConstants c,
                                                   String... invariants) {
        return firstViolation(relation, c, Set.of(invariants));
    }

    private static Optional<String> firstViolation(SpecRelation<DeviceAccessState> relation, DeviceAccessConstants c,
                                                   Set<String> invariants) {
        for (long seed = 1; seed <= MUTANT_SEEDS; seed++) {
            Optional<String> v = walk(relation, c, seed, new TreeSet<>(), invariants);
            if (v.isPresent()) {
                return v;
            }
        }
        return Optional.empty();
    }

    /** A walk of LENGTH steps from Init; the first broken invariant with the actions that led there. */
    private static Optional<String> walk(SpecRelation<DeviceAccessState> relation, DeviceAccessConstants c, long seed,
                                         Set<String> taken, Set<String> invariants) {
        Random rnd = new Random(seed);
        DeviceAccessState s = relation.initialStates().orElseThrow().iterator().next();
        List<String> path = new ArrayList<>();
        Function<DeviceAccessState, String> key = st -> relation.encode(st).entrySet().stream()
                .map(e -> e.getKey() + "=" + CanonicalValue.display(CanonicalValue.of(e.getValue())))
                .collect(Collectors.joining(";"));
        for (int i = 0; i <= LENGTH; i++) {
            Optional<String> broken = DeviceAccessMutants.Invariants.firstBroken(c, s, invariants);
            if (broken.isPresent()) {
                return Optional.of(broken.get() + " (seed " + seed + ") after " + path);
            }
            List<Transition<DeviceAccessState>> next = new ArrayList<>(relation.next(s));
            if (next.isEmpty()) {
                break;
            }
            // records hash their values (strings, booleans, maps of them) the same on every run;
            // the canonical text only breaks the rare ties
            next.sort(Comparator.comparing((Transition<DeviceAccessState> t) -> t.action())
                    .thenComparingInt(t -> t.successor().hashCode())
                    .thenComparing(t -> key.apply(t.successor())));
            Transition<DeviceAccessState> t = next.get(rnd.nextInt(next.size()));
            taken.add(t.action());
            path.add(t.action());
            s = t.successor();
        }
        return Optional.empty();
    }

}
