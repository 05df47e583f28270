package org.dmabufspec.conformance.testgen.device;

import java.util.List;
import java.util.Map;
import java.util.Set;

import org.dmabufspec.conformance.relation.device.DeviceAccessConstants;
import org.dmabufspec.conformance.testgen.BatchRunner;
import org.dmabufspec.conformance.testgen.GeneratedTest;
import org.dmabufspec.conformance.testgen.KernelCall;
import org.dmabufspec.conformance.testgen.TestRun;
import org.dmabufspec.conformance.testgen.Vocabulary;
import org.dmabufspec.tlc.Model;
import org.dmabufspec.tlc.TlaValue;

/**
 * MCDmaBufDeviceAccess's models (device jobs that outlive the importer's mappings, translations
 * per mapping, move_notify as "zap the PTEs" plus "the TLB flush fence signals", several mappings
 * per attachment, two importers, read-and-discard in 7.1) driven on the reference implementation's
 * {@code gpuvm.VmImporter} devices and a {@code VramExporter} buffer, in the test's own thread.
 */
public final class DeviceAccessVocabulary implements Vocabulary {
    public static final String NAME = "dma_buf_device_access";
    /** The cfgs whose constants this driver builds: those DmaBufDeviceAccessProvider mirrors (no mutant operator). */
    private static final Set<String> CFGS = Set.of("MCDmaBufDeviceAccess_6_15.cfg", "MCDmaBufDeviceAccess_6_15_Remap.cfg",
            "MCDmaBufDeviceAccess_6_15_Static.cfg", "MCDmaBufDeviceAccess_7_1.cfg", "MCDmaBufDeviceAccess_7_1_Remap.cfg");

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public boolean handles(Model model) {
        return model.moduleName().equals("MCDmaBufDeviceAccess") && CFGS.contains(model.cfg());
    }

    @Override
    public List<String> constants(Model model) {
        return DeviceAccessConstants.NAMES; // the provider's, so the graph is shared with StateGraphEqualityTest
    }

    /**
     * move-notify-one-mapping: the importer's move_notify invalidates and zaps only its newest mapping, the code
     * of the mutant DmaBufDeviceAccess_MoveNotifyOneMapping (an importer that tracks only its current mapping).
     */
    private static final Map<String, String> INJECTIONS = Map.of("move-notify-one-mapping", "R4");

    @Override
    public Map<String, String> injections() {
        return INJECTIONS;
    }

    @Override
    public java.util.Optional<String> bugOf(Model mutant) {
        return mutant.moduleName().equals("MCDmaBufDeviceAccess_MoveNotifyOneMapping")
                ? java.util.Optional.of("move-notify-one-mapping") : java.util.Optional.empty();
    }

    @Override
    public Planner planner(Model model, Map<String, TlaValue> constants) {
        return new DeviceAccessPlanner(DeviceAccessConstants.from(constants));
    }

    @Override
    public List<TestRun> run(List<GeneratedTest> tests, Set<String> injections) {
        refuseInjections(injections);
        if (tests.isEmpty()) {
            return List.of();
        }
        KernelCall k = tests.get(0).setup().stream().filter(c -> c.op().equals("kernel")).findFirst()
                .orElseThrow(() -> new IllegalArgumentException(tests.get(0).name() + ": no kernel call in the setup"));
        return new BatchRunner(k.args().get("behaviour"), 100, DeviceAccessExecutor::new).run(tests, injections);
    }
}
