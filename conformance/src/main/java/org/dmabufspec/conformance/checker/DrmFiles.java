package org.dmabufspec.conformance.checker;

import java.util.EnumSet;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.dmabufspec.trace.Op;
import org.dmabufspec.trace.TraceEvent;

/**
 * The DRM file of each vgem/PRIME call ({@code args.file}): a closed file fails every call with
 * -EBADF, an open one never does (U8); a handle or vgem fence id names what the file's own calls
 * made it name (U9). Events without {@code args.file} (traces that do not log it) are not
 * judged here; ids a file's events did not log ({@code out_fence} of a native attach) leave the
 * checks that need them off for that file.
 *
 * <p>Sources: drivers/gpu/drm/drm_prime.c ({@code drm_gem_prime_fd_to_handle},
 * {@code drm_prime_lookup_buf_handle}), drm_gem.c ({@code drm_gem_handle_create_tail},
 * {@code drm_gem_close_ioctl}, {@code drm_gem_release}), vgem_fence.c
 * ({@code vgem_fence_attach_ioctl}: {@code idr_alloc}; {@code vgem_fence_signal_ioctl}:
 * {@code idr_replace(NULL)}; {@code vgem_fence_close}).
 */
final class DrmFiles {
    private static final Set<Op> OPS = EnumSet.of(Op.DRM_IOCTL_PRIME_FD_TO_HANDLE, Op.DRM_IOCTL_GEM_CLOSE,
            Op.DRM_IOCTL_VGEM_FENCE_ATTACH, Op.DRM_IOCTL_VGEM_FENCE_SIGNAL, Op.DRM_CLOSE);

    private DrmFiles() {
    }

    private static String fileOf(TraceEvent e) {
        return OPS.contains(e.op()) ? e.argString("file") : null;
    }

    /** Whether {@link #apply} may change the state for {@code e} (not a guard-only step then). */
    static boolean writes(TraceEvent e) {
        return fileOf(e) != null && (e.succeeded() || e.op() == Op.DRM_IOCTL_VGEM_FENCE_SIGNAL && "ETIMEDOUT".equals(e.result()));
    }

    /** The U8/U9 violation of {@code e} against its DRM file, or null. */
    static Violation check(ProtocolState s, TraceEvent e) {
        String name = fileOf(e);
        if (name == null) {
            return null;
        }
        DrmFileState f = Objects.requireNonNullElse(s.drmFile(name), DrmFileState.UNSEEN);
        String r = e.result();
        if (f.closed()) {
            return r.equals("EBADF") ? null : new Violation("U8", e.op().wire() + " through DRM file " + name + ", which the drm_close at line "
                    + f.closedAt() + " closed, returned " + shown(r) + ": a call on a closed fd fails with -EBADF");
        }
        // PRIME's -EBADF may be the dma-buf fd's (dma_buf_get)
        if (r.equals("EBADF") && f.seenOpen() && e.op() != Op.DRM_IOCTL_PRIME_FD_TO_HANDLE) {
            return new Violation("U8", e.op().wire() + " through DRM file " + name + " returned -EBADF, but the file is open (calls through it "
                    + "succeeded and no drm_close closed it)");
        }
        return switch (e.op()) {
            case DRM_IOCTL_PRIME_FD_TO_HANDLE -> primeImport(f, e, name);
            case DRM_IOCTL_GEM_CLOSE -> gemClose(f, e, name);
            case DRM_IOCTL_VGEM_FENCE_ATTACH -> fenceAttach(f, e, name);
            case DRM_IOCTL_VGEM_FENCE_SIGNAL -> fenceSignal(f, e, name);
            default -> null;
        };
    }

