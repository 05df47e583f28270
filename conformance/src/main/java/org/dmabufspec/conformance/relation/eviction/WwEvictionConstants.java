package org.dmabufspec.conformance.relation.eviction;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import org.dmabufspec.conformance.relation.ModelNames;
import org.dmabufspec.tlc.TlaValue;

/**
 * DmaBufWwEviction.tla's CONSTANTS as the model binds them; importers and buffers are model
 * values, kept by name.
 *
 * @param importerBuf the buffer each importer attaches to
 * @param victim      the buffer the exporter evicts to make room for each importer
 */
public record WwEvictionConstants(Set<String> buffers, Set<String> importers, Map<String, String> importerBuf,
                                  Map<String, String> victim, Set<String> staticImporters, Set<String> pinImporters,
                                  int maxInterrupts, String noLock) {
    /** The constant expressions the harness asks TLC to print. */
    public static final List<String> NAMES = List.of("Buffers", "Importers", "ImporterBuf", "Victim",
            "StaticImporters", "PinImporters", "MaxInterrupts", "NoLock");

    public WwEvictionConstants {
        buffers = Set.copyOf(new TreeSet<>(buffers));
        importers = Set.copyOf(new TreeSet<>(importers));
        importerBuf = Map.copyOf(importerBuf);
        victim = Map.copyOf(victim);
        staticImporters = Set.copyOf(staticImporters);
        pinImporters = Set.copyOf(pinImporters);
        for (String a : importers) {
            if (!importerBuf.containsKey(a) || !victim.containsKey(a)) {
                throw new IllegalArgumentException("DmaBufWwEviction: ImporterBuf or Victim has no entry for importer " + a);
            }
        }
    }

    /** Importers in a stable order, for a stable step order. */
    public List<String> importerList() {
        return new TreeSet<>(importers).stream().toList();
    }

    public List<String> bufferList() {
        return new TreeSet<>(buffers).stream().toList();
    }

    public static WwEvictionConstants fromPrinted(Map<String, TlaValue> printed) {
        ModelNames.Printed p = ModelNames.printed(printed, "DmaBufWwEviction");
        return new WwEvictionConstants(p.models("Buffers"), p.models("Importers"), p.modelMap("ImporterBuf"),
                p.modelMap("Victim"), p.models("StaticImporters"), p.models("PinImporters"),
                p.integer("MaxInterrupts"), p.model("NoLock"));
    }
}
