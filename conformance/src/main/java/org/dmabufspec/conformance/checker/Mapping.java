package org.dmabufspec.conformance.checker;

/**
 * A live mapping of an attachment: the sg_table id (null until the trace names it), its DMA
 * direction, and the storage generation it points into (a move starts a new generation).
 */
record Mapping(String sgt, String dir, int generation) {
}
