package org.dmabufspec.conformance.relation.fence;

import static org.junit.jupiter.api.Assertions.assertTrue;

import org.dmabufspec.conformance.relation.GraphComparison;
import org.dmabufspec.conformance.relation.ModelGraphs;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The provider also claims the deep-tier DmaFence_Deep (three fences on two contexts); its graph is TLC's too. */
@Tag("deep")
class DmaFenceDeepGraphTest {

    @Test
    void dmaFenceDeepRelationEqualsTlcStateGraph() {
        DmaFenceRelationProvider provider = new DmaFenceRelationProvider();
        GraphComparison.Result r = ModelGraphs.compare("DmaFence_Deep", provider,
                constants -> provider.relation(ModelGraphs.model("DmaFence_Deep"), constants));
        assertTrue(r.same(), r::report);
    }
}
