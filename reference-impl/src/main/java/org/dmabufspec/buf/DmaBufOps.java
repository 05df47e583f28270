package org.dmabufspec.buf;

import org.dmabufspec.kernel.KernelError;
import org.dmabufspec.trace.Errno;

/**
 * The exporter SPI, {@code struct dma_buf_ops}. The core calls attach, detach, release,
 * begin/end_cpu_access with the reservation unlocked and pin, unpin, map, unmap with it held
 * (DOC: locking convention). A null {@link Errno} means success.
 */
public interface DmaBufOps {
    /** {@code exp_name}. */
    String name();

    /** Has pin/unpin: a dynamic exporter ({@code dma_buf_is_dynamic}). */
    default boolean dynamic() {
        return false;
    }

    /** ≤6.14 {@code cache_sgt_mapping}. */
    default boolean cacheSgtMapping() {
        return false;
    }

    default Errno attach(DmaBuf buf, DmaBufAttachment attach) {
        return null;
    }

    default void detach(DmaBuf buf, DmaBufAttachment attach) {
    }

    default Errno pin(DmaBufAttachment attach) {
        return null;
    }

    default void unpin(DmaBufAttachment attach) {
    }

    /** Returns a fresh table or throws the errno. */
    SgTable mapDmaBuf(DmaBufAttachment attach, DmaDataDirection dir) throws KernelError;

    void unmapDmaBuf(DmaBufAttachment attach, SgTable sgt, DmaDataDirection dir);

    default Errno beginCpuAccess(DmaBuf buf, DmaDataDirection dir) {
        return null;
    }

    default Errno endCpuAccess(DmaBuf buf, DmaDataDirection dir) {
        return null;
    }

    void release(DmaBuf buf);

    /** Has {@code vmap}/{@code vunmap}: without them {@code dma_buf_vmap} is -EINVAL. */
    default boolean hasVmap() {
        return false;
    }

    /** {@code ops->vmap}, called for the first of nested vmaps, with the reservation held (6.2+). */
    default Errno vmap(DmaBuf buf) {
        return null;
    }

    /** {@code ops->vunmap}, called for the last vunmap. */
    default void vunmap(DmaBuf buf) {
    }

    /** Has {@code mmap}: without it mmap of the fd is -EINVAL (U7). */
    default boolean hasMmap() {
        return false;
    }

    /** {@code ops->mmap} of an in-range request; {@code shared} = VM_SHARED|VM_MAYSHARE. */
    default Errno mmap(DmaBuf buf, boolean shared) {
        return null;
    }

    /** Current placement for traces ("SYSTEM", "VRAM", "GTT"). */
    default String placement(DmaBuf buf) {
        return "SYSTEM";
    }

    /** Pins the exporter counts (the core does not count them). */
    default int pinCount(DmaBuf buf) {
        return 0;
    }
}
