package org.dmabufspec.conformance.relation.attach;

import java.util.List;
import java.util.Map;
import java.util.Set;

import org.dmabufspec.conformance.relation.RelationProvider;
import org.dmabufspec.conformance.relation.SpecRelation;
import org.dmabufspec.tlc.Model;
import org.dmabufspec.tlc.TlaValue;

/**
 * The DmaBufAttach models the Java relation mirrors. Which operators a cfg substitutes and which
 * SPECIFICATION it checks is not something TLC can print, so the cfgs are listed here: the
 * MCDmaBufAttach cfgs below substitute constants only (Spec or LiveSpec, same state graph);
 * MCDmaBufAttach_Ind checks IndSpec (Init is the predicate IndInit, enumerated by TLC) except
 * the _Ind_Reach_ cfg, which checks Spec. Mutant models (own modules) are not handled.
 */
public final class DmaBufAttachProvider implements RelationProvider {
    static final Set<String> MC_CFGS = Set.of(
            "MCDmaBufAttach_6_1.cfg", "MCDmaBufAttach_6_1_StaticExporter.cfg",
            "MCDmaBufAttach_6_2.cfg", "MCDmaBufAttach_6_2_CacheSgt.cfg", "MCDmaBufAttach_6_2_NoMoveNotify.cfg",
            "MCDmaBufAttach_6_15.cfg", "MCDmaBufAttach_6_15_NoMoveNotify.cfg", "MCDmaBufAttach_6_15_P2P.cfg",
            "MCDmaBufAttach_6_15_Bookkeep.cfg",
            "MCDmaBufAttach_7_1.cfg",
            "MCDmaBufAttach_Live_6_1.cfg", "MCDmaBufAttach_Live_6_2.cfg", "MCDmaBufAttach_Live_6_15.cfg",
            "MCDmaBufAttach_Live_7_1.cfg");
    static final Set<String> IND_SPEC_CFGS = Set.of("MCDmaBufAttach_Ind_6_15.cfg", "MCDmaBufAttach_Ind_7_1.cfg");
    static final Set<String> IND_REACH_CFGS = Set.of("MCDmaBufAttach_Ind_Reach_6_15.cfg");

    @Override
    public boolean handles(Model model) {
        return switch (model.moduleName()) {
            case "MCDmaBufAttach" -> MC_CFGS.contains(model.cfg());
            case "MCDmaBufAttach_Ind" -> IND_SPEC_CFGS.contains(model.cfg()) || IND_REACH_CFGS.contains(model.cfg());
            default -> false;
        };
    }

    @Override
    public List<String> constants(Model model) {
        return AttachConstants.NAMES;
    }

    @Override
    public SpecRelation<?> relation(Model model, Map<String, TlaValue> constants) {
        if (!handles(model)) {
            throw new IllegalArgumentException("model " + model.name() + " (" + model.module() + ", " + model.cfg()
                    + ") is not a DmaBufAttach model this relation mirrors");
        }
        return new DmaBufAttachRelation(AttachConstants.from(constants), IND_SPEC_CFGS.contains(model.cfg()));
    }
}
