package org.dmabufspec.conformance.relation.device;

import java.util.List;
import java.util.Map;
import java.util.Set;

import org.dmabufspec.conformance.relation.RelationProvider;
import org.dmabufspec.conformance.relation.SpecRelation;
import org.dmabufspec.tlc.Model;
import org.dmabufspec.tlc.TlaValue;

/**
 * The DmaBufDeviceAccess models the Java relation mirrors: the MCDmaBufDeviceAccess cfgs that
 * substitute constants only (no SYMMETRY, no operator replaced). Mutant models (own modules) and
 * the deep models (symmetry) are not handled.
 */
public final class DmaBufDeviceAccessProvider implements RelationProvider {
    static final Set<String> MC_CFGS = Set.of("MCDmaBufDeviceAccess_6_15.cfg", "MCDmaBufDeviceAccess_6_15_Remap.cfg",
            "MCDmaBufDeviceAccess_6_15_Static.cfg", "MCDmaBufDeviceAccess_7_1.cfg", "MCDmaBufDeviceAccess_7_1_Remap.cfg");

    @Override
    public boolean handles(Model model) {
        return model.moduleName().equals("MCDmaBufDeviceAccess") && MC_CFGS.contains(model.cfg());
    }

    @Override
    public List<String> constants(Model model) {
        return DeviceAccessConstants.NAMES;
    }

    @Override
    public SpecRelation<?> relation(Model model, Map<String, TlaValue> constants) {
        if (!handles(model)) {
            throw new IllegalArgumentException("model " + model.name() + " (" + model.module() + ", " + model.cfg()
                    + ") is not a DmaBufDeviceAccess model this relation mirrors");
        }
        return new DmaBufDeviceAccessRelation(DeviceAccessConstants.from(constants));
    }
}
