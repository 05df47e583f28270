package org.dmabufspec.conformance.relation.coherency;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Set;

import org.dmabufspec.conformance.relation.GraphComparison;
import org.dmabufspec.conformance.relation.GraphDifference;
import org.dmabufspec.conformance.relation.ModelGraphs;
import org.dmabufspec.conformance.relation.Mutant;
import org.dmabufspec.conformance.relation.SpecRelation;
import org.dmabufspec.conformance.relation.TlcGraph;
import org.dmabufspec.conformance.relation.Transition;
import org.dmabufspec.tlc.Model;
import org.junit.jupiter.api.Test;

/**
 * The state-graph comparison catches deliberately wrong copies of DmaBufCoherency: each mutant
 * below differs from the spec in one guard or one step, and TLC's graph of the model tells.
 */
class DmaBufCoherencyGraphTest {
    private static final DmaBufCoherencyRelations PROVIDER = new DmaBufCoherencyRelations();

    @Test
    void deviceReadInsideASyncBracketIsCaughtOnBidirectional() {
        TlcGraph g = graph("DmaBufCoherency_Bidirectional");
        DmaBufCoherencyRelation spec = relation(g);
        // the faithful copy equals g: StateGraphEqualityTest compares it (the same graph and relation)
        // U2 guard dropped: DeviceDmaRead while a SYNC bracket is open
        SpecRelation<CoherencyState> mutant = Mutant.adding(spec, s ->
                s.cpuSync() != SyncFlag.NONE && s.importerMap().deviceMayRead()
                        ? List.of(new Transition<>("DeviceDmaRead", s.withLastRead(
                                new LastRead(Party.DEVICE, s.mem(), s.lastWrite(), s.lastWriter()))))
                        : List.of());
        assertReported(GraphComparison.compare(mutant, g, 5), GraphDifference.StepOnlyInJava.class, "DeviceDmaRead");
    }

    @Test
    void forgottenStutteringLoadIsCaughtOnBidirectional() {
        TlcGraph g = graph("DmaBufCoherency_Bidirectional");
        DmaBufCoherencyRelation spec = relation(g);
        // a repeated load changes nothing: TLC still has the CpuLoad self-loop
        SpecRelation<CoherencyState> mutant = Mutant.replacing(spec, s -> spec.next(s).stream()
                .filter(t -> !(t.action().equals("CpuLoad") && t.successor().equals(s))).toList());
        assertReported(GraphComparison.compare(mutant, g, 5), GraphDifference.StepOnlyInTlc.class, "CpuLoad");
    }

    @Test
    void r11EbusyGuardDroppedIsCaughtOnCachedToDevice() {
        TlcGraph g = graph("DmaBufCoherency_CachedToDevice");
        DmaBufCoherencyRelation spec = relation(g);
        // the faithful copy equals g: StateGraphEqualityTest compares it (the same graph and relation)
        // CacheReusableFor dropped: the cached TO_DEVICE table also served FROM_DEVICE maps
        SpecRelation<CoherencyState> mutant = Mutant.adding(spec, s ->
                s.attached() && s.importerMap() == DmaDirection.NONE && s.cpuSync() == SyncFlag.NONE
                        ? List.of(new Transition<>("DmaBufMapAttachment", s.withImporterMap(DmaDirection.FROM_DEVICE)))
                        : List.of());
        assertReported(GraphComparison.compare(mutant, g, 5), GraphDifference.StepOnlyInJava.class,
                "DmaBufMapAttachment");
    }

    @Test
    void inductiveModelWithAWrongInitialStateIsCaught() {
        TlcGraph g = graph("DmaBufCoherency_IndNoCpuOps");
        DmaBufCoherencyRelation spec = relation(g);
        // the faithful copy equals g: StateGraphEqualityTest compares it (the same graph and relation)
        // claiming Init instead of IndInit: TLC's other initial states have no Java counterpart
        SpecRelation<CoherencyState> mutant = Mutant.startingIn(spec, Set.of(CoherencyState.INIT));
        assertReported(GraphComparison.compare(mutant, g, 5), GraphDifference.InitialOnlyInTlc.class, "");
    }

    private static TlcGraph graph(String model) {
        Model m = ModelGraphs.model(model);
        return ModelGraphs.tlcGraph(m, PROVIDER.constants(m)); // StateGraphEqualityTest shares these runs
    }

    private static DmaBufCoherencyRelation relation(TlcGraph g) {
        return (DmaBufCoherencyRelation) PROVIDER.relation(g.model(), g.constants());
    }

    private static void assertReported(GraphComparison.Result r, Class<? extends GraphDifference> kind, String action) {
        assertFalse(r.same(), "the mutant must differ");
        assertTrue(r.differences().stream().anyMatch(d -> kind.isInstance(d) && d.describe().contains(action)),
                r.report());
    }

}
