package org.dmabufspec.conformance.relation.attach;

import java.util.List;
import java.util.Map;

import org.dmabufspec.conformance.relation.RelationProvider;
import org.dmabufspec.conformance.relation.SpecRelation;
import org.dmabufspec.tlc.Model;
import org.dmabufspec.tlc.TlaValue;

/**
 * The DmaBufAttach models whose MC module adds nothing but constants and fairness
 * (MCDmaBufAttach) or an enumerated Init (MCDmaBufAttach_Ind). Mutant modules override actions
 * and are not mirrored.
 */
public final class DmaBufAttachProvider implements RelationProvider {
    static final String MC_MODULE = "MCDmaBufAttach.tla";
    /** IndSpec == IndInit /\ [][Next]_vars: TLC enumerates the initial states from IndInv. */
    static final String IND_MODULE = "MCDmaBufAttach_Ind.tla";

    @Override
    public boolean handles(Model model) {
        return model.module().equals(MC_MODULE) || model.module().equals(IND_MODULE);
    }

    @Override
    public List<String> constants(Model model) {
        return AttachConstants.NAMES;
    }

    @Override
    public SpecRelation<?> relation(Model model, Map<String, TlaValue> constants) {
        return new DmaBufAttachRelation(AttachConstants.from(constants), model.module().equals(IND_MODULE));
    }
}
