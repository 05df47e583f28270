package org.dmabufspec.conformance.testgen.cpu;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.dmabufspec.conformance.relation.ModelNames;
import org.dmabufspec.conformance.relation.cpu.DmaBufCpuAccessProvider;
import org.dmabufspec.conformance.testgen.BatchVocabulary;
import org.dmabufspec.conformance.testgen.GeneratedTest;
import org.dmabufspec.tlc.Model;
import org.dmabufspec.tlc.TlaValue;

/**
 * MCDmaBufCpuAccess (a userspace mmap and a kernel vmap of a buffer its exporter moves) driven on
 * the reference implementation's {@code cpuvm.CpuMmap} and {@code cpuvm.CpuVmap} over a
 * {@code VramExporter} buffer, in the test's own thread.
 */
public final class CpuAccessVocabulary extends BatchVocabulary {
    public static final String NAME = "dma_buf_cpu_access";
    /** The behaviour the tests' kernel has: the model is about no kernel version; vmap takes the reservation (6.2+). */
    static final String BEHAVIOUR = "6.15";

    /** move-without-zap: the exporter's move skips unmap_mapping_range, the code of DmaBufCpuAccess_MoveWithoutZap. */
    private static final Map<String, String> INJECTIONS = Map.of("move-without-zap", "R21");

    public CpuAccessVocabulary() {
        // the provider's constants, so the graph is shared with StateGraphEqualityTest
        super(NAME, DmaBufCpuAccessProvider.NAMES, INJECTIONS, CpuAccessExecutor::new);
    }

    @Override
    public boolean handles(Model model) {
        // the ok model, and the mutant whose code the injectable bug is (its counterexample replays)
        return model.moduleName().equals("MCDmaBufCpuAccess") || model.moduleName().equals("MCDmaBufCpuAccess_MoveWithoutZap");
    }

    @Override
    public Optional<String> bugOf(Model mutant) {
        return mutant.moduleName().equals("MCDmaBufCpuAccess_MoveWithoutZap") ? Optional.of("move-without-zap") : Optional.empty();
    }

    @Override
    public Planner planner(Model model, Map<String, TlaValue> constants) {
        ModelNames.Printed p = ModelNames.printed(constants, "DmaBufCpuAccess");
        return new CpuAccessPlanner(p.model("Buffer"), p.models("MmapUsers"), p.models("VmapUsers"), p.models("Regions"),
                p.model("InitRegion"));
    }

    @Override
    protected String behaviour(List<GeneratedTest> tests) {
        return BEHAVIOUR;
    }
}
