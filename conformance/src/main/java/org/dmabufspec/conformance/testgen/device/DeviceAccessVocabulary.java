package org.dmabufspec.conformance.testgen.device;

import java.util.List;
import java.util.Map;
import java.util.Set;

import org.dmabufspec.conformance.relation.device.DeviceAccessConstants;
import org.dmabufspec.conformance.testgen.BatchVocabulary;
import org.dmabufspec.conformance.testgen.GeneratedTest;
import org.dmabufspec.tlc.Model;
import org.dmabufspec.tlc.TlaValue;

/**
 * MCDmaBufDeviceAccess's models (device jobs that outlive the importer's mappings, translations
 * per mapping, move_notify as "zap the PTEs" plus "the TLB flush fence signals", several mappings
 * per attachment, two importers, read-and-discard in 7.1) driven on the reference implementation's
 * {@code gpuvm.VmImporter} devices and a {@code VramExporter} buffer, in the test's own thread.
 */
public final class DeviceAccessVocabulary extends BatchVocabulary {
    public static final String NAME = "dma_buf_device_access";
    /** The cfgs whose constants this driver builds: those DmaBufDeviceAccessProvider mirrors (no mutant operator). */
    private static final Set<String> CFGS = Set.of("MCDmaBufDeviceAccess_6_15.cfg", "MCDmaBufDeviceAccess_6_15_Remap.cfg",
            "MCDmaBufDeviceAccess_6_15_Static.cfg", "MCDmaBufDeviceAccess_7_1.cfg", "MCDmaBufDeviceAccess_7_1_Remap.cfg");

    /**
     * move-notify-one-mapping: the importer's move_notify invalidates and zaps only its newest mapping, the code
     * of the mutant DmaBufDeviceAccess_MoveNotifyOneMapping (an importer that tracks only its current mapping).
     */
    private static final Map<String, String> INJECTIONS = Map.of("move-notify-one-mapping", "R4");

    public DeviceAccessVocabulary() {
        // the provider's constants, so the graph is shared with StateGraphEqualityTest
        super(NAME, DeviceAccessConstants.NAMES, INJECTIONS, DeviceAccessExecutor::new);
    }

    @Override
    public boolean handles(Model model) {
        return model.moduleName().equals("MCDmaBufDeviceAccess") && CFGS.contains(model.cfg());
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
    protected String behaviour(List<GeneratedTest> tests) {
        return behaviourOfSetup(tests);
    }
}