    /**
     * drm_prime_lookup_buf_handle: a buffer the file already imported gives its handle (and its
     * attachment) again, without a new attach; a new import gets a handle no live object of the
     * file holds.
     */
    private static Violation primeImport(DrmFileState f, TraceEvent e, String name) {
        Long h = e.argLong("handle");
        if (!e.succeeded() || h == null || e.buf() == null) {
            return null;
        }
        if (h < 1 || h > Integer.MAX_VALUE) {
            return new Violation("U9", "DRM_IOCTL_PRIME_FD_TO_HANDLE of " + e.buf() + " returned handle " + h
                    + ": GEM handles are allocated from 1 (drm_gem_handle_create_tail: idr_alloc(&object_idr, obj, 1, 0))");
        }
        Map.Entry<Long, DrmFileState.GemHandle> held = f.importOf(e.buf());
        if (held != null && e.attach() != null) {
            String why = "DRM file " + name + " holds handle " + held.getKey() + " for its import of " + e.buf() + " (line "
                    + held.getValue().line() + ", attachment " + held.getValue().attach() + "): a re-import returns that handle and attachment (drm_prime's cache)";
            if (held.getKey().longValue() != h) {
                return new Violation("U9", "DRM_IOCTL_PRIME_FD_TO_HANDLE of " + e.buf() + " returned handle " + h + ", but " + why);
            }
            if (!held.getValue().attach().equals(e.attach()) || e.callees().contains(Op.DMA_BUF_ATTACH)) {
                return new Violation("U9", "DRM_IOCTL_PRIME_FD_TO_HANDLE of " + e.buf() + " attached again (" + e.attach() + "), but " + why);
            }
        }
        DrmFileState.GemHandle other = f.handles().get(h);
        if (other != null && !other.buf().equals(e.buf())) {
            return new Violation("U9", "DRM_IOCTL_PRIME_FD_TO_HANDLE of " + e.buf() + " returned handle " + h + ", which names " + other.buf()
                    + " in DRM file " + name + " (line " + other.line() + "; no GEM_CLOSE or drm_close released it): a live handle is not handed out twice");
        }
        return null;
    }

    /** drm_gem_close_ioctl of a handle the file holds: it succeeds and releases that object. */
    private static Violation gemClose(DrmFileState f, TraceEvent e, String name) {
        Long h = e.argLong("handle");
        DrmFileState.GemHandle held = h == null ? null : f.handles().get(h);
        if (held == null) {
            return null;
        }
        String what = "DRM_IOCTL_GEM_CLOSE of handle " + h + ", which names " + held.buf() + " in DRM file " + name + " (line " + held.line() + ")";
        if (!e.succeeded()) {
            return Transitions.ENVIRONMENT_ERRORS.contains(e.result()) ? null
                    : new Violation("U8", what + ", returned " + shown(e.result()) + ": the kernel closes a live handle");
        }
        if (!held.buf().equals(e.buf()) || held.attach() != null && !held.attach().equals(e.attach())) {
            return new Violation("U9", what + " and attachment " + held.attach() + ", released " + e.buf() + " (attachment " + e.attach() + ")");
        }
        return null;
    }

    /** vgem_fence_attach_ioctl: the handle's object (-ENOENT only for a handle the file lacks); a fresh id. */
    private static Violation fenceAttach(DrmFileState f, TraceEvent e, String name) {
        Long h = e.argLong("handle");
        DrmFileState.GemHandle held = h == null ? null : f.handles().get(h);
        if (held != null) {
            String what = "DRM_IOCTL_VGEM_FENCE_ATTACH on handle " + h + ", which names " + held.buf() + " in DRM file " + name + " (line " + held.line() + ")";
            if (e.result().equals("ENOENT")) {
                return new Violation("U8", what + ", returned -ENOENT, which is for a handle the file does not hold");
            }
            if (e.buf() != null && !e.buf().equals(held.buf())) {
                return new Violation("U9", what + ", acted on " + e.buf());
            }
        }
        Long id = e.argLong("out_fence");
        if (e.succeeded() && id != null && (id < 1 || id > Integer.MAX_VALUE)) {
            return new Violation("U9", "DRM_IOCTL_VGEM_FENCE_ATTACH returned fence id " + id + " for " + e.fence()
                    + ": vgem allocates ids from 1 (idr_alloc(&fence_idr, fence, 1, 0))");
        }
        if (e.succeeded() && id != null) {
            DrmFileState.VgemId was = f.liveIds().containsKey(id) ? f.liveIds().get(id) : f.consumedIds().get(id);
            if (was != null) {
                return new Violation("U9", "DRM_IOCTL_VGEM_FENCE_ATTACH returned fence id " + id + " for " + e.fence() + ", but in DRM file " + name
                        + " that id names fence " + was.fence() + " (line " + was.line() + "): an id stays allocated until the file closes");
            }
        }
        return null;
    }

