package org.dmabufspec.conformance.checker;

import org.dmabufspec.trace.KernelBehaviour;
import org.dmabufspec.trace.ObservedState;
import org.dmabufspec.trace.Op;
import org.dmabufspec.trace.TraceEvent;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The Java transition relation: for each trace operation, the enabling conditions of the spec
 * action it maps to (each failure names the docs/rules.md rule it breaks) and its effect.
 * Every action first checks everything without touching the state, then infers the unlogged
 * steps it needs (fences signalled inside the kernel, within a bound), then applies its effect.
 *
 * <p>The specs in specs/tla are the authority; this class follows them, not the other way round.
 * It is a hand-written copy for kernel-shaped traces (several objects, partial logging, the
 * kernel functions each method names), tied to the Java relations (which TLC's state graphs prove
 * equal to the specs) by the seeded walks, the mutation agreement and, for the ww and fence
 * vocabularies, the bounded exhaustive agreement under relation/walk; where it still differs, the
 * Known*Disagreements test classes name each difference and why (docs/trace-checker.md).
 */
final class Transitions {
    /** Failures that leave the kernel state as it was (allocation, signals, restartable waits). */
    static final Set<String> ENVIRONMENT_ERRORS = Set.of("ENOMEM", "EINTR", "ERESTARTSYS", "EAGAIN", "EFAULT",
            "ENOSPC", "EMFILE", "ENFILE");

    private final KernelBehaviour.Label behaviour;
    private final boolean moveNotify;
    private final boolean inferHidden;
    private final int maxHidden;
    /** U8: which results each uAPI call's arguments and the state allow. */
    private final UapiErrors uapiErrors;
    /** Event times are monotonic_ns (not logical): a hidden vgem expiry must respect VGEM_FENCE_TIMEOUT. */
    private final boolean timed;

    /**
     * VGEM_FENCE_TIMEOUT (drivers/gpu/drm/vgem/vgem_fence.c: 10 * HZ): an unsignalled vgem fence
     * expires by its own timer no earlier than this after DRM_IOCTL_VGEM_FENCE_ATTACH started.
     */
    static final long VGEM_FENCE_TIMEOUT_NS = 10_000_000_000L;
    /** Slack for clock reads on different CPUs and jiffy rounding of the timer (timers never fire early). */
    static final long VGEM_EXPIRY_TOLERANCE_NS = 20_000_000L;

    /**
     * ww_acquire_init events (by seq) whose stamp is not above the stamp of an init that returned
     * before they started, with that stamp: filled by the engine as it admits events in start
     * order (a fact of the trace, not of a candidate state).
     */
    final Map<Long, Long> staleStamps = new HashMap<>();

