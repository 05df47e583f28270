package org.dmabufspec.conformance.testgen.resv;

import java.util.List;
import java.util.Map;
import java.util.Set;

import org.dmabufspec.conformance.relation.resv.DmaResvRelations;
import org.dmabufspec.conformance.relation.resv.ResvConstants;
import org.dmabufspec.conformance.relation.resv.ResvScenarios;
import org.dmabufspec.conformance.testgen.GeneratedTest;
import org.dmabufspec.conformance.testgen.TestRun;
import org.dmabufspec.conformance.testgen.Vocabulary;
import org.dmabufspec.tlc.Model;
import org.dmabufspec.tlc.TlaValue;

/**
 * MCDmaResv's models (the driver group: lock, reserve, add, locked wait, unlock; the CPU-access
 * brackets; the uAPI group: poll, SYNC, EXPORT/IMPORT_SYNC_FILE, vgem fence attach) driven on the
 * reference implementation's {@code DmaResv}, {@code DmaBufIoctl} and {@code Vgem}. One process
 * per model (every MCDmaResv cfg has one), so every call runs to completion in the test's thread.
 * The DmaResvScenario scripts (st-dma-resv, IGT dmabuf_sync_file, promotion) are driven with the
 * same calls ({@link ScenarioPlanner}): the ok cfgs StateGraphEqualityTest compares, whose
 * scripts are DmaResv's own actions. MCDmaResv_Ind (SlotInv's inductive check, two tasks whose
 * calls also run in the test's thread) is driven from each initial state built by injection
 * ({@link InjectedResvPlanner}).
 */
public final class ResvVocabulary implements Vocabulary {
    public static final String NAME = "dma_resv";
    /** The inductive-invariant module (SlotInv), driven from injected states ({@link InjectedResvPlanner}). */
    static final String INDUCTIVE = "MCDmaResv_Ind";

    /** The cfgs driven: MCDmaResv's one-process models. */
    private static final Set<String> CFGS = Set.of("MCDmaResv.cfg", "MCDmaResv_CpuAccess.cfg", "MCDmaResv_Uapi.cfg",
            "MCDmaResv_LiveDriver.cfg", "MCDmaResv_LivePoll.cfg", "MCDmaResv_Deep.cfg", "MCDmaResv_UapiDeep.cfg",
            "MCDmaResv_Live.cfg");

    private static final DmaResvRelations RELATIONS = new DmaResvRelations();

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public boolean handles(Model model) {
        return model.moduleName().equals("MCDmaResv") && CFGS.contains(model.cfg()) || scenario(model)
                || model.moduleName().equals(INDUCTIVE);
    }

    /** A scenario script over DmaResv's own actions (not a cfg that substitutes a mutant operator). */
    private static boolean scenario(Model model) {
        return ResvScenarios.MODULES.contains(model.moduleName()) && RELATIONS.handles(model);
    }


    @Override
    public List<String> constants(Model model) {
        // the same as DmaResvRelations', so the state graph is shared with StateGraphEqualityTest
        return RELATIONS.constants(model);
    }

    @Override
    public Planner planner(Model model, Map<String, TlaValue> constants) {
        if (model.moduleName().equals(INDUCTIVE)) {
            return new InjectedResvPlanner(ResvConstants.of(constants));
        }
        boolean scenario = scenario(model);
        ResvPlanner p = new ResvPlanner(ResvConstants.of(constants), scenario);
        return scenario ? new ScenarioPlanner(p) : p;
    }

    @Override
    public List<TestRun> run(List<GeneratedTest> tests, Set<String> injections) {
        refuseInjections(injections);
        List<GeneratedTest> fresh = tests.stream().filter(t -> t.initial() == null).toList();
        List<TestRun> out = new java.util.ArrayList<>(fresh.isEmpty() ? List.of() : ResvExecutor.RUNNER.run(fresh, injections));
        out.addAll(ResvExecutor.INJECTED.run(tests.stream().filter(t -> t.initial() != null).toList(), injections));
        return out;
    }
}
