package org.dmabufspec.conformance.relation.walk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import org.dmabufspec.conformance.FullSets;
import org.dmabufspec.conformance.checker.CheckReport;
import org.dmabufspec.conformance.checker.TraceChecker;
import org.dmabufspec.conformance.checker.Verdict;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.parallel.ResourceLock;
import org.junit.jupiter.api.parallel.Resources;
import org.junit.jupiter.api.parallel.ResourceAccessMode;

/**
 * Every behaviour of the DmaBufAttach spec, logged as a kernel would, is accepted by the fast engine.
 * 10 walks per kernel configuration in the default build (still every action), 30 with
 * {@code -Ddmabuf.full=true} ({@code -Pfull}).
 */
@ResourceLock(value = Resources.SYSTEM_OUT, mode = ResourceAccessMode.READ)
class SpecWalkAcceptedTest {
    static final int SEEDS = FullSets.full() ? 30 : 10;
    static final int LENGTH = 60;

    @TempDir
    Path dir;

    @Test
    void everyWalkOfEveryKernelBehaviourIsAcceptedByTheFastEngine() throws Exception {
        List<String> failures = new ArrayList<>();
        Set<String> actions = new TreeSet<>();
        int walks = 0;
        long events = 0;
        for (WalkConfig cfg : WalkConfig.all()) {
            SpecOracle oracle = new SpecOracle(cfg);
            for (long seed = 1; seed <= SEEDS; seed++) {
                SpecWalk w = SpecWalk.walk(cfg, seed, LENGTH);
                w.steps().forEach(s -> actions.add(s.action()));
                WalkTrace t = WalkToTrace.trace(w);
                CheckReport r = TraceChecker.check(t.write(dir));
                walks++;
                events += t.events().size();
                if (r.verdict() != Verdict.ACCEPTED) {
                    failures.add(shrink(w) + "\n" + r.toText());
                }
                SpecOracle.Verdict spec = oracle.check(t.events());
                if (!spec.accepted()) {
                    failures.add("the spec itself rejects its walk's trace " + t.name() + ": " + spec.why());
                }
            }
        }
        System.out.printf("spec walks: %d walks, %d events, actions taken %s%n", walks, events, actions);
        assertTrue(failures.isEmpty(), failures.size() + " walks rejected; first:\n" + (failures.isEmpty() ? "" : failures.get(0)));
        assertEquals(expectedActions(), actions, "the walks took every action of DmaBufAttach that these models enable");
    }

    @Test
    void aWalkReplaysFromItsSeedAndShrinksByDroppingASuffix() {
        WalkConfig cfg = new WalkConfig("6.2", true, ExporterFlavour.DYNAMIC);
        SpecWalk w = SpecWalk.walk(cfg, 42, LENGTH);
        assertEquals(w.steps(), SpecWalk.walk(cfg, 42, LENGTH).steps());
        SpecWalk shorter = w.shortened(20);
        assertEquals(w.steps().subList(0, 20), shorter.steps().subList(0, 20));
        assertTrue(SpecWalk.quiescent(shorter.last()), "a shortened walk is drained too");
        assertTrue(!w.steps().equals(SpecWalk.walk(cfg, 43, LENGTH).steps()), "another seed, another walk");
    }

    /** The shortest prefix of a rejected walk that is still rejected, as trace text. */
    private String shrink(SpecWalk w) throws Exception {
        SpecWalk best = w;
        for (int n = w.length() - 1; n >= 0; n--) {
            SpecWalk shorter = w.shortened(n);
            if (TraceChecker.check(WalkToTrace.trace(shorter).write(dir)).verdict() != Verdict.ACCEPTED) {
                best = shorter;
            }
        }
        return best.steps() + "\n" + WalkToTrace.trace(best).toNdjson();
    }

    private static Set<String> expectedActions() {
        return new TreeSet<>(List.of("DmaBufAttach", "DmaBufAttachListAdd", "DmaBufAttachCacheMap", "DmaBufDetach",
                "DmaBufDetachListDel", "DmaResvLock", "DmaResvUnlock", "DmaBufMapAttachment", "DmaBufUnmapAttachment",
                "DmaBufPin", "DmaBufUnpin", "DmaBufMapAttachmentUnlocked", "DmaBufMapAttachmentUnlockedLocked",
                "DmaBufMapAttachment61", "ExporterMapCallbackLock", "DmaBufUnmapAttachmentUnlocked", "ImporterWaitFences",
                "ImporterSubmitJob", "ImporterDeviceAccess", "DmaFenceSignalJob", "DmaBufMoveNotify", "DmaBufEvict",
                "DmaBufMove", "DmaFenceSignalMove", "DmaBufReleaseOldStorage"));
    }
}
