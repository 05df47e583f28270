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
 * model thread. The inductive models (MCWwMutex_Ind) are not: their initial states are every
 * invariant state of a bounded domain.
 */
public final class WwVocabulary implements Vocabulary {
    public static final String NAME = "ww_mutex";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public boolean handles(Model model) {
        return model.moduleName().equals("MCWwMutex");
    }

    @Override
    public List<String> constants(Model model) {
        return WwMutexConstants.NAMES; // the same as WwMutexRelations', so the graph is shared with StateGraphEqualityTest
    }

    @Override
    public Planner planner(Model model, Map<String, TlaValue> constants) {
        return new WwPlanner(WwMutexConstants.fromPrinted(constants));
    }

    @Override
    public List<TestRun> run(List<GeneratedTest> tests, Set<String> injections) {
        refuseInjections(injections);
        return WwExecutor.RUNNER.run(tests, injections);
    }
}
