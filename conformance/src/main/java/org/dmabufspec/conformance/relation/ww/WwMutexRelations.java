package org.dmabufspec.conformance.relation.ww;

import java.util.List;
import java.util.Map;
import java.util.Set;

import org.dmabufspec.conformance.relation.RelationProvider;
import org.dmabufspec.conformance.relation.SpecRelation;
import org.dmabufspec.tlc.Model;
import org.dmabufspec.tlc.TlaValue;

/**
 * The WwMutex.tla models that check the spec's own Next: MCWwMutex (every cfg of it) and
 * MCWwMutex_Ind, whose Init is the predicate IndInit. The bug modules (MCWwMutex_IgnoreEdeadlk,
 * _TrylockIgnoresOwner, ...) replace actions and are not mirrored.
 */
public final class WwMutexRelations implements RelationProvider {
    private static final String INDUCTIVE_MODULE = "MCWwMutex_Ind";
    private static final Set<String> MODULES = Set.of("MCWwMutex", INDUCTIVE_MODULE);

    @Override
    public boolean handles(Model model) {
        return MODULES.contains(model.moduleName());
    }

    @Override
    public List<String> constants(Model model) {
        return WwMutexConstants.NAMES;
    }

    @Override
    public SpecRelation<?> relation(Model model, Map<String, TlaValue> constants) {
        return new WwMutexRelation(WwMutexConstants.fromPrinted(constants), model.moduleName().equals(INDUCTIVE_MODULE));
    }
}
