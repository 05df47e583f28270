package org.dmabufspec.conformance.relation.walk.device;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;

import org.dmabufspec.conformance.FullSets;
import org.dmabufspec.conformance.checker.CheckOptions;
import org.dmabufspec.conformance.checker.CheckReport;
import org.dmabufspec.conformance.checker.HiddenSteps;
import org.dmabufspec.conformance.checker.TraceChecker;
import org.dmabufspec.conformance.checker.Verdict;
import org.dmabufspec.conformance.relation.SpecRelation;
import org.dmabufspec.conformance.relation.device.DeviceAccessConstants;
import org.dmabufspec.conformance.relation.device.DeviceAccessMutants;
import org.dmabufspec.conformance.relation.device.DeviceAccessState;
import org.dmabufspec.conformance.relation.device.DmaBufDeviceAccessRelation;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.parallel.ResourceAccessMode;
import org.junit.jupiter.api.parallel.ResourceLock;
import org.junit.jupiter.api.parallel.Resources;

/**
 * Walks of the expected-violation models' wrong copies of DmaBufDeviceAccess
 * ({@link DeviceAccessMutants}, wrapped around the relation) in the device walks' four models
 * that reach a state breaking one of the spec's invariants (evaluated in Java) are rejected by
 * the fast engine naming one of the copy's rules, at or after the breaking step. Each violation is
 * checked as walked (drained) and with the offending importer's device access right after it
 * (after the eviction drained and the old storage released, the shortest bind / submit / access
 * run that touches storage its buffer no longer owns). Checked with {@code --hidden off}: the
 * walks log every signal. Every "with the access" trace must be rejected; the as-walked ones the
 * fast engine accepts are the {@link #KNOWN} differences. {@code -Ddevice.mutant.seeds=N} tries N seeds per copy and model.
 */
@ResourceLock(value = Resources.SYSTEM_OUT, mode = ResourceAccessMode.READ)
class DeviceRelationMutantTest {
    static final int SEEDS = Integer.getInteger("device.mutant.seeds", FullSets.full() ? 300 : 12);
    static final int LENGTH = 60;
    static final CheckOptions NO_HIDDEN = CheckOptions.defaults().withHidden(HiddenSteps.OFF);
    /**
     * Violations whose trace the fast engine accepts, by copy and variant, with why. The state
     * invariants (a mapping left valid, a translation or a job left on storage that is freed or
     * no longer attached) break before any logged call is wrong; the same walks with the device's
     * access appended are all rejected. The checker difference (ReadAndDiscardWrites) has its smallest
     * walk in {@link DeviceKnownDisagreementTest}; FlushFenceUnpublished's early move fence signal is
     * rejected (R5) since the fast engine judges a move's waits at that signal.
     */
    static final Map<String, String> KNOWN = Map.of(
            "UnmapJobInFlight:as walked", "NoDeviceWorkAfterDetach: dma_buf_unmap_attachment and the detach with a fenced job "
                    + "still running are legal calls (the job keeps its table until its fence signals); only its access after the "
                    + "detach is wrong (ISOLATION, with the access)",
            "MoveNotifyFirstOnly:as walked", "ValidMappingsCurrent / FreedRegionUnreferenced: the checker takes the core's logged "
                    + "dma_buf_move_notify as the walk over every dynamic attachment (importer callbacks are optional in traces), so "
                    + "a skipped importer shows when its device touches the old storage after the reuse (ISOLATION, with the access)",
            "MoveNotifyOneMapping:as walked", "ValidMappingsCurrent / FreedRegionUnreferenced: which mappings an importer's "
                    + "move_notify invalidated is not logged; the one left valid shows at its access after the reuse (ISOLATION)",
            "ReadAndDiscardWrites:as walked", "NoWriteThroughInvalidatedMapping: a 7.1 write that names no fence through an "
                    + "invalidated mapping is accepted while another unsignalled fence (here the importer's own WRITE job) is in "
                    + "the reservation, since a trace that names no fence may be logging that job's access (fencedInResv)");

    /** A wrong copy and the rules a trace of its violation may be rejected for. */
    record Named(String name, Set<String> rules, Function<DmaBufDeviceAccessRelation, SpecRelation<DeviceAccessState>> mutant) {
    }

