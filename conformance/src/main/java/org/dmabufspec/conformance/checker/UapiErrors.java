package org.dmabufspec.conformance.checker;

import org.dmabufspec.trace.KernelBehaviour;
import org.dmabufspec.trace.Op;
import org.dmabufspec.trace.TraceEvent;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;

/**
 * Error precision of the uAPI calls (docs/rules.md U8): for each ioctl, which results its logged
 * arguments and the state allow, in the kernel's order of checks. An argument the kernel rejects
 * must make the call fail with that check's errno; a call whose logged arguments are all valid
 * may fail only with what the environment causes (allocation, signals, copy faults, fd limits:
 * {@link Transitions#ENVIRONMENT_ERRORS}) or what the state explains. Where the trace does not
 * log an argument a check depends on (UDMABUF_CREATE's offset from native runs, the list form's
 * items), or an exporter callback the kernel calls can fail in ways of its own (a buffer of
 * dma_buf_export with a driver's ops), the errno it may cause stays allowed.
 *
 * <p>Sources: drivers/dma-buf/dma-buf.c ({@code dma_buf_ioctl}, {@code dma_buf_set_name},
 * {@code dma_buf_export_sync_file}, {@code dma_buf_import_sync_file}), dma-heap.c
 * ({@code dma_heap_buffer_alloc}), udmabuf.c ({@code udmabuf_create}, {@code check_memfd_seals},
 * {@code begin_cpu_udmabuf}, {@code end_cpu_udmabuf}), drivers/gpu/drm/vgem/vgem_fence.c,
 * drivers/gpu/drm/drm_gem.c ({@code drm_gem_close_ioctl}).
 */
final class UapiErrors {
    static final long PAGE_SIZE = 4096;
    /** udmabuf's default {@code size_limit_mb} module parameter; the checker assumes the default. */
    static final long UDMABUF_SIZE_LIMIT = 64L * 1024 * 1024;
    /** DMA_HEAP_VALID_FD_FLAGS = O_CLOEXEC | O_ACCMODE. */
    static final long HEAP_VALID_FD_FLAGS = 0x80000 | 3;

    private final KernelBehaviour.Label behaviour;

    UapiErrors(KernelBehaviour.Label behaviour) {
        this.behaviour = behaviour;
    }

    /** The U8 violation of {@code e} in state {@code s}, or null. */
    String check(ProtocolState s, TraceEvent e) {
        return switch (e.op()) {
            case DMA_BUF_IOCTL_SYNC -> sync(s, e);
            case DMA_BUF_SET_NAME -> setName(e);
            case DMA_BUF_IOCTL_EXPORT_SYNC_FILE -> rwFlags(e, false, s);
            case DMA_BUF_IOCTL_IMPORT_SYNC_FILE -> rwFlags(e, true, s);
            case DMA_HEAP_IOCTL_ALLOC -> heapAlloc(e);
            case UDMABUF_CREATE -> udmabufCreate(e);
            case DRM_IOCTL_VGEM_FENCE_ATTACH -> vgemFenceAttach(e);
            case DRM_IOCTL_VGEM_FENCE_SIGNAL -> vgemFenceSignalUnknownId(e);
            case DRM_IOCTL_GEM_CLOSE -> gemClose(e);
            case DRM_IOCTL_PRIME_FD_TO_HANDLE -> primeImport(s, e);
            case POLL -> failsOnlyByEnvironment(e, "poll (dma_buf_poll and sync_file_poll return a mask, never an error)");
            case CLOSE, DRM_CLOSE -> e.result().equals("EBADF") || e.result().equals("EIO") ? null
                    : failsOnlyByEnvironment(e, e.op().wire() + " of an open file");
            default -> null;
        };
    }

    private static boolean environment(String result) {
        return Transitions.ENVIRONMENT_ERRORS.contains(result);
    }

    /**
     * An invalid argument: the call must fail with {@code errno}, or with what comes first (an
     * environment error, -EBADF for an fd that is not open).
     */
    private static String mustFail(TraceEvent e, String errno, String why) {
        if (e.result().equals(errno) || environment(e.result()) || e.result().equals("EBADF")) {
            return null;
        }
        return e.op().wire() + " " + why + ": the kernel fails it with -" + errno + ", but it returned " + shown(e.result());
    }

    /**
     * All checked arguments valid: the call may fail only for a reason outside them, or with
     * -EBADF (the fd closed: the trace names the object, not whether the fd is still open).
     */
    private static String mayFailOnlyBy(TraceEvent e, Set<String> allowed, String what) {
        return mayFailOnlyBy(e, allowed, what, false);
    }