    /**
     * Callbacks a nested dma_fence_add_callback registered, by the seq of the call it is nested in
     * (fence + '\0' + cb): a poll reads its own from here (a fact of the trace, so shared by every
     * candidate; a callee ends, and is applied, before its caller). Bounded: a caller follows its
     * callees closely.
     */
    private final Map<Long, List<String>> nestedAdds = new java.util.LinkedHashMap<>(16, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Long, List<String>> eldest) {
            return size() > 4096;
        }
    };

    /** A call's object id and interval: a callee without a caller field is nested by time. */
    private record Span(String id, long start, long end) {
        boolean contains(Span o) {
            return start <= o.start && o.end <= end;
        }
    }

    /** Per thread, its last poll of a buffer (seq and span), and its last adds with no caller field. */
    private final Map<String, Map.Entry<Long, Span>> pollsByThread = new HashMap<>();
    private final Map<String, List<Span>> addsByThread = new HashMap<>();

    /** Off: device accesses are left to the DmaBufIsolation refinement check alone (to test that check). */
    boolean inlineIsolation = true;

    Transitions(KernelBehaviour.Label behaviour, boolean moveNotify, boolean inferHidden, int maxHidden) {
        this(behaviour, moveNotify, inferHidden, maxHidden, false);
    }

    Transitions(KernelBehaviour.Label behaviour, boolean moveNotify, boolean inferHidden, int maxHidden, boolean timed) {
        this.behaviour = behaviour;
        this.moveNotify = moveNotify;
        this.inferHidden = inferHidden;
        this.maxHidden = maxHidden;
        this.timed = timed;
        this.uapiErrors = new UapiErrors(behaviour);
    }

    /** The result of most steps (no inferred signal), shared: records are compared by value. */
    private static final StepResult.Applied APPLIED = new StepResult.Applied(0);

    /** The per-step scratchpad: violations found and unlogged signals the step needs. */
    private final class Step {
        final ProtocolState s;
        final TraceEvent e;
        /** Null until the first violation: most steps have none. */
        private List<Violation> why;
        /** Unlogged signals to apply, in order; null until the first (most steps need none). */
        private LinkedHashSet<String> toSignal;

        Step(ProtocolState s, TraceEvent e) {
            this.s = s;
            this.e = e;
        }

        void fail(String rule, String condition) {
            if (why == null) {
                why = new ArrayList<>(2);
            }
            why.add(new Violation(rule, condition));
        }

        void fail(Violation v) {
            if (why == null) {
                why = new ArrayList<>(2);
            }
            why.add(v);
        }

        boolean ok() {
            return why == null;
        }

        /** The violations found so far, in order (empty when none). */
        List<Violation> why() {
            return why == null ? List.of() : why;
        }

        /** The fence must have signalled by now: if the trace did not show it, infer it (bounded). */
        void needSignaled(String fenceId, String because) {
            needSignaled(fenceId, because, "F7");
        }

        /** As above; {@code rule} is the rule the event breaks if the fence had not signalled. */
        void needSignaled(String fenceId, String because, String rule) {
            FenceState f = s.fence(fenceId);
            if (f == null || f.signaled || willSignal(fenceId)) {
                return;
            }
            if (!inferHidden) {
                fail(rule, because + ", but fence " + fenceId + " has not signalled (no dma_fence_signal before this point)");
            } else if (timed && e.end() < f.vgemAttachStart + VGEM_FENCE_TIMEOUT_NS - VGEM_EXPIRY_TOLERANCE_NS) {
                // the only unlogged signal of a vgem fence is its 10 s timer (drm_close is logged)
                fail(rule, because + ", but vgem fence " + fenceId + " has not signalled: no DRM_IOCTL_VGEM_FENCE_SIGNAL or drm_close, and its "
                        + "VGEM_FENCE_TIMEOUT (10 s) cannot have expired " + (e.end() - f.vgemAttachStart) / 1_000_000 + " ms after the attach");
            } else if (hidden() >= maxHidden) {
                fail("HIDDEN", because + ": more than " + maxHidden + " unlogged fence signals would be needed");
            } else {
                // F12: the earlier fences of its context signalled before it, unlogged too
                for (String g : List.copyOf(s.earlierPending(f))) {
                    needSignaled(g, because + " and fence " + g + " is earlier on its context (a context signals in seqno order)", "F12");
                }
                if (toSignal == null) {
                    toSignal = new LinkedHashSet<>();
                }
                toSignal.add(fenceId);
            }
        }

        boolean signaledNow(String fenceId) {
            FenceState f = s.fence(fenceId);
            return f == null || f.signaled || willSignal(fenceId);
        }

        private boolean willSignal(String fenceId) {
            return toSignal != null && toSignal.contains(fenceId);
        }

        /** How many unlogged signals this step infers. */
        int hidden() {
            return toSignal == null ? 0 : toSignal.size();
        }

        /** Applies the inferred signals; returns how many there were. */
        int applyHidden() {
            if (toSignal == null) {
                return 0;
            }
            for (String id : toSignal) {
                s.signalFence(id);
            }
            return toSignal.size();
        }
    }

    StepResult step(ProtocolState s, TraceEvent e) {
        String imprecise = uapiErrors.check(s, e);
        if (imprecise != null) {
            return new StepResult.Refused(List.of(new Violation("U8", imprecise)));
        }
        Violation drm = DrmFiles.check(s, e);
        if (drm != null) {
            return new StepResult.Refused(List.of(drm));
        }
        if (!e.succeeded() && returnsVoid(e.op())) {
            return new StepResult.Refused(List.of(new Violation("RESULT", e.op().wire() + " returned " + e.result()
                    + ", but it returns void in the kernel (drivers/dma-buf/dma-buf.c, dma-resv.c): it cannot fail")));
        }
        if (!e.succeeded() && missingIds(e)) {
            return APPLIED; // failed before touching anything: it names no object it would act on
        }
        DrmFiles.apply(s, e);
        Step st = new Step(s, e);
        List<ProtocolState> branches = switch (e.op()) {
            case DMA_BUF_EXPORT, DMA_HEAP_IOCTL_ALLOC, UDMABUF_CREATE -> export(st);
            case DMA_BUF_ATTACH, DMA_BUF_DYNAMIC_ATTACH -> attach(st, e.op() == Op.DMA_BUF_DYNAMIC_ATTACH, false);
            case DRM_IOCTL_PRIME_FD_TO_HANDLE -> primeImport(st);
            case DMA_BUF_DETACH -> detach(st, false);
            case DRM_IOCTL_GEM_CLOSE -> gemClose(st);
            case DMA_BUF_PIN, DMA_BUF_UNPIN -> pin(st, e.op() == Op.DMA_BUF_PIN);
            case DMA_BUF_MAP_ATTACHMENT, DMA_BUF_MAP_ATTACHMENT_UNLOCKED -> map(st, e.op() == Op.DMA_BUF_MAP_ATTACHMENT_UNLOCKED);
            case DMA_BUF_UNMAP_ATTACHMENT, DMA_BUF_UNMAP_ATTACHMENT_UNLOCKED -> unmap(st, e.op() == Op.DMA_BUF_UNMAP_ATTACHMENT_UNLOCKED);
            case DMA_BUF_MOVE_NOTIFY, DMA_BUF_INVALIDATE_MAPPINGS -> moveNotify(st);
            case DMA_BUF_BEGIN_CPU_ACCESS, DMA_BUF_END_CPU_ACCESS, DMA_BUF_IOCTL_SYNC -> cpuAccess(st);
            case DMA_BUF_VMAP, DMA_BUF_VUNMAP, DMA_BUF_VMAP_UNLOCKED, DMA_BUF_VUNMAP_UNLOCKED -> vmap(st);
            case DMA_BUF_PUT, CLOSE -> put(st);
            case DMA_BUF_GET, MMAP, DMA_BUF_SET_NAME -> touchBuffer(st);
            case MUNMAP -> munmap(st);
            case EXPORTER_ATTACH, EXPORTER_DETACH, EXPORTER_PIN, EXPORTER_UNPIN, EXPORTER_MAP_DMA_BUF,
                 EXPORTER_UNMAP_DMA_BUF, EXPORTER_BEGIN_CPU_ACCESS, EXPORTER_END_CPU_ACCESS -> exporterCallback(st);
            case EXPORTER_VMAP, EXPORTER_VUNMAP -> exporterVmap(st);
            case EXPORTER_RELEASE -> exporterRelease(st);
            case EXPORTER_MOVE -> exporterMove(st);
            case EXPORTER_REUSE_STORAGE -> reuseStorage(st);
            case IMPORTER_MOVE_NOTIFY, IMPORTER_INVALIDATE_MAPPINGS -> importerMoveNotify(st);
            case IMPORTER_DEVICE_ACCESS -> deviceAccess(st);
            case EXPORTER_VM_FAULT -> vmFault(st);
            case UNMAP_MAPPING_RANGE -> zapCpuMappings(st);
            case CPU_ACCESS -> cpuLoadStore(st);
            case WW_ACQUIRE_INIT, WW_ACQUIRE_DONE, WW_ACQUIRE_FINI -> wwAcquire(st);
            case DMA_RESV_LOCK, DMA_RESV_LOCK_INTERRUPTIBLE, DMA_RESV_LOCK_SLOW, DMA_RESV_TRYLOCK -> lock(st);
            case DMA_RESV_UNLOCK -> unlock(st);
            case DMA_RESV_RESERVE_FENCES -> reserve(st);
            case DMA_RESV_ADD_FENCE -> addFence(st);
            case DMA_RESV_TEST_SIGNALED, DMA_RESV_WAIT_TIMEOUT -> resvWait(st);
            case DMA_RESV_GET_FENCES -> getFences(st);
            case DMA_FENCE_INIT -> fenceInit(st);
            case DMA_FENCE_ENABLE_SW_SIGNALING, DMA_FENCE_WAIT_TIMEOUT -> fenceWait(st);
            case DMA_FENCE_SIGNAL, DRM_IOCTL_VGEM_FENCE_SIGNAL -> fenceSignal(st);
            case DMA_FENCE_SET_ERROR -> fenceSetError(st);
            case DMA_FENCE_ADD_CALLBACK, DMA_FENCE_REMOVE_CALLBACK, DMA_FENCE_CALLBACK -> fenceCallback(st);
            case DMA_FENCE_PUT -> fencePut(st);
            case DMA_BUF_IOCTL_EXPORT_SYNC_FILE -> exportSyncFile(st);
            case DMA_BUF_IOCTL_IMPORT_SYNC_FILE -> importSyncFile(st);
            case SYNC_IOC_MERGE, SYNC_IOC_FILE_INFO -> syncFileIoctl(st);
            case POLL -> poll(st);
            case DRM_IOCTL_VGEM_FENCE_ATTACH -> vgemFenceAttach(st);
            case DRM_CLOSE -> drmClose(st);
        };
        if (!st.ok()) {
            return new StepResult.Refused(List.copyOf(st.why()));
        }
        if (branches != null) {
            return new StepResult.Branches(branches, st.hidden());
        }
        return st.hidden() == 0 ? APPLIED : new StepResult.Applied(st.hidden());
    }

    /**
     * As {@link #guardOnly(TraceEvent)}, in state {@code s}: a nested dma_buf_begin/end_cpu_access
     * writes only the first time its buffer's nested CPU-access calls show (U2's flag); once the
     * flag is set it is a check, so the search takes it as soon as it holds instead of trying it
     * at every point (on 8-thread traces that multiplied the candidates by about 4).
     */
    static boolean guardOnly(ProtocolState s, TraceEvent e) {
        if (guardOnly(e)) {
            return true;
        }
        if ((e.op() == Op.DMA_BUF_BEGIN_CPU_ACCESS || e.op() == Op.DMA_BUF_END_CPU_ACCESS) && e.caller() != null && e.buf() != null) {
            BufferState b = s.buf(e.buf());
            return b != null && b.cpuAccessLogged;
        }
        if (e.op() == Op.MUNMAP || e.op() == Op.CPU_ACCESS) {
            // munmap removes the PTEs of its mapping; an access proves PTEs an unattributed munmap left in doubt
            BufferState b = e.buf() == null ? null : s.buf(e.buf());
            if (b == null || b.cpuPtes.isEmpty()) {
                return true;
            }
            if (e.op() == Op.MUNMAP) {
                return false;
            }
            CpuPte p = b.cpuPtes.get(vmaKey(e));
            return p == null || p.proven();
        }
        return false;
    }

    /**
     * Whether the step of {@code e} is a guard only: in every state, {@link #step} either refuses
     * it or applies it without writing the state, apart from the unlogged fence signals it infers
     * (and DMA_FENCE_WAIT_TIMEOUT/ENABLE_SW_SIGNALING's {@code enabled} flag, which no guard
     * reads: FenceState equality ignores it). Depends on the event alone. The linearization
     * search takes such a step as soon as it holds without inferred signals (LinearizationSearch), so
     * every case here must hold for the handler named: {@code GuardOnlyStepsTest} applies each
     * such event of the corpus and simulator traces and checks that the state is unchanged.
     */
    static boolean guardOnly(TraceEvent e) {
        if (!e.succeeded() && (returnsVoid(e.op()) || missingIds(e))) {
            return true; // refused, or failed before naming an object (step's prelude)
        }
        if (DrmFiles.writes(e)) {
            return false; // the DRM file's handles, fence ids or open state change
        }
        return switch (e.op()) {
            // resvWait, getFences, touchBuffer, cpuAccess, fenceWait: checks and inferred signals only
            case DMA_RESV_TEST_SIGNALED, DMA_RESV_WAIT_TIMEOUT, DMA_RESV_GET_FENCES, DMA_BUF_GET, MMAP,
                 DMA_BUF_SET_NAME, DMA_BUF_IOCTL_SYNC,
                 DMA_FENCE_WAIT_TIMEOUT, DMA_FENCE_ENABLE_SW_SIGNALING -> true;
            // MUNMAP and CPU_ACCESS write the CPU PTEs in some states: guardOnly(s, e)
            case SYNC_IOC_FILE_INFO -> true; // syncFileIoctl writes only for SYNC_IOC_MERGE
            // a nested one marks the buffer's CPU-access calls as logged (U2)
            case DMA_BUF_BEGIN_CPU_ACCESS, DMA_BUF_END_CPU_ACCESS -> e.caller() == null;
            // export: a failed allocation, or one whose nested dma_buf_export creates the buffer
            case DMA_BUF_EXPORT, DMA_HEAP_IOCTL_ALLOC, UDMABUF_CREATE -> !e.succeeded() || e.callees().contains(Op.DMA_BUF_EXPORT);
            // primeImport, gemClose: nested calls carry the effect, or no attachment to act on
            case DRM_IOCTL_PRIME_FD_TO_HANDLE -> delegated(e, Op.DMA_BUF_ATTACH, Op.DMA_BUF_MAP_ATTACHMENT_UNLOCKED)
                    || e.attach() == null || !e.succeeded();
            case DRM_IOCTL_GEM_CLOSE -> delegated(e, Op.DMA_BUF_DETACH, Op.DMA_BUF_UNMAP_ATTACHMENT_UNLOCKED)
                    || e.attach() == null || !e.succeeded();
            // importSyncFile: the U4 check, then the nested calls carry the effect (or it failed)
            case DMA_BUF_IOCTL_IMPORT_SYNC_FILE -> delegated(e, Op.DMA_RESV_ADD_FENCE, Op.DMA_RESV_LOCK) || !e.succeeded();
            // vgemFenceAttach: nested calls carry the effect, or -EBUSY (checked, no fence added)
            case DRM_IOCTL_VGEM_FENCE_ATTACH -> delegated(e, Op.DMA_RESV_ADD_FENCE, Op.DMA_RESV_LOCK) || "EBUSY".equals(e.result());
            default -> false;
        };
    }

    /** Kernel functions declared void: a logged errno is not something they could have returned. */
    private static boolean returnsVoid(Op op) {
        return switch (op) {
            case DMA_BUF_DETACH, DMA_BUF_UNMAP_ATTACHMENT, DMA_BUF_UNMAP_ATTACHMENT_UNLOCKED, DMA_RESV_ADD_FENCE,
                 DMA_BUF_MOVE_NOTIFY, DMA_BUF_INVALIDATE_MAPPINGS, DMA_BUF_VUNMAP, DMA_BUF_VUNMAP_UNLOCKED -> true;
            default -> false;
        };
    }

    /**
     * The event's observed {@code state}, checked as a step of its own at the event's end: under
     * concurrency the snapshot may include calls of other threads that took effect after this one.
     */
    StepResult observe(ProtocolState s, TraceEvent e, ObservedPart part) {
        List<Violation> obs = compareObserved(s, e, part);
        return obs.isEmpty() ? new StepResult.Applied(0) : new StepResult.Refused(obs);
    }

    // ================================================================ buffers and attachments

    /**
     * An ioctl or wrapper whose nested kernel calls are logged (end-ordered files put them first):
     * those events carry the effect, so the outer event must not apply it a second time.
     */
    private static boolean delegated(TraceEvent e, Op... inner) {
        for (Op o : inner) {
            if (e.callees().contains(o)) {
                return true;
            }
        }
        return false;
    }

    private BufferState liveBuf(Step st) {
        BufferState b = st.s.buf(st.e.buf());
        if (b == null) {
            st.fail("STATE", "buffer " + st.e.buf() + " does not exist (its creation failed)");
        } else if (b.released) {
            st.fail("R18", "buffer " + st.e.buf() + " used after its last reference was dropped (dma_buf_put with last=true)");
        }
        return b;
    }

    private AttachmentState attachment(Step st, BufferState b) {
        if (b == null) {
            return null;
        }
        AttachmentState a = b.attachments.get(st.e.attach());
        if (a == null) {
            st.fail("R1", "attachment " + st.e.attach() + " is not on buffer " + st.e.buf() + "'s attachment list (never attached, detached, or attached to another buffer)");
        }
        return a;
    }

    /** The lockdep observation resv_held must agree with who holds the lock in the spec state. */
    private void observedLock(Step st, BufferState b) {
        if (st.e.callees().contains(Op.DMA_RESV_LOCK) || st.e.callees().contains(Op.DMA_RESV_UNLOCK)) {
            return; // resv_held is the lock state at the call's start; its own nested lock may be held now
        }
        Boolean seen = st.e.resvHeld();
        if (seen != null && b != null && seen != b.heldBy(st.e.thread())) {
            st.fail("STATE", "resv_held=" + seen + " but the reservation lock of " + st.e.buf() + " is "
                    + (b.holderThread == null ? "unlocked" : "held by " + b.holderThread) + " in the spec state");
        }
    }

    private void needHeld(Step st, BufferState b, String rule, String what) {
        if (b != null && !b.heldBy(st.e.thread())) {
            st.fail(rule, what + " called without the reservation lock" + (b.holderThread == null ? "" : " (held by " + b.holderThread + ")"));
        }
    }

    /** Calls that take the reservation lock themselves: the caller must not hold it and nobody else may at that point. */
    private void needLockable(Step st, BufferState b, String what) {
        if (b == null) {
            return;
        }
        // its own dma_resv_lock/unlock are logged: the effect happens inside that hold, and a
        // recursive lock shows up on the nested dma_resv_lock event instead
        boolean ownLockLogged = st.e.callees().contains(Op.DMA_RESV_LOCK);
        if (ownLockLogged && b.heldBy(st.e.thread())) {
            return;
        }
        if (b.heldBy(st.e.thread())) {
            st.fail("R3", what + " called with the reservation lock already held by the calling thread: it takes the lock itself, a self-deadlock on the ww_mutex (B17)");
        } else if (b.holderThread != null) {
            st.fail("ORDER", "the reservation lock of " + st.e.buf() + " is held by " + b.holderThread + ", so " + what + " could not complete at this point");
        }
    }

    private void needUnheld(Step st, BufferState b, String what) {
        if (b != null && b.heldBy(st.e.thread())) {
            st.fail("R3", what + " called with the reservation lock held by the caller (the kernel may take it: might_lock)");
        }
    }

    private boolean environmentFailure(Step st) {
        return ENVIRONMENT_ERRORS.contains(st.e.result());
    }

    private void unexpectedResult(Step st) {
        st.fail("RESULT", st.e.op().wire() + " returned " + st.e.result() + ", which the kernel does not return in this state");
    }

    private List<ProtocolState> export(Step st) {
        TraceEvent e = st.e;
        if (!e.succeeded() || e.callees().contains(Op.DMA_BUF_EXPORT)) {
            return null; // an allocation ioctl whose nested dma_buf_export is logged: that event creates the buffer
        }
        boolean dynamic = Boolean.TRUE.equals(e.argBool("dynamic"));
        // udmabuf's ops set cache_sgt_mapping up to 6.14 (UDMABUF_CREATE carries no exporter args)
        boolean cache = Boolean.TRUE.equals(e.argBool("cache_sgt_mapping")) || e.op() == Op.UDMABUF_CREATE;
        if (e.op() == Op.DMA_BUF_EXPORT && dynamic && cache && behaviour.cachesSgTables()) {
            st.fail("R11", "dma_buf_export succeeded with both pin/unpin and cache_sgt_mapping; the kernel refuses that with -EINVAL");
            return null;
        }
        String exporter = e.op() == Op.DMA_BUF_EXPORT ? (e.argString("exporter") == null ? "?" : e.argString("exporter"))
                : e.op() == Op.UDMABUF_CREATE ? "udmabuf" : "heap " + (e.argString("heap") == null ? "?" : e.argString("heap"));
        BufferState nb = new BufferState(exporter, dynamic, cache && behaviour.cachesSgTables(), e.argString("placement"));
        // R19: the exporter's vmap as declared; the system heap has had system_heap_vmap since it was added (5.11)
        nb.vmapOps = e.argBool("vmap") != null ? e.argBool("vmap") : exporter.equals("heap system") ? Boolean.TRUE : null;
        st.s.putBuf(e.buf(), nb);
        return null;
    }

    private List<ProtocolState> attach(Step st, boolean dynamic, boolean viaPrime) {
        TraceEvent e = st.e;
        BufferState b = liveBuf(st);
        String what = viaPrime ? "DRM_IOCTL_PRIME_FD_TO_HANDLE (dma_buf_attach)" : e.op().wire();
        needLockable(st, b, what);
        observedLock(st, b);
        if (!st.ok()) {
            return null;
        }
        boolean hasMoveNotify = !Boolean.FALSE.equals(e.argBool("move_notify"));
        if (dynamic && !hasMoveNotify && behaviour != KernelBehaviour.Label.V7_1) {
            if (e.succeeded()) {
                st.fail("R2", "dma_buf_dynamic_attach succeeded for importer ops without move_notify; up to 7.0 the kernel refuses that with -EINVAL");
            }
            return null;
        }
        if (!e.succeeded()) {
            if (!environmentFailure(st) && !e.result().equals("EBUSY") && !e.result().equals("EINVAL")
                    && !delegated(e, Op.EXPORTER_ATTACH, Op.EXPORTER_PIN, Op.EXPORTER_MAP_DMA_BUF)) {
                // the exporter's attach, pin and map_dma_buf may refuse with any errno, which the core returns
                unexpectedResult(st);
            } else if (e.result().equals("EINVAL") && !viaPrime && b.calloutsLogged && e.dev() != null
                    && !delegated(e, Op.EXPORTER_ATTACH, Op.EXPORTER_PIN, Op.EXPORTER_MAP_DMA_BUF)) {
                // with buffer, device and move_notify present the core's own -EINVAL checks pass; what is
                // left is the exporter's attach or the ≤6.14 attach-time pin/map, logged in this trace
                st.fail("RESULT", e.op().wire() + " of " + e.buf() + " returned -EINVAL without a failing exporter.attach, "
                        + "exporter.pin or exporter.map_dma_buf in the call, although it names a device"
                        + (dynamic ? " and importer ops with move_notify" : "") + ": the kernel has no other reason to refuse it");
            }
            return null;
        }
        if (b.attachments.containsKey(e.attach())) {
            st.fail("STATE", "attachment " + e.attach() + " is already attached");
            return null;
        }
        if (!viaPrime && e.callees().contains(Op.DMA_RESV_LOCK) && !b.heldBy(e.thread())) {
            st.fail("R1", e.op().wire() + " adds " + e.attach() + " to the attachment list under its own reservation lock, which "
                    + e.thread() + " does not hold here");
            return null;
        }
        AttachmentState a = new AttachmentState(e.dev() == null ? "?" : e.dev(), dynamic);
        // ≤6.14: a static/dynamic mismatch maps BIDIRECTIONAL at attach and caches it (R9, R11),
        // in a second locked section after list_add: secondStep, except for PRIME's untraced attach
        if (behaviour.cachesSgTables() && dynamic != b.dynamicExporter) {
            if (viaPrime) {
                if (!dynamic) {
                    kernelFences(st, b, "a static importer's attach-time map waits for KERNEL fences (R6)");
                }
                if (!st.ok()) {
                    return null;
                }
                cacheAttachTimeMap(b, a);
            } else {
                a.attachMapPending = true;
            }
        }
        Callouts early = b.callouts.get(e.attach());
        if (early != null && early.unpinnedMap() && pinnedPerMap(b, a)) {
            st.fail("R9", "exporter.map_dma_buf of dynamic exporter " + b.exporter + " for " + (a.dynamic
                    ? "a dynamic importer without MOVE_NOTIFY" : "static importer " + a.dev) + " (" + e.attach() + ") without exporter.pin first");
            return null;
        }
        st.applyHidden();
        a.drmFile = e.argString("file");
        st.s.mutBuf(e.buf()).attachments.put(e.attach(), a);
        if (viaPrime) {
            return map(st, true);
        }
        return null;
    }

    /**
     * dma_buf_attach and dma_buf_dynamic_attach take effect in two steps on ≤6.14: list_add under
     * the reservation lock (DmaBufAttach.tla's DmaBufAttachListAdd, pc "attach_map" for a mismatch),
     * then, after dropping and retaking it, the attach-time pin and map (DmaBufAttachCacheMap).
     * Between them another thread sees the attachment listed but unpinned and unmapped.
     */
    boolean hasSecondStep(TraceEvent e) {
        return behaviour.cachesSgTables() && e.succeeded()
                && (e.op() == Op.DMA_BUF_ATTACH || e.op() == Op.DMA_BUF_DYNAMIC_ATTACH)
                || pollsBothDirections(e);
    }

    /**
     * dma_buf_poll on a buffer asked for EPOLLIN and EPOLLOUT: it decides EPOLLOUT, then EPOLLIN,
     * each from the fences it sees then. The reservation lock keeps fences from being added or
     * removed in between, but not from signalling, so the two are two linearization points
     * (DmaResv.tla's DmaBufPoll takes one direction).
     */
    private static boolean pollsBothDirections(TraceEvent e) {
        return e.op() == Op.POLL && e.buf() != null && e.syncFile() == null && e.succeeded() && e.ret() instanceof String
                && pollEvents(e).contains("POLLIN") && pollEvents(e).contains("POLLOUT");
    }

    private static String pollEvents(TraceEvent e) {
        return e.argString("events") == null ? "POLLIN|POLLOUT" : e.argString("events");
    }

    /** The attach's second step, DmaBufAttachCacheMap: the mismatch pin + BIDIRECTIONAL map (a no-op without mismatch). */
    StepResult secondStep(ProtocolState s, TraceEvent e) {
        if (e.op() == Op.POLL) {
            Step st = new Step(s, e);
            pollBuffer(st, List.of("POLLIN"));
            return st.ok() ? new StepResult.Applied(st.hidden()) : new StepResult.Refused(List.copyOf(st.why()));
        }
        BufferState b = s.buf(e.buf());
        AttachmentState a = b == null ? null : b.attachments.get(e.attach());
        if (a == null || !a.attachMapPending) {
            return new StepResult.Applied(0);
        }
        Step st = new Step(s, e);
        if (e.callees().contains(Op.DMA_RESV_LOCK)) {
            // its own locking is logged: the map is in a later hold of the lock than list_add
            if (!b.heldBy(e.thread()) || !a.listAddUnlocked) {
                st.fail("ORDER", e.op().wire() + " maps " + e.attach() + " at attach in a second hold of its own reservation lock"
                        + (b.heldBy(e.thread()) ? ", not in the one that listed it" : ", which " + e.thread() + " does not hold here"));
            }
        } else {
            needLockable(st, b, e.op().wire() + " (its attach-time map)");
        }
        if (st.ok() && !a.dynamic) {
            kernelFences(st, b, "a static importer's attach-time map waits for KERNEL fences (R6)");
        }
        if (!st.ok()) {
            return new StepResult.Refused(List.copyOf(st.why()));
        }
        st.applyHidden();
        BufferState mb = s.mutBuf(e.buf());
        AttachmentState ma = mb.attachments.get(e.attach());
        ma.attachMapPending = false;
        cacheAttachTimeMap(mb, ma);
        return st.hidden() == 0 ? APPLIED : new StepResult.Applied(st.hidden());
    }

    /** ≤6.14 mismatch: the BIDIRECTIONAL table cached in attach->sgt, pinned first for a dynamic exporter (R9, R11). */
    private static void cacheAttachTimeMap(BufferState b, AttachmentState a) {
        a.cached = true;
        a.cachedDir = "BIDIRECTIONAL";
        a.mappings.add(new Mapping(null, "BIDIRECTIONAL", b.generation));
        if (b.dynamicExporter) {
            a.corePins = 1;
        }
    }

    private void kernelFences(Step st, BufferState b, String because) {
        if (delegated(st.e, Op.DMA_RESV_WAIT_TIMEOUT)) {
            return; // the nested dma_resv_wait_timeout event carries the wait
        }
        // the wait runs inside the map's own hold of the reservation lock, so it sees every KERNEL
        // fence in the list where the map takes effect, also a move fence added during the call
        for (ResvEntry r : b.fences) {
            if (r.usage() == Usage.KERNEL) {
                st.needSignaled(r.fence(), because, "R6");
            }
        }
    }

    private List<ProtocolState> primeImport(Step st) {
        TraceEvent e = st.e;
        if (delegated(e, Op.DMA_BUF_ATTACH, Op.DMA_BUF_MAP_ATTACHMENT_UNLOCKED)) {
            return null;
        }
        BufferState b = liveBuf(st);
        if (!st.ok() || e.attach() == null || !e.succeeded() || b.attachments.containsKey(e.attach())) {
            return null; // self-import or a repeated import: no new attachment (drm_prime.c)
        }
        return attach(st, false, true);
    }

    private List<ProtocolState> gemClose(Step st) {
        TraceEvent e = st.e;
        if (delegated(e, Op.DMA_BUF_DETACH, Op.DMA_BUF_UNMAP_ATTACHMENT_UNLOCKED)) {
            return null;
        }
        BufferState b = liveBuf(st);
        if (!st.ok() || e.attach() == null || !e.succeeded()) {
            return null;
        }
        AttachmentState a = attachment(st, b);
        needLockable(st, b, "DRM_IOCTL_GEM_CLOSE (drm_prime_gem_destroy)");
        if (!st.ok()) {
            return null;
        }
        // drm_prime_gem_destroy: unmap the import-time mapping, then detach
        BufferState mb = st.s.mutBuf(e.buf());
        AttachmentState ma = mb.attachments.get(e.attach());
        if (!ma.mappings.isEmpty()) {
            ma.mappings.remove(ma.mappings.size() - 1);
            if (!behaviour.cachesSgTables() && pinOnMap(mb, ma) && ma.corePins > 0) {
                ma.corePins--;
            }
        }
        return detach(st, true);
    }

    private List<ProtocolState> detach(Step st, boolean viaGemClose) {
        TraceEvent e = st.e;
        BufferState b = liveBuf(st);
        AttachmentState a = attachment(st, b);
        if (!viaGemClose) {
            needLockable(st, b, "dma_buf_detach");
            observedLock(st, b);
        }
        if (!st.ok()) {
            return null;
        }
        // ≤6.14 detach unmaps the cached table (and unpins); any other live mapping is the importer's to undo (R12)
        int live = a.mappings.size() - (a.cached && behaviour.cachesSgTables() ? 1 : 0);
        if (live > 0) {
            st.fail("R12", "dma_buf_detach of " + e.attach() + " with " + live
                    + " mapping(s) still live: importers must unmap before detach (detach does not unmap them)");
            return null;
        }
        BufferState mb = st.s.mutBuf(e.buf());
        mb.attachments.remove(e.attach());
        return null;
    }

    private List<ProtocolState> pin(Step st, boolean pin) {
        TraceEvent e = st.e;
        BufferState b = liveBuf(st);
        AttachmentState a = attachment(st, b);
        String what = e.op().wire();
        needHeld(st, b, pin ? "R8" : "R8", what);
        observedLock(st, b);
        if (a != null && !a.dynamic) {
            st.fail("R8", what + " on static attachment " + e.attach() + ": only dynamic importers may pin");
        }
        if (!st.ok()) {
            return null;
        }
        if (!e.succeeded()) {
            if (pin && e.result().equals("EDEADLK")) {
                edeadlkFromInside(st, false);
            } else if (!pin || (!environmentFailure(st) && !e.result().equals("EBUSY"))) {
                unexpectedResult(st);
            }
            return null;
        }
        if (!pin && a.explicitPins == 0) {
            st.fail("R7", "dma_buf_unpin of " + e.attach() + " without a matching dma_buf_pin");
            return null;
        }
        AttachmentState ma = st.s.mutBuf(e.buf()).attachments.get(e.attach());
        ma.explicitPins += pin ? 1 : -1;
        return null;
    }

    /** 6.15+: the core pins around each map for static importers of dynamic exporters, and for all when MOVE_NOTIFY=n. */
    private boolean pinOnMap(BufferState b, AttachmentState a) {
        return b.dynamicExporter && (!a.dynamic || !moveNotify);
    }

    private void mapLocking(Step st, BufferState b, AttachmentState a, boolean unlocked, String what) {
        if (unlocked) {
            needLockable(st, b, what);
        } else if (a != null && (a.dynamic || behaviour.lockingConvention())) {
            needHeld(st, b, "R3", what);
        }
    }

    private List<ProtocolState> map(Step st, boolean unlocked) {
        TraceEvent e = st.e;
        BufferState b = liveBuf(st);
        AttachmentState a = attachment(st, b);
        boolean viaPrime = e.op() == Op.DRM_IOCTL_PRIME_FD_TO_HANDLE;
        String what = viaPrime ? "DRM_IOCTL_PRIME_FD_TO_HANDLE (dma_buf_map_attachment_unlocked)" : e.op().wire();
        if (!viaPrime) {
            mapLocking(st, b, a, unlocked, what);
            observedLock(st, b);
        }
        if (!st.ok()) {
            return null;
        }
        String dir = viaPrime ? "BIDIRECTIONAL" : e.argString("dir");
        String sgt = viaPrime ? null : e.sgt();
        if (behaviour.cachesSgTables() && a.cached) {
            boolean same = dir == null || dir.equals(a.cachedDir) || "BIDIRECTIONAL".equals(a.cachedDir);
            if (!same) {
                if (!e.result().equals("EBUSY")) {
                    st.fail("R11", what + " " + dir + " while " + e.attach() + " has a cached " + a.cachedDir
                            + " mapping must fail with -EBUSY, but returned " + e.result());
                }
                return null;
            }
            if (!e.succeeded()) {
                if (!environmentFailure(st)) {
                    unexpectedResult(st);
                }
                return null;
            }
            if (sgt != null && a.cachedSgt != null && !sgt.equals(a.cachedSgt)) {
                st.fail("R11", what + " returned sg_table " + sgt + " but the attachment's cached table is " + a.cachedSgt);
                return null;
            }
            AttachmentState ma = st.s.mutBuf(e.buf()).attachments.get(e.attach());
            ma.cachedMaps++;
            if (sgt != null && a.cachedSgt == null) {
                ma.cachedSgt = sgt;
                for (int i = 0; i < ma.mappings.size(); i++) {
                    if (ma.mappings.get(i).sgt() == null) {
                        Mapping m = ma.mappings.get(i);
                        ma.mappings.set(i, new Mapping(sgt, m.dir(), m.generation(), m.invalidated()));
                        break;
                    }
                }
            }
            return null;
        }
        if (!e.succeeded()) {
            if (e.result().equals("EDEADLK") && !viaPrime) {
                edeadlkFromInside(st, false);
            } else if (!environmentFailure(st) && !e.result().equals("EBUSY")) {
                unexpectedResult(st);
            }
            return null;
        }
        if (sgt != null) {
            for (AttachmentState other : b.attachments.values()) {
                for (Mapping m : other.mappings) {
                    if (sgt.equals(m.sgt())) {
                        st.fail("R13", what + " returned sg_table " + sgt + " which is still mapped: the exporter must not return the same table twice");
                        return null;
                    }
                }
            }
        }
        if (!a.dynamic) {
            kernelFences(st, b, what + " by a static importer waits for the KERNEL fences (R6)");
        }
        if (!viaPrime && b.calloutsLogged) {
            exporterMapped(st, b, sgt, what);
        }
        if (!st.ok()) {
            return null;
        }
        st.applyHidden();
        BufferState mb = st.s.mutBuf(e.buf());
        AttachmentState ma = mb.attachments.get(e.attach());
        boolean pins = behaviour.cachesSgTables() ? (mb.dynamicExporter && a.dynamic && !moveNotify) : pinOnMap(mb, ma);
        if (pins) {
            ma.corePins++;
        }
        ma.mappings.add(new Mapping(sgt, dir, mb.generation));
        if (behaviour.cachesSgTables() && mb.cacheSgtMapping) {
            ma.cached = true;
            ma.cachedSgt = sgt;
            ma.cachedDir = dir;
            ma.cachedMaps = 1;
        }
        return null;
    }

    /**
     * A map not served from the ≤6.14 cache returns the table the exporter's map_dma_buf made in this
     * call, so with the exporter's callbacks logged that callout precedes the map's return.
     */
    private void exporterMapped(Step st, BufferState b, String sgt, String what) {
        Callouts c = b.callouts.get(st.e.attach());
        boolean made = c != null && (c.mapCaller() != null ? c.mapCaller() == st.e.seq() : sgt != null && sgt.equals(c.mapSgt()));
        if (!made) {
            st.fail(behaviour.cachesSgTables() ? "R11" : "R12", what + " of " + st.e.attach() + " returned "
                    + (sgt == null ? "a table" : "sg_table " + sgt) + " without an exporter.map_dma_buf in this call: "
                    + (behaviour.cachesSgTables() ? "only the attachment's cached table (attach->sgt) is returned without one"
                            : "6.15+ caches no table, every map calls the exporter"));
        }
    }

    private List<ProtocolState> unmap(Step st, boolean unlocked) {
        TraceEvent e = st.e;
        BufferState b = liveBuf(st);
        AttachmentState a = attachment(st, b);
        mapLocking(st, b, a, unlocked, e.op().wire());
        observedLock(st, b);
        if (!st.ok() || !e.succeeded()) {
            return null;
        }
        String sgt = e.sgt();
        if (behaviour.cachesSgTables() && a.cached && (sgt == null ? a.cachedSgt == null || a.mappings.size() == 1 : sgt.equals(a.cachedSgt))) {
            // ≤6.14: unmapping the cached table is a no-op until detach (R11), but balances a map
            if (a.cachedMaps == 0) {
                st.fail("R12", e.op().wire() + " of the cached sg_table" + (a.cachedSgt == null ? "" : " " + a.cachedSgt) + " of "
                        + e.attach() + ", which the importer has not mapped since its last unmap (unbalanced unmap)");
                return null;
            }
            st.s.mutBuf(e.buf()).attachments.get(e.attach()).cachedMaps--;
            return null;
        }
        List<Integer> candidates = new ArrayList<>(1);
        for (int i = 0; i < a.mappings.size(); i++) {
            Mapping m = a.mappings.get(i);
            boolean cachedOne = a.cached && behaviour.cachesSgTables() && m.sgt() == a.cachedSgt;
            if (!cachedOne && (sgt == null || sgt.equals(m.sgt()) || m.sgt() == null)) {
                candidates.add(i);
            }
        }
        if (candidates.isEmpty()) {
            st.fail("R13", e.op().wire() + " of " + (sgt == null ? "a table" : "sg_table " + sgt) + " that attachment "
                    + e.attach() + " has not mapped (double unmap or foreign table)");
            return null;
        }
        if (candidates.size() == 1 || sgt != null) {
            removeMapping(st.s, e, candidates.get(0));
            return null;
        }
        List<ProtocolState> out = new ArrayList<>();
        for (int i : candidates) {
            ProtocolState c = st.s.copy();
            removeMapping(c, e, i);
            out.add(c);
        }
        return out;
    }

    private void removeMapping(ProtocolState s, TraceEvent e, int index) {
        BufferState mb = s.mutBuf(e.buf());
        AttachmentState ma = mb.attachments.get(e.attach());
        ma.rememberUnmapped(ma.mappings.remove(index));
        boolean pins = behaviour.cachesSgTables() ? (mb.dynamicExporter && ma.dynamic && !moveNotify) : pinOnMap(mb, ma);
        if (pins && ma.corePins > 0) {
            ma.corePins--;
        }
    }

    private List<ProtocolState> moveNotify(Step st) {
        TraceEvent e = st.e;
        boolean newName = e.op() == Op.DMA_BUF_INVALIDATE_MAPPINGS;
        if (newName != (behaviour == KernelBehaviour.Label.V7_1)) {
            st.fail("STATE", e.op().wire() + " does not exist in kernel behaviour " + behaviour.text()
                    + " (7.1 renamed dma_buf_move_notify to dma_buf_invalidate_mappings)");
            return null;
        }
        BufferState b = liveBuf(st);
        needHeld(st, b, "R2", e.op().wire());
        observedLock(st, b);
        if (!st.ok()) {
            return null;
        }
        BufferState mb = st.s.mutBuf(e.buf());
        mb.notifiedInHold = true;
        for (AttachmentState a : mb.attachments.values()) {
            if (a.dynamic) {
                a.notified = true;
                invalidateMappings(a);
            }
        }
        return null;
    }

    /** 7.1: every mapping of a dynamic attachment is invalidated (R5b); kernels before keep no mark (move_notify's R4 and the move's generation judge them). */
    private void invalidateMappings(AttachmentState a) {
        if (behaviour == KernelBehaviour.Label.V7_1) {
            a.mappings.replaceAll(Mapping::invalidate);
        }
    }

    private List<ProtocolState> cpuAccess(Step st) {
        TraceEvent e = st.e;
        if (e.op() == Op.DMA_BUF_IOCTL_SYNC && syncCallsItsCpuAccess(st)) {
            return null; // the nested call carries the bracket and its wait
        }
        if (e.op() != Op.DMA_BUF_IOCTL_SYNC && e.caller() != null && e.buf() != null && st.ok()) {
            BufferState nb = st.s.buf(e.buf());
            if (nb != null && !nb.cpuAccessLogged) {
                st.s.mutBuf(e.buf()).cpuAccessLogged = true;
            }
        }
        BufferState b = liveBuf(st);
        boolean begin;
        boolean write;
        if (e.op() == Op.DMA_BUF_IOCTL_SYNC) {
            String flags = e.argString("flags") == null ? "" : e.argString("flags");
            Long value = UapiErrors.flagValue(flags, true);
            begin = value == null ? !flags.contains("END") : (value & 4) == 0;
            write = value == null ? flags.contains("WRITE") || flags.contains("RW") : (value & 2) != 0;
        } else {
            begin = e.op() == Op.DMA_BUF_BEGIN_CPU_ACCESS;
            String dir = e.argString("dir");
            write = dir == null || dir.equals("BIDIRECTIONAL") || dir.equals("TO_DEVICE");
        }
        needUnheld(st, b, e.op().wire());
        observedLock(st, b);
        if (!st.ok() || !e.succeeded()) {
            return null;
        }
        if (begin && delegated(e, Op.DMA_RESV_WAIT_TIMEOUT)) {
            // the nested dma_resv_wait_timeout event carries the wait (U2)
        } else if (begin) {
            // U2: a CPU writer waits for KERNEL+WRITE+READ fences, a reader for KERNEL+WRITE
            Usage u = Usage.rw(write);
            for (ResvEntry r : b.fences) {
                if (r.usage().compareTo(u) <= 0 && r.before(e.start())) {
                    st.needSignaled(r.fence(), e.op().wire() + " returned, so it waited for the " + r.usage() + " fences", "U2");
                }
            }
        }
        // SYNC_END needs no open SYNC_START: the kernel keeps no record of brackets (U1 is a
        // userspace rule, reported as a warning by UserspaceProtocol, not a kernel verdict)
        if (!st.ok()) {
            return null;
        }
        st.applyHidden();
        return null;
    }

    /**
     * DMA_BUF_IOCTL_SYNC ({@code dma_buf_ioctl}): valid flags call dma_buf_end_cpu_access for END,
     * else dma_buf_begin_cpu_access, with DMA_FROM_DEVICE for READ, DMA_TO_DEVICE for WRITE and
     * DMA_BIDIRECTIONAL for both. Where the nested call is logged it must be that one (U2: its wait
     * is the SYNC's); once a buffer's CPU-access calls are logged, a successful SYNC without one is
     * refused. True when the nested call is logged (it carries the effect).
     */
    private boolean syncCallsItsCpuAccess(Step st) {
        TraceEvent e = st.e;
        boolean nested = delegated(e, Op.DMA_BUF_BEGIN_CPU_ACCESS, Op.DMA_BUF_END_CPU_ACCESS);
        String text = e.argString("flags");
        Long flags = UapiErrors.flagValue(text, true);
        if (flags == null || (flags & ~7L) != 0 || (flags & 3) == 0) {
            return nested; // unparsed, or invalid flags: U8 judges the errno
        }
        boolean end = (flags & 4) != 0;
        String dir = switch ((int) (flags & 3)) {
            case 1 -> "FROM_DEVICE";
            case 2 -> "TO_DEVICE";
            default -> "BIDIRECTIONAL";
        };
        String expected = (end ? "dma_buf_end_cpu_access" : "dma_buf_begin_cpu_access") + "(" + dir + ")";
        if (!nested) {
            BufferState b = e.buf() == null ? null : st.s.buf(e.buf());
            if (e.succeeded() && b != null && b.cpuAccessLogged) {
                st.fail("U2", "DMA_BUF_IOCTL_SYNC " + text + " on " + e.buf() + " returned 0 without its nested " + expected
                        + ", although this buffer's CPU-access calls are logged (dma_buf_ioctl makes that call for every valid SYNC)");
            }
            return false;
        }
        Op other = end ? Op.DMA_BUF_BEGIN_CPU_ACCESS : Op.DMA_BUF_END_CPU_ACCESS;
        String got = e.calleeDir();
        if (e.callees().contains(other) || "+".equals(got) || (got != null && !got.isEmpty() && !got.equals(dir))) {
            st.fail("U2", "DMA_BUF_IOCTL_SYNC " + text + " on " + e.buf() + " made the nested call "
                    + (e.callees().contains(other) ? other.wire() : "") + ("+".equals(got) ? " twice" : got == null ? "" : "(" + got + ")")
                    + ", but dma_buf_ioctl calls " + expected + " for these flags");
        }
        return true;
    }

    private List<ProtocolState> vmap(Step st) {
        TraceEvent e = st.e;
        BufferState b = liveBuf(st);
        boolean unlocked = e.op() == Op.DMA_BUF_VMAP_UNLOCKED || e.op() == Op.DMA_BUF_VUNMAP_UNLOCKED;
        boolean map = e.op() == Op.DMA_BUF_VMAP || e.op() == Op.DMA_BUF_VMAP_UNLOCKED;
        if (behaviour == KernelBehaviour.Label.V6_1) {
            // up to 6.1 vmap serializes on dmabuf->lock, not on the reservation lock
        } else if (unlocked) {
            needLockable(st, b, e.op().wire());
        } else {
            needHeld(st, b, "R3", e.op().wire());
        }
        observedLock(st, b);
        if (!st.ok()) {
            return null;
        }
        // R19 (dma_buf_vmap/dma_buf_vunmap): the exporter is called for the first vmap and the last vunmap only
        Op callout = map ? Op.EXPORTER_VMAP : Op.EXPORTER_VUNMAP;
        boolean calledOut = e.callees().contains(callout);
        boolean logged = calledOut || b.vmapCalloutsLogged || b.calloutsLogged;
        if (map) {
            vmapStep(st, b, calledOut, logged);
        } else {
            vunmapStep(st, b, calledOut);
        }
        return null;
    }

    private void vmapStep(Step st, BufferState b, boolean calledOut, boolean logged) {
        TraceEvent e = st.e;
        String addr = e.ret() instanceof String s ? s : null;
        if (!e.succeeded()) {
            if (b.vmapCount > 0) {
                st.fail("RESULT", e.op().wire() + " returned " + e.result() + ", but " + e.buf() + " is vmapped (count " + b.vmapCount
                        + "): dma_buf_vmap only counts then, it cannot fail");
            } else if (calledOut) {
                markVmapCallouts(st, b); // the exporter's vmap failed: the count stays 0
            } else if (e.result().equals("EINVAL") && Boolean.TRUE.equals(b.vmapOps)) {
                st.fail("RESULT", e.op().wire() + " of " + e.buf() + " returned -EINVAL without calling the exporter, whose vmap exists"
                        + " (declared at the export, the system heap's, or shown by an earlier vmap): the kernel has no other reason to refuse it");
            } else if (!e.result().equals("EINVAL") && logged) {
                st.fail("RESULT", e.op().wire() + " of " + e.buf() + " returned " + e.result() + " without an exporter.vmap in the call: "
                        + "only the exporter's vmap can fail with it");
            }
            return;
        }
        if (Boolean.FALSE.equals(b.vmapOps)) {
            st.fail("RESULT", e.op().wire() + " of " + e.buf() + " succeeded, but its exporter has no vmap (dma_buf_export vmap: false): the kernel returns -EINVAL");
        } else if (b.vmapCount == 0 && !calledOut && logged && !b.calleesFollow) {
            st.fail("R19", e.op().wire() + " of " + e.buf() + " is its first vmap but made no exporter.vmap: the kernel calls the exporter when no vmap exists");
        } else if (b.vmapCount > 0 && calledOut) {
            st.fail("R19", e.op().wire() + " of " + e.buf() + " called the exporter's vmap although the buffer is vmapped (count " + b.vmapCount
                    + "): the kernel only counts and returns the same address");
        } else if (b.vmapCount > 0 && addr != null && b.vmapAddr != null && !addr.equals(b.vmapAddr)) {
            st.fail("R19", e.op().wire() + " of " + e.buf() + " returned " + addr + ", but the buffer is vmapped at " + b.vmapAddr
                    + ": a nested vmap returns vmap_ptr");
        }
        if (!st.ok()) {
            return;
        }
        BufferState mb = st.s.mutBuf(e.buf());
        mb.vmapOps = Boolean.TRUE;
        mb.vmapCalloutsLogged |= calledOut;
        mb.vmapCallSeq = e.seq();
        if (mb.vmapCount++ == 0) {
            mb.vmapAddr = addr;
        }
    }

    private void vunmapStep(Step st, BufferState b, boolean calledOut) {
        TraceEvent e = st.e;
        String addr = e.argString("addr");
        if (b.vmapCount == 0) {
            st.fail("R18", e.op().wire() + " without a vmap: the vmapping counter would underflow (BUG_ON)");
        } else if (addr != null && b.vmapAddr != null && !addr.equals(b.vmapAddr)) {
            st.fail("R19", e.op().wire() + " of " + e.buf() + " passed address " + addr + ", but the buffer is vmapped at " + b.vmapAddr
                    + " (BUG_ON(!iosys_map_is_equal(&dmabuf->vmap_ptr, map)))");
        } else if (b.vmapCount > 1 && calledOut) {
            st.fail("R19", e.op().wire() + " of " + e.buf() + " called the exporter's vunmap although " + (b.vmapCount - 1)
                    + " vmap(s) remain: only the last vunmap does");
        } else if (b.vmapCount == 1 && !calledOut && b.vunmapLogged && !b.calleesFollow) {
            // an exporter may have vmap without vunmap: demanded once an exporter.vunmap of this buffer was seen
            st.fail("R19", e.op().wire() + " of " + e.buf() + " is its last vunmap but made no exporter.vunmap, although its exporter has"
                    + " vunmap (an earlier exporter.vunmap)");
        }
        if (!st.ok()) {
            return;
        }
        BufferState mb = st.s.mutBuf(e.buf());
        mb.vunmapLogged |= calledOut;
        mb.vmapCallSeq = e.seq();
        if (--mb.vmapCount == 0) {
            mb.vmapAddr = null;
        }
    }

    private void markVmapCallouts(Step st, BufferState b) {
        if (!b.vmapCalloutsLogged) {
            st.s.mutBuf(st.e.buf()).vmapCalloutsLogged = true;
        }
    }

    /**
     * exporter.vmap/exporter.vunmap (R19): from 6.2 they run with the reservation held (dma_buf_vmap
     * asserts it); up to 6.1 under dmabuf->lock. Their count is judged at the core call, by its callees.
     */
    private List<ProtocolState> exporterVmap(Step st) {
        TraceEvent e = st.e;
        BufferState b = liveBuf(st);
        if (!st.ok()) {
            return null;
        }
        if (behaviour != KernelBehaviour.Label.V6_1 && e.resvHeld() != null && !e.resvHeld()) {
            st.fail("R3", e.op().wire() + " invoked without the reservation lock; from 6.2 dma_buf_vmap/vunmap hold it");
            return null;
        }
        if (calleeFollows(e)) {
            // a start-ordered trace: the core call, taken before this callout, could not see it among
            // its callees; it has counted, so the callout is right only for the first vmap (count now 1)
            // or the last vunmap (count now 0)
            boolean vmap = e.op() == Op.EXPORTER_VMAP;
            if (b.vmapCallSeq != e.caller()) {
                // taken before its own call (their intervals overlap): not the order it ran in
                st.fail("R19", e.op().wire() + " of " + e.buf() + " outside its call seq " + e.caller() + ": the exporter is called from within dma_buf_vmap/vunmap");
                return null;
            }
            if (vmap ? b.vmapCount != 1 : b.vmapCount != 0) {
                st.fail("R19", e.op().wire() + " of " + e.buf() + " in call seq " + e.caller() + (vmap
                        ? ", but the buffer was already vmapped (count " + b.vmapCount + " with this vmap): the kernel only counts a nested vmap"
                        : ", but " + b.vmapCount + " vmap(s) remain: only the last vunmap calls the exporter"));
                return null;
            }
            if (!b.calleesFollow) {
                st.s.mutBuf(e.buf()).calleesFollow = true;
            }
        }
        if (e.op() == Op.EXPORTER_VUNMAP) {
            if (!b.vunmapLogged) {
                st.s.mutBuf(e.buf()).vunmapLogged = true;
            }
        } else {
            markVmapCallouts(st, b);
        }
        return null;
    }

    /** A callout logged after its core call (start order): the reader gave that core call no callees. */
    private static boolean calleeFollows(TraceEvent e) {
        return e.caller() != null && e.caller() < e.seq();
    }

    private List<ProtocolState> put(Step st) {
        TraceEvent e = st.e;
        BufferState b = liveBuf(st);
        needUnheld(st, b, e.op().wire());
        if (!st.ok() || !e.succeeded() || !Boolean.TRUE.equals(e.argBool("last"))) {
            return null;
        }
        if (!b.attachments.isEmpty()) {
            st.fail("R18", "the last reference of " + e.buf() + " was dropped with attachments " + b.attachments.keySet() + " still on it");
        }
        needPollCallbacksRun(st, b, "the last reference of " + e.buf() + " was dropped");
        if (b.vmapCount > 0) {
            st.fail("R18", "the last reference of " + e.buf() + " was dropped while vmapped (BUG_ON(vmapping_counter))");
        }
        if (!st.ok()) {
            return null;
        }
        st.applyHidden();
        st.s.mutBuf(e.buf()).released = true;
        return null;
    }

    private List<ProtocolState> touchBuffer(Step st) {
        liveBuf(st);
        if (st.e.op() == Op.DMA_BUF_SET_NAME || st.e.op() == Op.DMA_BUF_GET) {
            observedLock(st, st.s.buf(st.e.buf()));
        }
        return null;
    }

    // ================================================================ exporter and importer callbacks

    private List<ProtocolState> exporterCallback(Step st) {
        TraceEvent e = st.e;
        BufferState b = liveBuf(st);
        if (!st.ok()) {
            return null;
        }
        boolean locked = switch (e.op()) {
            case EXPORTER_PIN, EXPORTER_UNPIN, EXPORTER_MAP_DMA_BUF, EXPORTER_UNMAP_DMA_BUF -> true;
            default -> false;
        };
        // DOC: locking convention: pin/unpin/map/unmap run with the lock held, the others without
        boolean applies = locked ? (behaviour != KernelBehaviour.Label.V6_1 || b.dynamicExporter) : true;
        if (applies && e.resvHeld() != null && e.resvHeld() != locked) {
            st.fail("R3", e.op().wire() + " invoked " + (locked ? "without" : "with") + " the reservation lock; the locking convention says "
                    + (locked ? "locked" : "unlocked"));
        }
        if ((e.op() == Op.EXPORTER_PIN || e.op() == Op.EXPORTER_UNPIN) && !b.dynamicExporter) {
            st.fail("STATE", e.op().wire() + " invoked on " + e.buf() + " whose exporter has no pin/unpin");
        }
        if (st.ok() && "EDEADLK".equals(e.result()) && (e.op() == Op.EXPORTER_PIN || e.op() == Op.EXPORTER_MAP_DMA_BUF)) {
            edeadlkFromInside(st, true); // a TTM exporter's eviction under the caller's ticket died (DmaBufWwEviction)
        }
        if (st.ok() && e.succeeded() && e.attach() != null) {
            coreCallouts(st, b);
        }
        return null;
    }

    /** Whether the core must hold a pin on the exporter while this attachment has a table (R9). */
    private boolean pinnedPerMap(BufferState b, AttachmentState a) {
        return b.dynamicExporter && (!a.dynamic || !moveNotify);
    }

    /**
     * Which callbacks the core must (not) make, for traces that log them: a table of a dynamic exporter
     * for a static importer (or any importer without MOVE_NOTIFY) needs exporter.pin first (R9); a map
     * served from the ≤6.14 cache makes no exporter.map_dma_buf; ≤6.14 detach unmaps the cached table
     * and unpins before exporter.detach (R11).
     */
    private void coreCallouts(Step st, BufferState b) {
        TraceEvent e = st.e;
        String id = e.attach();
        Callouts c = b.callouts.getOrDefault(id, Callouts.NONE);
        AttachmentState a = b.attachments.get(id);
        Callouts next = switch (e.op()) {
            case EXPORTER_PIN -> c.pin(1, e.caller());
            case EXPORTER_UNPIN -> {
                if (a != null && pinnedPerMap(b, a) && c.pins() <= c.maps()) {
                    st.fail("R9", "exporter.unpin of " + id + " while its " + c.maps() + " table(s) of dynamic exporter " + b.exporter
                            + " still need the pin: the core holds the pin of each map until its unmap");
                }
                yield c.pin(-1, e.caller());
            }
            case EXPORTER_MAP_DMA_BUF -> {
                if (a != null && pinnedPerMap(b, a) && c.pins() == 0) {
                    st.fail("R9", "exporter.map_dma_buf of dynamic exporter " + b.exporter + " for " + (a.dynamic
                            ? "a dynamic importer without MOVE_NOTIFY" : "static importer " + a.dev) + " (" + id + ") without exporter.pin first");
                } else if (a != null && pinnedPerMap(b, a) && e.caller() != null && !e.caller().equals(c.pinCaller())) {
                    st.fail("R9", "exporter.map_dma_buf of dynamic exporter " + b.exporter + " for " + (a.dynamic
                            ? "a dynamic importer without MOVE_NOTIFY" : "static importer " + a.dev) + " (" + id + ") in call seq " + e.caller()
                            + ", which made no exporter.pin first: the core pins before every such map"
                            + (behaviour.cachesSgTables() ? "" : " (dma_buf_pin_on_map, 6.15+)") + ", an earlier pin does not cover it");
                }
                if (a != null && behaviour.cachesSgTables() && a.cached && c.maps() > 0) {
                    st.fail("R11", "exporter.map_dma_buf for " + id + " although its cached sg_table is live: the core serves the map from the cache");
                }
                yield c.map(1, a == null && c.pins() == 0, e.caller(), e.sgt());
            }
            case EXPORTER_UNMAP_DMA_BUF -> c.map(-1, false, e.caller(), e.sgt());
            case EXPORTER_DETACH -> {
                if (c.maps() > 0 || c.pins() > 0) {
                    st.fail(behaviour.cachesSgTables() ? "R11" : "R9", "exporter.detach of " + id + " with "
                            + (c.maps() > 0 ? c.maps() + " table(s) not returned through exporter.unmap_dma_buf" : "")
                            + (c.maps() > 0 && c.pins() > 0 ? " and " : "")
                            + (c.pins() > 0 ? c.pins() + " pin(s) not dropped through exporter.unpin" : "")
                            + (behaviour.cachesSgTables() ? " (dma_buf_detach unmaps the cached table and unpins first)" : ""));
                }
                yield null;
            }
            default -> c;
        };
        if (!st.ok()) {
            return;
        }
        BufferState mb = st.s.mutBuf(e.buf());
        mb.calloutsLogged |= e.op() == Op.EXPORTER_MAP_DMA_BUF || e.op() == Op.EXPORTER_UNMAP_DMA_BUF
                || e.op() == Op.EXPORTER_PIN || e.op() == Op.EXPORTER_UNPIN;
        mb.calleesFollow |= calleeFollows(e);
        if (next == null || next.equals(Callouts.NONE)) {
            mb.callouts.remove(id);
        } else {
            mb.callouts.put(id, next);
        }
    }

    private List<ProtocolState> exporterRelease(Step st) {
        TraceEvent e = st.e;
        BufferState b = st.s.buf(e.buf());
        if (b == null) {
            st.fail("STATE", "buffer " + e.buf() + " does not exist");
            return null;
        }
        Long maps = e.argLong("leaked_mappings");
        Long pins = e.argLong("leaked_pins");
        if ((maps != null && maps > 0) || (pins != null && pins > 0)) {
            st.fail("R18", "the exporter released " + e.buf() + " with " + maps + " mapping(s) and " + pins + " pin(s) still outstanding");
        }
        if (!b.released && !b.attachments.isEmpty()) {
            // a release no dma_buf_put with last showed (close, the poll callback's fput): dma_buf_release's WARN
            st.fail("R18", "the exporter released " + e.buf() + " with attachments " + b.attachments.keySet() + " still on it");
        }
        if (!b.released && e.caller() == null) {
            // nested, it may be the poll callback's own fput (inside the signal, applied after it)
            needPollCallbacksRun(st, b, "the exporter released " + e.buf());
        }
        if (st.ok() && !b.released) {
            st.applyHidden();
            // released by a file reference the core held, not a dma_buf_put: dma_buf_poll_cb's fput
            st.s.mutBuf(e.buf()).released = true;
        }
        return null;
    }

    private List<ProtocolState> exporterMove(Step st) {
        TraceEvent e = st.e;
        BufferState b = liveBuf(st);
        needHeld(st, b, "R2", "exporter.move (an eviction)");
        if (b != null && !b.dynamicExporter) {
            st.fail("R7", "exporter.move of " + e.buf() + " whose exporter has no pin/unpin: a static exporter's storage must stay put while it can be mapped");
        }
        if (b != null && b.pinCount() > 0) {
            st.fail("R7", "exporter.move of " + e.buf() + " while pinned (pin_count " + b.pinCount() + "): pinned buffers cannot move");
        }
        if (b != null && b.vmapCount > 0) {
            st.fail("R20", "exporter.move of " + e.buf() + " while it is vmapped (count " + b.vmapCount + (b.vmapAddr == null ? "" : ", at " + b.vmapAddr)
                    + "): the vmap address keeps mapping the old storage, which no zap reaches; the exporter's vmap must pin the buffer in place");
        }
        if (!st.ok() || !e.succeeded()) {
            return null;
        }
        staleCpuPtesAtMove(st, b);
        // DmaBufEvict: lock, move_notify to every dynamic importer, then the move (R4)
        if (b.attachments.values().stream().anyMatch(a -> a.dynamic) && !b.notifiedInHold) {
            st.fail("R4", "exporter.move of " + e.buf() + " without dma_buf_move_notify in this hold of the reservation lock: dynamic importers "
                    + "keep using the old location");
            return null;
        }
        BufferState mb = st.s.mutBuf(e.buf());
        List<String> waits = new ArrayList<>(1);
        if (e.fence() != null) {
            fenceOrInfer(st.s, e.fence());
            waits.add(e.fence());
        }
        // every fence already in the reservation, whatever its usage, precedes the move: the old
        // storage outlives a job that still runs on it even when the named move fence signals
        // first (DmaBufAttach's moveWaits, R5)
        for (ResvEntry r : mb.fences) {
            FenceState f = st.s.fence(r.fence());
            if (f != null && !f.signaled && !waits.contains(r.fence())) {
                waits.add(r.fence());
            }
        }
        String from = e.argString("from") != null ? e.argString("from") : mb.placement;
        mb.pendingMoves.add(new PendingMove(from, mb.generation, List.copyOf(waits), e.fence()));
        mb.generation++;
        mb.placement = e.argString("to") == null ? mb.placement : e.argString("to");
        mb.moveFence = e.fence();
        mb.moveFenceDue = e.fence() == null;
        for (AttachmentState a : mb.attachments.values()) {
            if (a.dynamic) {
                a.notified = false;
            }
        }
        return null;
    }

    private List<ProtocolState> reuseStorage(Step st) {
        TraceEvent e = st.e;
        BufferState b = liveBuf(st);
        if (!st.ok()) {
            return null;
        }
        String where = e.argString("placement");
        int index = -1;
        for (int i = 0; i < b.pendingMoves.size() && index < 0; i++) {
            if (where == null || where.equals(b.pendingMoves.get(i).from())) {
                index = i;
            }
        }
        if (index < 0) {
            st.fail("R5", "exporter.reuse_storage of " + e.buf() + (where == null ? "" : " in " + where) + " but no move left old storage there");
            return null;
        }
        PendingMove m = b.pendingMoves.get(index);
        for (String f : m.waits()) {
            st.needSignaled(f, "exporter.reuse_storage reused the old storage in " + m.from() + ", which needs the move fence (and so every fence before the move) signalled", "R5");
        }
        if (behaviour == KernelBehaviour.Label.V7_1) {
            for (Map.Entry<String, AttachmentState> a : b.attachments.entrySet()) {
                for (Mapping mp : a.getValue().mappings) {
                    if (mp.generation() == m.generation() && a.getValue().dynamic) {
                        st.fail("R5b", "exporter.reuse_storage while " + a.getKey() + " still maps the old storage: after dma_buf_invalidate_mappings the exporter waits for the importer's unmap");
                    }
                }
            }
        }
        if (!st.ok()) {
            return null;
        }
        st.applyHidden();
        BufferState mb = st.s.mutBuf(e.buf());
        mb.pendingMoves.remove(index);
        for (AttachmentState a : mb.attachments.values()) {
            a.unmapped.values().removeIf(g -> !mb.generationLive(g));
        }
        return null;
    }

    private List<ProtocolState> importerMoveNotify(Step st) {
        TraceEvent e = st.e;
        BufferState b = liveBuf(st);
        AttachmentState a = attachment(st, b);
        if (a != null && !a.dynamic) {
            st.fail("R2", e.op().wire() + " called on static attachment " + e.attach() + ": the core skips static importers");
        }
        if (e.resvHeld() != null && !e.resvHeld()) {
            st.fail("R2", e.op().wire() + " ran without the reservation lock; dma_buf_move_notify must be called with it held");
        }
        if (!st.ok()) {
            return null;
        }
        AttachmentState ma = st.s.mutBuf(e.buf()).attachments.get(e.attach());
        ma.notified = true;
        invalidateMappings(ma);
        return null;
    }

    /** The refinement to DmaBufIsolation: a device touches only live mappings of buffers it is attached to. */
    private List<ProtocolState> deviceAccess(Step st) {
        TraceEvent e = st.e;
        BufferState b = liveBuf(st);
        if (b == null || !st.ok()) {
            return null;
        }
        AttachmentState a = b.attachments.get(e.attach());
        if (a == null) {
            if (inlineIsolation) {
                st.fail("ISOLATION", "device access through " + e.attach() + ", which is not attached to " + e.buf());
            }
            return null;
        }
        Mapping hit = null;
        for (Mapping m : a.mappings) {
            if (e.sgt() == null || e.sgt().equals(m.sgt()) || m.sgt() == null) {
                hit = m;
                break;
            }
        }
        if (hit == null && e.sgt() != null && a.unmapped.containsKey(e.sgt())) {
            // fenced device work submitted before the unmap still runs on the table it was given (R5)
            hit = new Mapping(e.sgt(), null, a.unmapped.get(e.sgt()));
        }
        if (!inlineIsolation && (hit == null || !b.generationLive(hit.generation()))) {
            return null; // left to the DmaBufIsolation refinement check (TransitionsSemantics)
        }
        if (hit == null) {
            st.fail("ISOLATION", "device " + a.dev + " accessed " + e.buf() + " through " + (e.sgt() == null ? "no mapping" : "sg_table " + e.sgt())
                    + ", which attachment " + e.attach() + " never mapped");
        } else if (!b.generationLive(hit.generation())) {
            st.fail("ISOLATION", "device " + a.dev + " accessed the old storage of " + e.buf()
                    + " after the exporter reused it: the mapping predates a move (R4/R5: it should have been re-mapped)");
        } else if (hit.generation() == b.generation && b.moveFence != null && !st.signaledNow(b.moveFence) && !inferHidden) {
            st.fail("R6", "device " + a.dev + " accessed " + e.buf() + " through a mapping of the new storage before the move fence "
                    + b.moveFence + " signalled (the copy may not be done)");
        } else if ("WRITE".equals(e.argString("access")) && copiedMove(st, b, a, e, hit) != null) {
            PendingMove m = copiedMove(st, b, a, e, hit);
            List<String> unwaited = m.waits().stream().filter(f -> !f.equals(m.fence()) && !st.signaledNow(f)).toList();
            boolean exporter = !unwaited.isEmpty() || behaviour != KernelBehaviour.Label.V7_1;
            st.fail(exporter ? "R5" : "R5b", "device " + a.dev + " wrote the old storage of " + e.buf() + " in " + m.from() + " through "
                    + (e.sgt() == null ? "its mapping" : "sg_table " + e.sgt()) + " after the move fence " + m.fence()
                    + " signalled: the copy already read that storage, so the write is lost"
                    + (unwaited.isEmpty() ? "" : " (the copy did not wait for " + String.join(", ", unwaited)
                    + ", in the reservation object at the move)"));
        } else if ((hit.generation() != b.generation || invalidatedHit(a, hit, e)) && a.dynamic && "WRITE".equals(e.argString("access"))
                && behaviour == KernelBehaviour.Label.V7_1 && !fencedInResv(st, b, e.fence())) {
            // a mapping of an older generation was invalidated (R4 rejects a move without
            // invalidate_mappings); one of the current generation is when marked (the window before the move)
            boolean moved = hit.generation() != b.generation;
            st.fail("R5b", "device " + a.dev + " wrote through " + (e.sgt() == null ? "an invalidated mapping" : "sg_table " + e.sgt() + ", invalidated")
                    + " by dma_buf_invalidate_mappings " + (moved ? "before the move of " + e.buf() : "(the move of " + e.buf() + " has not happened yet)")
                    + ", with no unsignalled fence covering the write: after it only speculative reads are allowed until unmap");
        }
        return null;
    }

    /**
     * The move out of the storage the access certainly went through, when that move's copy is done
     * (its move fence signalled): every mapping the access may have used (its sg_table's, or any
     * when it names none) is of storage a move left, and that move's fence has signalled. Null
     * otherwise (DmaBufDeviceAccess's NoWriteToStaleCopy: a write there is lost).
     */
    private static PendingMove copiedMove(Step st, BufferState b, AttachmentState a, TraceEvent e, Mapping hit) {
        PendingMove found = copied(st, b, hit.generation());
        if (found == null) {
            return null;
        }
        for (Mapping m : a.mappings) {
            if ((e.sgt() == null || m.sgt() == null || e.sgt().equals(m.sgt())) && copied(st, b, m.generation()) == null) {
                return null;
            }
        }
        return found;
    }

    private static PendingMove copied(Step st, BufferState b, int generation) {
        if (generation == b.generation) {
            return null;
        }
        for (PendingMove m : b.pendingMoves) {
            if (m.generation() == generation) {
                FenceState f = m.fence() == null ? null : st.s.fence(m.fence());
                return f != null && f.signaled ? m : null;
            }
        }
        return null;
    }

    /**
     * The access went through a mapping dma_buf_invalidate_mappings invalidated: the one its
     * sg_table names, or, when the event names none (or the mapping's table is not known), every
     * mapping of the attachment is invalidated, so no valid one may have carried it.
     */
    private static boolean invalidatedHit(AttachmentState a, Mapping hit, TraceEvent e) {
        if (!hit.invalidated()) {
            return false;
        }
        if (e.sgt() != null && e.sgt().equals(hit.sgt())) {
            return true;
        }
        for (Mapping m : a.mappings) {
            if (!m.invalidated()) {
                return false;
            }
        }
        return true;
    }

    // ================================================================ CPU mappings of a movable buffer (R20-R22)

    /** The key of the userspace mapping an exporter.vm_fault or cpu.access names: its vma, else one per thread. */
    private static String vmaKey(TraceEvent e) {
        String vma = e.argString("vma");
        return vma != null ? vma : "thread " + e.thread();
    }

    /**
     * The exporter's fault handler mapped the buffer's storage into a process (ttm_bo_vm_fault).
     * For a movable buffer (R22): ttm_bo_vm_reserve holds the reservation while the PTEs are
     * inserted, ttm_bo_vm_fault_idle waited for the KERNEL fences (a pipelined move's copy), and
     * what it maps is the current placement. The mapping's PTEs then map the current storage
     * generation until a zap (unmap_mapping_range) or the munmap.
     */
    private List<ProtocolState> vmFault(Step st) {
        TraceEvent e = st.e;
        BufferState b = liveBuf(st);
        if (!st.ok() || !e.succeeded()) {
            return null; // a failed fault (VM_FAULT_SIGBUS, -EINTR on a signal) installed nothing
        }
        observedLock(st, b);
        if (b.dynamicExporter) {
            if (Boolean.FALSE.equals(e.resvHeld())) {
                st.fail("R22", "exporter.vm_fault of " + e.buf() + " mapped its storage without the reservation lock"
                        + (b.holderThread == null ? "" : " (held by " + b.holderThread + ")")
                        + ": ttm_bo_vm_reserve takes it (or waits for it and retries), so a fault during a move cannot map the storage the move replaces");
            } else if (e.resvHeld() == null && b.holderThread != null && !b.heldBy(e.thread())) {
                st.fail("R22", "exporter.vm_fault of " + e.buf() + " mapped its storage while " + b.holderThread
                        + " holds the reservation lock: the fault handler waits for the lock (ttm_bo_vm_reserve) before it maps");
            }
            String where = e.argString("placement");
            if (where != null && b.placement != null && !where.equals(b.placement)) {
                st.fail("R22", "exporter.vm_fault of " + e.buf() + " mapped storage in " + where + ", but the buffer is in " + b.placement
                        + ": the fault handler maps bo->resource, read under the reservation lock");
            }
            if (!st.ok()) {
                return null;
            }
            String because = "exporter.vm_fault mapped " + e.buf() + "'s storage, which ttm_bo_vm_fault_idle allows only once the KERNEL fences "
                    + "(the move's copy) signalled";
            for (ResvEntry r : b.fences) {
                if (r.usage() == Usage.KERNEL) {
                    st.needSignaled(r.fence(), because, "R22");
                }
            }
            if (b.moveFence != null) {
                st.needSignaled(b.moveFence, because, "R22");
            }
        }
        if (!st.ok()) {
            return null;
        }
        st.applyHidden();
        String key = vmaKey(e);
        CpuPte had = b.cpuPtes.get(key);
        if (had == null || had.generation() != b.generation || !had.proven()) {
            BufferState mb = st.s.mutBuf(e.buf());
            mb.cpuPtes = BufferState.with(mb.cpuPtes, key, new CpuPte(mb.generation, e.where(), true));
        }
        return null;
    }

    /**
     * R21 at the move itself (DmaBufCpuDeviceAccess!CpuMappingsCurrent, which ExporterMove breaks
     * when a PTE still maps the placement it replaces): every CPU PTE the trace proves present (a
     * logged exporter.vm_fault, no unmap_mapping_range or munmap of its mapping since) must be gone
     * before the move switches storage, whether or not a later access goes through it.
     */
    private static void staleCpuPtesAtMove(Step st, BufferState b) {
        for (Map.Entry<String, CpuPte> p : new java.util.TreeMap<>(b.cpuPtes).entrySet()) {
            if (p.getValue().proven()) {
                st.fail("R21", "exporter.move of " + st.e.buf() + " switched storage while " + describeVma(p.getKey())
                        + " still has CPU PTEs on the storage it replaces, installed by " + p.getValue().fault()
                        + " and not zapped since: the move must unmap_mapping_range the buffer's CPU mappings (ttm_bo_unmap_virtual) "
                        + "before it switches storage");
            }
        }
    }

    private static String describeVma(String key) {
        return key.startsWith("thread ") ? "the mapping of " + key.substring("thread ".length()) : "mapping " + key;
    }

    /**
     * munmap(2): the VMA and its PTEs go away (DmaBufCpuDeviceAccess!Munmap). With {@code vma} the
     * mapping is known; without, the thread's own mapping (faults without vma) is, and any other
     * mapping of the buffer may be the one unmapped: its PTEs stay for the access check (an access
     * shows the VMA alive) but no longer prove a move without a zap wrong.
     */
    private List<ProtocolState> munmap(Step st) {
        BufferState b = liveBuf(st);
        if (!st.ok() || !st.e.succeeded() || b.cpuPtes.isEmpty()) {
            return null;
        }
        String vma = st.e.argString("vma");
        Map<String, CpuPte> left = new HashMap<>(b.cpuPtes);
        left.remove("thread " + st.e.thread());
        if (vma != null) {
            left.remove(vma);
        } else {
            left.replaceAll((k, p) -> p.asUnproven());
        }
        if (!left.equals(b.cpuPtes)) {
            st.s.mutBuf(st.e.buf()).cpuPtes = java.util.Collections.unmodifiableMap(left);
        }
        return null;
    }

    /** unmap_mapping_range over the buffer's address space (ttm_bo_unmap_virtual): every CPU PTE of the buffer is gone (R21). */
    private List<ProtocolState> zapCpuMappings(Step st) {
        BufferState b = liveBuf(st);
        if (!st.ok() || b.cpuPtes.isEmpty()) {
            return null;
        }
        st.s.mutBuf(st.e.buf()).cpuPtes = java.util.Map.of();
        return null;
    }

    /**
     * A CPU load or store through an mmap or a vmap (DmaBufCpuAccess!CpuMmapAccess, CpuVmapAccess):
     * through an mmap whose PTEs a fault installed, they must map the buffer's current storage
     * (a move zaps them first, R21); through a vmap, the buffer must be vmapped (a vmap pins it,
     * R20, so exporter.move refuses a vmapped buffer). An mmap access whose fault the trace does
     * not show is not judged.
     */
    private List<ProtocolState> cpuLoadStore(Step st) {
        TraceEvent e = st.e;
        BufferState b = liveBuf(st);
        if (!st.ok() || !e.succeeded()) {
            return null;
        }
        String kind = e.argString("access") == null ? "access" : e.argString("access");
        if ("vmap".equals(e.argString("via"))) {
            String addr = e.argString("addr");
            if (b.vmapCount == 0) {
                st.fail("ISOLATION", "CPU " + kind + " of " + e.buf() + " through a vmap, but the buffer is not vmapped (no dma_buf_vmap, or vunmapped)");
            } else if (addr != null && b.vmapAddr != null && !addr.equals(b.vmapAddr)) {
                st.fail("ISOLATION", "CPU " + kind + " of " + e.buf() + " through address " + addr + ", but the buffer is vmapped at " + b.vmapAddr);
            } else if (b.dynamicExporter) {
                // a vmap taken after a move maps the storage the move's copy fills; ttm_bo_vmap does not wait for
                // it, the kernel user does before it touches the storage (DmaBufCpuDeviceAccess's DmaBufVmap guard)
                String because = "CPU " + kind + " of " + e.buf() + " through its vmap touched the storage a move's copy fills, which the kernel "
                        + "user may touch only once the KERNEL fences (the move's copy) signalled";
                for (ResvEntry r : b.fences) {
                    if (r.usage() == Usage.KERNEL) {
                        st.needSignaled(r.fence(), because, "R6");
                    }
                }
                if (b.moveFence != null) {
                    st.needSignaled(b.moveFence, because, "R6");
                }
                if (st.ok()) {
                    st.applyHidden();
                }
            }
            return null;
        }
        String key = vmaKey(e);
        CpuPte p = b.cpuPtes.get(key);
        if (p != null && p.generation() != b.generation) {
            int g = p.generation();
            st.fail("R21", "CPU " + kind + " of " + e.buf() + " through " + describeVma(key)
                    + " hit PTEs of the storage a move replaced (" + (b.generationLive(g) ? "its copy may already have read it" : "since reused by the exporter")
                    + ", installed by " + p.fault() + "): the move did not zap the buffer's CPU mappings (unmap_mapping_range) before it switched storage");
        } else if (p != null && !p.proven()) {
            // the access shows the VMA alive: an earlier unattributed munmap was another mapping's
            BufferState mb = st.s.mutBuf(e.buf());
            mb.cpuPtes = BufferState.with(mb.cpuPtes, key, p.asProven());
        }
        return null;
    }

    /**
     * R5b: a write through an invalidated mapping is legal only while a fence the exporter waits
     * for covers it (a running job's, or the TLB flush of zapped PTEs). The event's fence when it
     * names one; otherwise any unsignalled importer fence in the reservation (lenient: the
     * checker cannot tell whose job wrote).
     */
    private static boolean fencedInResv(Step st, BufferState b, String fence) {
        if (fence != null) {
            FenceState f = st.s.fence(fence);
            return f != null && !f.signaled;
        }
        for (ResvEntry r : b.fences) {
            FenceState f = st.s.fence(r.fence());
            if (f != null && !f.signaled && !r.fence().equals(b.moveFence)) {
                return true;
            }
        }
        return false;
    }

    // ================================================================ ww_mutex and the reservation lock

    private List<ProtocolState> wwAcquire(Step st) {
        TraceEvent e = st.e;
        WwCtxState c = st.s.ctxs.get(e.ctx());
        switch (e.op()) {
            case WW_ACQUIRE_INIT -> {
                for (WwCtxState other : st.s.ctxs.values()) {
                    if (other.thread.equals(e.thread())) {
                        st.fail("F18", "ww_acquire_init while thread " + e.thread() + " already has an acquire context of reservation_ww_class");
                        return null;
                    }
                }
                Long stamp = e.argLong("stamp");
                Long before = staleStamps.get(e.seq());
                if (before != null) {
                    // reservation_ww_class.stamp is an atomic counter: a later init gets a larger stamp
                    st.fail("F18", "ww_acquire_init got stamp " + stamp + ", but an earlier ww_acquire_init returned stamp " + before
                            + " before this one started: the class's counter only grows");
                    return null;
                }
                st.s.putCtx(e.ctx(), new WwCtxState(e.thread(), stamp == null ? e.seq() : stamp));
            }
            case WW_ACQUIRE_DONE -> {
                if (c == null) {
                    st.fail("F18", "ww_acquire_done on context " + e.ctx() + " that was finished");
                    return null;
                }
                if (c.done) {
                    // ww_acquire_done: DEBUG_LOCKS_WARN_ON(ctx->done_acquire)
                    st.fail("F18", "ww_acquire_done a second time on context " + e.ctx());
                    return null;
                }
                st.s.mutCtx(e.ctx()).done = true;
            }
            default -> {
                if (c == null) {
                    st.fail("F18", "ww_acquire_fini on context " + e.ctx() + " that was already finished");
                } else if (!c.held.isEmpty()) {
                    st.fail("F18", "ww_acquire_fini while context " + e.ctx() + " still holds " + c.held);
                } else {
                    st.s.removeCtx(e.ctx());
                }
            }
        }
        return null;
    }

    private List<ProtocolState> lock(Step st) {
        TraceEvent e = st.e;
        BufferState b = liveBuf(st);
        observedLock(st, b);
        if (!st.ok()) {
            return null;
        }
        WwCtxState c = e.ctx() == null ? null : st.s.ctxs.get(e.ctx());
        if (e.ctx() != null && c == null) {
            st.fail("F18", e.op().wire() + " with context " + e.ctx() + " after ww_acquire_fini");
            return null;
        }
        if (c != null && !c.thread.equals(e.thread())) {
            st.fail("F18", "context " + e.ctx() + " of thread " + c.thread + " used by thread " + e.thread());
            return null;
        }
        if (e.op() == Op.DMA_RESV_TRYLOCK) {
            Boolean got = e.retBool();
            if (Boolean.TRUE.equals(got)) {
                if (b.holderThread != null) {
                    st.fail(b.heldBy(e.thread()) ? "F18" : "ORDER", "dma_resv_trylock succeeded while the lock is held by " + b.holderThread);
                    return null;
                }
                takeLock(st, null);
            } else if (Boolean.FALSE.equals(got) && b.holderThread == null) {
                st.fail("ORDER", "dma_resv_trylock failed although the reservation lock of " + e.buf() + " is free");
            }
            return null;
        }
        boolean slow = e.op() == Op.DMA_RESV_LOCK_SLOW;
        if (c != null && slow) {
            if (!c.held.isEmpty()) {
                st.fail("F18", "dma_resv_lock_slow while context " + e.ctx() + " still holds " + c.held + ": after -EDEADLK every lock must be dropped first");
            } else if (c.contended == null) {
                // ww_mutex_lock_slow: DEBUG_LOCKS_WARN_ON(!ctx->contending_lock)
                st.fail("F18", "dma_resv_lock_slow on " + e.buf() + " but context " + e.ctx() + " has no contended lock: lock_slow only follows -EDEADLK");
            } else if (!c.contended.equals(e.buf())) {
                st.fail("F18", "dma_resv_lock_slow on " + e.buf() + " but the contended lock was " + c.contended);
            }
        } else if (c != null && c.contended != null) {
            st.fail("F18", e.op().wire() + " after -EDEADLK without first dropping all locks and taking the contended lock " + c.contended + " with dma_resv_lock_slow");
        }
        if (c != null && c.done) {
            st.fail("F18", e.op().wire() + " after ww_acquire_done on context " + e.ctx());
        }
        if (!st.ok()) {
            return null;
        }
        String r = e.result();
        if (r.equals("0")) {
            if (b.holderThread != null) {
                boolean self = b.heldBy(e.thread());
                st.fail(self ? "F18" : "ORDER", self ? e.op().wire() + " on " + e.buf() + " already held by this thread"
                        + (c == null ? ": a self-deadlock without a context" : " should return -EALREADY")
                        : "the reservation lock of " + e.buf() + " is held by " + b.holderThread + ", so the lock could not be taken here");
                return null;
            }
            takeLock(st, c);
        } else if (r.equals("EALREADY")) {
            if (c == null || !e.ctx().equals(b.holderCtx)) {
                st.fail("F18", "-EALREADY but context " + e.ctx() + " does not hold " + e.buf());
            }
        } else if (r.equals("EDEADLK")) {
            if (c == null || slow) {
                st.fail("F18", e.op().wire() + " returned -EDEADLK " + (slow ? "from lock_slow, which cannot fail" : "without an acquire context"));
            } else if (c.held.isEmpty()) {
                st.fail("F18", "wait-die: context " + e.ctx() + " holds no lock, so it waits instead of dying; -EDEADLK is wrong");
            } else if (b.holderThread == null) {
                st.fail("ORDER", "-EDEADLK on " + e.buf() + " but its lock is free at this point");
            } else {
                WwCtxState h = b.holderCtx == null ? null : st.s.ctxs.get(b.holderCtx);
                boolean olderWaiterPossible = st.s.ctxs.values().stream().anyMatch(o -> o != c && o.stamp < c.stamp);
                // with no older context anywhere, nothing can kill it: not the holder, not a waiter ahead
                if ((h == null || h.stamp > c.stamp) && !olderWaiterPossible) {
                    st.fail("F18", "wait-die: " + e.ctx() + " (stamp " + c.stamp + ") is older than the holder "
                            + (h == null ? "(a NULL-context " + b.holderThread + ")" : b.holderCtx + " (stamp " + h.stamp + ")")
                            + " and than every other context, so it must wait, not die with -EDEADLK");
                }
            }
            if (st.ok()) {
                WwCtxState mc = st.s.mutCtx(e.ctx());
                mc.contended = e.buf();
                mc.diedIn = e.caller(); // an exporter's ticket lock inside a call: that call must fail with it too
            }
        } else if (!environmentFailure(st)) {
            unexpectedResult(st);
        }
        return null;
    }

    /**
     * F18 through a callee: dma_buf_map_attachment, dma_buf_pin and the exporter's pin and
     * map_dma_buf may return -EDEADLK only when a dma_resv_lock under the calling thread's acquire
     * context died inside them (an exporter evicting another buffer with the caller's ticket,
     * DmaBufWwEviction). {@code propagate}: the -EDEADLK goes on to this call's own caller.
     */
    private void edeadlkFromInside(Step st, boolean propagate) {
        TraceEvent e = st.e;
        for (Map.Entry<String, WwCtxState> c : st.s.ctxs.entrySet()) {
            WwCtxState v = c.getValue();
            if (v.thread.equals(e.thread()) && v.contended != null && v.diedIn != null && v.diedIn == e.seq()) {
                st.s.mutCtx(c.getKey()).diedIn = propagate ? e.caller() : null;
                return;
            }
        }
        st.fail("F18", e.op().wire() + " returned -EDEADLK, but no dma_resv_lock under thread " + e.thread()
                + "'s acquire context died inside it (only an exporter's lock of another buffer with the caller's ticket makes it fail so)");
    }

    private void takeLock(Step st, WwCtxState c) {
        BufferState mb = st.s.mutBuf(st.e.buf());
        mb.holderThread = st.e.thread();
        mb.holderCtx = c == null ? null : st.e.ctx();
        mb.notifiedInHold = false;
        mb.moveFenceDue = false;
        if (c != null) {
            WwCtxState mc = st.s.mutCtx(st.e.ctx());
            mc.held.add(st.e.buf());
            mc.contended = null;
            mc.diedIn = null;
        }
    }

    private List<ProtocolState> unlock(Step st) {
        TraceEvent e = st.e;
        BufferState b = liveBuf(st);
        observedLock(st, b);
        if (b != null && !b.heldBy(e.thread())) {
            st.fail("F18", "dma_resv_unlock of " + e.buf() + " by thread " + e.thread() + ", which does not hold it"
                    + (b.holderThread == null ? " (it is unlocked)" : " (held by " + b.holderThread + ")"));
        }
        if (b != null && b.heldBy(e.thread()) && b.moveFenceDue) {
            // a move that names no fence publishes its copy as the KERNEL fence of the same hold (TRACE-FORMAT.md)
            st.fail("R6", "dma_resv_unlock of " + e.buf() + " after an exporter.move that named no move fence and added no KERNEL fence "
                    + "in this lock hold: importers and the core see the new storage with nothing to wait for before the copy is done");
        }
        if (!st.ok()) {
            return null;
        }
        BufferState mb = st.s.mutBuf(e.buf());
        if (mb.holderCtx != null && st.s.ctxs.containsKey(mb.holderCtx)) {
            st.s.mutCtx(mb.holderCtx).held.remove(e.buf());
        }
        for (AttachmentState a : mb.attachments.values()) {
            if (a.attachMapPending) {
                a.listAddUnlocked = true;
            }
        }
        mb.holderThread = null;
        mb.holderCtx = null;
        mb.notifiedInHold = false;
        mb.moveFenceDue = false;
        mb.maxFences = mb.fences.size(); // F13: reservations are forgotten at unlock (dma_resv_reset_max_fences)
        mb.credits = 0;
        return null;
    }

    // ================================================================ fences in reservation objects

    private List<ProtocolState> reserve(Step st) {
        TraceEvent e = st.e;
        BufferState b = liveBuf(st);
        needHeld(st, b, "F13", "dma_resv_reserve_fences");
        observedLock(st, b);
        if (!st.ok() || !e.succeeded()) {
            return null;
        }
        Long n = e.argLong("num");
        BufferState mb = st.s.mutBuf(e.buf());
        mb.reserve(n == null ? 1 : n.intValue(), id -> isSignaled(st.s, id));
        mb.credits = n == null ? 1 : n.intValue();
        return null;
    }

    private static boolean isSignaled(ProtocolState s, String id) {
        FenceState f = s.fence(id);
        return f == null || f.signaled;
    }

    private FenceState fenceOrInfer(ProtocolState s, String id) {
        FenceState f = s.fence(id);
        if (f == null) {
            f = new FenceState(s.inferContext(), 0, true);
            s.putFence(id, f);
        }
        return f;
    }

    private List<ProtocolState> addFence(Step st) {
        TraceEvent e = st.e;
        BufferState b = liveBuf(st);
        needHeld(st, b, "F13", "dma_resv_add_fence");
        observedLock(st, b);
        if (!st.ok()) {
            return null;
        }
        Usage usage = Usage.parse(e.argString("usage"));
        if (usage != null) {
            List<ProtocolState> out = addFenceWithUsage(st, usage);
            if (usage == Usage.KERNEL && st.ok()) {
                for (ProtocolState p : out == null ? List.of(st.s) : out) {
                    claimMoveFence(p, e);
                }
            }
            return out;
        }
        // usage not logged: any usage that explains the rest of the trace (\E usage)
        List<ProtocolState> out = new ArrayList<>(4);
        for (Usage u : Usage.values()) {
            ProtocolState c = st.s.copy();
            Step sub = new Step(c, e);
            List<ProtocolState> more = addFenceWithUsage(sub, u);
            if (sub.ok()) {
                List<ProtocolState> got = more == null ? List.of(c) : more;
                if (u == Usage.KERNEL) {
                    for (ProtocolState p : got) {
                        claimMoveFence(p, e);
                    }
                }
                out.addAll(got);
            } else if (out.isEmpty() && u == Usage.BOOKKEEP) {
                for (Violation v : sub.why()) {
                    st.fail(v);
                }
            }
        }
        return out.isEmpty() ? null : out;
    }

    /** dma_resv_add_fence: replace a signalled entry or an older fence of the same context with weaker-or-equal usage, else take a reserved slot. */
    private List<ProtocolState> addFenceWithUsage(Step st, Usage usage) {
        TraceEvent e = st.e;
        BufferState b = st.s.buf(e.buf());
        FenceState nf = st.s.fence(e.fence());
        // The kernel's loop reads each entry's signalled bit in turn, without the fences' locks: an
        // entry that signals after the loop passed it is skipped, so the new fence lands in a later
        // signalled slot or is appended. Such an outcome is no single instant's, so the first
        // replaceable entry (the atomic reading, DmaResv's TableAfterAdd) is one outcome and each
        // later one is another, as long as every entry skipped can have signalled after the call began.
        List<Integer> slots = new ArrayList<>(1);
        boolean canAppend = true;
        for (int i = 0; i < b.fences.size(); i++) {
            ResvEntry old = b.fences.get(i);
            FenceState of = st.s.fence(old.fence());
            boolean sameCtxLater = nf != null && of != null && of.context == nf.context && old.usage().compareTo(usage) >= 0
                    && (old.fence().equals(e.fence()) || nf.laterOrSame(of));
            if (sameCtxLater || of == null || of.signaled || old.fence().equals(e.fence()) && old.usage().compareTo(usage) >= 0) {
                slots.add(i);
                boolean skippable = !sameCtxLater && of != null && of.signaled && of.signalEnd > e.start()
                        && !(old.fence().equals(e.fence()) && old.usage().compareTo(usage) >= 0);
                if (!skippable) {
                    canAppend = false;
                    break;
                }
            }
        }
        int replace = slots.isEmpty() ? -1 : slots.get(0);
        // DmaResvAddFence: only a re-add of a fence already there with this or a stronger usage
        // needs no reservation (B12); any other add spends one of the n the driver reserved,
        // even when it happens to replace a signalled entry or the allocator rounded up.
        boolean reAdd = false;
        for (ResvEntry old : b.fences) {
            reAdd |= old.fence().equals(e.fence()) && old.usage().compareTo(usage) >= 0;
        }
        if (!reAdd && b.credits <= 0) {
            st.fail("F13", "dma_resv_add_fence of " + e.fence() + " (" + usage + ") is not covered by a reservation: "
                    + "this lock hold's dma_resv_reserve_fences allowed no more new fences (extra slots the allocator "
                    + "rounded up are not the driver's to use; reservations are dropped at unlock)");
            return null;
        }
        if (!reAdd) {
            st.s.mutBuf(e.buf()).credits--;
            b = st.s.buf(e.buf());
        }
        if (replace < 0 && b.fences.size() >= b.maxFences) {
            // a slot is free only if an entry signalled unlogged: try each (bounded by the list length)
            List<ProtocolState> out = new ArrayList<>();
            if (inferHidden) {
                for (int i = 0; i < b.fences.size(); i++) {
                    ProtocolState c = st.s.copy();
                    c.signalFence(b.fences.get(i).fence());
                    Step sub = new Step(c, e);
                    List<ProtocolState> more = addFenceWithUsage(sub, usage);
                    if (sub.ok()) {
                        out.addAll(more == null ? List.of(c) : more);
                    }
                }
            }
            if (out.isEmpty()) {
                st.fail("F13", "dma_resv_add_fence of " + e.fence() + " (" + usage + ") needs a new slot but none is reserved in this lock hold "
                        + "(dma_resv_reserve_fences first; reservations are dropped at unlock)");
                return null;
            }
            return out;
        }
        boolean others = slots.size() > 1 || !slots.isEmpty() && canAppend && b.fences.size() < b.maxFences;
        List<ProtocolState> out = others ? new ArrayList<>(slots.size() + 1) : null;
        if (others) {
            for (int k = 1; k < slots.size(); k++) {
                out.add(placed(st.s.copy(), e, usage, slots.get(k)));
            }
            if (canAppend && b.fences.size() < b.maxFences) {
                out.add(placed(st.s.copy(), e, usage, -1));
            }
        }
        placed(st.s, e, usage, replace);
        if (others) {
            out.add(0, st.s);
        }
        return out;
    }

    /** The new entry in slot {@code slot}, or appended for -1. */
    private ProtocolState placed(ProtocolState s, TraceEvent e, Usage usage, int slot) {
        fenceOrInfer(s, e.fence());
        BufferState mb = s.mutBuf(e.buf());
        if (slot >= 0) {
            mb.fences.set(slot, new ResvEntry(e.fence(), usage, e.end()));
        } else {
            mb.fences.add(new ResvEntry(e.fence(), usage, e.end()));
        }
        return s;
    }

    private List<ProtocolState> resvWait(Step st) {
        TraceEvent e = st.e;
        BufferState b = liveBuf(st);
        observedLock(st, b);
        if (!st.ok() || !e.succeeded()) {
            return null;
        }
        Usage u = Usage.parse(e.argString("usage"));
        boolean test = e.op() == Op.DMA_RESV_TEST_SIGNALED;
        Boolean allSignaled = test ? e.retBool() : e.retLong() == null ? null : e.retLong() > 0;
        if (allSignaled == null) {
            return null;
        }
        if (allSignaled) {
            // unlogged usage: the weakest reading (KERNEL) is the one that needs the least
            Usage q = u == null ? Usage.KERNEL : u;
            for (ResvEntry r : b.fences) {
                if (r.usage().compareTo(q) <= 0 && r.before(e.start())) {
                    st.needSignaled(r.fence(), e.op().wire() + "(" + q + ") reported every fence signalled");
                }
            }
            st.applyHidden();
        } else {
            Usage q = u == null ? Usage.BOOKKEEP : u;
            boolean pending = b.fences.stream().anyMatch(r -> r.usage().compareTo(q) <= 0 && !st.signaledNow(r.fence()));
            if (!pending) {
                st.fail(test ? "F7" : "F7", e.op().wire() + "(" + q + ") reported " + (test ? "an unsignalled fence" : "a timeout")
                        + " but every fence of " + e.buf() + " with usage <= " + q + " has signalled");
            }
        }
        return null;
    }

    private List<ProtocolState> getFences(Step st) {
        TraceEvent e = st.e;
        BufferState b = liveBuf(st);
        if (!st.ok() || !e.succeeded() || e.fences() == null) {
            return null;
        }
        Usage q = Usage.parse(e.argString("usage"));
        checkSnapshot(st, b, q == null ? Usage.BOOKKEEP : q, e.fences(), "dma_resv_get_fences");
        return null;
    }

    /** A snapshot lists only fences of the object with usage <= q, and every such fence still unsignalled. */
    private void checkSnapshot(Step st, BufferState b, Usage q, List<String> snapshot, String what) {
        // a fence may be in the list twice (dma_resv_add_fence appends (f, READ) next to (f, KERNEL)): keep its strongest usage
        Map<String, Usage> in = new HashMap<>();
        for (ResvEntry r : b.fences) {
            in.merge(r.fence(), r.usage(), (x, y) -> x.compareTo(y) <= 0 ? x : y);
        }
        for (String f : snapshot) {
            Usage u = in.get(f);
            if (u == null || u.compareTo(q) > 0) {
                st.fail("U4", what + " returned fence " + f + ", which is not in " + st.e.buf() + " with usage <= " + q);
            }
        }
        for (ResvEntry r : b.fences) {
            if (r.usage().compareTo(q) <= 0 && !st.signaledNow(r.fence()) && !snapshot.contains(r.fence())) {
                st.fail("U4", what + " left out unsignalled fence " + r.fence() + " (" + r.usage() + ")");
            }
        }
    }

    // ================================================================ fences

    private List<ProtocolState> fenceInit(Step st) {
        TraceEvent e = st.e;
        Long ctx = e.argLong("context");
        Long seqno = e.argLong("seqno");
        FenceState f = new FenceState(ctx == null ? st.s.inferContext() : ctx, seqno == null ? 0 : seqno, false);
        if (e.fences() != null) {
            f.components = List.copyOf(e.fences());
        }
        String twin = ctx == null || seqno == null ? null : st.s.pendingWithSeqno(ctx, seqno);
        if (twin != null && !twin.equals(e.fence())) {
            st.fail("F12", "dma_fence_init of " + e.fence() + " with context " + ctx + ", seqno " + seqno + " while fence " + twin
                    + " of that context has the same seqno and is unsignalled: fences of a context are totally ordered, a seqno is used once");
            return null;
        }
        st.s.putFence(e.fence(), f);
        return null;
    }

    private FenceState liveFence(Step st) {
        FenceState f = st.s.fence(st.e.fence());
        if (f == null) {
            st.fail("F9", st.e.op().wire() + " on fence " + st.e.fence() + " after its last reference was dropped");
        }
        return f;
    }

    private List<ProtocolState> fenceWait(Step st) {
        TraceEvent e = st.e;
        FenceState f = liveFence(st);
        if (!st.ok()) {
            return null;
        }
        if (e.op() == Op.DMA_FENCE_WAIT_TIMEOUT && e.succeeded() && e.retLong() != null) {
            if (e.retLong() > 0) {
                st.needSignaled(e.fence(), "dma_fence_wait_timeout returned " + e.retLong() + " (signalled)");
            } else if ("MAX".equals(e.argString("timeout"))) {
                st.fail("RESULT", "dma_fence_wait_timeout with timeout MAX_SCHEDULE_TIMEOUT returned 0 on fence " + e.fence()
                        + ": without a timeout it returns only once the fence signalled (or fails, interrupted)");
            } else if (f.signaled) {
                st.fail("F7", "dma_fence_wait_timeout timed out on fence " + e.fence() + ", which has already signalled");
            }
        }
        if (!st.ok()) {
            return null;
        }
        st.applyHidden();
        if (!f.enabled && !st.s.fence(e.fence()).signaled) {
            st.s.mutFence(e.fence()).enabled = true; // for reports only: no guard reads it
        }
        return null;
    }

    private List<ProtocolState> fenceSignal(Step st) {
        TraceEvent e = st.e;
        FenceState f = liveFence(st);
        if (!st.ok()) {
            return null;
        }
        String r = e.result();
        if (e.op() == Op.DRM_IOCTL_VGEM_FENCE_SIGNAL) {
            // vgem_fence_signal_ioctl: -EINVAL for any flag, -ETIMEDOUT when the 10 s timer already
            // signalled, -ENOENT once the handle is gone
            String flags = e.argString("flags");
            boolean badFlags = flags != null && !flags.isEmpty() && !flags.equals("0") && !flags.equals("0x0");
            if (r.equals("EINVAL") || badFlags) {
                if (!(r.equals("EINVAL") && badFlags)) {
                    st.fail("RESULT", "DRM_IOCTL_VGEM_FENCE_SIGNAL " + (badFlags ? "with flags " + flags + " must fail with -EINVAL, returned " + r
                            : "returned -EINVAL without a flag set"));
                }
                return null;
            }
            if (r.equals("ENOENT")) {
                if (!f.vgemSignaled) {
                    st.fail("RESULT", "DRM_IOCTL_VGEM_FENCE_SIGNAL returned -ENOENT for fence " + e.fence() + ", which was never signalled through the ioctl");
                }
                return null;
            }
            if (f.vgemSignaled) {
                st.fail("RESULT", "DRM_IOCTL_VGEM_FENCE_SIGNAL on fence " + e.fence() + " a second time must return -ENOENT, returned " + r);
                return null;
            }
            // its nested dma_fence_signal, when logged, is the signal (and judges a double one)
            boolean nestedSignal = delegated(e, Op.DMA_FENCE_SIGNAL);
            if (r.equals("ETIMEDOUT")) {
                st.needSignaled(e.fence(), "DRM_IOCTL_VGEM_FENCE_SIGNAL returned -ETIMEDOUT (vgem's timer signalled it)");
            } else if (!r.equals("0")) {
                unexpectedResult(st);
            } else if (f.signaled && !nestedSignal) {
                st.fail("F7", "DRM_IOCTL_VGEM_FENCE_SIGNAL returned 0 but fence " + e.fence() + " had already signalled (-ETIMEDOUT expected)");
            }
            if (!st.ok()) {
                return null;
            }
            st.applyHidden();
            FenceState mf = st.s.mutFence(e.fence());
            mf.vgemSignaled = true;
            if (!nestedSignal) {
                st.s.signalFence(e.fence(), e.end());
            }
            return null;
        }
        boolean voidApi = behaviour == KernelBehaviour.Label.V7_1;
        if (r.equals("EINVAL")) {
            if (voidApi) {
                unexpectedResult(st);
            } else {
                st.needSignaled(e.fence(), "dma_fence_signal returned -EINVAL (already signalled)");
            }
        } else if (r.equals("0")) {
            if (f.signaled && !voidApi) {
                st.fail("F7", "dma_fence_signal returned 0 but fence " + e.fence() + " had already signalled: a fence signals exactly once (-EINVAL expected)");
            }
            if (!f.signaled && f.components != null) {
                List<String> pending = f.components.stream().filter(g -> !st.signaledNow(g)).toList();
                // nested in its last component's dma_fence_signal (the array's callback runs there), which
                // ends after it and so is not applied yet: that one component may still look pending
                if (!(e.caller() != null && pending.size() == 1)) {
                    for (String g : pending) {
                        st.needSignaled(g, "dma_fence_signal of fence array " + e.fence() + " while its component " + g
                                + " is unsignalled: an array signals once all its components have", "F19");
                    }
                }
            }
            Long max = f.signaled ? null : st.s.signalledMax(f.context);
            if (max != null && max >= f.seqno) {
                st.fail("F12", "dma_fence_signal of " + e.fence() + " (context " + f.context + ", seqno " + f.seqno + ") after a fence of its context with seqno "
                        + max + " signalled: a context signals in seqno order, and a seqno is used once");
            }
            if (!f.signaled) {
                for (String g : st.s.earlierPending(f)) {
                    st.needSignaled(g, "dma_fence_signal of " + e.fence() + " (context " + f.context + ", seqno " + f.seqno
                            + ") while the earlier fence " + g + " of its context is unsignalled: a context signals in seqno order", "F12");
                }
            }
        } else {
            unexpectedResult(st);
        }
        if (!st.ok()) {
            return null;
        }
        st.applyHidden();
        st.s.signalFence(e.fence(), e.end());
        return null;
    }

    private List<ProtocolState> fenceSetError(Step st) {
        FenceState f = liveFence(st);
        if (f != null && f.signaled) {
            st.fail("F8", "dma_fence_set_error on fence " + st.e.fence() + " after it signalled: the error must be set before signalling");
        }
        if (st.ok() && st.e.succeeded()) {
            st.s.mutFence(st.e.fence()).error = st.e.argString("error");
        }
        return null;
    }

    private List<ProtocolState> fenceCallback(Step st) {
        TraceEvent e = st.e;
        FenceState f = liveFence(st);
        if (!st.ok()) {
            return null;
        }
        String cb = e.cb();
        switch (e.op()) {
            case DMA_FENCE_ADD_CALLBACK -> {
                if (e.result().equals("ENOENT")) {
                    st.needSignaled(e.fence(), "dma_fence_add_callback returned -ENOENT (already signalled)");
                    if (st.ok()) {
                        // no callbackLoopDone: add_callback tests the SIGNALED bit before taking fence->lock,
                        // so its -ENOENT may return while the signaller still runs the callbacks
                        st.applyHidden();
                    }
                    return null;
                }
                if (!e.succeeded()) {
                    unexpectedResult(st);
                    return null;
                }
                if (f.signaled) {
                    st.fail("F7", "dma_fence_add_callback returned 0 on fence " + e.fence() + ", which has signalled: it must return -ENOENT and never call the callback");
                    return null;
                }
                FenceState mf = st.s.mutFence(e.fence());
                mf.enabled = true;
                mf.pending.add(cb);
                // facts of the trace only (this step's footprint is the fence's): which poll, if any, it is nested in
                String pair = e.fence() + '\0' + cb;
                if (e.caller() != null) {
                    nestedAdd(e.caller(), pair);
                } else {
                    // nested by time alone (no caller field): inside a poll of the same thread
                    Span add = new Span(pair, e.start(), e.end());
                    List<Span> recent = addsByThread.computeIfAbsent(e.thread(), k -> new ArrayList<>(2));
                    if (!recent.contains(add)) {
                        recent.add(add);
                        if (recent.size() > 2) {
                            recent.remove(0);
                        }
                    }
                    Map.Entry<Long, Span> poll = pollsByThread.get(e.thread());
                    if (poll != null && poll.getValue().contains(add)) {
                        nestedAdd(poll.getKey(), pair); // the poll was applied first
                    }
                }
            }
            case DMA_FENCE_REMOVE_CALLBACK -> {
                Boolean removed = e.retBool();
                if (Boolean.TRUE.equals(removed)) {
                    if (!f.pending.contains(cb)) {
                        st.fail("F7", "dma_fence_remove_callback returned true but callback " + cb + " is not pending on " + e.fence()
                                + (f.toRun.contains(cb) || f.signaled ? " (the fence signalled, so it ran)" : ""));
                        return null;
                    }
                    st.s.mutFence(e.fence()).pending.remove(cb);
                } else if (Boolean.FALSE.equals(removed) && f.pending.contains(cb)) {
                    st.needSignaled(e.fence(), "dma_fence_remove_callback returned false (the callback already ran)");
                    if (st.ok()) {
                        st.applyHidden();
                    }
                }
                if (st.ok() && Boolean.FALSE.equals(removed) && st.s.fence(e.fence()).toRun.contains(cb)) {
                    callbackLoopDone(st, e.fence());
                }
            }
            default -> {
                if (f.pending.contains(cb)) {
                    st.needSignaled(e.fence(), "callback " + cb + " ran, so fence " + e.fence() + " signalled");
                    if (!st.ok()) {
                        return null;
                    }
                    st.applyHidden();
                }
                FenceState now = st.s.fence(e.fence());
                if (now.ran.contains(cb)) {
                    st.fail("F7", "callback " + cb + " of fence " + e.fence() + " ran a second time: callbacks run exactly once");
                    return null;
                }
                int at = now.toRun.indexOf(cb);
                if (at < 0 && !f.pending.contains(cb)) {
                    // registered by the kernel itself (poll, fence arrays) without a logged add_callback
                    st.needSignaled(e.fence(), "callback " + cb + " ran, so fence " + e.fence() + " signalled");
                    if (!st.ok()) {
                        return null;
                    }
                    st.applyHidden();
                    st.s.mutFence(e.fence()).ran.add(cb);
                    return null;
                }
                if (at < 0) {
                    st.fail("F7", "callback " + cb + " of fence " + e.fence() + " ran but was not due: the fence has not signalled");
                    return null;
                }
                if (now.signalEnd < e.start()) {
                    st.fail("F7", "callback " + cb + " of fence " + e.fence() + " ran after the dma_fence_signal that made it due returned: the signal runs its callbacks before it returns");
                    return null;
                }
                FenceState mf = st.s.mutFence(e.fence());
                // callbacks run in registration order (F7): earlier ones ran unlogged
                mf.ran.addAll(mf.toRun.subList(0, at + 1));
                mf.toRun.subList(0, at + 1).clear();
            }
        }
        return null;
    }

    /**
     * A remove_callback found its callback gone: it takes fence->lock, which the signal holds
     * through its callback loop, so every callback due ran before it (F7); a later
     * dma_fence_callback of one is a second run.
     */
    private static void callbackLoopDone(Step st, String fence) {
        FenceState f = st.s.fence(fence);
        if (f != null && !f.toRun.isEmpty()) {
            FenceState mf = st.s.mutFence(fence);
            mf.ran.addAll(mf.toRun);
            mf.toRun.clear();
        }
    }

    private List<ProtocolState> fencePut(Step st) {
        TraceEvent e = st.e;
        FenceState f = liveFence(st);
        if (!st.ok() || !Boolean.TRUE.equals(e.argBool("last"))) {
            return null;
        }
        if (!f.signaled && !f.pending.isEmpty()) {
            st.fail("F11", "the last reference of fence " + e.fence() + " was dropped while unsignalled with callbacks " + f.pending + " pending");
            return null;
        }
        if (!f.toRun.isEmpty()) {
            // the signaller holds a reference while it runs the callbacks, so they ran before this put
            st.fail("F7", "the last reference of fence " + e.fence() + " was dropped but callback(s) " + f.toRun
                    + " registered with dma_fence_add_callback never ran (no dma_fence_callback inside the signal)");
            return null;
        }
        for (BufferState b : st.s.buffers.values()) {
            if (b.released) {
                continue; // dma_resv_fini dropped the table's references
            }
            for (ResvEntry r : b.fences) {
                if (r.fence().equals(e.fence())) {
                    st.fail("F9", "the last reference of fence " + e.fence() + " was dropped while a reservation object still holds it");
                    return null;
                }
            }
        }
        st.s.removeFence(e.fence());
        return null;
    }

    // ================================================================ sync_file and uAPI

    private List<ProtocolState> exportSyncFile(Step st) {
        TraceEvent e = st.e;
        BufferState b = liveBuf(st);
        if (!st.ok() || !e.succeeded()) {
            return null;
        }
        String flags = e.argString("flags") == null ? "RW" : e.argString("flags");
        Usage q = Usage.rw(flags.contains("WRITE") || flags.contains("RW"));
        List<String> snapshot = e.fences();
        if (snapshot != null) {
            checkSnapshot(st, b, q, snapshot, "DMA_BUF_IOCTL_EXPORT_SYNC_FILE");
        } else {
            List<String> taken = new ArrayList<>();
            for (ResvEntry r : b.fences) {
                if (r.usage().compareTo(q) <= 0 && !st.signaledNow(r.fence())) {
                    taken.add(r.fence());
                }
            }
            snapshot = taken;
        }
        if (st.ok()) {
            for (String f : snapshot) {
                fenceOrInfer(st.s, f);
            }
            st.s.putSyncFile(e.syncFile(), new SyncFileState(List.copyOf(snapshot)));
        }
        return null;
    }

    private List<ProtocolState> importSyncFile(Step st) {
        TraceEvent e = st.e;
        importMatchesSyncFile(st);
        if (!st.ok()) {
            return null;
        }
        if (delegated(e, Op.DMA_RESV_ADD_FENCE, Op.DMA_RESV_LOCK)) {
            if (e.succeeded()) {
                importedFencesAdded(st);
            }
            return null;
        }
        BufferState b = liveBuf(st);
        if (!st.ok() || !e.succeeded()) {
            return null; // most failures come before the lock (flags, fd: U8); ENOMEM under it is not told apart
        }
        needLockable(st, b, "DMA_BUF_IOCTL_IMPORT_SYNC_FILE");
        if (!st.ok()) {
            return null;
        }
        SyncFileState sf = st.s.syncFiles.get(e.syncFile());
        List<String> add = e.fences() != null ? e.fences() : sf == null || sf.fences() == null ? List.of() : sf.fences();
        String flags = e.argString("flags") == null ? "" : e.argString("flags");
        Usage u = flags.contains("WRITE") || flags.contains("RW") ? Usage.WRITE : Usage.READ;
        for (String f : add) {
            fenceOrInfer(st.s, f);
        }
        // dma_buf_import_sync_file reserves for all components at once, under the lock it takes
        st.s.mutBuf(e.buf()).reserve(Math.max(1, add.size()), id -> isSignaled(st.s, id));
        if (add.size() != 2) {
            addComponents(st, st.s, add, u);
            return null;
        }
        // DmaResv.tla's AddComponents: the two components of a container go in either order
        List<ProtocolState> out = new ArrayList<>(2);
        for (List<String> order : List.of(add, List.of(add.get(1), add.get(0)))) {
            ProtocolState c = st.s.copy();
            addComponents(st, c, order, u);
            if (!out.contains(c)) {
                out.add(c);
            }
        }
        return out;
    }

    private void addComponents(Step st, ProtocolState s, List<String> fences, Usage u) {
        for (String f : fences) {
            addFenceInto(new Step(s, st.e), f, u);
        }
        BufferState mb = s.mutBuf(st.e.buf());
        mb.maxFences = mb.fences.size();
    }

    /** The exporter's move logged no fence: the KERNEL fence it adds in the same hold is the copy (R6). */
    private static void claimMoveFence(ProtocolState p, TraceEvent e) {
        BufferState b = p.buf(e.buf());
        if (b != null && b.moveFenceDue) {
            BufferState mb = p.mutBuf(e.buf());
            mb.moveFence = e.fence();
            mb.moveFenceDue = false;
            // the old storage of that move is reused only once its copy is done (DmaBufReleaseOldStorage)
            for (int i = 0; i < mb.pendingMoves.size(); i++) {
                PendingMove m = mb.pendingMoves.get(i);
                if (m.generation() == mb.generation - 1 && !m.waits().contains(e.fence())) {
                    List<String> waits = new ArrayList<>(m.waits());
                    waits.add(e.fence());
                    mb.pendingMoves.set(i, new PendingMove(m.from(), m.generation(), List.copyOf(waits), e.fence()));
                }
            }
        }
    }

    private void addFenceInto(Step st, String fence, Usage usage) {
        TraceEvent e = st.e;
        BufferState b = st.s.mutBuf(e.buf());
        FenceState nf = st.s.fence(fence);
        for (int i = 0; i < b.fences.size(); i++) {
            ResvEntry old = b.fences.get(i);
            FenceState of = st.s.fence(old.fence());
            if (of == null || of.signaled || old.fence().equals(fence) && old.usage().compareTo(usage) >= 0
                    || of.context == nf.context && old.usage().compareTo(usage) >= 0 && nf.laterOrSame(of)) {
                b.fences.set(i, new ResvEntry(fence, usage, e.end()));
                return;
            }
        }
        b.fences.add(new ResvEntry(fence, usage, e.end()));
    }

    /**
     * A sync_file is a snapshot (U4): the fences an import logs adding are the components the file
     * was created with. An unsignalled component left out, or an unsignalled fence the file never
     * held, means the file's fence is not what its export or merge reported.
     */
    private void importMatchesSyncFile(Step st) {
        TraceEvent e = st.e;
        SyncFileState sf = st.s.syncFiles.get(e.syncFile());
        if (!e.succeeded() || e.fences() == null || sf == null || sf.fences() == null) {
            return;
        }
        for (String f : sf.fences()) {
            if (!e.fences().contains(f) && !st.signaledNow(f)) {
                st.fail("U4", "DMA_BUF_IOCTL_IMPORT_SYNC_FILE of " + e.syncFile() + " left out its unsignalled fence " + f
                        + " (the sync_file was created holding " + sf.fences() + ")");
            }
        }
        for (String f : e.fences()) {
            if (!sf.fences().contains(f) && !st.signaledNow(f)) {
                st.fail("U4", "DMA_BUF_IOCTL_IMPORT_SYNC_FILE of " + e.syncFile() + " added unsignalled fence " + f
                        + ", which the sync_file never held (it was created holding " + sf.fences() + ")");
            }
        }
    }

    /**
     * dma_fence_unwrap_merge: the merged file holds, per fence context, the later of the inputs'
     * unsignalled components (signalled ones may be dropped). Checked when the event names its two
     * input files (args {@code fd1}, {@code fd2}) and their components are known.
     */
    private void mergeMatchesInputs(Step st) {
        TraceEvent e = st.e;
        SyncFileState a = e.argString("fd1") == null ? null : st.s.syncFiles.get(e.argString("fd1"));
        SyncFileState b = e.argString("fd2") == null ? null : st.s.syncFiles.get(e.argString("fd2"));
        if (e.fences() == null || a == null || b == null || a.fences() == null || b.fences() == null) {
            return;
        }
        Map<Long, String> latest = new HashMap<>();
        for (List<String> in : List.of(a.fences(), b.fences())) {
            for (String f : in) {
                FenceState fs = st.s.fence(f);
                if (fs == null || st.signaledNow(f)) {
                    continue;
                }
                String old = latest.get(fs.context);
                if (old == null || !st.s.fence(old).laterOrSame(fs)) {
                    latest.put(fs.context, f);
                }
            }
        }
        for (String f : latest.values()) {
            if (!e.fences().contains(f)) {
                st.fail("U4", "SYNC_IOC_MERGE of " + e.argString("fd1") + " and " + e.argString("fd2") + " left out unsignalled fence " + f
                        + " (the later of its context in the inputs " + a.fences() + " and " + b.fences() + ")");
            }
        }
        for (String f : e.fences()) {
            if (!latest.containsValue(f) && !st.signaledNow(f)) {
                st.fail("U4", "SYNC_IOC_MERGE of " + e.argString("fd1") + " and " + e.argString("fd2") + " holds unsignalled fence " + f
                        + ", which is not the later fence of its context in the inputs " + a.fences() + " and " + b.fences());
            }
        }
    }

    private List<ProtocolState> syncFileIoctl(Step st) {
        TraceEvent e = st.e;
        if (e.op() == Op.SYNC_IOC_MERGE && e.succeeded()) {
            List<String> fences = e.fences();
            mergeMatchesInputs(st);
            if (fences != null) {
                for (String f : fences) {
                    fenceOrInfer(st.s, f);
                }
            }
            st.s.putSyncFile(e.syncFile(), new SyncFileState(fences == null ? null : List.copyOf(fences)));
        } else if (e.op() == Op.SYNC_IOC_FILE_INFO && e.succeeded()) {
            fileInfoMatchesFile(st);
            if (st.ok()) {
                st.applyHidden();
            }
        }
        return null;
    }

    /**
     * SYNC_IOC_FILE_INFO reports the file's fence: its components must be the file's snapshot (up to
     * fences that have signalled, which a merge may drop and an empty snapshot replaces by a stub), and
     * a nonzero status ({@code dma_fence_get_status}) means the fence, so every component, signalled.
     */
    private void fileInfoMatchesFile(Step st) {
        TraceEvent e = st.e;
        SyncFileState sf = e.syncFile() == null ? null : st.s.syncFiles.get(e.syncFile());
        if (sf == null || sf.fences() == null) {
            return;
        }
        List<String> listed = e.fences();
        if (listed != null) {
            for (String f : sf.fences()) {
                if (!listed.contains(f) && !st.signaledNow(f)) {
                    st.fail("U4", "SYNC_IOC_FILE_INFO of sync_file " + e.syncFile() + " lists " + listed + " without its unsignalled fence " + f
                            + " (the file holds " + sf.fences() + ")");
                }
            }
            for (String f : listed) {
                if (!sf.fences().contains(f) && !st.signaledNow(f)) {
                    st.fail("U4", "SYNC_IOC_FILE_INFO of sync_file " + e.syncFile() + " lists unsignalled fence " + f
                            + ", which the file does not hold (it holds " + sf.fences() + ")");
                }
            }
        }
        Long status = e.retLong();
        if (status == null || !st.ok()) {
            return;
        }
        if (status != 0) {
            for (String f : sf.fences()) {
                st.needSignaled(f, "SYNC_IOC_FILE_INFO of sync_file " + e.syncFile() + " reported status " + status + " (signalled)", "RESULT");
            }
        } else if (sf.fences().size() == 1 && st.signaledNow(sf.fences().get(0))) {
            // one fence, no container: dma_fence_get_status sees its SIGNALED bit
            st.fail("RESULT", "SYNC_IOC_FILE_INFO of sync_file " + e.syncFile() + " reported status 0 (pending) but its fence "
                    + sf.fences().get(0) + " has signalled");
        }
    }

    private List<ProtocolState> poll(Step st) {
        TraceEvent e = st.e;
        if (!e.succeeded() || !(e.ret() instanceof String ready)) {
            return null;
        }
        String events = pollEvents(e);
        if (e.syncFile() != null) {
            SyncFileState sf = st.s.syncFiles.get(e.syncFile());
            if (sf == null || sf.fences() == null || !events.contains("POLLIN")) {
                return null;
            }
            if (ready.contains("POLLIN")) {
                for (String f : sf.fences()) {
                    st.needSignaled(f, "poll on sync_file " + e.syncFile() + " reported POLLIN");
                }
            } else if (sf.fences().stream().allMatch(st::signaledNow)) {
                st.fail("U3", "poll on sync_file " + e.syncFile() + " reported not ready although all its fences signalled");
            }
        } else {
            for (String ev : List.of("POLLIN", "POLLOUT")) {
                if (ready.contains(ev) && !events.contains(ev)) {
                    // dma_buf_poll masks its answer with poll_requested_events
                    st.fail("RESULT", "poll on " + e.buf() + " asked for \"" + events + "\" but reported " + ev);
                    return null;
                }
            }
            // both directions: EPOLLOUT here, EPOLLIN in the second step (kernel order)
            List<String> now = pollsBothDirections(e) ? List.of("POLLOUT")
                    : events.contains("POLLIN") ? List.of("POLLIN") : events.contains("POLLOUT") ? List.of("POLLOUT") : List.of();
            pollBuffer(st, now);
            return null;
        }
        if (st.ok()) {
            st.applyHidden();
        }
        return null;
    }

    /** dma_buf_poll's decision for {@code directions} of a buffer, at one point under its reservation lock. */
    private void pollBuffer(Step st, List<String> directions) {
        TraceEvent e = st.e;
        String ready = (String) e.ret();
        BufferState b = liveBuf(st);
        if (!st.ok() || directions.isEmpty()) {
            return; // no EPOLLIN/EPOLLOUT requested: dma_buf_poll returns 0 before it locks
        }
        // dma_buf_poll takes dma_resv_lock(resv) to look at the fences (DmaResv.tla's DmaBufPoll)
        needLockable(st, b, "poll");
        if (!st.ok()) {
            return;
        }
        for (String ev : directions) {
            Usage q = ev.equals("POLLIN") ? Usage.WRITE : Usage.READ;
            if (ready.contains(ev)) {
                for (ResvEntry r : b.fences) {
                    if (r.usage().compareTo(q) <= 0 && r.before(e.start())) {
                        st.needSignaled(r.fence(), "poll reported " + ev + " on " + e.buf() + " (every fence with usage <= " + q + " signalled)", "U3");
                    }
                }
            } else if (b.fences.stream().noneMatch(r -> r.usage().compareTo(q) <= 0 && !st.signaledNow(r.fence()))
                    && !(b.pollArmed && st.s.fences.values().stream().anyMatch(f -> !f.pending.isEmpty() || !f.toRun.isEmpty()))) {
                // dma_buf_poll: while an earlier poll's callback has not run (dcb->active) it reports not ready
                st.fail("U3", "poll did not report " + ev + " on " + e.buf() + " although every fence with usage <= " + q + " has signalled");
            }
        }
        if (st.ok() && e.callees().contains(Op.DMA_FENCE_ADD_CALLBACK) && !b.pollArmed) {
            st.s.mutBuf(e.buf()).pollArmed = true;
        }
        if (st.ok()) {
            // its dma_fence_add_callback: by the callee's caller field, or (none) nested in its interval
            Span poll = new Span(e.buf(), e.start(), e.end());
            pollsByThread.put(e.thread(), Map.entry(e.seq(), poll));
            for (Span add : addsByThread.getOrDefault(e.thread(), List.of())) {
                if (poll.contains(add)) {
                    nestedAdd(e.seq(), add.id());
                }
            }
            if (!b.pollSeqs.contains(e.seq())) {
                List<Long> seqs = new ArrayList<>(b.pollSeqs.size() + 1);
                for (Long q : b.pollSeqs) {
                    // a poll that armed nothing, or whose callbacks all ran, holds no file reference: forget it
                    if (pollCallbacks(q).stream().anyMatch(p -> armedPollCallback(st.s, p) != null)) {
                        seqs.add(q);
                    }
                }
                seqs.add(e.seq());
                st.s.mutBuf(e.buf()).pollSeqs = List.copyOf(seqs);
            }
        }
        if (st.ok()) {
            st.applyHidden();
        }
    }

    private void nestedAdd(long caller, String pair) {
        List<String> adds = nestedAdds.computeIfAbsent(caller, k -> new ArrayList<>(1));
        if (!adds.contains(pair)) {
            adds.add(pair);
        }
    }

    /** The callbacks (fence + '\0' + cb) the poll of that seq registered, as far as the trace showed them so far. */
    private List<String> pollCallbacks(long pollSeq) {
        return nestedAdds.getOrDefault(pollSeq, List.of());
    }

    /** The fence of a poll callback (fence + '\0' + cb) that has not run (still registered, or due after the signal); else null. */
    private static String armedPollCallback(ProtocolState s, String pair) {
        int sep = pair.indexOf('\0');
        String fence = pair.substring(0, sep);
        String cb = pair.substring(sep + 1);
        FenceState f = s.fence(fence);
        return f != null && (f.pending.contains(cb) || f.toRun.contains(cb)) ? fence : null;
    }

    /**
     * B5: dma_buf_poll takes a file reference (get_file) for the callback it arms and
     * dma_buf_poll_cb drops it, so the buffer cannot be released before that callback ran
     * (dma_buf_release BUG_ONs on cb_in/cb_out.active). Its fence unsignalled: it must have
     * signalled (an unlogged signal, where inferred). Signalled with the callback not yet run:
     * judged only when the trace logs every step (with hidden steps, the run may be unlogged).
     */
    private void needPollCallbacksRun(Step st, BufferState b, String what) {
        for (Long q : b.pollSeqs) {
            for (String p : pollCallbacks(q)) {
                String fence = armedPollCallback(st.s, p);
                // only fences still in the reservation: the call's footprint (Footprint) covers those
                if (fence == null || b.fences.stream().noneMatch(r -> r.fence().equals(fence))) {
                    continue;
                }
                FenceState f = st.s.fence(fence);
                String cb = p.substring(p.indexOf('\0') + 1);
                String why = what + " while the callback " + cb + " that poll armed on fence " + fence
                        + " has not run: it holds a file reference (dma_buf_poll's get_file) until it runs";
                if (!f.signaled) {
                    st.needSignaled(fence, why, "R18");
                } else if (!inferHidden) {
                    st.fail("R18", why + " (the fence signalled, its callbacks are still running)");
                }
            }
        }
    }

    private List<ProtocolState> vgemFenceAttach(Step st) {
        TraceEvent e = st.e;
        if (delegated(e, Op.DMA_RESV_ADD_FENCE, Op.DMA_RESV_LOCK)) {
            if (e.succeeded()) {
                vgemFenceAdded(st);
            }
            return null;
        }
        BufferState b = liveBuf(st);
        if (!st.ok()) {
            return null;
        }
        boolean write = "WRITE".equals(e.argString("flags"));
        Usage conflict = Usage.rw(write);
        // vgem_fence_attach_ioctl refuses with -EBUSY while a conflicting fence is unsignalled; that
        // test is lock-free (dma_resv_test_signaled under RCU), so another task may hold the lock
        // (DmaResv.tla's VgemFenceAttach: only the adding branch needs a free lock)
        if (e.result().equals("EBUSY")) {
            if (b.fences.stream().noneMatch(r -> r.usage().compareTo(conflict) <= 0 && !st.signaledNow(r.fence()))) {
                st.fail("RESULT", "DRM_IOCTL_VGEM_FENCE_ATTACH returned -EBUSY but no conflicting fence is unsignalled on " + e.buf());
            }
            return null;
        }
        if (!e.succeeded()) {
            if (!environmentFailure(st) && !e.result().equals("EINVAL") && !e.result().equals("ENOENT")) {
                unexpectedResult(st);
            }
            return null;
        }
        needLockable(st, b, "DRM_IOCTL_VGEM_FENCE_ATTACH");
        if (!st.ok()) {
            return null;
        }
        for (ResvEntry r : b.fences) {
            if (r.usage().compareTo(conflict) <= 0 && r.before(e.start())) {
                st.needSignaled(r.fence(), "DRM_IOCTL_VGEM_FENCE_ATTACH succeeded, so no conflicting fence was unsignalled");
            }
        }
        if (!st.ok()) {
            return null;
        }
        st.applyHidden();
        FenceState vf = new FenceState(st.s.inferContext(), 1, false);
        vf.drmFile = e.argString("file");
        vf.vgemAttachStart = e.start();
        st.s.putFence(e.fence(), vf);
        BufferState vb = st.s.mutBuf(e.buf());
        vb.reserve(1, id -> isSignaled(st.s, id));
        addFenceInto(new Step(st.s, e), e.fence(), write ? Usage.WRITE : Usage.READ);
        vb.maxFences = vb.fences.size();
        return null;
    }

    /**
     * A successful DRM_IOCTL_VGEM_FENCE_ATTACH whose nested calls carried the effect: its new fence
     * is in the reservation with the usage of its flags (WRITE with VGEM_FENCE_WRITE, else READ).
     * Nobody else can signal or replace it before the ioctl returns its id, but its timer could.
     */
    private void vgemFenceAdded(Step st) {
        TraceEvent e = st.e;
        BufferState b = e.buf() == null ? null : st.s.buf(e.buf());
        if (e.fence() != null && st.s.fence(e.fence()) == null && e.callees().contains(Op.DMA_FENCE_INIT)) {
            // the ioctl returns after its nested calls: not linearized before the one creating its fence
            st.fail("ORDER", "DRM_IOCTL_VGEM_FENCE_ATTACH taken before its own dma_fence_init of " + e.fence());
            return;
        }
        String file = e.argString("file");
        FenceState nf = e.fence() == null ? null : st.s.fence(e.fence());
        if (file != null && nf != null && !(file.equals(nf.drmFile) && nf.closeSignalLogged)) {
            // the harness logs this ioctl's nested calls: it logs the signal of vgem_fence_close too (U9)
            FenceState mf = st.s.mutFence(e.fence());
            mf.drmFile = file;
            mf.closeSignalLogged = true;
        }
        if (b == null || e.fence() == null || st.signaledNow(e.fence())) {
            return;
        }
        Usage want = "WRITE".equals(e.argString("flags")) ? Usage.WRITE : Usage.READ;
        List<Usage> have = b.fences.stream().filter(r -> r.fence().equals(e.fence())).map(ResvEntry::usage).toList();
        if (have.isEmpty()) {
            st.fail("STATE", "DRM_IOCTL_VGEM_FENCE_ATTACH succeeded but its fence " + e.fence() + " is not in the reservation of " + e.buf()
                    + " (vgem_fence_attach_ioctl adds it before returning its id)");
        } else if (!have.contains(want)) {
            st.fail("F15", "DRM_IOCTL_VGEM_FENCE_ATTACH with flags \"" + e.argString("flags") + "\" added fence " + e.fence() + " with usage "
                    + have + ", not " + want + " (VGEM_FENCE_WRITE gives DMA_RESV_USAGE_WRITE, else READ)");
        }
    }

    /**
     * A successful DMA_BUF_IOCTL_IMPORT_SYNC_FILE whose nested calls carried the effect: each
     * unsignalled fence it names is in the reservation with the usage of the import's flags
     * (F15: SYNC_WRITE gives WRITE, else READ), or a later fence of its context replaced it
     * (dma_resv_add_fence replaces only with a usage at most the old one's).
     */
    private void importedFencesAdded(Step st) {
        TraceEvent e = st.e;
        BufferState b = e.buf() == null ? null : st.s.buf(e.buf());
        if (b == null || e.fences() == null || !e.callees().contains(Op.DMA_RESV_LOCK)) {
            return;
        }
        Long flags = UapiErrors.flagValue(e.argString("flags"), false);
        Usage want = flags == null ? null : (flags & 2) != 0 ? Usage.WRITE : Usage.READ;
        for (String f : e.fences()) {
            FenceState fs = st.s.fence(f);
            if (fs == null || st.signaledNow(f)) {
                continue;
            }
            List<Usage> own = b.fences.stream().filter(r -> r.fence().equals(f)).map(ResvEntry::usage).toList();
            if (!own.isEmpty()) {
                if (want != null && !own.contains(want)) {
                    st.fail("F15", "DMA_BUF_IOCTL_IMPORT_SYNC_FILE with flags \"" + e.argString("flags") + "\" left fence " + f + " in the reservation of "
                            + e.buf() + " with usage " + own + ", not " + want + " (DMA_BUF_SYNC_WRITE gives DMA_RESV_USAGE_WRITE, else READ)");
                }
                continue;
            }
            List<Usage> replacedBy = b.fences.stream().filter(r -> {
                FenceState g = st.s.fence(r.fence());
                return g != null && g.context == fs.context;
            }).map(ResvEntry::usage).toList();
            if (replacedBy.isEmpty()) {
                st.fail("U4", "DMA_BUF_IOCTL_IMPORT_SYNC_FILE succeeded naming fence " + f + ", which is unsignalled and not in the reservation of "
                        + e.buf() + " after it (dma_buf_import_sync_file adds every component)");
            } else if (want != null && replacedBy.stream().noneMatch(u -> u.compareTo(want) <= 0)) {
                st.fail("F15", "DMA_BUF_IOCTL_IMPORT_SYNC_FILE with flags \"" + e.argString("flags") + "\": fence " + f + " is not in the reservation of "
                        + e.buf() + " and the fences of its context there have usage " + replacedBy + ", weaker than " + want
                        + " (a replacement keeps a usage at most the replaced one's)");
            }
        }
    }

    private static boolean missingIds(TraceEvent e) {
        for (org.dmabufspec.trace.IdKind k : e.op().requiredIds()) {
            if (k == org.dmabufspec.trace.IdKind.CB && e.op() == Op.DMA_FENCE_ADD_CALLBACK) {
                continue; // -ENOENT registers no callback, so names no cb, yet says the fence has signalled (F7)
            }
            Object v = switch (k) {
                case BUF -> e.buf();
                case ATTACH -> e.attach();
                case DEV -> e.dev();
                case FENCE -> e.fence();
                case FENCES -> e.fences();
                case CTX -> e.ctx();
                case SYNC_FILE -> e.syncFile();
                case SGT -> e.sgt();
                case CB -> e.cb();
            };
            if (v == null) {
                return true;
            }
        }
        return false;
    }

    /** Closing a DRM file releases its GEM handles (unmap + detach of their imports) and signals its vgem fences. */
    private List<ProtocolState> drmClose(Step st) {
        String file = st.e.argString("file");
        if (file == null || !st.e.succeeded()) {
            return null;
        }
        for (Map.Entry<String, BufferState> be : new ArrayList<>(st.s.buffers.entrySet())) {
            boolean any = be.getValue().attachments.values().stream().anyMatch(a -> file.equals(a.drmFile));
            if (any) {
                st.s.mutBuf(be.getKey()).attachments.values().removeIf(a -> file.equals(a.drmFile));
            }
        }
        for (Map.Entry<String, FenceState> fe : new ArrayList<>(st.s.fences.entrySet())) {
            if (file.equals(fe.getValue().drmFile) && !fe.getValue().signaled) {
                if (!fe.getValue().closeSignalLogged) {
                    st.s.signalFence(fe.getKey(), st.e.end());
                } else if (st.e.callees().contains(Op.DMA_FENCE_SIGNAL)) {
                    // its nested signals end before it returns: not linearized before them
                    st.fail("ORDER", "drm_close of " + file + " taken before its nested dma_fence_signal of " + fe.getKey());
                    return null;
                } else {
                    st.fail("U9", "drm_close of DRM file " + file + " returned with its vgem fence " + fe.getKey()
                            + " unsignalled and no nested dma_fence_signal logged, although the attach that created it logged its nested calls"
                            + " (vgem_fence_close signals every fence still in the file's idr)");
                    return null;
                }
            }
        }
        return null;
    }

    // ================================================================ observed state

    /** Whether the list holds entry (fence, usage), or the fence with any usage when usage is null. */
    private static boolean inSpec(List<ResvEntry> list, String fence, Usage usage) {
        for (ResvEntry r : list) {
            if ((usage == null || r.usage() == usage) && r.fence().equals(fence)) {
                return true;
            }
        }
        return false;
    }

    /** Whether the observed ids, as a set, equal the keys. */
    private static boolean sameSet(List<String> observed, Set<String> keys) {
        int distinct = 0;
        for (int k = 0; k < observed.size(); k++) {
            String id = observed.get(k);
            if (!keys.contains(id)) {
                return false;
            }
            if (observed.indexOf(id) == k) {
                distinct++;
            }
        }
        return distinct == keys.size();
    }

    private List<Violation> compareObserved(ProtocolState s, TraceEvent e, ObservedPart part) {
        List<Violation> out = new ArrayList<>(1);
        ObservedState o = e.state();
        BufferState b = s.buf(e.buf());
        if (b == null) {
            return out;
        }
        if (part == ObservedPart.ATTACHMENTS && !sameSet(o.attachments(), b.attachments.keySet())) {
            out.add(new Violation("STATE", "observed attachments " + o.attachments() + " but the spec has " + b.attachments.keySet()));
        }
        // the exporter's count: a movable buffer's vmap may hold one pin of its own (amdgpu_dma_buf_vmap, R20)
        if (part == ObservedPart.PIN_COUNT && o.pinCount() != b.pinCount()
                && !(b.dynamicExporter && b.vmapCount > 0 && o.pinCount() == b.pinCount() + 1)) {
            out.add(new Violation("STATE", "observed pin_count " + o.pinCount() + " but the spec has " + b.pinCount()
                    + (b.dynamicExporter && b.vmapCount > 0 ? " (or one more, the vmap's pin)" : "")));
        }
        if (part == ObservedPart.PLACEMENT && b.placement != null && !o.placement().equals(b.placement)) {
            out.add(new Violation("STATE", "observed placement " + o.placement() + " but the spec has " + b.placement));
        }
        if (part == ObservedPart.FENCES) {
            // entries are (fence, usage) pairs: one fence may sit in the list twice with different usages.
            // Compared pairwise (lists are short): this runs for every candidate and snapshot, so no sets or strings
            List<ObservedState.Fence> seen = o.fences();
            Usage[] usages = new Usage[seen.size()];
            for (int k = 0; k < usages.length; k++) {
                ObservedState.Fence f = seen.get(k);
                Usage u = Usage.parse(f.usage());
                usages[k] = u;
                FenceState sf = s.fence(f.fence());
                if (Boolean.FALSE.equals(f.signaled()) && sf != null && sf.signaled) {
                    out.add(new Violation("F7", "observed fence " + f.fence() + " unsignalled, but it has signalled (signalling is one-way)"));
                }
                if (!inSpec(b.fences, f.fence(), u)) {
                    boolean fenceThere = inSpec(b.fences, f.fence(), null);
                    String has = b.fences.stream().filter(r -> r.fence().equals(f.fence())).map(r -> r.usage().toString()).toList().toString();
                    out.add(new Violation("STATE", "observed fence " + f.fence() + " " + u + " in " + e.buf()
                            + " but the spec has " + (fenceThere ? has : "no such entry")));
                }
            }
            for (ResvEntry r : b.fences) {
                boolean observed = false;
                for (int k = 0; k < usages.length && !observed; k++) {
                    observed = (usages[k] == null || usages[k] == r.usage()) && seen.get(k).fence().equals(r.fence());
                }
                if (observed) {
                    continue;
                }
                FenceState sf = s.fence(r.fence());
                // a signalled entry is dead weight the kernel drops when it reallocates the list
                if (sf == null || !sf.signaled) {
                    out.add(new Violation("STATE", "fence " + r.fence() + " " + r.usage() + " is in " + e.buf() + " per the spec but was not observed"));
                }
            }
        }
        if (part == ObservedPart.MAPPED) {
            int specCount = 0;
            for (AttachmentState a : b.attachments.values()) {
                specCount += a.mappings.size();
            }
            if (specCount != o.mapped().size()) {
                out.add(new Violation("STATE", "observed " + o.mapped().size() + " live mapping(s) but the spec has " + specCount));
            }
        }
        return out;
    }
}
