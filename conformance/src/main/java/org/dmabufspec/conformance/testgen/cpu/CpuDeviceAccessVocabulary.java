package org.dmabufspec.conformance.testgen.cpu;

import java.util.List;
import java.util.Map;
import java.util.Set;

import org.dmabufspec.conformance.relation.cpu.CpuDeviceAccessConstants;
import org.dmabufspec.conformance.relation.cpu.DmaBufCpuDeviceAccessProvider;
import org.dmabufspec.conformance.testgen.BatchRunner;
import org.dmabufspec.conformance.testgen.GeneratedTest;
import org.dmabufspec.conformance.testgen.KernelCall;
import org.dmabufspec.conformance.testgen.TestRun;
import org.dmabufspec.conformance.testgen.Vocabulary;
import org.dmabufspec.tlc.Model;
import org.dmabufspec.tlc.TlaValue;

/**
 * MCDmaBufCpuDeviceAccess's models (a process's mmap, a kernel vmap and one or two dynamic
 * importers' devices on one buffer a TTM-style exporter moves, 6.15 or 7.1) driven on the reference
 * implementation's {@code cpuvm} mappings, {@code gpuvm.VmImporter} devices and a
 * {@code VramExporter} buffer, in the test's own thread.
 */
public final class CpuDeviceAccessVocabulary implements Vocabulary {
    public static final String NAME = "dma_buf_cpu_device_access";
    private static final DmaBufCpuDeviceAccessProvider PROVIDER = new DmaBufCpuDeviceAccessProvider();

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public boolean handles(Model model) {
        // the ok cfgs the Java relation mirrors (the planner decodes states with it); not its inductive cfgs
        return model.moduleName().equals("MCDmaBufCpuDeviceAccess") && PROVIDER.handles(model);
    }

    @Override
    public List<String> constants(Model model) {
        return CpuDeviceAccessConstants.NAMES; // the provider's, so the graph is shared with StateGraphEqualityTest
    }

    /**
     * move-without-zap: the exporter's move skips unmap_mapping_range (the bug CpuAccessVocabulary plants too; the code of
     * DmaBufCpuDeviceAccess_ZapMissesDmaBufMmap, whose zap does not reach the fd's mmaps).
     */
    private static final Map<String, String> INJECTIONS = Map.of("move-without-zap", "R21");

    @Override
    public Map<String, String> injections() {
        return INJECTIONS;
    }

    @Override
    public Planner planner(Model model, Map<String, TlaValue> constants) {
        return new CpuDeviceAccessPlanner(CpuDeviceAccessConstants.from(constants));
    }

    @Override
    public List<TestRun> run(List<GeneratedTest> tests, Set<String> injections) {
        refuseInjections(injections);
        if (tests.isEmpty()) {
            return List.of();
        }
        KernelCall k = tests.get(0).setup().stream().filter(c -> c.op().equals("kernel")).findFirst()
                .orElseThrow(() -> new IllegalArgumentException(tests.get(0).name() + ": no kernel call in the setup"));
        return new BatchRunner(k.args().get("behaviour"), 100, CpuDeviceAccessExecutor::new).run(tests, injections);
    }
}
