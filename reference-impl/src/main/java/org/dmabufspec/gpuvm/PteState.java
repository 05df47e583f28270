package org.dmabufspec.gpuvm;

/**
 * The state of a mapping's page-table entries in the device's page tables (IOMMU or GPU VM), as
 * DmaBufDeviceAccess's {@code pte} has it: none written, present, or zapped with the TLB flush
 * still pending (stale TLB entries may still translate until the flush fence signals).
 */
public enum PteState {
    NONE, PRESENT, ZAPPED;

    /** Whether the hardware may still translate through them (present, or zapped before the flush completed). */
    public boolean translates() {
        return this != NONE;
    }
}
