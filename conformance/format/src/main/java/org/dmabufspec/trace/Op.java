package org.dmabufspec.trace;

import java.util.EnumSet;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * The version-1 operation vocabulary (TRACE-FORMAT.md "Operations"): for each {@code op}, the
 * object ids it must carry, those it may carry, the {@code args} it may carry, and the id kind it
 * creates (so the reader can reject a use of an object no event created).
 */
public enum Op {
    DMA_BUF_EXPORT("dma_buf_export", EnumSet.of(IdKind.BUF), EnumSet.noneOf(IdKind.class), Set.of("exporter", "dynamic", "cache_sgt_mapping", "size", "placement", "vmap"), IdKind.BUF),
    DMA_BUF_ATTACH("dma_buf_attach", EnumSet.of(IdKind.BUF, IdKind.ATTACH, IdKind.DEV), EnumSet.noneOf(IdKind.class), Set.of(), IdKind.ATTACH),
    DMA_BUF_DYNAMIC_ATTACH("dma_buf_dynamic_attach", EnumSet.of(IdKind.BUF, IdKind.ATTACH, IdKind.DEV), EnumSet.noneOf(IdKind.class), Set.of("allow_peer2peer", "move_notify"), IdKind.ATTACH),
    DMA_BUF_DETACH("dma_buf_detach", EnumSet.of(IdKind.BUF, IdKind.ATTACH), EnumSet.noneOf(IdKind.class), Set.of(), null),
    DMA_BUF_PIN("dma_buf_pin", EnumSet.of(IdKind.BUF, IdKind.ATTACH), EnumSet.noneOf(IdKind.class), Set.of(), null),
    DMA_BUF_UNPIN("dma_buf_unpin", EnumSet.of(IdKind.BUF, IdKind.ATTACH), EnumSet.noneOf(IdKind.class), Set.of(), null),
    DMA_BUF_MAP_ATTACHMENT("dma_buf_map_attachment", EnumSet.of(IdKind.BUF, IdKind.ATTACH), EnumSet.of(IdKind.SGT), Set.of("dir"), IdKind.SGT),
    DMA_BUF_MAP_ATTACHMENT_UNLOCKED("dma_buf_map_attachment_unlocked", EnumSet.of(IdKind.BUF, IdKind.ATTACH), EnumSet.of(IdKind.SGT), Set.of("dir"), IdKind.SGT),
    DMA_BUF_UNMAP_ATTACHMENT("dma_buf_unmap_attachment", EnumSet.of(IdKind.BUF, IdKind.ATTACH), EnumSet.of(IdKind.SGT), Set.of("dir"), null),
    DMA_BUF_UNMAP_ATTACHMENT_UNLOCKED("dma_buf_unmap_attachment_unlocked", EnumSet.of(IdKind.BUF, IdKind.ATTACH), EnumSet.of(IdKind.SGT), Set.of("dir"), null),
    DMA_BUF_MOVE_NOTIFY("dma_buf_move_notify", EnumSet.of(IdKind.BUF), EnumSet.noneOf(IdKind.class), Set.of(), null),
    DMA_BUF_INVALIDATE_MAPPINGS("dma_buf_invalidate_mappings", EnumSet.of(IdKind.BUF), EnumSet.noneOf(IdKind.class), Set.of(), null),
    DMA_BUF_BEGIN_CPU_ACCESS("dma_buf_begin_cpu_access", EnumSet.of(IdKind.BUF), EnumSet.noneOf(IdKind.class), Set.of("dir"), null),
    DMA_BUF_END_CPU_ACCESS("dma_buf_end_cpu_access", EnumSet.of(IdKind.BUF), EnumSet.noneOf(IdKind.class), Set.of("dir"), null),
    DMA_BUF_VMAP("dma_buf_vmap", EnumSet.of(IdKind.BUF), EnumSet.noneOf(IdKind.class), Set.of(), null),
    DMA_BUF_VUNMAP("dma_buf_vunmap", EnumSet.of(IdKind.BUF), EnumSet.noneOf(IdKind.class), Set.of("addr"), null),
    DMA_BUF_VMAP_UNLOCKED("dma_buf_vmap_unlocked", EnumSet.of(IdKind.BUF), EnumSet.noneOf(IdKind.class), Set.of(), null),
    DMA_BUF_VUNMAP_UNLOCKED("dma_buf_vunmap_unlocked", EnumSet.of(IdKind.BUF), EnumSet.noneOf(IdKind.class), Set.of("addr"), null),
    DMA_BUF_PUT("dma_buf_put", EnumSet.of(IdKind.BUF), EnumSet.noneOf(IdKind.class), Set.of("last"), null),
    DMA_BUF_GET("dma_buf_get", EnumSet.of(IdKind.BUF), EnumSet.noneOf(IdKind.class), Set.of(), null),
    EXPORTER_ATTACH("exporter.attach", EnumSet.of(IdKind.BUF, IdKind.ATTACH), EnumSet.noneOf(IdKind.class), Set.of(), null),
    EXPORTER_DETACH("exporter.detach", EnumSet.of(IdKind.BUF, IdKind.ATTACH), EnumSet.noneOf(IdKind.class), Set.of(), null),
    EXPORTER_PIN("exporter.pin", EnumSet.of(IdKind.BUF, IdKind.ATTACH), EnumSet.noneOf(IdKind.class), Set.of(), null),
    EXPORTER_UNPIN("exporter.unpin", EnumSet.of(IdKind.BUF, IdKind.ATTACH), EnumSet.noneOf(IdKind.class), Set.of(), null),
    EXPORTER_MAP_DMA_BUF("exporter.map_dma_buf", EnumSet.of(IdKind.BUF, IdKind.ATTACH), EnumSet.of(IdKind.SGT), Set.of("dir"), IdKind.SGT),
    EXPORTER_UNMAP_DMA_BUF("exporter.unmap_dma_buf", EnumSet.of(IdKind.BUF, IdKind.ATTACH), EnumSet.of(IdKind.SGT), Set.of("dir"), null),
    EXPORTER_BEGIN_CPU_ACCESS("exporter.begin_cpu_access", EnumSet.of(IdKind.BUF), EnumSet.noneOf(IdKind.class), Set.of("dir"), null),
    EXPORTER_END_CPU_ACCESS("exporter.end_cpu_access", EnumSet.of(IdKind.BUF), EnumSet.noneOf(IdKind.class), Set.of("dir"), null),
    EXPORTER_VMAP("exporter.vmap", EnumSet.of(IdKind.BUF), EnumSet.noneOf(IdKind.class), Set.of(), null),
    EXPORTER_VUNMAP("exporter.vunmap", EnumSet.of(IdKind.BUF), EnumSet.noneOf(IdKind.class), Set.of("addr"), null),
    EXPORTER_RELEASE("exporter.release", EnumSet.of(IdKind.BUF), EnumSet.noneOf(IdKind.class), Set.of("leaked_mappings", "leaked_pins"), null),
    EXPORTER_MOVE("exporter.move", EnumSet.of(IdKind.BUF), EnumSet.of(IdKind.FENCE), Set.of("from", "to"), null),
    EXPORTER_REUSE_STORAGE("exporter.reuse_storage", EnumSet.of(IdKind.BUF), EnumSet.noneOf(IdKind.class), Set.of("placement"), null),
    IMPORTER_MOVE_NOTIFY("importer.move_notify", EnumSet.of(IdKind.BUF, IdKind.ATTACH), EnumSet.noneOf(IdKind.class), Set.of(), null),
    IMPORTER_INVALIDATE_MAPPINGS("importer.invalidate_mappings", EnumSet.of(IdKind.BUF, IdKind.ATTACH), EnumSet.noneOf(IdKind.class), Set.of(), null),
    IMPORTER_DEVICE_ACCESS("importer.device_access", EnumSet.of(IdKind.BUF, IdKind.ATTACH), EnumSet.of(IdKind.SGT, IdKind.FENCE), Set.of("access"), null),
    EXPORTER_VM_FAULT("exporter.vm_fault", EnumSet.of(IdKind.BUF), EnumSet.noneOf(IdKind.class), Set.of("vma", "placement", "access"), null),
    UNMAP_MAPPING_RANGE("unmap_mapping_range", EnumSet.of(IdKind.BUF), EnumSet.noneOf(IdKind.class), Set.of(), null),
    CPU_ACCESS("cpu.access", EnumSet.of(IdKind.BUF), EnumSet.noneOf(IdKind.class), Set.of("via", "vma", "addr", "access", "placement"), null),
    WW_ACQUIRE_INIT("ww_acquire_init", EnumSet.of(IdKind.CTX), EnumSet.noneOf(IdKind.class), Set.of("stamp"), IdKind.CTX),
    WW_ACQUIRE_DONE("ww_acquire_done", EnumSet.of(IdKind.CTX), EnumSet.noneOf(IdKind.class), Set.of(), null),
    WW_ACQUIRE_FINI("ww_acquire_fini", EnumSet.of(IdKind.CTX), EnumSet.noneOf(IdKind.class), Set.of(), null),
    DMA_RESV_LOCK("dma_resv_lock", EnumSet.of(IdKind.BUF), EnumSet.of(IdKind.CTX), Set.of(), null),
    DMA_RESV_LOCK_INTERRUPTIBLE("dma_resv_lock_interruptible", EnumSet.of(IdKind.BUF), EnumSet.of(IdKind.CTX), Set.of(), null),
    DMA_RESV_LOCK_SLOW("dma_resv_lock_slow", EnumSet.of(IdKind.BUF, IdKind.CTX), EnumSet.noneOf(IdKind.class), Set.of(), null),
    DMA_RESV_TRYLOCK("dma_resv_trylock", EnumSet.of(IdKind.BUF), EnumSet.noneOf(IdKind.class), Set.of(), null),
    DMA_RESV_UNLOCK("dma_resv_unlock", EnumSet.of(IdKind.BUF), EnumSet.noneOf(IdKind.class), Set.of(), null),
    DMA_RESV_RESERVE_FENCES("dma_resv_reserve_fences", EnumSet.of(IdKind.BUF), EnumSet.noneOf(IdKind.class), Set.of("num"), null),
    DMA_RESV_ADD_FENCE("dma_resv_add_fence", EnumSet.of(IdKind.BUF, IdKind.FENCE), EnumSet.noneOf(IdKind.class), Set.of("usage"), IdKind.FENCE),
    DMA_RESV_TEST_SIGNALED("dma_resv_test_signaled", EnumSet.of(IdKind.BUF), EnumSet.noneOf(IdKind.class), Set.of("usage"), null),
    DMA_RESV_WAIT_TIMEOUT("dma_resv_wait_timeout", EnumSet.of(IdKind.BUF), EnumSet.noneOf(IdKind.class), Set.of("usage", "timeout", "intr"), null),
    DMA_RESV_GET_FENCES("dma_resv_get_fences", EnumSet.of(IdKind.BUF), EnumSet.of(IdKind.FENCES), Set.of("usage"), null),
    DMA_FENCE_INIT("dma_fence_init", EnumSet.of(IdKind.FENCE), EnumSet.of(IdKind.FENCES), Set.of("context", "seqno"), IdKind.FENCE),
    DMA_FENCE_ENABLE_SW_SIGNALING("dma_fence_enable_sw_signaling", EnumSet.of(IdKind.FENCE), EnumSet.noneOf(IdKind.class), Set.of(), null),
    DMA_FENCE_SIGNAL("dma_fence_signal", EnumSet.of(IdKind.FENCE), EnumSet.noneOf(IdKind.class), Set.of(), null),
    DMA_FENCE_SET_ERROR("dma_fence_set_error", EnumSet.of(IdKind.FENCE), EnumSet.noneOf(IdKind.class), Set.of("error"), null),
    DMA_FENCE_ADD_CALLBACK("dma_fence_add_callback", EnumSet.of(IdKind.FENCE, IdKind.CB), EnumSet.noneOf(IdKind.class), Set.of(), IdKind.CB),
    DMA_FENCE_REMOVE_CALLBACK("dma_fence_remove_callback", EnumSet.of(IdKind.FENCE, IdKind.CB), EnumSet.noneOf(IdKind.class), Set.of(), null),
    DMA_FENCE_CALLBACK("dma_fence_callback", EnumSet.of(IdKind.FENCE, IdKind.CB), EnumSet.noneOf(IdKind.class), Set.of(), null),
    DMA_FENCE_WAIT_TIMEOUT("dma_fence_wait_timeout", EnumSet.of(IdKind.FENCE), EnumSet.noneOf(IdKind.class), Set.of("timeout", "intr"), null),
    DMA_FENCE_PUT("dma_fence_put", EnumSet.of(IdKind.FENCE), EnumSet.noneOf(IdKind.class), Set.of("last"), null),
    DMA_HEAP_IOCTL_ALLOC("DMA_HEAP_IOCTL_ALLOC", EnumSet.of(IdKind.BUF), EnumSet.noneOf(IdKind.class), Set.of("heap", "len", "fd_flags", "heap_flags", "struct_size"), IdKind.BUF),
    UDMABUF_CREATE("UDMABUF_CREATE", EnumSet.of(IdKind.BUF), EnumSet.noneOf(IdKind.class), Set.of("size", "seals", "offset", "memfd_size"), IdKind.BUF),
    DMA_BUF_IOCTL_SYNC("DMA_BUF_IOCTL_SYNC", EnumSet.of(IdKind.BUF), EnumSet.noneOf(IdKind.class), Set.of("flags"), null),
    DMA_BUF_SET_NAME("DMA_BUF_SET_NAME", EnumSet.of(IdKind.BUF), EnumSet.noneOf(IdKind.class), Set.of("name"), null),
    DMA_BUF_IOCTL_EXPORT_SYNC_FILE("DMA_BUF_IOCTL_EXPORT_SYNC_FILE", EnumSet.of(IdKind.BUF, IdKind.SYNC_FILE), EnumSet.of(IdKind.FENCES), Set.of("flags"), IdKind.SYNC_FILE),
    DMA_BUF_IOCTL_IMPORT_SYNC_FILE("DMA_BUF_IOCTL_IMPORT_SYNC_FILE", EnumSet.of(IdKind.BUF, IdKind.SYNC_FILE), EnumSet.of(IdKind.FENCES), Set.of("flags"), null),
    POLL("poll", EnumSet.noneOf(IdKind.class), EnumSet.of(IdKind.BUF, IdKind.SYNC_FILE), Set.of("events"), null),
    MMAP("mmap", EnumSet.of(IdKind.BUF), EnumSet.noneOf(IdKind.class), Set.of(), null),
    MUNMAP("munmap", EnumSet.of(IdKind.BUF), EnumSet.noneOf(IdKind.class), Set.of("vma"), null),
    CLOSE("close", EnumSet.of(IdKind.BUF), EnumSet.noneOf(IdKind.class), Set.of(), null),
    DRM_IOCTL_PRIME_FD_TO_HANDLE("DRM_IOCTL_PRIME_FD_TO_HANDLE", EnumSet.of(IdKind.BUF), EnumSet.of(IdKind.ATTACH, IdKind.DEV), Set.of("handle", "file"), IdKind.ATTACH),
    DRM_IOCTL_GEM_CLOSE("DRM_IOCTL_GEM_CLOSE", EnumSet.of(IdKind.BUF), EnumSet.of(IdKind.ATTACH, IdKind.DEV), Set.of("handle", "file"), null),
    DRM_IOCTL_VGEM_FENCE_ATTACH("DRM_IOCTL_VGEM_FENCE_ATTACH", EnumSet.of(IdKind.BUF, IdKind.FENCE), EnumSet.noneOf(IdKind.class), Set.of("flags", "pad", "handle", "file", "out_fence"), IdKind.FENCE),
    DRM_IOCTL_VGEM_FENCE_SIGNAL("DRM_IOCTL_VGEM_FENCE_SIGNAL", EnumSet.of(IdKind.FENCE), EnumSet.noneOf(IdKind.class), Set.of("flags", "file", "out_fence"), null),
    SYNC_IOC_MERGE("SYNC_IOC_MERGE", EnumSet.of(IdKind.SYNC_FILE), EnumSet.of(IdKind.FENCES), Set.of("fd1", "fd2"), IdKind.SYNC_FILE),
    SYNC_IOC_FILE_INFO("SYNC_IOC_FILE_INFO", EnumSet.of(IdKind.SYNC_FILE), EnumSet.of(IdKind.FENCES), Set.of(), null),
    DRM_CLOSE("drm_close", EnumSet.of(IdKind.DEV), EnumSet.noneOf(IdKind.class), Set.of("file"), null);

