package org.dmabufspec.conformance.relation.coherency;

import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.dmabufspec.conformance.relation.Tla;
import org.dmabufspec.tlc.TlaValue;

/**
 * The CONSTANTS of DmaBufCoherency.tla, as TLC prints them for one model.
 *
 * @param kernelBehaviour          "6.1" | "6.2" | "6.15" | "7.1"
 * @param cachedDir                <= 6.14: direction of the cached attach->sgt
 * @param exporterCpuAccessOps     begin/end_cpu_access sync mapped attachments (system heap)
 * @param fromDeviceMapInvalidates arm64 before c50f11c6196f: FROM_DEVICE map invalidates
 * @param importerDirs             directions the importer passes to dma_buf_map_attachment
 * @param syncFlags                DMA_BUF_IOCTL_SYNC flags userspace uses
 * @param maxVersion               bound on the number of writes
 */
public record CoherencyConstants(String kernelBehaviour, DmaDirection cachedDir, boolean exporterCpuAccessOps,
                                 boolean fromDeviceMapInvalidates, Set<DmaDirection> importerDirs,
                                 Set<SyncFlag> syncFlags, int maxVersion) {

    /** The constant names, in the order the provider asks TLC to print them. */
    public static final List<String> NAMES = List.of("KernelBehaviour", "CachedDir", "ExporterCpuAccessOps",
            "FromDeviceMapInvalidates", "ImporterDirs", "SyncFlags", "MaxVersion");

    public CoherencyConstants {
        if (!List.of("6.1", "6.2", "6.15", "7.1").contains(kernelBehaviour)) {
            throw new IllegalArgumentException("DmaBufCoherency KernelBehaviour: unexpected \"" + kernelBehaviour + "\"");
        }
        if (cachedDir == DmaDirection.NONE || importerDirs.contains(DmaDirection.NONE)
                || syncFlags.contains(SyncFlag.NONE) || maxVersion < 0) {
            throw new IllegalArgumentException("DmaBufCoherency constants violate the spec's ASSUMEs: " + cachedDir
                    + ", " + importerDirs + ", " + syncFlags + ", " + maxVersion);
        }
        importerDirs = Set.copyOf(importerDirs);
        syncFlags = Set.copyOf(syncFlags);
    }

    /** The constants from TLC's printed values, keyed by {@link #NAMES}. */
    public static CoherencyConstants fromPrinted(Map<String, TlaValue> printed) {
        for (String n : NAMES) {
            if (!printed.containsKey(n)) {
                throw new IllegalArgumentException("DmaBufCoherency constants: " + n + " was not printed");
            }
        }
        Set<DmaDirection> dirs = EnumSet.noneOf(DmaDirection.class);
        for (TlaValue d : Tla.asSet(printed.get("ImporterDirs"))) {
            dirs.add(TlaEnum.parse(DmaDirection.class, CoherencyState.string(d, "ImporterDirs"), "ImporterDirs"));
        }
        Set<SyncFlag> flags = EnumSet.noneOf(SyncFlag.class);
        for (TlaValue f : Tla.asSet(printed.get("SyncFlags"))) {
            flags.add(TlaEnum.parse(SyncFlag.class, CoherencyState.string(f, "SyncFlags"), "SyncFlags"));
        }
        return new CoherencyConstants(
                CoherencyState.string(printed.get("KernelBehaviour"), "KernelBehaviour"),
                TlaEnum.parse(DmaDirection.class, CoherencyState.string(printed.get("CachedDir"), "CachedDir"),
                        "CachedDir"),
                CoherencyState.bool(printed.get("ExporterCpuAccessOps"), "ExporterCpuAccessOps"),
                CoherencyState.bool(printed.get("FromDeviceMapInvalidates"), "FromDeviceMapInvalidates"),
                dirs, flags,
                CoherencyState.version(printed.get("MaxVersion"), "MaxVersion"));
    }

    /** SgtCaching: kernels up to 6.14 cache the attachment's sg_table (R11). */
    public boolean sgtCaching() {
        return kernelBehaviour.equals("6.1") || kernelBehaviour.equals("6.2");
    }

    /** CacheReusableFor(d): a cached table serves d if it was mapped with d or BIDIRECTIONAL, else -EBUSY. */
    public boolean cacheReusableFor(DmaDirection d) {
        return cachedDir == d || cachedDir == DmaDirection.BIDIRECTIONAL;
    }

    /** ForDeviceInvalidates(d): arm64 before c50f11c6196f invalidated instead of cleaning for FROM_DEVICE. */
    public boolean forDeviceInvalidates(DmaDirection d) {
        return fromDeviceMapInvalidates && d == DmaDirection.FROM_DEVICE;
    }
}
