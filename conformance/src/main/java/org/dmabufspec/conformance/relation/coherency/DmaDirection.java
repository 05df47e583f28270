package org.dmabufspec.conformance.relation.coherency;

/** enum dma_data_direction (include/linux/dma-direction.h); DMA_NONE is the spec's "none" (no mapping). */
public enum DmaDirection implements TlaEnum {
    NONE("none"),
    TO_DEVICE("TO_DEVICE"),
    FROM_DEVICE("FROM_DEVICE"),
    BIDIRECTIONAL("BIDIRECTIONAL");

    private final String tla;

    DmaDirection(String tla) {
        this.tla = tla;
    }

    @Override
    public String tla() {
        return tla;
    }

    /** DeviceReadDirs: the device may read the buffer under this mapping. */
    public boolean deviceMayRead() {
        return this == TO_DEVICE || this == BIDIRECTIONAL;
    }

    /** DeviceWriteDirs: the device may write the buffer under this mapping. */
    public boolean deviceMayWrite() {
        return this == FROM_DEVICE || this == BIDIRECTIONAL;
    }
}
