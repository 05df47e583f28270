package org.dmabufspec.buf;

/** A {@code struct sg_table} handed out by {@code map_dma_buf}: never the same one twice (R13). */
public record SgTable(String id, Storage storage, DmaDataDirection dir) {
}
