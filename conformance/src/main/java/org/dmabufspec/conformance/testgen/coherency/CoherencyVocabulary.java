package org.dmabufspec.conformance.testgen.coherency;

import java.util.List;
import java.util.Map;
import java.util.Set;

import org.dmabufspec.conformance.relation.coherency.CoherencyConstants;
import org.dmabufspec.conformance.testgen.BatchRunner;
import org.dmabufspec.conformance.testgen.GeneratedTest;
import org.dmabufspec.conformance.testgen.TestRun;
import org.dmabufspec.conformance.testgen.Vocabulary;
import org.dmabufspec.coherency.NonCoherentBuffer;
import org.dmabufspec.tlc.Model;
import org.dmabufspec.tlc.TlaValue;

/**
 * MCDmaBufCoherency and MCDmaBufCoherency_Ind (one system-heap buffer on non-coherent arm64: SYNC brackets, map/unmap by DMA
 * direction, the cache's own evictions and fills, the device's DMA) driven on the reference
 * implementation's {@code coherency.NonCoherentBuffer}, in the test's own thread, on a kernel of the
 * model's KernelBehaviour.
 */
public final class CoherencyVocabulary implements Vocabulary {
    public static final String NAME = "dma_buf_coherency";
    /** The inductive-invariant models: every state satisfying IndInv is initial, each test injects its first state. */
    static final String INDUCTIVE_MODULE = "MCDmaBufCoherency_Ind";

    private static final Map<String, String> INJECTIONS = Map.of(NonCoherentBuffer.END_CPU_ACCESS_WITHOUT_SYNC, "U1");

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public boolean handles(Model model) {
        return model.moduleName().equals("MCDmaBufCoherency") || model.moduleName().equals(INDUCTIVE_MODULE);
    }

    @Override
    public List<String> constants(Model model) {
        return CoherencyConstants.NAMES; // the relation's, so the graph is shared with StateGraphEqualityTest
    }

    @Override
    public Map<String, String> injections() {
        return INJECTIONS;
    }

    @Override
    public Planner planner(Model model, Map<String, TlaValue> constants) {
        return new CoherencyPlanner(CoherencyConstants.fromPrinted(constants), model.moduleName().equals(INDUCTIVE_MODULE));
    }

    @Override
    public List<TestRun> run(List<GeneratedTest> tests, Set<String> injections) {
        refuseInjections(injections);
        if (tests.isEmpty()) {
            return List.of();
        }
        // one model's tests share its constants, so its kernel version (the setup call carries it)
        Set<String> kernels = new java.util.TreeSet<>();
        tests.forEach(t -> kernels.add(t.setup().get(0).args().get("kernel"))); // dma_buf_export or inject_state
        if (kernels.size() != 1) {
            throw new IllegalArgumentException("dma_buf_coherency tests of several kernel versions in one run: " + kernels);
        }
        return new BatchRunner(kernels.iterator().next(), 100, CoherencyExecutor::new).run(tests, injections);
    }
}
