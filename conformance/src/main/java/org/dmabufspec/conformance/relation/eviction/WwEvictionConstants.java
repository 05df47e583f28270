package org.dmabufspec.conformance.relation.eviction;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import org.dmabufspec.conformance.relation.Tla;
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
        return new WwEvictionConstants(names(get(printed, "Buffers")), names(get(printed, "Importers")),
                byName(get(printed, "ImporterBuf")), byName(get(printed, "Victim")),
                names(get(printed, "StaticImporters")), names(get(printed, "PinImporters")),
                (int) Tla.asLong(get(printed, "MaxInterrupts")), Tla.asModel(get(printed, "NoLock")));
    }

    private static TlaValue get(Map<String, TlaValue> printed, String name) {
        TlaValue v = printed.get(name);
        if (v == null) {
            throw new IllegalArgumentException("DmaBufWwEviction constant " + name + " was not printed by TLC");
        }
        return v;
    }

    private static Set<String> names(TlaValue set) {
        Set<String> out = new TreeSet<>();
        Tla.asSet(set).forEach(v -> out.add(Tla.asModel(v)));
        return out;
    }

    private static Map<String, String> byName(TlaValue fcn) {
        Map<String, String> out = new LinkedHashMap<>();
        Tla.asFcn(fcn).forEach((k, v) -> out.put(Tla.asModel(k), Tla.asModel(v)));
        return out;
    }
}
