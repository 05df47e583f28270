package org.dmabufspec.conformance.relation.fence;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

class IndInitTest {
    private final DmaFenceSpec spec = new DmaFenceSpec(FenceModels.ind(), false);
    private final Set<DmaFenceVars> states = new IndInit(spec).states();

    @Test
    void indInitHasTheStatesTlcCountsForDmaFenceInd() {
        // models.yaml records TLC's figure for DmaFence_Ind: 864 distinct states, all initial
        assertEquals(864, states.size());
    }

    @Test
    void callbackInvIsInductiveOverTheJavaNext() {
        CallbackInv inv = new CallbackInv(spec);
        for (DmaFenceVars s : states) {
            spec.next(s).forEach(t -> assertTrue(inv.holds(t.successor()), () -> t.action() + " from " + s + " breaks CallbackInv"));
        }
    }

    @Test
    void aPendingCallbackOnNoListIsNotACallbackInvState() {
        DmaFenceVars lost = new DmaFenceVars(Map.of("f1", FenceFlags.SIGNALED), Map.of("f1", 0L),
                Map.of("f1", List.of()), Map.of("f1", List.of()), Map.of("f1", List.of("c1")), Map.of("f1", List.of()),
                Map.of("c1", CallbackStatus.PENDING, "c2", CallbackStatus.UNUSED), Map.of(),
                Map.of("f1", false), Map.of("f1", false));
        assertFalse(new CallbackInv(spec).holds(lost));
        assertFalse(states.contains(lost));
    }

    @Test
    void theInductiveRelationStartsFromIndInit() {
        DmaFenceRelation rel = new DmaFenceRelation(spec, true);
        assertEquals(states, rel.initialStates().orElseThrow());
    }
}
