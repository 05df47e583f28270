package org.dmabufspec.conformance.testgen.ww;

import java.util.List;
import java.util.Map;
import java.util.Set;

import org.dmabufspec.conformance.relation.ww.WwMutexConstants;
import org.dmabufspec.conformance.testgen.GeneratedTest;
import org.dmabufspec.conformance.testgen.TestRun;
import org.dmabufspec.conformance.testgen.Vocabulary;
import org.dmabufspec.tlc.Model;
import org.dmabufspec.tlc.TlaValue;

/**
 * MCWwMutex's models (wait-die with contexts and NULL-context threads) driven on the reference
 * implementation's {@code WwMutex} through {@code DmaResv}'s lock calls, one executor thread per
 * model thread. The inductive models (MCWwMutex_Ind), whose initial states are every invariant
 * state of a bounded domain, are driven from each such state built before the test
 * ({@link InjectedWwPlanner}).
 */
public final class WwVocabulary implements Vocabulary {
    public static final String NAME = "ww_mutex";
    /** The inductive-invariant module, driven from injected states. */
    static final String INDUCTIVE = "MCWwMutex_Ind";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public boolean handles(Model model) {
        return model.moduleName().equals("MCWwMutex") || model.moduleName().equals(INDUCTIVE);
    }

    @Override
    public List<String> constants(Model model) {
        return WwMutexConstants.NAMES; // the same as WwMutexRelations', so the graph is shared with StateGraphEqualityTest
    }

    @Override
    public Planner planner(Model model, Map<String, TlaValue> constants) {
        WwMutexConstants k = WwMutexConstants.fromPrinted(constants);
        return model.moduleName().equals(INDUCTIVE) ? new InjectedWwPlanner(k) : new WwPlanner(k);
    }

    @Override
    public List<TestRun> run(List<GeneratedTest> tests, Set<String> injections) {
        refuseInjections(injections);
        List<GeneratedTest> fresh = tests.stream().filter(t -> t.initial() == null).toList();
        List<TestRun> out = new java.util.ArrayList<>(fresh.isEmpty() ? List.of() : WwExecutor.RUNNER.run(fresh, injections));
        out.addAll(WwExecutor.INJECTED.run(tests.stream().filter(t -> t.initial() != null).toList(), injections));
        return out;
    }
}