    static final List<Named> MUTANTS = List.of(
            new Named("UnmapJobInFlight", Set.of("ISOLATION"), DeviceAccessMutants::unmapWithoutJobWait),
            new Named("FlushFenceUnpublished", Set.of("R5"), DeviceAccessMutants::flushFenceUnpublished),
            new Named("ReadAndDiscardWrites", Set.of("R5b"), DeviceAccessMutants::readAndDiscardWrites),
            new Named("MoveNotifyFirstOnly", Set.of("ISOLATION", "R5b"), DeviceAccessMutants::moveNotifyFirstOnly),
            new Named("MoveNotifyOneMapping", Set.of("ISOLATION", "R5b"), DeviceAccessMutants::moveNotifyOneMapping),
            new Named("ReleaseBeforeUnmap", Set.of("R5b"), DeviceAccessMutants::releaseWithoutUnmapWait));

    @TempDir
    Path dir;

    @Test
    void walksOfEachWrongCopyThatBreakAnInvariantAreRejectedNamingItsRule() throws Exception {
        long cpu0 = ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime();
        List<String> unknown = new ArrayList<>();
        Map<String, int[]> perMutant = new TreeMap<>();   // {violating traces, rejected, known}
        Map<String, Integer> verdicts = new TreeMap<>();
        for (DeviceWalkConfig cfg : DeviceWalkConfig.all()) {
            DeviceAccessConstants c = cfg.constants();
            for (Named m : MUTANTS) {
                DmaBufDeviceAccessRelation spec = cfg.relation();
                SpecRelation<DeviceAccessState> rel = m.mutant().apply(spec);
                int[] n = perMutant.computeIfAbsent(m.name(), k -> new int[3]);
                for (long seed = 1; seed <= SEEDS; seed++) {
                    DeviceWalk w = DeviceWalk.walk(cfg, rel, seed, LENGTH, s -> broken(c, s).isPresent());
                    int v = firstViolation(c, w.steps());
                    if (v < 0) {
                        continue;
                    }
                    String inv = broken(c, w.steps().get(v).after()).orElseThrow();
                    Map<String, List<DeviceWalkStep>> variants = new TreeMap<>();
                    variants.put("as walked", w.steps());
                    witnessed(rel, c, w.steps().subList(0, v + 1), seed).ifPresent(x -> variants.put("with the access", x));
                    for (Map.Entry<String, List<DeviceWalkStep>> variant : variants.entrySet()) {
                        n[0]++;
                        DeviceTrace t = DeviceWalkToTrace.trace(cfg, variant.getValue(),
                                "device-mutant-" + m.name() + "-" + cfg + "-seed" + seed + "-" + variant.getKey().replace(' ', '-'));
                        CheckReport r = TraceChecker.check(t.write(dir), NO_HIDDEN);
                        verdicts.merge(m.name() + " " + cfg + " " + variant.getKey() + ": " + r.verdict() + " " + r.brokenRules(), 1, Integer::sum);
                        String what = m.name() + " " + cfg + " seed " + seed + " (" + variant.getKey() + ", " + inv + " at step " + v + " "
                                + w.steps().get(v) + "): fast engine " + r.verdict() + " " + r.brokenRules();
                        boolean rejected = r.verdict() == Verdict.REJECTED && r.brokenRules().stream().anyMatch(m.rules()::contains)
                                && judgedInTime(spec, variant.getValue(), t.events().get((int) r.rejection().seq() - 1).end(), v);
                        if (rejected) {
                            n[1]++;
                        } else if (KNOWN.containsKey(m.name() + ":" + variant.getKey())) {
                            n[2]++;
                        } else {
                            if (System.getProperty("device.mutant.dump") != null && what.startsWith(System.getProperty("device.mutant.dump"))) {
                                System.out.println("NOT REJECTED " + what + "\n" + w.steps() + "\n" + t.toNdjson());
                            }
                            unknown.add(what + "\n" + w.steps() + "\n" + (r.verdict() == Verdict.ACCEPTED ? "" : r.toText()) + t.toNdjson());
                        }
                    }
                }
            }
        }
        System.out.printf("test thread CPU %.1f s (the checker runs in this thread)%n",
                (ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime() - cpu0) / 1e9);
        perMutant.forEach((k, n) -> System.out.printf("device mutant %s: %d violating traces, %d rejected naming its rule, %d known%n",
                k, n[0], n[1], n[2]));
        verdicts.forEach((k, n) -> System.out.printf("  %d x %s%n", n, k));
        assertEquals(List.of(), unknown.stream().limit(3).toList(), unknown.size() + " violating traces not rejected");
        perMutant.forEach((k, n) -> assertTrue(n[1] >= 2, k + ": too few violating traces rejected (" + n[1] + " of " + n[0]
                + ") for the test to mean anything"));
    }

