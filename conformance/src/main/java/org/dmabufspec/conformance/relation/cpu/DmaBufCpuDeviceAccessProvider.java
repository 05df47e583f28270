package org.dmabufspec.conformance.relation.cpu;

import java.util.List;
import java.util.Map;
import java.util.Set;

import org.dmabufspec.conformance.relation.RelationProvider;
import org.dmabufspec.conformance.relation.SpecRelation;
import org.dmabufspec.tlc.Model;
import org.dmabufspec.tlc.TlaValue;

/**
 * The DmaBufCpuDeviceAccess models the Java relation mirrors: every cfg of MCDmaBufCpuDeviceAccess that
 * substitutes constants only: the default-tier one (6.15, one importer), whose graph StateGraphEqualityTest
 * compares in every build, and the deep ones (7.1 with one read-and-discard importer, two importers, 7.1
 * with a zapping and a read-and-discard importer, the liveness cfgs, whose graph is CpuDevSpec's), compared
 * in the full set; and the cfgs of MCDmaBufCpuDeviceAccess_Ind (IndSpec: Init is the predicate CpuIndInit, enumerated
 * by TLC; the _Ind_Reach_ cfg checks CpuDevSpec). The mutant modules replace actions and are not handled.
 */
public final class DmaBufCpuDeviceAccessProvider implements RelationProvider {
    static final Set<String> MC_CFGS = Set.of("MCDmaBufCpuDeviceAccess_6_15_Small.cfg", "MCDmaBufCpuDeviceAccess_7_1_Small.cfg",
            "MCDmaBufCpuDeviceAccess_6_15.cfg",
            "MCDmaBufCpuDeviceAccess_7_1.cfg", "MCDmaBufCpuDeviceAccess_6_15_One.cfg", "MCDmaBufCpuDeviceAccess_Live_6_15.cfg",
            "MCDmaBufCpuDeviceAccess_Live_7_1.cfg", "MCDmaBufCpuDeviceAccess_Live_6_15_Pair.cfg");
    static final Set<String> IND_SPEC_CFGS = Set.of("MCDmaBufCpuDeviceAccess_Ind_6_15.cfg");
    static final Set<String> IND_REACH_CFGS = Set.of("MCDmaBufCpuDeviceAccess_Ind_Reach_6_15.cfg");

    @Override
    public boolean handles(Model model) {
        return switch (model.moduleName()) {
            case "MCDmaBufCpuDeviceAccess" -> MC_CFGS.contains(model.cfg());
            case "MCDmaBufCpuDeviceAccess_Ind" -> IND_SPEC_CFGS.contains(model.cfg()) || IND_REACH_CFGS.contains(model.cfg());
            default -> false;
        };
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
        return new DmaBufCpuDeviceAccessRelation(CpuDeviceAccessConstants.from(constants), IND_SPEC_CFGS.contains(model.cfg()));
    }
}
