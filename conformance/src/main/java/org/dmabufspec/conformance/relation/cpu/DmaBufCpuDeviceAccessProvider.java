package org.dmabufspec.conformance.relation.cpu;

import java.util.List;
import java.util.Map;
import java.util.Set;

import org.dmabufspec.conformance.relation.RelationProvider;
import org.dmabufspec.conformance.relation.SpecRelation;
import org.dmabufspec.tlc.Model;
import org.dmabufspec.tlc.TlaValue;

/**
 * The DmaBufCpuDeviceAccess models the Java relation mirrors: the default-tier cfg, whose graph
 * StateGraphEqualityTest compares. The deep cfgs of the same module substitute constants only too
 * (their graphs, 57-58k states, are not compared); the mutant modules replace actions.
 */
public final class DmaBufCpuDeviceAccessProvider implements RelationProvider {
    static final Set<String> MC_CFGS = Set.of("MCDmaBufCpuDeviceAccess_6_15_Small.cfg");

    @Override
    public boolean handles(Model model) {
        return model.moduleName().equals("MCDmaBufCpuDeviceAccess") && MC_CFGS.contains(model.cfg());
    }

    @Override
    public List<String> constants(Model model) {
        return CpuDeviceAccessConstants.NAMES;
    }

    @Override
    public SpecRelation<?> relation(Model model, Map<String, TlaValue> constants) {
        if (!handles(model)) {
            throw new IllegalArgumentException("model " + model.name() + " (" + model.module() + ", " + model.cfg()
                    + ") is not a DmaBufCpuDeviceAccess model this relation mirrors");
        }
        return new DmaBufCpuDeviceAccessRelation(CpuDeviceAccessConstants.from(constants));
    }
}
