package org.dmabufspec.conformance.testgen.fence;

import java.util.List;
import java.util.Map;
import java.util.Set;

import org.dmabufspec.conformance.relation.fence.FenceConstants;
import org.dmabufspec.conformance.testgen.GeneratedTest;
import org.dmabufspec.conformance.testgen.TestRun;
import org.dmabufspec.conformance.testgen.Vocabulary;
import org.dmabufspec.fence.FenceBug;
import org.dmabufspec.tlc.Model;
import org.dmabufspec.tlc.TlaValue;

/**
 * DmaFence.tla's models (MCDmaFence, MCDmaFence_Release, the st-dma-fence scenarios MCDmaFence_St
 * and the mutants of these) driven on the reference implementation's {@code DmaFence}. The
 * inductive model MCDmaFence_Ind, whose initial states are every CallbackInv state of a bounded
 * domain (which no sequence of calls on fresh fences reaches), is driven from fences built in each
 * such state by injection ({@link InjectedFencePlanner}).
 */
public final class FenceVocabulary implements Vocabulary {
    public static final String NAME = "dma_fence";
    /** The inductive-invariant module, driven from injected states. */
    static final String INDUCTIVE = "MCDmaFence_Ind";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public boolean handles(Model model) {
        String m = model.moduleName();
        return m.startsWith("MCDmaFence") && !m.startsWith("MCDmaFence_Ind") || m.equals(INDUCTIVE);
    }

    @Override
    public List<String> constants(Model model) {
        return FenceConstants.NAMES;
    }

    @Override
    public Planner planner(Model model, Map<String, TlaValue> constants) {
        if (model.moduleName().equals(INDUCTIVE)) {
            return new InjectedFencePlanner(FenceConstants.of(constants));
        }
        return new FencePlanner(FenceConstants.of(constants));
    }

    @Override
    public List<TestRun> run(List<GeneratedTest> tests, Set<String> injections) {
        return FenceExecutor.run(tests, injections);
    }

    @Override
    public java.util.Optional<String> bugOf(Model mutant) {
        return java.util.Arrays.stream(FenceBug.values()).filter(b -> b.model().equals(mutant.name())).map(FenceBug::text).findFirst();
    }

    @Override
    public Map<String, String> injections() {
        Map<String, String> out = new java.util.LinkedHashMap<>();
        for (FenceBug b : FenceBug.values()) {
            out.put(b.text(), b.rule());
        }
        return out;
    }
}
