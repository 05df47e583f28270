package org.dmabufspec.conformance.testgen.eviction;

import java.util.List;
import java.util.Map;
import java.util.Set;

import org.dmabufspec.conformance.relation.eviction.WwEvictionConstants;
import org.dmabufspec.conformance.testgen.GeneratedTest;
import org.dmabufspec.conformance.testgen.TestRun;
import org.dmabufspec.conformance.testgen.Vocabulary;
import org.dmabufspec.tlc.Model;
import org.dmabufspec.tlc.TlaValue;

/**
 * MCDmaBufWwEviction's models (importers whose map or pin evicts another buffer under their ww
 * ticket: -EDEADLK, backoff, dma_resv_lock_slow and retry; a static importer's KERNEL-fence wait
 * and its -ERESTARTSYS) driven on the reference implementation's {@code VramExporter.contendedVram},
 * one executor thread per importer. Kernel behaviour 6.15 (dma_buf_pin_on_map), as the spec's.
 */
public final class EvictionVocabulary implements Vocabulary {
    public static final String NAME = "dma_buf_ww_eviction";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public boolean handles(Model model) {
        return model.moduleName().equals("MCDmaBufWwEviction");
    }

    @Override
    public List<String> constants(Model model) {
        return WwEvictionConstants.NAMES; // the same as WwEvictionRelations', so the graph is shared with StateGraphEqualityTest
    }

    @Override
    public Planner planner(Model model, Map<String, TlaValue> constants) {
        return new EvictionPlanner(WwEvictionConstants.fromPrinted(constants));
    }

    @Override
    public List<TestRun> run(List<GeneratedTest> tests, Set<String> injections) {
        refuseInjections(injections);
        return EvictionExecutor.RUNNER.run(tests, injections);
    }
}
