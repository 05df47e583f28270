package org.dmabufspec.conformance.relation.resv;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.dmabufspec.conformance.relation.GraphComparison;
import org.dmabufspec.conformance.relation.GraphDifference;
import org.dmabufspec.conformance.relation.ModelGraphs;
import org.dmabufspec.conformance.relation.Mutant;
import org.dmabufspec.conformance.relation.Transition;
import org.dmabufspec.conformance.relation.resv.MCDmaResvVariant.Constraint;
import org.dmabufspec.conformance.relation.resv.MCDmaResvVariant.UserGroup;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The state-graph comparison (TLC's dump of a real model) catches deliberately wrong DmaResv relations. */
class WrongResvRelationTest {
    private final DmaResvRelations provider = new DmaResvRelations();

    private static boolean has(GraphComparison.Result r, Class<? extends GraphDifference> kind) {
        return r.differences().stream().anyMatch(kind::isInstance);
    }

    @Test
    void addFenceWithoutTheReservedSlotGuardIsCaught_F13() {
        GraphComparison.Result r = ModelGraphs.compare("DmaResv_LiveDriver", provider, constants -> {
            DmaResv d = new DmaResv(ResvConstants.of(constants));
            MCDmaResvVariant v = new MCDmaResvVariant(true, UserGroup.NONE, Constraint.NONE, false);
            return Mutant.altering(new MCDmaResvRelation(d, v), (s, steps) -> {
                List<Transition<ResvState>> out = new ArrayList<>(steps);
                for (String p : d.constants().procs()) {
                    for (String f : d.constants().fences()) {
                        for (int u : d.constants().addUsages()) {
                            // DmaResvAddFence with `free \/ credits[p] > 0` dropped
                            if (s.pc().get(p).equals("locked") && d.dmaResvAddFence(s, p, f, u).isEmpty()) {
                                String res = s.resvOf().get(p);
                                out.add(new Transition<>("DmaResvAddFence", s
                                        .withTable(ResvState.except(s.table(), res,
                                                d.tableAfterAdd(s, s.table().get(res), f, u)))
                                        .withEverAdded(d.noteAdded(s, res, f, u))));
                            }
                        }
                    }
                }
                return out;
            });
        });
        assertFalse(r.same());
        assertTrue(has(r, GraphDifference.StepOnlyInJava.class), r::report);
    }

    @Test
    void forgettingTheCfgsDriverNextOverrideIsCaught() {
        // MCDmaResv_LivePoll.cfg binds DriverNext <- MCNoDriverNext; a relation with the driver group differs
        GraphComparison.Result r = ModelGraphs.compare("DmaResv_LivePoll", provider, constants ->
                new MCDmaResvRelation(new DmaResv(ResvConstants.of(constants)),
                        new MCDmaResvVariant(true, UserGroup.USER_NEXT, Constraint.NONE, false)));
        assertFalse(r.same());
        assertTrue(r.differences().stream().anyMatch(d -> d instanceof GraphDifference.StepOnlyInJava j
                && j.action().equals("DmaResvLock")), r::report);
    }

    @Test
    void aScriptThatSignalsTheReadFencesInTheWrongOrderIsCaught() {
        // import-multiple-read-write signals Reads[3], Reads[2], Reads[1] (steps 14, 19, 24); swap 14 and 24
        GraphComparison.Result r = ModelGraphs.compare("DmaResvScenario_ImportMultipleReadWrite", provider,
                constants -> {
                    DmaResv d = new DmaResv(ResvConstants.of(constants));
                    ResvScript real = ResvScenarios.script("DmaResvScenario_ImportMultiple", d, constants);
                    List<ResvScript.Action> steps = new ArrayList<>(real.steps());
                    steps.set(14, real.steps().get(24));
                    steps.set(24, real.steps().get(14));
                    return new DmaResvScenarioRelation(d, new ResvScript(steps, real.stepLabel(), real.doneLabel(),
                            real.initialUsages()));
                });
        assertFalse(r.same());
        assertTrue(has(r, GraphDifference.StepOnlyInTlc.class), r::report);
    }

    /** Deep: the one-step graph of IndInit's 24624 states takes minutes on a shared machine. */
    @Test
    @Tag("deep")
    void importSyncFileWhileTheLockIsHeldIsCaughtByTheInductiveModel() {
        // DmaBufImportSyncFile with `holder[r] = NoProc` dropped; IndInit has locked states
        GraphComparison.Result r = ModelGraphs.compare("DmaResv_Ind", provider, constants -> {
            DmaResv d = new DmaResv(ResvConstants.of(constants));
            MCDmaResvVariant v = new MCDmaResvVariant(true, UserGroup.SLOT_USER_NEXT, Constraint.ONE_STEP, true);
            return Mutant.altering(new MCDmaResvRelation(d, v), (s, steps) -> {
                List<Transition<ResvState>> out = new ArrayList<>(steps);
                for (String res : d.constants().resvs()) {
                    if (s.holder().get(res).equals(d.constants().noProc())) {
                        continue;
                    }
                    Map<String, String> free = new HashMap<>(s.holder());
                    free.put(res, d.constants().noProc());
                    for (Set<String> comps : d.importSources(s)) {
                        for (boolean w : DmaResv.BOOLEANS) {
                            for (ResvState t : d.dmaBufImportSyncFile(s.withHolder(free), res, comps, w)) {
                                out.add(new Transition<>("MCSlotUserNext", t.withHolder(s.holder())));
                            }
                        }
                    }
                }
                return out;
            });
        });
        assertFalse(r.same());
        assertTrue(has(r, GraphDifference.StepOnlyInJava.class), r::report);
    }
}