    private static final Map<String, Op> BY_NAME = new HashMap<>();

    static {
        for (Op op : values()) {
            BY_NAME.put(op.wire, op);
        }
    }

    private final String wire;
    private final Set<IdKind> requiredIds;
    private final Set<IdKind> optionalIds;
    private final Set<String> args;
    private final IdKind creates;

    Op(String wire, Set<IdKind> requiredIds, Set<IdKind> optionalIds, Set<String> args, IdKind creates) {
        this.wire = wire;
        this.requiredIds = requiredIds;
        this.optionalIds = optionalIds;
        this.args = args;
        this.creates = creates;
    }

    /** The name written in the trace's {@code op} field (a kernel function, callback or ioctl). */
    public String wire() {
        return wire;
    }

    public Set<IdKind> requiredIds() {
        return requiredIds;
    }

    public boolean allowsId(IdKind kind) {
        return requiredIds.contains(kind) || optionalIds.contains(kind);
    }

    /** The names of the {@code args} this op may carry. */
    public Set<String> args() {
        return args;
    }

    public boolean allowsArg(String name) {
        return args.contains(name);
    }

    /** The id kind a successful call of this op brings into existence, or null. */
    public IdKind creates() {
        return creates;
    }

    /** Exporter or importer callbacks: invoked by the core inside another call. */
    public boolean isCallback() {
        return wire.startsWith("exporter.") || wire.startsWith("importer.");
    }

    public static Op fromWire(String name) {
        return BY_NAME.get(name);
    }

    @Override
    public String toString() {
        return wire;
    }
}
