package org.dmabufspec.gpuvm;

import java.util.EnumSet;
import java.util.Set;

import org.dmabufspec.buf.DmaDataDirection;
import org.dmabufspec.buf.SgTable;
import org.dmabufspec.fence.DmaFence;
import org.dmabufspec.importer.Access;

/**
 * One mapping of an attachment as the importer's device sees it (a slot of DmaBufDeviceAccess's
 * {@code Maps}): the sg_table the exporter handed out, whether the importer may still use it for
 * new work (no move_notify since the map), its PTE state, whether its engines may write through it
 * (not after a 7.1 read-and-discard invalidation), and the TLB flush fence of a zap.
 *
 * @param flush the fence of the pending TLB flush while {@code pte} is {@link PteState#ZAPPED}, else null
 */
public record Translation(SgTable sgt, boolean valid, PteState pte, boolean writes, DmaFence flush) {

    public Translation {
        if ((pte == PteState.ZAPPED) != (flush != null)) {
            throw new IllegalArgumentException("a TLB flush fence exactly while the PTEs are zapped: " + pte + ", " + flush);
        }
    }

    /**
     * A new mapping: a static importer programs its PTEs at once ({@code programmed}); a dynamic one
     * only after the KERNEL fences signalled ({@link #bound}).
     */
    public static Translation mapped(SgTable sgt, boolean programmed) {
        return new Translation(sgt, true, programmed ? PteState.PRESENT : PteState.NONE, programmed, null);
    }

    public DmaDataDirection dir() {
        return sgt.dir();
    }

    /** The PTEs written after the KERNEL fences signalled (R6). */
    public Translation bound() {
        return new Translation(sgt, valid, PteState.PRESENT, true, null);
    }

    /** move_notify / invalidate_mappings, or the importer's own teardown: no new work through it (R4). */
    public Translation invalidated() {
        return new Translation(sgt, false, pte, writes, flush);
    }

    /** The PTEs zapped; the TLB flush is {@code tlbFlush}, published in the reservation (R5). */
    public Translation zapped(DmaFence tlbFlush) {
        return new Translation(sgt, valid, PteState.ZAPPED, writes, tlbFlush);
    }

    /** The TLB flush completed: nothing translates through this mapping any more. */
    public Translation flushed() {
        return new Translation(sgt, valid, PteState.NONE, false, null);
    }

    /** 7.1 read-and-discard: the translations stay, the engines only read through them (R5b). */
    public Translation readOnly() {
        return new Translation(sgt, valid, pte, false, flush);
    }

    /**
     * What the device may do through the translation (DmaBufDeviceAccess!TranslationKinds): the
     * IOMMU maps TO_DEVICE read-only and FROM_DEVICE write-only; read-and-discard only reads.
     */
    public Set<Access> kinds() {
        if (!pte.translates()) {
            return Set.of();
        }
        Set<Access> k = switch (dir()) {
            case TO_DEVICE -> EnumSet.of(Access.READ);
            case FROM_DEVICE -> EnumSet.of(Access.WRITE);
            default -> EnumSet.allOf(Access.class);
        };
        if (!writes) {
            k.remove(Access.WRITE);
        }
        return Set.copyOf(k);
    }

    /** What a job submitted through this mapping may do: what its direction allows. */
    public boolean allowsJob(Access kind) {
        return switch (dir()) {
            case TO_DEVICE -> kind == Access.READ;
            case FROM_DEVICE -> kind == Access.WRITE;
            default -> true;
        };
    }
}
