package org.dmabufspec.conformance.relation.cpu;

import java.util.List;
import java.util.Map;

import org.dmabufspec.conformance.relation.ModelNames;
import org.dmabufspec.conformance.relation.RelationProvider;
import org.dmabufspec.conformance.relation.SpecRelation;
import org.dmabufspec.tlc.Model;
import org.dmabufspec.tlc.TlaValue;

/** The passing DmaBufCpuAccess model (MCDmaBufCpuAccess.cfg); the mutants (own modules) are not mirrored. */
public final class DmaBufCpuAccessProvider implements RelationProvider {
    /** The constants the relation (and the dma_buf_cpu_access test driver) needs. */
    public static final List<String> NAMES = List.of("Buffer", "MmapUsers", "VmapUsers", "Regions", "InitRegion");

    @Override
    public boolean handles(Model model) {
        return model.moduleName().equals("MCDmaBufCpuAccess");
    }

    @Override
    public List<String> constants(Model model) {
        return NAMES;
    }

    @Override
    public SpecRelation<?> relation(Model model, Map<String, TlaValue> constants) {
        ModelNames.Printed p = ModelNames.printed(constants, "DmaBufCpuAccess");
        return new DmaBufCpuAccessRelation(p.model("Buffer"), p.models("MmapUsers"), p.models("VmapUsers"),
                p.models("Regions"), p.model("InitRegion"));
    }
}
