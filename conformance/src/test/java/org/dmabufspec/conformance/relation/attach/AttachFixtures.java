package org.dmabufspec.conformance.relation.attach;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import org.dmabufspec.conformance.relation.Transition;
import org.dmabufspec.tlc.TlaValue;
import org.dmabufspec.tlc.TlaValueParser;

/** The constants of MCDmaBufAttach (b1, static s1, dynamic d1, r1, r2) as TLC prints them, per cfg flavour. */
final class AttachFixtures {
    private AttachFixtures() {
    }

    static Map<String, TlaValue> printed(String kernel, boolean moveNotify, String dynamicExporters,
                                         String cacheSgtExporters, String vram) {
        Map<String, String> text = new LinkedHashMap<>();
        text.put("KernelBehaviour", "\"" + kernel + "\"");
        text.put("MoveNotify", moveNotify ? "TRUE" : "FALSE");
        text.put("Buffers", "{b1}");
        text.put("Importers", "{s1, d1}");
        text.put("Regions", "{r1, r2}");
        text.put("ImporterBuf", "(s1 :> b1 @@ d1 :> b1)");
        text.put("DynamicImporters", "{d1}");
        text.put("DynamicExporters", dynamicExporters);
        text.put("CacheSgtExporters", cacheSgtExporters);
        text.put("ImporterUsage", "(s1 :> \"read\" @@ d1 :> \"write\")");
        text.put("InitPlacement", "(b1 :> r1)");
        text.put("VramRegions", vram);
        text.put("PeerToPeerImporters", "{d1}");
        text.put("Exporter", "exporter");
        Map<String, TlaValue> out = new LinkedHashMap<>();
        text.forEach((k, v) -> out.put(k, TlaValueParser.parse(v)));
        return out;
    }

    /** MCDmaBufAttach_6_2.cfg / _6_15.cfg / ...: dynamic exporter b1, no VRAM. */
    static DmaBufAttachRelation dynamicExporter(String kernel) {
        return new DmaBufAttachRelation(AttachConstants.from(printed(kernel, true, "{b1}", "{}", "{}")), false);
    }

    /** MCDmaBufAttach_6_2_CacheSgt.cfg: static cache_sgt_mapping exporter. */
    static DmaBufAttachRelation cacheSgtExporter() {
        return new DmaBufAttachRelation(AttachConstants.from(printed("6.2", true, "{}", "{b1}", "{}")), false);
    }

    /** The actions enabled in {@code s}, by TLC's label. */
    static Set<String> enabled(DmaBufAttachRelation r, AttachState s) {
        return r.next(s).stream().map(Transition::action).collect(Collectors.toSet());
    }

    /** The only successor of one action instance; fails if it is disabled or not deterministic. */
    static AttachState only(List<AttachState> successors) {
        if (successors.size() != 1) {
            throw new AssertionError("expected one successor, got " + successors.size());
        }
        return successors.get(0);
    }
}
