package org.dmabufspec.conformance.relation.lifetime;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import org.dmabufspec.conformance.relation.ModelNames;
import org.dmabufspec.tlc.TlaValue;

/**
 * DmaBufLifetime.tla's CONSTANTS as the model binds them; importers, waiters and readers are
 * model values, kept by name.
 *
 * @param kernel                "6.2" (pin and map at attach) or "6.15" (pin around each map)
 * @param releaseTakesFenceLock the fence's release op takes fence->lock (sw_sync)
 */
public record LifetimeConstants(Set<String> importers, Set<String> waiters, Set<String> readers, String kernel,
                                boolean releaseTakesFenceLock) {
    /** The constant expressions the harness asks TLC to print. */
    public static final List<String> NAMES = List.of("Importers", "Waiters", "Readers", "Kernel", "ReleaseTakesFenceLock");

    public LifetimeConstants {
        importers = Set.copyOf(importers);
        waiters = Set.copyOf(waiters);
        readers = Set.copyOf(readers);
        if (!kernel.equals("6.2") && !kernel.equals("6.15")) {
            throw new IllegalArgumentException("DmaBufLifetime: Kernel must be \"6.2\" or \"6.15\", got \"" + kernel + "\"");
        }
    }

    /** Importers, waiters and readers in a stable order, for a stable step order. */
    public List<String> importerList() {
        return new TreeSet<>(importers).stream().toList();
    }

    public List<String> waiterList() {
        return new TreeSet<>(waiters).stream().toList();
    }

    public List<String> readerList() {
        return new TreeSet<>(readers).stream().toList();
    }

    public static LifetimeConstants fromPrinted(Map<String, TlaValue> printed) {
        ModelNames.Printed p = ModelNames.printed(printed, "DmaBufLifetime");
        return new LifetimeConstants(p.models("Importers"), p.models("Waiters"), p.models("Readers"), p.string("Kernel"),
                p.bool("ReleaseTakesFenceLock"));
    }
}
