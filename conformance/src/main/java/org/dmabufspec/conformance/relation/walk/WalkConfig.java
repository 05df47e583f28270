package org.dmabufspec.conformance.relation.walk;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.dmabufspec.conformance.relation.attach.AttachConstants;

/**
 * The DmaBufAttach model a walk runs in: the MCDmaBufAttach constants (one buffer b1, static
 * importer s1 reading, dynamic importer d1 writing with allow_peer2peer, regions r1 (initial) and
 * r2, no VRAM-only region) with the cfg's KernelBehaviour, MoveNotify and exporter flavour.
 */
public record WalkConfig(String behaviour, boolean moveNotify, ExporterFlavour exporter) {

    public static final List<String> BEHAVIOURS = List.of("6.1", "6.2", "6.15", "7.1");

    public WalkConfig {
        if (!BEHAVIOURS.contains(behaviour)) {
            throw new IllegalArgumentException("kernel behaviour " + behaviour + " is not one of " + BEHAVIOURS);
        }
        if (exporter == ExporterFlavour.CACHE_SGT && !(behaviour.equals("6.1") || behaviour.equals("6.2"))) {
            throw new IllegalArgumentException("cache_sgt_mapping exists only up to 6.14, not in " + behaviour);
        }
    }

    /** Every behaviour x MoveNotify with the dynamic exporter, plus the static cfgs (6.1 static, 6.2 cache_sgt). */
    public static List<WalkConfig> all() {
        List<WalkConfig> out = new ArrayList<>();
        for (String b : BEHAVIOURS) {
            out.add(new WalkConfig(b, true, ExporterFlavour.DYNAMIC));
            out.add(new WalkConfig(b, false, ExporterFlavour.DYNAMIC));
        }
        out.add(new WalkConfig("6.1", true, ExporterFlavour.STATIC));
        out.add(new WalkConfig("6.2", true, ExporterFlavour.CACHE_SGT));
        return out;
    }

    public AttachConstants constants() {
        Set<String> b1 = Set.of("b1");
        return new AttachConstants(behaviour, moveNotify, b1, Set.of("s1", "d1"), Set.of("r1", "r2"),
                Map.of("s1", "b1", "d1", "b1"), Set.of("d1"),
                exporter == ExporterFlavour.DYNAMIC ? b1 : Set.of(),
                exporter == ExporterFlavour.CACHE_SGT ? b1 : Set.of(),
                Map.of("s1", "read", "d1", "write"), Map.of("b1", "r1"), Set.of(), Set.of("d1"), "exporter");
    }

    @Override
    public String toString() {
        return behaviour + (moveNotify ? "" : "/noMoveNotify") + "/" + exporter.name().toLowerCase();
    }
}