    /** As above; {@code fdOpen}: the trace shows the fd open (a live handle of it), so no -EBADF. */
    private static String mayFailOnlyBy(TraceEvent e, Set<String> allowed, String what, boolean fdOpen) {
        String r = e.result();
        if (e.succeeded() || environment(r) || allowed.contains(r) || (!fdOpen && r.equals("EBADF"))) {
            return null;
        }
        return what + " returned -" + r + ", which the kernel does not return for these arguments in this state (allowed: success, "
                + (allowed.isEmpty() ? "" : "-" + String.join(", -", allowed.stream().sorted().toList()) + ", ")
                + (fdOpen ? "" : "-EBADF, ")
                + "or an allocation, signal, copy or fd-limit error)";
    }

    private static String failsOnlyByEnvironment(TraceEvent e, String what) {
        return mayFailOnlyBy(e, Set.of(), what, true);
    }

    private static String shown(String result) {
        return "0".equals(result) ? "0 (success)" : "-" + result;
    }

    // ---------------------------------------------------------------- dma-buf fd ioctls

    /** A flags argument as a number: hex/decimal as written, or the names of the trace spelling; null if unknown. */
    static Long flagValue(String text, boolean sync) {
        if (text == null) {
            return null;
        }
        String t = text.trim();
        try {
            if (t.startsWith("0x") || t.startsWith("0X")) {
                return Long.parseUnsignedLong(t.substring(2), 16);
            }
            if (!t.isEmpty() && t.chars().allMatch(Character::isDigit)) {
                return Long.parseLong(t);
            }
        } catch (NumberFormatException ex) {
            return null;
        }
        long v = 0;
        for (String part : t.split("\\|")) {
            switch (part.trim()) {
                case "START", "" -> { }
                case "END" -> v |= sync ? 4 : 0;
                case "READ" -> v |= 1;
                case "WRITE" -> v |= 2;
                case "RW" -> v |= 3;
                default -> {
                    return null;
                }
            }
        }
        return v;
    }

    private static boolean validRw(long flags, long extra) {
        return (flags & ~(3 | extra)) == 0 && (flags & 3) != 0;
    }

    /**
     * DMA_BUF_IOCTL_SYNC ({@code dma_buf_ioctl}): -EINVAL for a bit outside
     * DMA_BUF_SYNC_VALID_FLAGS_MASK or neither READ nor WRITE; then the exporter's begin/end
     * callback after the interruptible wait. The heaps' callbacks return 0; udmabuf's first
     * SYNC_START builds its table (allocation and DMA-mapping errors: -ENOMEM, -EIO) and its
     * SYNC_END returns -EINVAL while no SYNC_START has built it, which the checker does not track;
     * a driver's exporter may fail as its callbacks do.
     */
    private String sync(ProtocolState s, TraceEvent e) {
        String text = e.argString("flags");
        Long flags = flagValue(text, true);
        if (flags == null) {
            return null;
        }
        if (!validRw(flags, 4)) {
            return mustFail(e, "EINVAL", "with flags " + text + " (a bit outside READ|WRITE|END, or neither READ nor WRITE)");
        }
        BufferState b = e.buf() == null ? null : s.buf(e.buf());
        if (b == null || !knownExporter(b)) {
            return null;
        }
        boolean end = (flags & 4) != 0;
        Set<String> allowed = !b.exporter.equals("udmabuf") ? Set.of("EBADF")
                : end ? Set.of("EBADF", "EINVAL") : Set.of("EBADF", "EIO");
        return mayFailOnlyBy(e, allowed, "DMA_BUF_IOCTL_SYNC " + text + " on " + e.buf() + " (" + b.exporter + ")");
    }

    /** Exporters whose callbacks the checker knows: the dma-heaps and udmabuf. */
    private static boolean knownExporter(BufferState b) {
        return b.exporter.equals("udmabuf") || b.exporter.startsWith("heap ");
    }

    /** DMA_BUF_SET_NAME ({@code strndup_user(name, DMA_BUF_NAME_LEN)}): -EINVAL for 32 bytes or more. */
    private static String setName(TraceEvent e) {
        String name = e.argString("name");
        if (name == null) {
            return null;
        }
        if (name.getBytes(StandardCharsets.UTF_8).length >= 32) {
            return mustFail(e, "EINVAL", "with a name of " + name.getBytes(StandardCharsets.UTF_8).length + " bytes (DMA_BUF_NAME_LEN is 32 with the NUL)");
        }
        return mayFailOnlyBy(e, Set.of("EBADF"), "DMA_BUF_SET_NAME with a name of " + name.getBytes(StandardCharsets.UTF_8).length + " bytes");
    }

