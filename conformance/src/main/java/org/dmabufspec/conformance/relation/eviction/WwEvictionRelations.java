package org.dmabufspec.conformance.relation.eviction;

import java.util.List;
import java.util.Map;

import org.dmabufspec.conformance.relation.RelationProvider;
import org.dmabufspec.conformance.relation.SpecRelation;
import org.dmabufspec.tlc.Model;
import org.dmabufspec.tlc.TlaValue;

/**
 * The DmaBufWwEviction.tla models that check the spec's own Next: MCDmaBufWwEviction (every cfg
 * of it). The bug modules (MCDmaBufWwEviction_IgnoreEdeadlk, ...) replace actions and are not
 * mirrored.
 */
public final class WwEvictionRelations implements RelationProvider {
    @Override
    public boolean handles(Model model) {
        return model.moduleName().equals("MCDmaBufWwEviction");
    }

    @Override
    public List<String> constants(Model model) {
        return WwEvictionConstants.NAMES;
    }

    @Override
    public SpecRelation<?> relation(Model model, Map<String, TlaValue> constants) {
        return new WwEvictionRelation(WwEvictionConstants.fromPrinted(constants));
    }
}
