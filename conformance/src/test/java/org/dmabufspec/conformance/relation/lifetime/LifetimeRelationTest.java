package org.dmabufspec.conformance.relation.lifetime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Set;

import org.dmabufspec.conformance.relation.Transition;
import org.junit.jupiter.api.Test;

/** The lifetime relation on hand-picked runs, without TLC: the release order the spec's B1 and B5 fixes give. */
class LifetimeRelationTest {
    private final LifetimeConstants c = new LifetimeConstants(Set.of("i1"), Set.of(), Set.of("r1"), "6.15", true);
    private final LifetimeRelation rel = new LifetimeRelation(c, false);

    private LifetimeState step(LifetimeState s, String action) {
        List<LifetimeState> to = rel.next(s).stream().filter(t -> t.action().equals(action)).map(Transition::successor).toList();
        assertEquals(1, to.size(), action + " should be enabled once, steps: " + rel.next(s));
        return to.get(0);
    }

    @Test
    void aProcReaderHoldingThePathDefersDmaBufReleaseToItsPathPut_B1() {
        LifetimeState s = rel.initialStates().orElseThrow().iterator().next();
        s = step(s, "ProcFdLink");
        s = step(s, "CloseFd");
        s = step(s, "DmaBufFileRelease");
        assertFalse(s.fileLive());
        assertFalse(s.onList());
        assertTrue(s.bufLive(), "the dentry is still held: dma_buf_release has not run");
        assertEquals(2, s.fenceRefs());
        s = step(s, "DmaBufDname");
        assertFalse(s.bufLive());
        assertFalse(s.resvRef());
        assertEquals(1, s.fenceRefs(), "dma_resv_fini dropped the table's reference");
    }

    @Test
    void anArmedPollCallbackHoldsTheFileUntilItRuns_B5() {
        LifetimeState s = rel.initialStates().orElseThrow().iterator().next();
        s = step(s, "DmaBufPoll");
        s = step(s, "CloseFd");
        assertEquals(1, s.fileRefs());
        LifetimeState held = s;
        assertTrue(rel.next(held).stream().noneMatch(t -> t.action().equals("DmaBufFileRelease")));
        s = step(s, "DmaFenceSignal");
        s = step(s, "DmaBufPollCb");
        assertEquals(0, s.fileRefs());
        assertFalse(s.releasedUnderLock(), "the signaller's own reference keeps the release out of its loop (B16)");
        s = step(s, "DmaBufFileRelease");
        assertFalse(s.bufLive());
    }

    @Test
    void aKernelBehaviourTheSpecDoesNotKnowIsRejectedNamingTheConstant() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new LifetimeConstants(Set.of("i1"), Set.of(), Set.of(), "7.1", true));
        assertTrue(e.getMessage().contains("Kernel"), e.getMessage());
    }
}
