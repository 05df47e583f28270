package org.dmabufspec.conformance.relation.attach;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.dmabufspec.conformance.relation.GraphComparison;
import org.dmabufspec.conformance.relation.GraphDifference;
import org.dmabufspec.conformance.relation.ModelGraphs;
import org.dmabufspec.conformance.relation.Mutant;
import org.dmabufspec.conformance.relation.SpecRelation;
import org.dmabufspec.conformance.relation.TlcGraph;
import org.dmabufspec.conformance.relation.Transition;
import org.dmabufspec.tlc.Model;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The state-graph comparison catches deliberately wrong copies of DmaBufAttach: each mutant
 * differs from the spec in one step or one guard, and TLC's graph of the model tells.
 */
class DmaBufAttachGraphTest {
    private static final DmaBufAttachProvider PROVIDER = new DmaBufAttachProvider();

    @Test
    void oneStepAttachWithoutThe62WindowIsCaught() {
        TlcGraph g = graph("DmaBufAttach_6_2");
        DmaBufAttachRelation spec = relation(g);
        // the faithful copy equals g: StateGraphEqualityTest compares it (the same graph and relation)
        // the spec before the split: list_add, pin and map in one locked section
        SpecRelation<AttachState> merged = Mutant.replacing(spec, s -> {
            List<Transition<AttachState>> out = new ArrayList<>();
            for (Transition<AttachState> t : spec.next(s)) {
                AttachState to = t.successor();
                if (t.action().equals("DmaBufAttachListAdd") && to.pc().containsValue("attach_map")) {
                    String a = to.pc().entrySet().stream().filter(e -> e.getValue().equals("attach_map"))
                            .findFirst().orElseThrow().getKey();
                    spec.dmaBufAttachCacheMap(to, a).forEach(m -> out.add(new Transition<>(t.action(), m)));
                } else {
                    out.add(t);
                }
            }
            return out;
        });
        assertReported(GraphComparison.compare(merged, g, 5), GraphDifference.StepOnlyInJava.class,
                "DmaBufAttachListAdd");
    }

    @Test
    void evictionIgnoringPinsIsCaughtOn615() {
        TlcGraph g = graph("DmaBufAttach_6_15");
        DmaBufAttachRelation spec = relation(g);
        // the faithful copy equals g: StateGraphEqualityTest compares it (the same graph and relation)
        // R7 guard dropped: DmaBufEvict of a pinned buffer
        SpecRelation<AttachState> mutant = Mutant.adding(spec, s -> {
            boolean pinned = s.corePin().containsValue(true) || s.importerPin().containsValue(true);
            if (!pinned || !s.expPc().equals("idle") || !s.holder().get("b1").equals(AttachState.NO_HOLDER)
                    || !s.moveFence().get("b1").equals("none")) {
                return List.of();
            }
            AttachState.Builder t = s.next();
            t.holder.put("b1", spec.constants().exporter());
            t.expPc = "notify";
            t.expBuf = "b1";
            t.walkSnapshot = s.attachments().get("b1");
            t.walkTodo = Set.copyOf(s.attachments().get("b1").stream().filter(a -> s.importerOps().get(a)).toList());
            t.lastAccess = Optional.empty();
            return List.of(new Transition<>("DmaBufEvict", t.build()));
        });
        assertReported(GraphComparison.compare(mutant, g, 5), GraphDifference.StepOnlyInJava.class, "DmaBufEvict");
    }

    @Test
    void forgottenEbusyReturnIsCaughtOnCacheSgt() {
        TlcGraph g = graph("DmaBufAttach_6_2_CacheSgt");
        DmaBufAttachRelation spec = relation(g);
        // the faithful copy equals g: StateGraphEqualityTest compares it (the same graph and relation)
        // R11: the -EBUSY return (no table, back to "attached") forgotten
        SpecRelation<AttachState> mutant = Mutant.replacing(spec, s -> spec.next(s).stream()
                .filter(t -> !(t.action().equals("DmaBufMapAttachmentUnlockedLocked")
                        && t.successor().mapped().equals(s.mapped())))
                .toList());
        assertReported(GraphComparison.compare(mutant, g, 5), GraphDifference.StepOnlyInTlc.class,
                "DmaBufMapAttachmentUnlockedLocked");
    }

    @Test
    void inductiveModelClaimingInitIsCaught() {
        TlcGraph g = graph("DmaBufAttach_Ind_6_15");
        DmaBufAttachRelation spec = relation(g);
        // the faithful copy equals g: StateGraphEqualityTest compares it (the same graph and relation)
        SpecRelation<AttachState> mutant = Mutant.startingIn(spec, Set.of(spec.init()));
        assertReported(GraphComparison.compare(mutant, g, 5), GraphDifference.InitialOnlyInTlc.class, "");
    }

    /** The deep-tier models the provider also mirrors (StateGraphEqualityTest covers the default ones). */
    @Tag("deep")
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"DmaBufAttach_Live_6_1", "DmaBufAttach_Live_6_2", "DmaBufAttach_Live_7_1",
            "DmaBufAttach_Ind_7_1", "DmaBufAttach_Ind_Reach_6_15"})
    void deepTierModelEqualsTlcStateGraph(String model) {
        TlcGraph g = graph(model);
        GraphComparison.Result r = GraphComparison.compare(relation(g), g, 5);
        assertTrue(r.same(), r::report);
    }

    private static TlcGraph graph(String model) {
        Model m = ModelGraphs.model(model);
        return ModelGraphs.tlcGraph(m, PROVIDER.constants(m)); // StateGraphEqualityTest shares these runs
    }

    private static DmaBufAttachRelation relation(TlcGraph g) {
        return (DmaBufAttachRelation) PROVIDER.relation(g.model(), g.constants());
    }

    private static void assertReported(GraphComparison.Result r, Class<? extends GraphDifference> kind, String action) {
        assertFalse(r.same(), "the mutant must differ");
        assertTrue(r.differences().stream().anyMatch(d -> kind.isInstance(d) && d.describe().contains(action)),
                r.report());
    }

}
