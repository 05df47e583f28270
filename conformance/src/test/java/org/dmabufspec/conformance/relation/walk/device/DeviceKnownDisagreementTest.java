package org.dmabufspec.conformance.relation.walk.device;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;

import org.dmabufspec.conformance.checker.CheckReport;
import org.dmabufspec.conformance.checker.TraceChecker;
import org.dmabufspec.conformance.checker.Verdict;
import org.dmabufspec.conformance.relation.SpecRelation;
import org.dmabufspec.conformance.relation.device.DeviceAccessMutants;
import org.dmabufspec.conformance.relation.device.DeviceAccessState;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The smallest walk of each checker difference {@link DeviceRelationMutantTest#KNOWN} lists (the
 * state-only ones aside): a wrong copy's walk breaks the spec's invariant (evaluated in Java) and the
 * fast engine (hidden steps off) accepts its trace; the same walk with the step the checker does
 * judge is rejected. When the checker changes, the test fails and the entry goes. Also the smallest
 * walk of a closed difference (FlushFenceUnpublished), now rejected.
 */
class DeviceKnownDisagreementTest {
    @TempDir
    Path dir;

    /** A scripted walk: each step the first enabled one of that action the predicate accepts. */
    private static List<DeviceWalkStep> script(SpecRelation<DeviceAccessState> rel, List<Object> plan) {
        DeviceAccessState s = rel.initialStates().orElseThrow().iterator().next();
        List<DeviceWalkStep> steps = new ArrayList<>();
        for (Object p : plan) {
            String action = p instanceof String a ? a : ((Pick) p).action();
            Predicate<DeviceAccessState> ok = p instanceof Pick pick ? pick.after() : x -> true;
            DeviceAccessState at = s;
            DeviceWalkStep st = DeviceWalk.options(rel, s, false).stream()
                    .filter(o -> o.action().equals(action) && ok.test(o.after())).findFirst()
                    .orElseThrow(() -> new IllegalStateException(action + " not enabled in " + at));
            steps.add(st);
            s = st.after();
        }
        return steps;
    }

    private record Pick(String action, Predicate<DeviceAccessState> after) {
    }

    private static Pick write(String action) {
        return new Pick(action, s -> s.lastAccess().orElseThrow().kind().equals("write"));
    }

    private CheckReport check(DeviceWalkConfig cfg, List<DeviceWalkStep> steps, String name) throws Exception {
        return TraceChecker.check(DeviceWalkToTrace.trace(cfg, steps, name).write(dir), DeviceRelationMutantTest.NO_HIDDEN);
    }

    private static boolean broken(DeviceWalkConfig cfg, DeviceWalkStep st, String invariant) {
        return DeviceAccessMutants.Invariants.firstBroken(cfg.constants(), st.after(), Set.of(invariant)).isPresent();
    }

    /**
     * FlushFenceUnpublished: the move fence signals before the TLB flush fence move_notify put in
     * the reservation, and the device writes through the stale TLB into the old storage after the
     * copy (NoWriteToStaleCopy). The fast engine rejects that write (R5: the copy did not wait for
     * the flush fence), before any reuse; it once judged the move's waits only at
     * exporter.reuse_storage. The move fence's early signal alone is not judged: an exporter may
     * copy while readers still run, and the kernel module's moves do.
     */
    @Test
    void aWriteThroughTheStaleTlbAfterTheMoveFenceSignalledIsRejected() throws Exception {
        DeviceWalkConfig cfg = new DeviceWalkConfig("6.15_Remap");
        SpecRelation<DeviceAccessState> rel = DeviceAccessMutants.flushFenceUnpublished(cfg.relation());
        List<Object> plan = new ArrayList<>(List.of("DmaBufAttach", "DmaBufMapAttachment", "ImporterBindPtes", "DmaBufEvict",
                "DmaBufMoveNotify", "DmaBufMove", "DmaFenceSignalMove", write("DeviceTranslationAccess")));
        List<DeviceWalkStep> steps = script(rel, plan);
        assertTrue(broken(cfg, steps.get(steps.size() - 1), "NoWriteToStaleCopy"), "the spec's invariant breaks: " + steps);
        DeviceTrace t = DeviceWalkToTrace.trace(cfg, script(rel, append(plan, "TlbFlushComplete")), "flush-after-move-signal");
        CheckReport r = TraceChecker.check(t.write(dir), DeviceRelationMutantTest.NO_HIDDEN);
        assertEquals(Verdict.REJECTED, r.verdict());
        assertEquals(List.of("R5"), r.brokenRules(), r.toText());
        assertEquals("importer.device_access", t.events().get((int) r.rejection().seq() - 1).op(), r.toText());
        // the faithful spec signals the move fence only after the flush: that trace is accepted
        DeviceTrace ok = DeviceWalkToTrace.trace(cfg, script(cfg.relation(), List.of("DmaBufAttach", "DmaBufMapAttachment",
                "ImporterBindPtes", "DmaBufEvict", "DmaBufMoveNotify", "DmaBufMove", "TlbFlushComplete", "DmaFenceSignalMove",
                "DmaBufReleaseOldStorage")), "flush-before-move-signal");
        assertEquals(Verdict.ACCEPTED, TraceChecker.check(ok.write(dir), DeviceRelationMutantTest.NO_HIDDEN).verdict());
    }

    /**
     * ReadAndDiscardWrites: a 7.1 read-and-discard importer writes through its invalidated mapping
     * (NoWriteThroughInvalidatedMapping), logging no fence. Accepted while its own WRITE job's
     * fence is unsignalled in the reservation: kept, since a legal trace may log a job's write
     * naming no fence (the reference implementation's importer.Engine does) and the trace does not
     * say whose job wrote. R5b without the job.
     */
    @Test
    void anUnfencedWriteThroughAnInvalidatedMappingIsExcusedByAnotherUnsignalledFence() throws Exception {
        DeviceWalkConfig cfg = new DeviceWalkConfig("7.1_Remap");
        SpecRelation<DeviceAccessState> rel = DeviceAccessMutants.readAndDiscardWrites(cfg.relation());
        List<Object> withJob = List.of("DmaBufAttach", "DmaBufMapAttachment", "ImporterBindPtes",
                new Pick("ImporterSubmitJob", s -> s.jobKind().containsValue("write")), "DmaBufEvict", "DmaBufMoveNotify",
                write("DeviceTranslationAccess"), "DmaBufMove", "DmaFenceSignalJob", "DmaFenceSignalMove");
        List<DeviceWalkStep> steps = script(rel, withJob);
        assertTrue(broken(cfg, steps.get(6), "NoWriteThroughInvalidatedMapping"), "the spec's invariant breaks: " + steps);
        assertEquals(Verdict.ACCEPTED, check(cfg, steps, "known-unfenced-write-with-job").verdict());
        List<Object> noJob = new ArrayList<>(withJob);
        noJob.remove(8);
        noJob.remove(3);
        CheckReport r = check(cfg, script(rel, noJob), "unfenced-write-no-job");
        assertEquals(Verdict.REJECTED, r.verdict());
        assertTrue(r.brokenRules().contains("R5b"), r.toText());
    }

    private static List<Object> append(List<Object> plan, Object... more) {
        List<Object> out = new ArrayList<>(plan);
        out.addAll(List.of(more));
        return out;
    }
}
