package org.dmabufspec.conformance.relation.device;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.dmabufspec.conformance.relation.ModelNames;
import org.dmabufspec.tlc.TlaValue;

/**
 * The CONSTANTS of DmaBufDeviceAccess.tla as TLC evaluated them in one model. Buffers,
 * importers, regions, mapping slots, job slots and exporter threads are model values, kept here
 * by name; the kernel behaviour and the DMA directions are strings.
 */
public record DeviceAccessConstants(String kernelBehaviour, Set<String> buffers, Set<String> importers,
                                    Map<String, String> importerBuf, Set<String> dynamicImporters,
                                    Set<String> readAndDiscardImporters, Set<String> regions,
                                    Map<String, String> initPlacement, Set<String> slots, Set<String> jobSlots,
                                    Set<String> mapDirs, Set<String> exporters) {

    /** The constant names, in the order the harness is asked to print them. */
    public static final List<String> NAMES = List.of("KernelBehaviour", "Buffers", "Importers", "ImporterBuf",
            "DynamicImporters", "ReadAndDiscardImporters", "Regions", "InitPlacement", "Slots", "JobSlots",
            "MapDirs", "Exporters");

    public DeviceAccessConstants {
        buffers = Set.copyOf(buffers);
        importers = Set.copyOf(importers);
        importerBuf = Map.copyOf(importerBuf);
        dynamicImporters = Set.copyOf(dynamicImporters);
        readAndDiscardImporters = Set.copyOf(readAndDiscardImporters);
        regions = Set.copyOf(regions);
        initPlacement = Map.copyOf(initPlacement);
        slots = Set.copyOf(slots);
        jobSlots = Set.copyOf(jobSlots);
        mapDirs = Set.copyOf(mapDirs);
        exporters = Set.copyOf(exporters);
    }

    /** Reads the values TLC printed for {@link #NAMES}; a missing or mistyped one names itself. */
    public static DeviceAccessConstants from(Map<String, TlaValue> printed) {
        ModelNames.Printed p = ModelNames.printed(printed, "DmaBufDeviceAccess");
        return new DeviceAccessConstants(p.string("KernelBehaviour"), p.models("Buffers"), p.models("Importers"),
                p.modelMap("ImporterBuf"), p.models("DynamicImporters"), p.models("ReadAndDiscardImporters"),
                p.models("Regions"), p.modelMap("InitPlacement"), p.models("Slots"), p.models("JobSlots"),
                p.strings("MapDirs"), p.models("Exporters"));
    }

    /** Every model value of the model: how the codec tells them from the spec's string sentinels. */
    public Set<String> modelValues() {
        Set<String> all = new LinkedHashSet<>(buffers);
        all.addAll(importers);
        all.addAll(regions);
        all.addAll(slots);
        all.addAll(jobSlots);
        all.addAll(exporters);
        return all;
    }
}
