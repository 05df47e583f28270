package org.dmabufspec.conformance.checker;

import org.dmabufspec.conformance.checker.isolation.DmaBufIsolation;
import org.dmabufspec.conformance.checker.isolation.IsoState;
import org.dmabufspec.trace.TraceEvent;
import org.dmabufspec.conformance.trace.TraceReader;
import org.dmabufspec.trace.Clock;
import org.dmabufspec.trace.Implementation;
import org.dmabufspec.trace.KernelBehaviour;
import org.dmabufspec.trace.KernelInfo;
import org.dmabufspec.trace.TraceEnd;
import org.dmabufspec.trace.TraceHeader;
import org.dmabufspec.trace.TraceWriter;
import org.dmabufspec.trace.Tracer;
import org.dmabufspec.workload.Injection;
import org.dmabufspec.workload.Workload;
import org.dmabufspec.workload.WorkloadConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Accepted steps are checked against DmaBufIsolation.tla through DmaBufAttach's refinement
 * mapping (owner <- storage, attached <- IsoAttached, lastAccess <- the step's device access).
 */
class IsolationRefinementTest {
    @TempDir
    Path dir;

    /**
     * The importer is never told of the move, keeps its old mapping and touches the old storage
     * after the exporter reused it. The inline rule ISOLATION refuses that access first; with it
     * off, the refinement check alone rejects the same event: Touch is not enabled because the
     * region is free.
     */
    @ParameterizedTest(name = "kernel {0}")
    @ValueSource(strings = {"6.15", "6.2"})
    void skipMoveNotifyIsCaughtByTheRefinementCheckAlone(String kernel) throws Exception {
        Path p = simulate(kernel, "skip-move-notify");
        CheckReport both = TraceChecker.check(p);
        assertEquals(Verdict.REJECTED, both.verdict(), both.toText());
        assertTrue(both.brokenRules().containsAll(List.of("ISOLATION", "ISOLATION-REFINEMENT")), both.toText());

        CheckReport alone = TraceChecker.check(p, CheckOptions.defaults().withInlineIsolation(false));
        assertEquals(Verdict.REJECTED, alone.verdict(), alone.toText());
        assertEquals(List.of("ISOLATION-REFINEMENT"), alone.brokenRules(), alone.toText());
        assertEquals(both.rejection().seq(), alone.rejection().seq(), alone.toText());
        assertTrue(alone.toText().contains("Touch(") && alone.toText().contains("= free"), alone.toText());
    }

    @Test
    void legalConcurrentWorkloadRefinesTheIsolationSpecWithoutTheInlineRule() throws Exception {
        CheckReport r = TraceChecker.check(simulate("6.15", null), CheckOptions.defaults().withInlineIsolation(false));
        assertEquals(Verdict.ACCEPTED, r.verdict(), r.toText());
    }

    /**
     * Two buffers: b1 (dynamic exporter, dynamic importer a1) moves from VRAM to GTT; b2 (static,
     * importer a2) stays. The mapping follows storage: b1's new storage is b1's only once the
     * move fence signalled, its old storage until the exporter reuses it; b2 never changes.
     */
    @Test
    void mappingFollowsStorageAndAttachmentsOfTwoBuffers() throws Exception {
        TraceBuilder t = TraceBuilder.reference("6.15").exportDynamic("b1").exportStatic("b2")
                .call("gpu", "dma_buf_dynamic_attach", "\"buf\":\"b1\",\"attach\":\"a1\",\"dev\":\"gpu\",\"args\":{\"move_notify\":true}")
                .call("cam", "dma_buf_attach", "\"buf\":\"b2\",\"attach\":\"a2\",\"dev\":\"cam\"")
                .call("gpu", "dma_resv_lock", "\"buf\":\"b1\"")
                .call("gpu", "dma_buf_map_attachment", "\"buf\":\"b1\",\"attach\":\"a1\",\"sgt\":\"s1\",\"args\":{\"dir\":\"BIDIRECTIONAL\"}")
                .call("gpu", "dma_resv_unlock", "\"buf\":\"b1\"")
                .call("exporter", "dma_resv_lock", "\"buf\":\"b1\"")
                .call("exporter", "dma_buf_move_notify", "\"buf\":\"b1\"")
                .call("exporter", "dma_fence_init", "\"fence\":\"m1\",\"args\":{\"context\":9,\"seqno\":1}")
                .call("exporter", "exporter.move", "\"buf\":\"b1\",\"fence\":\"m1\",\"args\":{\"from\":\"VRAM\",\"to\":\"GTT\"}")
                .call("exporter", "dma_resv_unlock", "\"buf\":\"b1\"")
                .call("exporter", "dma_fence_signal", "\"fence\":\"m1\"")
                .call("exporter", "exporter.reuse_storage", "\"buf\":\"b1\",\"args\":{\"placement\":\"VRAM\"}")
                .call("cam", "dma_buf_detach", "\"buf\":\"b2\",\"attach\":\"a2\"");
        List<ProtocolState> states = replay(t.write(dir, "two-buffers.ndjson"));

        ProtocolState attached = states.get(4); // after both attaches
        assertEquals(new IsoState(Map.of("b1#0", "b1"), Map.of("a1", Set.of("b1")), null), IsolationMapping.of(attached, "b1", null));
        assertEquals(new IsoState(Map.of("b2#0", "b2"), Map.of("a2", Set.of("b2")), null), IsolationMapping.of(attached, "b2", null));

        ProtocolState moved = states.get(11); // exporter.move: the copy into GTT is not done
        assertEquals(Map.of("b1#0", "b1"), IsolationMapping.of(moved, "b1", null).owner());
        ProtocolState copied = states.get(13); // the move fence signalled: both storages are b1's
        assertEquals(Map.of("b1#0", "b1", "b1#1", "b1"), IsolationMapping.of(copied, "b1", null).owner());
        ProtocolState reused = states.get(14);
        assertEquals(Map.of("b1#1", "b1"), IsolationMapping.of(reused, "b1", null).owner());
        assertEquals(IsolationMapping.of(attached, "b2", null), IsolationMapping.of(reused, "b2", null));
        assertEquals(new IsoState(Map.of("b2#0", "b2"), Map.of(), null), IsolationMapping.of(states.get(15), "b2", null));

        // each step is explained: the signal and the reuse are Reassign, the detach Detach(a2, b2)
        assertEquals(new DmaBufIsolation.Steps(List.of("Reassign")),
                DmaBufIsolation.explain(IsolationMapping.of(moved, "b1", null), IsolationMapping.of(copied, "b1", null)));
        assertEquals(new DmaBufIsolation.Steps(List.of("Detach(a2, b2)")),
                DmaBufIsolation.explain(IsolationMapping.of(reused, "b2", null), IsolationMapping.of(states.get(15), "b2", null)));

        // a1's device touching the old storage: allowed before the reuse, not after; a2 never touches b1
        IsoState.Access old = new IsoState.Access("a1", "b1#0");
        IsoState c = IsolationMapping.of(copied, "b1", null);
        assertInstanceOf(DmaBufIsolation.Steps.class, DmaBufIsolation.explain(c, new IsoState(c.owner(), c.attached(), old)));
        IsoState r = IsolationMapping.of(reused, "b1", null);
        DmaBufIsolation.Explanation x = DmaBufIsolation.explain(r, new IsoState(r.owner(), r.attached(), old));
        assertEquals("Touch(a1, b1#0)", assertInstanceOf(DmaBufIsolation.NotAStep.class, x).action());
        assertFalse(new IsoState(r.owner(), r.attached(), old).isolation());
        IsoState.Access foreign = new IsoState.Access("a2", "b1#1");
        assertInstanceOf(DmaBufIsolation.NotAStep.class, DmaBufIsolation.explain(r, new IsoState(r.owner(), r.attached(), foreign)));
    }

    /** The protocol state after each event (index 0: initial), applying the relation sequentially. */
    private static List<ProtocolState> replay(Path trace) throws Exception {
        try (TraceReader reader = new TraceReader(trace)) {
            Transitions relation = new Transitions(reader.header().behaviour().label(), reader.header().behaviour().moveNotify(), false, 16);
            ProtocolState s = new ProtocolState();
            List<ProtocolState> out = new java.util.ArrayList<>();
            out.add(s.copy());
            TraceEvent e;
            while ((e = reader.next()) != null) {
                StepResult r = relation.step(s, e);
                assertInstanceOf(StepResult.Applied.class, r, e.where() + ": " + r);
                out.add(s.copy());
            }
            return out;
        }
    }

    private Path simulate(String kernel, String inject) throws Exception {
        WorkloadConfig cfg = new WorkloadConfig(inject == null ? 2 : 1, 400, 3, KernelBehaviour.parse(kernel, true),
                inject == null ? null : Injection.parse(inject), Clock.LOGICAL);
        TraceHeader header = new TraceHeader(Implementation.REFERENCE, new KernelInfo(cfg.kernel(), null, false, true),
                cfg.clock(), "test", 3L, inject, null);
        Path p = dir.resolve(kernel + "-" + inject + ".ndjson");
        try (OutputStream os = Files.newOutputStream(p)) {
            TraceWriter w = new TraceWriter(os, header);
            new Workload(cfg, new Tracer(w, cfg.clock())).run();
            w.finish(TraceEnd.Status.COMPLETE, null);
        }
        return p;
    }
}
