package org.dmabufspec.conformance.relation.walk.resv;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import org.dmabufspec.conformance.checker.CheckReport;
import org.dmabufspec.conformance.checker.TraceChecker;
import org.dmabufspec.conformance.checker.Verdict;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.parallel.ResourceLock;
import org.junit.jupiter.api.parallel.Resources;
import org.junit.jupiter.api.parallel.ResourceAccessMode;

/** Every behaviour of the DmaResv spec, logged as a kernel would, is accepted by the fast engine. */
@ResourceLock(value = Resources.SYSTEM_OUT, mode = ResourceAccessMode.READ)
class ResvWalkAcceptedTest {
    static final int SEEDS = 150;
    /** Shrinking a rejected walk costs one check per step: only this many are shrunk. */
    static final int SHRUNK = 3;
    static final int LENGTH = 50;

    @TempDir
    Path dir;

    @Test
    void everyResvWalkOnOneAndTwoBuffersIsAcceptedByTheFastEngine() throws Exception {
        List<String> failures = new ArrayList<>();
        Set<String> actions = new TreeSet<>();
        Set<String> ops = new TreeSet<>();
        int walks = 0;
        long events = 0;
        for (int resvs = 1; resvs <= 2; resvs++) {
            for (long seed = 1; seed <= SEEDS; seed++) {
                ResvWalk w = ResvWalk.walk(resvs, seed, LENGTH);
                w.steps().forEach(s -> actions.add(s.action()));
                ResvTrace t = ResvWalkToTrace.trace(w);
                t.events().forEach(e -> ops.add(e.op() + (e.succeeded() ? "" : "/" + e.result())));
                CheckReport r = TraceChecker.check(t.write(dir));
                walks++;
                events += t.events().size();
                if (r.verdict() != Verdict.ACCEPTED) {
                    failures.add((failures.size() < SHRUNK ? shrink(w) : w.steps().toString()) + "\n" + r.toText());
                }
            }
        }
        System.out.printf("resv walks: %d walks, %d events; rejected: %d; actions %s; ops %s%n", walks, events,
                failures.size(), actions, ops);
        assertTrue(failures.isEmpty(), failures.size() + " walks rejected; first:\n" + (failures.isEmpty() ? "" : failures.get(0)));
        assertEquals(expectedActions(), actions, "the walks took every DmaResv action and every query");
        assertTrue(ops.contains("DRM_IOCTL_VGEM_FENCE_ATTACH/EBUSY"), "some vgem attach met a conflicting fence: " + ops);
    }

    @Test
    void aResvWalkReplaysFromItsSeedAndShrinksByDroppingASuffix() {
        ResvWalk w = ResvWalk.walk(2, 42, LENGTH);
        assertEquals(w.steps(), ResvWalk.walk(2, 42, LENGTH).steps());
        ResvWalk shorter = w.shortened(20);
        assertEquals(w.steps().subList(0, 20), shorter.steps().subList(0, 20));
        assertFalse(ResvWalk.inFlight(shorter.steps().get(shorter.steps().size() - 1).after()), "a shortened walk is drained too");
        assertFalse(w.steps().equals(ResvWalk.walk(2, 43, LENGTH).steps()), "another seed, another walk");
    }

    /**
     * The walk check can fail: a dma_resv_test_signaled that returned true, logged as false, is no
     * behaviour (no fence unsignals, and single-step calls of a walk never overlap), so the fast
     * engine rejects every such trace.
     */
    @Test
    void aWalkWithATestSignaledTrueLoggedAsFalseIsRejectedByTheFastEngine() throws Exception {
        int flipped = 0;
        for (long seed = 1; seed <= 40; seed++) {
            ResvTrace t = ResvWalkToTrace.trace(ResvWalk.walk((int) (seed % 2) + 1, seed, LENGTH));
            for (int i = 0; i < t.events().size(); i++) {
                ResvEvent e = t.events().get(i);
                if (e.op().equals("dma_resv_test_signaled") && Boolean.TRUE.equals(e.ret())) {
                    List<ResvEvent> evs = new ArrayList<>(t.events());
                    evs.set(i, e.withResult("0", false));
                    CheckReport r = TraceChecker.check(t.withEvents(t.name() + "-flipped", evs).write(dir));
                    assertEquals(Verdict.REJECTED, r.verdict(), r::toText);
                    assertEquals(i + 2, r.rejection().line(), r::toText);
                    flipped++;
                    break;
                }
            }
        }
        assertTrue(flipped >= 20, "walks with a true test_signaled: " + flipped);
    }

    /** The shortest prefix of a rejected walk that is still rejected, as trace text. */
    private String shrink(ResvWalk w) throws Exception {
        ResvWalk best = w;
        for (int n = w.length() - 1; n >= 0; n--) {
            ResvWalk shorter = w.shortened(n);
            if (TraceChecker.check(ResvWalkToTrace.trace(shorter).write(dir)).verdict() != Verdict.ACCEPTED) {
                best = shorter;
            }
        }
        return best.steps() + "\n" + ResvWalkToTrace.trace(best).toNdjson();
    }

    private static Set<String> expectedActions() {
        Set<String> s = new TreeSet<>(List.of("DmaFenceSignal", "DmaResvLock", "DmaResvReserveFences", "DmaResvAddFence",
                "DmaResvUnlock", "DmaResvWaitTimeout", "DmaResvWaitDone", "DmaBufBeginCpuAccess", "DmaBufBeginCpuAccessDone",
                "DmaBufEndCpuAccess", "DmaBufPoll", "DmaBufPollDone", "DmaBufPollTimeout", "DmaBufExportSyncFile",
                "DmaBufImportSyncFile", "VgemFenceAttach"));
        s.addAll(ResvWalkStep.QUERIES);
        return s;
    }
}
