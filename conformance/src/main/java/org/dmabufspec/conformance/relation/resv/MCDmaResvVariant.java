package org.dmabufspec.conformance.relation.resv;

/**
 * How one MCDmaResv cfg composes DmaResv's Next: which groups its operator overrides keep and
 * which CONSTRAINT it sets (values come from TLC; only this structure is the cfg's).
 *
 * @param driverNext false under {@code DriverNext <- MCNoDriverNext}
 * @param userNext   the UserNext group, after the cfg's override
 * @param constraint the cfg's CONSTRAINT
 * @param inductive  Init is MCDmaResv_Ind's predicate IndInit (TLC enumerates the initial states)
 */
public record MCDmaResvVariant(boolean driverNext, UserGroup userNext, Constraint constraint, boolean inductive) {

    public enum UserGroup {
        /** DmaResv's UserNext. */
        USER_NEXT,
        /** {@code UserNext <- MCNoUserNext}. */
        NONE,
        /** {@code UserNext <- MCSlotUserNext}: IMPORT_SYNC_FILE and vgem attach only. */
        SLOT_USER_NEXT,
        /** {@code UserNext <- MCCpuAccessNext}: DMA_BUF_IOCTL_SYNC START/END only. */
        CPU_ACCESS
    }

    public enum Constraint {
        NONE,
        /** MCTableBound: tables of at most two entries. */
        TABLE_BOUND,
        /** IndConstraint == TLCGet("level") < 1: the inductive check is one step from IndInit. */
        ONE_STEP
    }
}