    /**
     * EXPORT/IMPORT_SYNC_FILE: -EINVAL for a bit outside DMA_BUF_SYNC_RW or neither; the import
     * also for an fd that is not a sync_file (the event names no known sync_file).
     */
    private static String rwFlags(TraceEvent e, boolean isImport, ProtocolState s) {
        String text = e.argString("flags");
        Long flags = flagValue(text, false);
        if (flags == null) {
            return null;
        }
        if (!validRw(flags, 0)) {
            return mustFail(e, "EINVAL", "with flags " + text + " (a bit outside READ|WRITE, or neither)");
        }
        if (isImport && (e.syncFile() == null || !s.syncFiles.containsKey(e.syncFile()))) {
            return mayFailOnlyBy(e, Set.of("EINVAL", "EBADF"), e.op().wire() + " of an fd that is no sync_file the trace created");
        }
        return mayFailOnlyBy(e, Set.of("EBADF"), e.op().wire() + " with flags " + text);
    }

    // ---------------------------------------------------------------- allocators

    /**
     * DMA_HEAP_IOCTL_ALLOC ({@code dma_heap_buffer_alloc}): -EINVAL for fd_flags outside
     * O_CLOEXEC|O_ACCMODE, any heap_flags, or a length that page-aligns to 0; else the heap's
     * allocation (-ENOMEM, -EINTR on a fatal signal). A call on something that is not a heap
     * (a {@code heap} path such as "/dev/null", -ENOTTY) or with another struct size is not judged.
     */
    private static String heapAlloc(TraceEvent e) {
        String heap = e.argString("heap");
        if (heap == null || heap.contains("/") || e.argLong("struct_size") != null) {
            return null;
        }
        Long fdFlags = e.argLong("fd_flags");
        Long heapFlags = e.argLong("heap_flags");
        Long len = e.argLong("len");
        if (fdFlags != null && (fdFlags & ~HEAP_VALID_FD_FLAGS) != 0) {
            return mustFail(e, "EINVAL", "with fd_flags 0x" + Long.toHexString(fdFlags) + " (only O_CLOEXEC and O_ACCMODE are valid)");
        }
        if (heapFlags != null && heapFlags != 0) {
            return mustFail(e, "EINVAL", "with heap_flags 0x" + Long.toHexString(heapFlags) + " (no heap flag is defined)");
        }
        if (len != null && len == 0) {
            return mustFail(e, "EINVAL", "with len 0");
        }
        if (fdFlags == null || heapFlags == null || len == null) {
            return null;
        }
        return mayFailOnlyBy(e, Set.of(), "DMA_HEAP_IOCTL_ALLOC of " + len + " bytes from heap " + heap + " with valid flags");
    }

    /**
     * UDMABUF_CREATE ({@code udmabuf_create}), in the kernel's order: offset and size page-aligned,
     * the size within size_limit_mb (default 64 MiB) and non-zero (-EINVAL); then the file: not
     * shmem/hugetlbfs or not open (-EBADFD; such a file has no seals), seals without SHRINK or with
     * WRITE (-EINVAL; FUTURE_WRITE too on 6.15 and later, B21, and on older kernels with the stable
     * fix); then the range inside the file (-EINVAL). The list form is judged only by its total.
     */
    private String udmabufCreate(TraceEvent e) {
        Long size = e.argLong("size");
        Object sealsArg = e.args() == null ? null : e.args().get("seals");
        if (size == null || !(sealsArg instanceof List<?> seals)) {
            return null;
        }
        boolean list = "UDMABUF_CREATE_LIST".equals(e.ioctl());
        Long offset = e.argLong("offset");
        Long fileSize = e.argLong("memfd_size");
        if (size % PAGE_SIZE != 0 || (offset != null && offset % PAGE_SIZE != 0)) {
            return mustFail(e, "EINVAL", "with size " + size + (offset == null ? "" : " at offset " + offset) + " (not page-aligned)");
        }
        if (size == 0) {
            return mustFail(e, "EINVAL", "of 0 pages");
        }
        if (size > UDMABUF_SIZE_LIMIT) {
            return mustFail(e, "EINVAL", "of " + size + " bytes (more than size_limit_mb, 64 MiB by default)");
        }
        if (list) {
            return null; // per-item alignment, seals and ranges are not logged
        }
        if (seals.isEmpty()) {
            // no seals: a file that is not a memfd (-EBADFD) or one without F_SEAL_SHRINK (-EINVAL)
            if (e.result().equals("EBADFD")) {
                return null;
            }
            return mustFail(e, "EINVAL", "of a file with no seals (not a memfd: -EBADFD; a memfd without F_SEAL_SHRINK: -EINVAL)");
        }
        if (!seals.contains("SHRINK")) {
            return mustFail(e, "EINVAL", "of a memfd with seals " + seals + " (F_SEAL_SHRINK missing)");
        }
        if (seals.contains("WRITE")) {
            return mustFail(e, "EINVAL", "of a memfd with seals " + seals + " (F_SEAL_WRITE is refused)");
        }
        boolean futureWrite = seals.contains("FUTURE_WRITE");
        if (futureWrite && behaviour.compareTo(KernelBehaviour.Label.V6_15) >= 0) {
            return mustFail(e, "EINVAL", "of a memfd with seals " + seals + " (F_SEAL_FUTURE_WRITE is refused since 6.13, B21)");
        }
        if (offset != null && fileSize != null && offset + size > fileSize) {
            return mustFail(e, "EINVAL", "of bytes " + offset + ".." + (offset + size) + " of a memfd of " + fileSize + " bytes (the range must lie inside the file)");
        }
        Set<String> allowed = offset == null || fileSize == null ? Set.of("EINVAL") : futureWrite ? Set.of("EINVAL") : Set.of();
        return mayFailOnlyBy(e, allowed, "UDMABUF_CREATE of " + size + " bytes of a memfd with seals " + seals
                + (offset == null ? " (offset and file size not logged: -EINVAL stays allowed)" : " at offset " + offset));
    }

