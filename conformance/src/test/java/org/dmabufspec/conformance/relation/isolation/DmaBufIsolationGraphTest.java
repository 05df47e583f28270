package org.dmabufspec.conformance.relation.isolation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.dmabufspec.conformance.checker.isolation.DmaBufIsolation;
import org.dmabufspec.conformance.checker.isolation.IsoState;
import org.dmabufspec.conformance.relation.DotGraph;
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
 * The trace checker's copy of DmaBufIsolation against TLC's graph of MCDmaBufIsolation: wrong
 * copies are told apart, and the checker's step explanation accepts exactly the spec's steps.
 */
class DmaBufIsolationGraphTest {
    private static final DmaBufIsolationProvider PROVIDER = new DmaBufIsolationProvider();

    @Test
    void touchWithoutOwnershipCheckIsCaught() {
        TlcGraph g = graph();
        DmaBufIsolationRelation spec = relation(g);
        // the faithful copy equals g: StateGraphEqualityTest compares it (the same graph and relation)
        // the importer touching a region its device's buffers do not own (a stale page table)
        SpecRelation<IsoState> mutant = Mutant.adding(spec, s -> {
            List<Transition<IsoState>> extra = new ArrayList<>();
            for (String r : List.of("r1", "r2")) {
                IsoState.Access x = new IsoState.Access("d1", r);
                if (!DmaBufIsolation.touchEnabled(s, x)) {
                    extra.add(new Transition<>("Touch", new IsoState(s.owner(), s.attached(), x)));
                }
            }
            return extra;
        });
        assertReported(GraphComparison.compare(mutant, g, 5), GraphDifference.StepOnlyInJava.class, "Touch");
    }

    @Test
    void forgottenQuiesceIsCaught() {
        TlcGraph g = graph();
        DmaBufIsolationRelation spec = relation(g);
        SpecRelation<IsoState> mutant = Mutant.replacing(spec, s -> spec.next(s).stream()
                .filter(t -> !t.action().equals("Quiesce")).toList());
        assertReported(GraphComparison.compare(mutant, g, 5), GraphDifference.StepOnlyInTlc.class, "Quiesce");
    }

    /** Every edge of TLC's graph is one the checker's explain() accepts, as that one action. */
    @Test
    void checkerExplainsEveryTlcEdgeByItsAction() {
        TlcGraph g = graph();
        DmaBufIsolationRelation spec = relation(g);
        Map<Long, DotGraph.Node> nodes = g.graph().nodes();
        int edges = 0;
        for (DotGraph.Edge e : g.graph().edges()) {
            IsoState before = spec.decode(nodes.get(e.from()).variables());
            IsoState after = spec.decode(nodes.get(e.to()).variables());
            if (before.equals(after)) {
                continue; // stuttering: the checker never asks about it
            }
            DmaBufIsolation.Explanation x = DmaBufIsolation.explain(before, after);
            DmaBufIsolation.Steps steps = assertInstanceOf(DmaBufIsolation.Steps.class, x, () -> e + ": " + x);
            String last = steps.actions().get(steps.actions().size() - 1);
            assertTrue(last.startsWith(e.action()), e + " explained as " + steps.actions());
            edges++;
        }
        assertTrue(edges > 1000, "the graph has its edges: " + edges);
    }

    /** A pair that is no behaviour of the spec (an access to a region the device may not touch) is refused as Touch. */
    @Test
    void checkerRefusesEveryAccessTheSpecDisables() {
        TlcGraph g = graph();
        DmaBufIsolationRelation spec = relation(g);
        int refused = 0;
        for (DotGraph.Node n : g.graph().nodes().values()) {
            IsoState s = spec.decode(n.variables());
            for (String d : List.of("d1", "d2")) {
                for (String r : List.of("r1", "r2")) {
                    IsoState.Access x = new IsoState.Access(d, r);
                    if (!DmaBufIsolation.touchEnabled(s, x)) {
                        DmaBufIsolation.Explanation e = DmaBufIsolation.explain(s, new IsoState(s.owner(), s.attached(), x));
                        DmaBufIsolation.NotAStep no = assertInstanceOf(DmaBufIsolation.NotAStep.class, e, s + " -> " + x);
                        assertEquals("Touch(" + d + ", " + r + ")", no.action());
                        refused++;
                    }
                }
            }
        }
        assertTrue(refused > 100, "disabled accesses exist: " + refused);
    }

    private static TlcGraph graph() {
        Model m = ModelGraphs.model("DmaBufIsolation");
        return ModelGraphs.tlcGraph(m, PROVIDER.constants(m)); // StateGraphEqualityTest shares this run
    }

    private static DmaBufIsolationRelation relation(TlcGraph g) {
        return (DmaBufIsolationRelation) PROVIDER.relation(g.model(), g.constants());
    }

    private static void assertReported(GraphComparison.Result r, Class<? extends GraphDifference> kind, String action) {
        assertFalse(r.same(), "the mutant must differ");
        assertTrue(r.differences().stream().anyMatch(d -> kind.isInstance(d) && d.describe().contains(action)),
                r.report());
    }
}
