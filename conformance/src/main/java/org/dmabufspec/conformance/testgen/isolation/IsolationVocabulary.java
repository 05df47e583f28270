package org.dmabufspec.conformance.testgen.isolation;

import java.util.List;
import java.util.Map;

import org.dmabufspec.conformance.relation.ModelNames;
import org.dmabufspec.conformance.testgen.BatchVocabulary;
import org.dmabufspec.conformance.testgen.GeneratedTest;
import org.dmabufspec.tlc.Model;
import org.dmabufspec.tlc.TlaValue;

/**
 * MCDmaBufIsolation (devices, buffers, regions) driven on a {@code VramExporter} whose VRAM is a
 * {@code VramRegionPool} of the model's regions, so that a region one buffer freed may later back
 * another: attach and detach of dynamic importers, device accesses through their mappings, and
 * the memory manager's moves (one region taken, the old one freed after the move fence). Each
 * test starts from its path's initial owner assignment, built by allocation calls (buffers created
 * in the wanted regions, the others in GTT); the trace checker judges every batch.
 */
public final class IsolationVocabulary extends BatchVocabulary {
    public static final String NAME = "dma_buf_isolation";
    /** The model is about no kernel version; 6.15 frees a move's old storage at the move fence. */
    static final String BEHAVIOUR = "6.15";
    /** skip-move-notify: an importer keeps its mapping of a region the pool hands to another buffer. */
    private static final Map<String, String> INJECTIONS = Map.of("skip-move-notify", "R4");

    public IsolationVocabulary() {
        // DmaBufIsolationProvider's constants: the graph is shared
        super(NAME, List.of("Devices", "Buffers", "Regions"), INJECTIONS, IsolationExecutor::new);
    }

    @Override
    public boolean handles(Model model) {
        return model.moduleName().equals("MCDmaBufIsolation");
    }

    @Override
    public Planner planner(Model model, Map<String, TlaValue> constants) {
        ModelNames.Printed p = ModelNames.printed(constants, "DmaBufIsolation");
        return new IsolationPlanner(p.models("Devices"), p.models("Buffers"), p.models("Regions"));
    }

    @Override
    protected String behaviour(List<GeneratedTest> tests) {
        return BEHAVIOUR;
    }
}
