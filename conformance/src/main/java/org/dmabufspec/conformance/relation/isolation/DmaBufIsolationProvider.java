package org.dmabufspec.conformance.relation.isolation;

import java.util.List;
import java.util.Map;

import org.dmabufspec.conformance.relation.ModelNames;
import org.dmabufspec.conformance.relation.RelationProvider;
import org.dmabufspec.conformance.relation.SpecRelation;
import org.dmabufspec.tlc.Model;
import org.dmabufspec.tlc.TlaValue;

/** The DmaBufIsolation.tla model of the spec's own Next (MCDmaBufIsolation); mutants are not mirrored. */
public final class DmaBufIsolationProvider implements RelationProvider {
    private static final List<String> NAMES = List.of("Devices", "Buffers", "Regions");

    @Override
    public boolean handles(Model model) {
        return model.moduleName().equals("MCDmaBufIsolation");
    }

    @Override
    public List<String> constants(Model model) {
        return NAMES;
    }

    @Override
    public SpecRelation<?> relation(Model model, Map<String, TlaValue> constants) {
        ModelNames.Printed p = ModelNames.printed(constants, "DmaBufIsolation");
        return new DmaBufIsolationRelation(p.models("Devices"), p.models("Buffers"), p.models("Regions"));
    }
}
