package org.dmabufspec.conformance.relation;

import java.util.List;
import java.util.Optional;

import org.dmabufspec.tlc.Model;

/** The Java relations of the manifest's models, one provider per spec module. */
public final class ModelRelations {
    private static final List<RelationProvider> PROVIDERS = List.of(
            new org.dmabufspec.conformance.relation.coherency.DmaBufCoherencyRelations(),
            new org.dmabufspec.conformance.relation.fence.DmaFenceRelationProvider(),
            new org.dmabufspec.conformance.relation.resv.DmaResvRelations(),
            new org.dmabufspec.conformance.relation.ww.WwMutexRelations(),
            new org.dmabufspec.conformance.relation.attach.DmaBufAttachProvider(),
            new org.dmabufspec.conformance.relation.device.DmaBufDeviceAccessProvider(),
            new org.dmabufspec.conformance.relation.isolation.DmaBufIsolationProvider(),
            new org.dmabufspec.conformance.relation.cpu.DmaBufCpuAccessProvider(),
            new org.dmabufspec.conformance.relation.cpu.DmaBufCpuDeviceAccessProvider(),
            new org.dmabufspec.conformance.relation.eviction.WwEvictionRelations(),
            new org.dmabufspec.conformance.relation.lifetime.LifetimeRelations()
    );

    private ModelRelations() {
    }

    public static Optional<RelationProvider> forModel(Model model) {
        return PROVIDERS.stream().filter(p -> p.handles(model)).findFirst();
    }
}