    /** vgem_fence_signal_ioctl: a live id signals its fence; a consumed one, or one never attached, is -ENOENT. */
    private static Violation fenceSignal(DrmFileState f, TraceEvent e, String name) {
        Long id = e.argLong("out_fence");
        if (id == null) {
            return null;
        }
        String r = e.result();
        boolean consumes = e.succeeded() || r.equals("ETIMEDOUT");
        DrmFileState.VgemId live = f.liveIds().get(id);
        if (live != null) {
            String what = "DRM_IOCTL_VGEM_FENCE_SIGNAL of id " + id + ", which names fence " + live.fence() + " in DRM file " + name
                    + " (attached at line " + live.line() + ", not signalled through the ioctl since)";
            if (r.equals("ENOENT")) {
                return new Violation("U8", what + ", returned -ENOENT, which is for an id the file never attached or already signalled");
            }
            if (e.fence() != null && !e.fence().equals(live.fence())) {
                return new Violation("U9", what + ", signalled " + e.fence());
            }
            return null;
        }
        DrmFileState.VgemId gone = f.consumedIds().get(id);
        if (gone != null) {
            if (consumes) {
                return new Violation("U8", "DRM_IOCTL_VGEM_FENCE_SIGNAL of id " + id + " of DRM file " + name + " returned " + shown(r)
                        + ", but a FENCE_SIGNAL already consumed that id (fence " + gone.fence() + ", attached at line " + gone.line() + "): the kernel returns -ENOENT");
            }
            if (e.fence() != null && !e.fence().equals(gone.fence())) {
                return new Violation("U9", "DRM_IOCTL_VGEM_FENCE_SIGNAL of consumed id " + id + " of DRM file " + name + " names fence " + e.fence()
                        + ", but the id named " + gone.fence() + " (line " + gone.line() + ")");
            }
            return null;
        }
        if (consumes && f.idsComplete()) {
            return new Violation("U8", "DRM_IOCTL_VGEM_FENCE_SIGNAL of id " + id + " through DRM file " + name + " returned " + shown(r)
                    + ", but no attach through that file returned the id (each logged its out_fence): the kernel returns -ENOENT");
        }
        return null;
    }

    /** The file's state after {@code e}, which {@link #check} accepted. */
    static void apply(ProtocolState s, TraceEvent e) {
        if (!writes(e)) {
            return;
        }
        String name = fileOf(e);
        DrmFileState f = Objects.requireNonNullElse(s.drmFile(name), DrmFileState.UNSEEN);
        if (f.closed()) {
            return;
        }
        Long handle = e.argLong("handle");
        DrmFileState next = switch (e.op()) {
            case DRM_CLOSE -> f.close(e.line());
            case DRM_IOCTL_PRIME_FD_TO_HANDLE -> handle == null || e.buf() == null ? f.open()
                    : f.withHandle(handle, new DrmFileState.GemHandle(e.buf(), e.attach(), e.line()));
            case DRM_IOCTL_GEM_CLOSE -> handle == null ? f.open() : f.withoutHandle(handle);
            case DRM_IOCTL_VGEM_FENCE_ATTACH -> f.attached(e.argLong("out_fence"), new DrmFileState.VgemId(e.fence(), e.line()));
            case DRM_IOCTL_VGEM_FENCE_SIGNAL -> e.argLong("out_fence") == null ? f.open() : f.consumed(e.argLong("out_fence"));
            default -> f.open();
        };
        if (!next.equals(f) || s.drmFile(name) == null) {
            s.putDrmFile(name, next);
        }
    }

    private static String shown(String result) {
        return "0".equals(result) ? "0 (success)" : "-" + result;
    }
}
