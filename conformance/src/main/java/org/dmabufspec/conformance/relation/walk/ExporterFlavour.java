package org.dmabufspec.conformance.relation.walk;

/** Which exporter b1 has in a walk's model: the three exporter kinds the MCDmaBufAttach cfgs use. */
public enum ExporterFlavour {
    /** pin/unpin and move_notify: an eviction-capable VRAM exporter (DynamicExporters = {b1}). */
    DYNAMIC,
    /** no pin/unpin, no sg_table cache (MCDmaBufAttach_6_1_StaticExporter). */
    STATIC,
    /** no pin/unpin, cache_sgt_mapping (MCDmaBufAttach_6_2_CacheSgt: udmabuf before 6.15). */
    CACHE_SGT
}
