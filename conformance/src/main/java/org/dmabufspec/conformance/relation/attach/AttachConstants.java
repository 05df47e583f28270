package org.dmabufspec.conformance.relation.attach;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.dmabufspec.conformance.relation.ModelNames;
import org.dmabufspec.tlc.TlaValue;

/**
 * The CONSTANTS of DmaBufAttach.tla as TLC evaluated them in one model (cfg values and
 * {@code <-} overrides applied). Buffers, importers, regions and the exporter are model values,
 * kept here by name.
 */
public record AttachConstants(String kernelBehaviour, boolean moveNotify, Set<String> buffers,
                              Set<String> importers, Set<String> regions, Map<String, String> importerBuf,
                              Set<String> dynamicImporters, Set<String> dynamicExporters,
                              Set<String> cacheSgtExporters, Map<String, String> importerUsage,
                              Map<String, String> initPlacement, Set<String> vramRegions,
                              Set<String> peerToPeerImporters, String exporter) {

    /** The constant names, in the order the harness is asked to print them. */
    public static final List<String> NAMES = List.of("KernelBehaviour", "MoveNotify", "Buffers", "Importers",
            "Regions", "ImporterBuf", "DynamicImporters", "DynamicExporters", "CacheSgtExporters",
            "ImporterUsage", "InitPlacement", "VramRegions", "PeerToPeerImporters", "Exporter");

    public AttachConstants {
        buffers = Set.copyOf(buffers);
        importers = Set.copyOf(importers);
        regions = Set.copyOf(regions);
        importerBuf = Map.copyOf(importerBuf);
        dynamicImporters = Set.copyOf(dynamicImporters);
        dynamicExporters = Set.copyOf(dynamicExporters);
        cacheSgtExporters = Set.copyOf(cacheSgtExporters);
        importerUsage = Map.copyOf(importerUsage);
        initPlacement = Map.copyOf(initPlacement);
        vramRegions = Set.copyOf(vramRegions);
        peerToPeerImporters = Set.copyOf(peerToPeerImporters);
    }

    /** Reads the values TLC printed for {@link #NAMES}; a missing or mistyped one names itself. */
    public static AttachConstants from(Map<String, TlaValue> printed) {
        ModelNames.Printed p = ModelNames.printed(printed, "DmaBufAttach");
        return new AttachConstants(p.string("KernelBehaviour"), p.bool("MoveNotify"), p.models("Buffers"),
                p.models("Importers"), p.models("Regions"), p.modelMap("ImporterBuf"), p.models("DynamicImporters"),
                p.models("DynamicExporters"), p.models("CacheSgtExporters"), p.stringMap("ImporterUsage"),
                p.modelMap("InitPlacement"), p.models("VramRegions"), p.models("PeerToPeerImporters"),
                p.model("Exporter"));
    }

    /** Every model value of the model: how {@link AttachState} tells them from the spec's string sentinels. */
    public Set<String> modelValues() {
        Set<String> all = new LinkedHashSet<>(buffers);
        all.addAll(importers);
        all.addAll(regions);
        all.add(exporter);
        return all;
    }
}