    /** The faithful spec keeps every invariant on its walks (else the copies' violations prove nothing). */
    @Test
    void theSpecsOwnWalksKeepEveryInvariant() {
        for (DeviceWalkConfig cfg : DeviceWalkConfig.all()) {
            for (long seed = 1; seed <= 10; seed++) {
                DeviceWalk w = DeviceWalk.walk(cfg, seed, LENGTH);
                assertEquals(-1, firstViolation(cfg.constants(), w.steps()), cfg + " seed " + seed + ": " + w.steps());
            }
        }
    }

    /**
     * The rejected event belongs to the breaking step or a later one, or to an earlier step only
     * the wrong copy takes (e.g. a 7.1 release before the unmap of a mapping whose PTEs are gone:
     * no invariant is broken yet, but the call is).
     */
    private static boolean judgedInTime(DmaBufDeviceAccessRelation spec, List<DeviceWalkStep> steps, long end, int v) {
        int k = (int) (end / 10) - 1;
        if (k >= v) {
            return true;
        }
        if (k < 0) {
            return false;
        }
        DeviceWalkStep st = steps.get(k);
        return spec.next(st.before()).stream().noneMatch(x -> x.action().equals(st.action()) && x.successor().equals(st.after()));
    }

    private static Optional<String> broken(DeviceAccessConstants c, DeviceAccessState s) {
        return DeviceAccessMutants.Invariants.firstBroken(c, s, DeviceAccessMutants.Invariants.NAMES);
    }

    static int firstViolation(DeviceAccessConstants c, List<DeviceWalkStep> steps) {
        for (int i = 0; i < steps.size(); i++) {
            if (broken(c, steps.get(i).after()).isPresent()) {
                return i;
            }
        }
        return -1;
    }

    /** Steps an importer takes to touch the storage behind a mapping: bind its PTEs, submit a job, access. */
    private static final Set<String> TOWARDS_ACCESS = Set.of("ImporterBindPtes", "ImporterSubmitJob", "DeviceTranslationAccess",
            "DeviceJobAccess");

    /**
     * The prefix drained (and the old storage released when enabled), then the shortest run (at most 3 steps: bind, submit, access) ending in a device
     * access that breaks DeviceAccessIsolated, then a drain; empty when the violation is such an
     * access already or none is reachable so.
     */
    private static Optional<List<DeviceWalkStep>> witnessed(SpecRelation<DeviceAccessState> rel, DeviceAccessConstants c,
                                                           List<DeviceWalkStep> prefix, long seed) {
        DeviceAccessState s = prefix.get(prefix.size() - 1).after();
        if (DeviceAccessMutants.Invariants.firstBroken(c, s, Set.of("DeviceAccessIsolated")).isPresent()) {
            return Optional.empty();
        }
        // let the eviction finish and the old storage go, so that a stale mapping reaches freed storage
        prefix = new ArrayList<>(prefix);
        prefix.addAll(DeviceWalk.drain(rel, s, new Random(seed), "witness of seed " + seed));
        s = prefix.get(prefix.size() - 1).after();
        Optional<DeviceWalkStep> release = DeviceWalk.options(rel, s, false).stream()
                .filter(o -> o.action().equals("DmaBufReleaseOldStorage")).findFirst();
        if (release.isPresent()) {
            prefix.add(release.get());
            s = release.get().after();
        }
        List<List<DeviceWalkStep>> frontier = List.of(List.of());
        for (int depth = 0; depth < 3; depth++) {
            List<List<DeviceWalkStep>> next = new ArrayList<>();
            for (List<DeviceWalkStep> path : frontier) {
                DeviceAccessState at = path.isEmpty() ? s : path.get(path.size() - 1).after();
                for (DeviceWalkStep o : DeviceWalk.options(rel, at, false)) {
                    if (!TOWARDS_ACCESS.contains(o.action())) {
                        continue;
                    }
                    List<DeviceWalkStep> longer = new ArrayList<>(path);
                    longer.add(o);
                    if (DeviceAccessMutants.Invariants.firstBroken(c, o.after(), Set.of("DeviceAccessIsolated")).isPresent()) {
                        List<DeviceWalkStep> out = new ArrayList<>(prefix);
                        out.addAll(longer);
                        out.addAll(DeviceWalk.drain(rel, o.after(), new Random(seed), "witness of seed " + seed));
                        return Optional.of(out);
                    }
                    next.add(longer);
                }
            }
            frontier = next;
        }
        return Optional.empty();
    }
}