    // ---------------------------------------------------------------- vgem and DRM

    /**
     * DRM_IOCTL_VGEM_FENCE_ATTACH: -EINVAL for a flag other than VGEM_FENCE_WRITE or a nonzero pad,
     * then -ENOENT for an unknown handle (the event then names no buffer); -EBUSY is judged with the
     * reservation in {@link Transitions}.
     */
    private static String vgemFenceAttach(TraceEvent e) {
        String text = e.argString("flags");
        Long flags = text == null ? null : text.equals("WRITE") ? Long.valueOf(1) : flagValue(text, false);
        Long pad = e.argLong("pad");
        if (flags != null && (flags & ~1L) != 0) {
            return mustFail(e, "EINVAL", "with flags " + text + " (only VGEM_FENCE_WRITE is valid)");
        }
        if (pad != null && pad != 0) {
            return mustFail(e, "EINVAL", "with pad " + pad);
        }
        if (flags == null || pad == null) {
            return null;
        }
        if (e.buf() == null) {
            return e.succeeded() ? null : mayFailOnlyBy(e, Set.of("ENOENT", "EBADF"), "DRM_IOCTL_VGEM_FENCE_ATTACH on handle " + e.argString("handle") + ", which names no buffer");
        }
        return mayFailOnlyBy(e, Set.of("EBUSY"), "DRM_IOCTL_VGEM_FENCE_ATTACH with valid flags on a live handle of " + e.buf(), true);
    }

    /** DRM_IOCTL_VGEM_FENCE_SIGNAL of an id that names no fence: -EINVAL for flags, else -ENOENT. */
    private static String vgemFenceSignalUnknownId(TraceEvent e) {
        if (e.fence() != null || e.succeeded()) {
            return null; // a named fence is judged with its state in Transitions
        }
        String flags = e.argString("flags");
        boolean badFlags = flags != null && !flags.isEmpty() && !flags.equals("0") && !flags.equals("0x0");
        if (badFlags) {
            return mustFail(e, "EINVAL", "with flags " + flags);
        }
        return mayFailOnlyBy(e, Set.of("ENOENT", "EBADF"), "DRM_IOCTL_VGEM_FENCE_SIGNAL of an id that was never attached");
    }

    /**
     * DRM_IOCTL_GEM_CLOSE ({@code drm_gem_handle_delete}): -EINVAL for a handle the file does not
     * have; a handle the trace resolves to a buffer is the file's, so only success.
     */
    private static String gemClose(TraceEvent e) {
        if (e.buf() == null) {
            return e.succeeded() ? null : mayFailOnlyBy(e, Set.of("EINVAL", "EBADF"), "DRM_IOCTL_GEM_CLOSE of a handle that names no buffer");
        }
        return mayFailOnlyBy(e, Set.of(), "DRM_IOCTL_GEM_CLOSE of live handle " + e.argString("handle") + " of " + e.buf(), true);
    }

    /**
     * DRM_IOCTL_PRIME_FD_TO_HANDLE of a live buffer: -EBADF for a closed fd; the attach and map
     * of a first import may fail as the exporter's callbacks do (judged when logged).
     */
    private static String primeImport(ProtocolState s, TraceEvent e) {
        BufferState b = e.buf() == null ? null : s.buf(e.buf());
        if (b == null || b.released || !knownExporter(b)
                || e.callees().contains(Op.DMA_BUF_ATTACH) || e.callees().contains(Op.DMA_BUF_MAP_ATTACHMENT_UNLOCKED)) {
            return null;
        }
        return mayFailOnlyBy(e, Set.of("EBADF"), "DRM_IOCTL_PRIME_FD_TO_HANDLE of " + e.buf() + " (" + b.exporter + ")");
    }
}
