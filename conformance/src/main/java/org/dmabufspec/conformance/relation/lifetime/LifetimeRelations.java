package org.dmabufspec.conformance.relation.lifetime;

import java.util.List;
import java.util.Map;

import org.dmabufspec.conformance.relation.RelationProvider;
import org.dmabufspec.conformance.relation.SpecRelation;
import org.dmabufspec.tlc.Model;
import org.dmabufspec.tlc.TlaValue;

/**
 * The DmaBufLifetime.tla models that check the spec's own Next: MCDmaBufLifetime (every cfg of it)
 * and the inductive-invariant module MCDmaBufLifetime_Ind. The bug modules
 * (MCDmaBufLifetime_B1ReleaseAtFileRelease, ...) replace actions and are not mirrored.
 */
public final class LifetimeRelations implements RelationProvider {
    static final String MODULE = "MCDmaBufLifetime";
    static final String INDUCTIVE = "MCDmaBufLifetime_Ind";

    @Override
    public boolean handles(Model model) {
        return model.moduleName().equals(MODULE) || model.moduleName().equals(INDUCTIVE);
    }

    @Override
    public List<String> constants(Model model) {
        return LifetimeConstants.NAMES;
    }

    @Override
    public SpecRelation<?> relation(Model model, Map<String, TlaValue> constants) {
        return new LifetimeRelation(LifetimeConstants.fromPrinted(constants), model.moduleName().equals(INDUCTIVE));
    }
}
