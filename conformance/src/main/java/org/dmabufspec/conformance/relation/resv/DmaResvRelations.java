package org.dmabufspec.conformance.relation.resv;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.dmabufspec.conformance.relation.RelationProvider;
import org.dmabufspec.conformance.relation.SpecRelation;
import org.dmabufspec.conformance.relation.resv.MCDmaResvVariant.Constraint;
import org.dmabufspec.conformance.relation.resv.MCDmaResvVariant.UserGroup;
import org.dmabufspec.tlc.Model;
import org.dmabufspec.tlc.TlaValue;

/**
 * The DmaResv models whose Next is DmaResv's own (MCDmaResv, MCDmaResv_Ind) or a scenario
 * script over its actions. Bug-reproducing models that substitute a spec operator are not
 * handled: their relation would be a mutant of this one.
 */
public final class DmaResvRelations implements RelationProvider {

    /**
     * MCDmaResv cfgs by file name: the overrides and CONSTRAINT each one sets. The deep-tier ones
     * (Deep, UapiDeep, UapiTwoTasks, Live) are outside StateGraphEqualityTest; their full graphs
     * were compared with TLC's dumps once by hand (up to 465800 states, no difference).
     */
    private static final Map<String, MCDmaResvVariant> MC_VARIANTS = Map.of(
            // UserNext <- MCNoUserNext, CONSTRAINT MCTableBound
            "MCDmaResv.cfg", new MCDmaResvVariant(true, UserGroup.NONE, Constraint.TABLE_BOUND, false),
            "MCDmaResv_Deep.cfg", new MCDmaResvVariant(true, UserGroup.NONE, Constraint.TABLE_BOUND, false),
            // UserNext <- MCCpuAccessNext, CONSTRAINT MCTableBound
            "MCDmaResv_CpuAccess.cfg", new MCDmaResvVariant(true, UserGroup.CPU_ACCESS, Constraint.TABLE_BOUND, false),
            // DriverNext <- MCNoDriverNext, CONSTRAINT MCTableBound
            "MCDmaResv_Uapi.cfg", new MCDmaResvVariant(false, UserGroup.USER_NEXT, Constraint.TABLE_BOUND, false),
            "MCDmaResv_UapiDeep.cfg",
            new MCDmaResvVariant(false, UserGroup.USER_NEXT, Constraint.TABLE_BOUND, false),
            "MCDmaResv_UapiTwoTasks.cfg",
            new MCDmaResvVariant(false, UserGroup.USER_NEXT, Constraint.TABLE_BOUND, false),
            // UserNext <- MCNoUserNext, no CONSTRAINT
            "MCDmaResv_LiveDriver.cfg", new MCDmaResvVariant(true, UserGroup.NONE, Constraint.NONE, false),
            // DriverNext <- MCNoDriverNext, no CONSTRAINT
            "MCDmaResv_LivePoll.cfg", new MCDmaResvVariant(false, UserGroup.USER_NEXT, Constraint.NONE, false),
            "MCDmaResv_Live.cfg", new MCDmaResvVariant(false, UserGroup.USER_NEXT, Constraint.NONE, false));

    /** MCDmaResv_Ind.cfg: INIT IndInit, UserNext <- MCSlotUserNext, CONSTRAINT IndConstraint. */
    private static final MCDmaResvVariant IND = new MCDmaResvVariant(true, UserGroup.SLOT_USER_NEXT,
            Constraint.ONE_STEP, true);

    /** Scenario cfgs that substitute a spec operator (the failing mutants) are left out. */
    private static final List<String> SCENARIO_CFGS = List.of(
            "DmaResvScenario_StDmaResv.cfg", "DmaResvScenario_ExportBasic.cfg",
            "DmaResvScenario_ExportBeforeSignal.cfg", "DmaResvScenario_ExportMultiwait.cfg",
            "DmaResvScenario_ExportWaitAfterAttach.cfg", "DmaResvScenario_ImportBasic.cfg",
            "DmaResvScenario_ImportMultipleReadOnly.cfg", "DmaResvScenario_ImportMultipleReadWrite.cfg",
            "DmaResvScenario_VgemBusyFence.cfg", "DmaResvScenario_Promote.cfg");

    @Override
    public boolean handles(Model model) {
        return variant(model) != null
                || ResvScenarios.MODULES.contains(model.moduleName()) && SCENARIO_CFGS.contains(model.cfg());
    }

    @Override
    public List<String> constants(Model model) {
        List<String> out = new ArrayList<>(ResvConstants.NAMES);
        out.addAll(ResvScenarios.extraConstants(model.moduleName()));
        return out;
    }

    @Override
    public SpecRelation<?> relation(Model model, Map<String, TlaValue> constants) {
        if (!handles(model)) {
            throw new IllegalArgumentException("model " + model.name() + " is not a DmaResv model this provider mirrors");
        }
        DmaResv spec = new DmaResv(ResvConstants.of(constants));
        MCDmaResvVariant v = variant(model);
        if (v != null) {
            return new MCDmaResvRelation(spec, v);
        }
        return new DmaResvScenarioRelation(spec, ResvScenarios.script(model.moduleName(), spec, constants));
    }

    private static MCDmaResvVariant variant(Model model) {
        if (model.moduleName().equals("MCDmaResv")) {
            return MC_VARIANTS.get(model.cfg());
        }
        if (model.moduleName().equals("MCDmaResv_Ind") && model.cfg().equals("MCDmaResv_Ind.cfg")) {
            return IND;
        }
        return null;
    }
}
