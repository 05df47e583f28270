package org.dmabufspec.exporter;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;

import org.dmabufspec.buf.Storage;
import org.dmabufspec.kernel.KernelError;
import org.dmabufspec.trace.Errno;

/**
 * A fixed set of VRAM regions handed to buffers and taken back, as TTM's resource manager
 * ({@code ttm_resource_manager} over a {@code drm_mm}) hands a freed range to the next allocation:
 * the place where buffer isolation matters, since a region one buffer freed later backs another.
 * A region is busy from {@link #take} until the storage placed in it is {@link #free}d (for a
 * move's old storage: after the move fence, {@link VramExporter#completeMove}). A storage keeps its
 * region for life ({@link #regionOf}), so an access through a stale mapping is seen to land in
 * whatever buffer the region backs now.
 */
public final class VramRegionPool {
    private final List<String> regions;
    /** region → the storage placed in it, for busy regions. */
    private final Map<String, Storage> occupant = new HashMap<>();
    /** Regions taken, their storage not yet known ({@link #take} before {@link #place}). */
    private final java.util.Set<String> claimed = new TreeSet<>();
    private final Map<Storage, String> regionOf = new IdentityHashMap<>();

    public VramRegionPool(List<String> regions) {
        if (regions.isEmpty() || new TreeSet<>(regions).size() != regions.size()) {
            throw new IllegalArgumentException("a region pool needs distinct regions: " + regions);
        }
        this.regions = List.copyOf(regions);
    }

    public List<String> regions() {
        return regions;
    }

    /**
     * Claims a free region: {@code wanted} (a placement restricted to one range, TTM's fpfn/lpfn), or
     * the first free one when null. -ENOSPC if none (or not the wanted one) is free.
     */
    synchronized String take(String wanted) {
        if (wanted != null && !regions.contains(wanted)) {
            throw new IllegalArgumentException("no region " + wanted + " in the pool " + regions);
        }
        for (String r : regions) {
            if ((wanted == null || r.equals(wanted)) && !busy(r)) {
                claimed.add(r);
                return r;
            }
        }
        throw new KernelError(Errno.ENOSPC, "VRAM region pool: " + (wanted == null ? "no region" : wanted + " is not") + " free");
    }

    /** The storage a claimed region now backs. */
    synchronized void place(String region, Storage st) {
        if (!claimed.remove(region)) {
            throw new IllegalStateException(region + " was not claimed");
        }
        occupant.put(region, st);
        regionOf.put(st, region);
    }

    /** The storage's region returns to the pool (nothing if it has none or no longer holds it). */
    synchronized void free(Storage st) {
        String r = regionOf.get(st);
        if (r != null && occupant.get(r) == st) {
            occupant.remove(r);
        }
    }

    private boolean busy(String r) {
        return occupant.containsKey(r) || claimed.contains(r);
    }

    /** The region a storage was placed in (for life), if it came from this pool. */
    public synchronized Optional<String> regionOf(Storage st) {
        return Optional.ofNullable(regionOf.get(st));
    }

    /** The storage a region backs now, if it is busy. */
    public synchronized Optional<Storage> occupant(String region) {
        return Optional.ofNullable(occupant.get(region));
    }

    /** The free regions, in pool order. */
    public synchronized List<String> free() {
        List<String> out = new ArrayList<>();
        regions.stream().filter(r -> !busy(r)).forEach(out::add);
        return out;
    }
}
