package org.dmabufspec.conformance.relation.coherency;

import java.util.List;
import java.util.Map;
import java.util.Set;

import org.dmabufspec.conformance.relation.RelationProvider;
import org.dmabufspec.conformance.relation.SpecRelation;
import org.dmabufspec.tlc.Model;
import org.dmabufspec.tlc.TlaValue;

/**
 * The DmaBufCoherency.tla models whose MC module checks the spec's own Next: MCDmaBufCoherency
 * (and the seed/bug modules that only EXTEND it), and MCDmaBufCoherency_Ind, whose Init is the
 * predicate IndInit. MCDmaBufCoherency_NoSyncBracket and _UnmapInSyncWindow add mutated actions
 * and are not mirrored.
 */
public final class DmaBufCoherencyRelations implements RelationProvider {
    private static final String INDUCTIVE_MODULE = "MCDmaBufCoherency_Ind";
    private static final Set<String> MODULES = Set.of("MCDmaBufCoherency", INDUCTIVE_MODULE,
            "MCDmaBufCoherency_Seed004", "MCDmaBufCoherency_Seed004ToDevice", "MCDmaBufCoherency_InvalFromDevice");

    @Override
    public boolean handles(Model model) {
        return MODULES.contains(model.moduleName());
    }

    @Override
    public List<String> constants(Model model) {
        return CoherencyConstants.NAMES;
    }

    @Override
    public SpecRelation<?> relation(Model model, Map<String, TlaValue> constants) {
        return new DmaBufCoherencyRelation(CoherencyConstants.fromPrinted(constants),
                model.moduleName().equals(INDUCTIVE_MODULE));
    }
}
