package org.dmabufspec.buf;

/** {@code enum dma_data_direction} as used by map/unmap and CPU access. */
public enum DmaDataDirection {
    BIDIRECTIONAL, TO_DEVICE, FROM_DEVICE;

    /** Whether CPU access in this direction writes (dma_buf_begin_cpu_access's {@code write}). */
    public boolean cpuWrite() {
        return this == BIDIRECTIONAL || this == TO_DEVICE;
    }
}
