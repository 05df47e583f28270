package org.dmabufspec.conformance.relation.coherency;

/** The flags of an open DMA_BUF_IOCTL_SYNC bracket (cpuSync), or "none" when no bracket is open. */
public enum SyncFlag implements TlaEnum {
    NONE("none"),
    READ("READ"),
    WRITE("WRITE"),
    RW("RW");

    private final String tla;

    SyncFlag(String tla) {
        this.tla = tla;
    }

    @Override
    public String tla() {
        return tla;
    }

    /** SyncDir(f): dma_buf_ioctl maps READ to FROM_DEVICE, WRITE to TO_DEVICE, RW to BIDIRECTIONAL. */
    public DmaDirection syncDir() {
        switch (this) {
            case READ:
                return DmaDirection.FROM_DEVICE;
            case WRITE:
                return DmaDirection.TO_DEVICE;
            case RW:
                return DmaDirection.BIDIRECTIONAL;
            default:
                throw new IllegalStateException("SyncDir is not defined for \"none\"");
        }
    }

    /** CpuReadFlags: userspace may load through the mmap inside this bracket (U1). */
    public boolean cpuMayRead() {
        return this == READ || this == RW;
    }

    /** CpuWriteFlags: userspace may store through the mmap inside this bracket (U1). */
    public boolean cpuMayWrite() {
        return this == WRITE || this == RW;
    }
}
