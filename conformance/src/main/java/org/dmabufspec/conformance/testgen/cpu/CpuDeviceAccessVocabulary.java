package org.dmabufspec.conformance.testgen.cpu;

import java.util.List;
import java.util.Map;

import org.dmabufspec.conformance.relation.cpu.CpuDeviceAccessConstants;
import org.dmabufspec.conformance.relation.cpu.DmaBufCpuDeviceAccessProvider;
import org.dmabufspec.conformance.testgen.BatchVocabulary;
import org.dmabufspec.conformance.testgen.GeneratedTest;
import org.dmabufspec.tlc.Model;
import org.dmabufspec.tlc.TlaValue;

/**
 * MCDmaBufCpuDeviceAccess's models (a process's mmap, a kernel vmap and one or two dynamic
 * importers' devices on one buffer a TTM-style exporter moves, 6.15 or 7.1) driven on the reference
 * implementation's {@code cpuvm} mappings, {@code gpuvm.VmImporter} devices and a
 * {@code VramExporter} buffer, in the test's own thread.
 */
public final class CpuDeviceAccessVocabulary extends BatchVocabulary {
    public static final String NAME = "dma_buf_cpu_device_access";
    private static final DmaBufCpuDeviceAccessProvider PROVIDER = new DmaBufCpuDeviceAccessProvider();

    /**
     * move-without-zap: the exporter's move skips unmap_mapping_range (the bug CpuAccessVocabulary plants too; the code of
     * DmaBufCpuDeviceAccess_ZapMissesDmaBufMmap, whose zap does not reach the fd's mmaps).
     */
    private static final Map<String, String> INJECTIONS = Map.of("move-without-zap", "R21");

    public CpuDeviceAccessVocabulary() {
        // the provider's constants, so the graph is shared with StateGraphEqualityTest
        super(NAME, CpuDeviceAccessConstants.NAMES, INJECTIONS, CpuDeviceAccessExecutor::new);
    }

    @Override
    public boolean handles(Model model) {
        // the ok cfgs the Java relation mirrors (the planner decodes states with it); not its inductive cfgs
        return model.moduleName().equals("MCDmaBufCpuDeviceAccess") && PROVIDER.handles(model);
    }

    @Override
    public Planner planner(Model model, Map<String, TlaValue> constants) {
        return new CpuDeviceAccessPlanner(CpuDeviceAccessConstants.from(constants));
    }

    @Override
    protected String behaviour(List<GeneratedTest> tests) {
        return behaviourOfSetup(tests);
    }
}
