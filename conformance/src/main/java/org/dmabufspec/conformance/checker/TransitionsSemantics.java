package org.dmabufspec.conformance.checker;

import org.dmabufspec.conformance.checker.isolation.DmaBufIsolation;
import org.dmabufspec.conformance.checker.isolation.IsoState;
import org.dmabufspec.conformance.checker.search.Step;
import org.dmabufspec.conformance.checker.search.TraceSemantics;
import org.dmabufspec.trace.Op;
import org.dmabufspec.trace.TraceEvent;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;

/**
 * The fast checker's semantics for {@link org.dmabufspec.conformance.checker.search.LinearizationSearch}:
 * the hand-written transition relation ({@link Transitions}) over {@link ProtocolState}, each
 * step that may change a buffer's attachments or storage refined through DmaBufIsolation.
 *
 * <p>An event's follow-ups: its second linearization point ({@link Transitions#secondStep}) and
 * one read-only check per part of the state it observed ({@link ObservedPart}; a snapshot taken
 * without the lock may read the parts at different moments). Hidden steps (unlogged fence
 * signals) are inferred inside {@link Transitions#step}.
 */
final class TransitionsSemantics implements TraceSemantics<ProtocolState, TraceEvent> {
    /** The part of an event's second step (its observations are ObservedPart values). */
    private static final Object SECOND_STEP = new Object() {
        @Override
        public String toString() {
            return "second step";
        }
    };
    private static final Object[] NONE = new Object[0];

    private final Transitions relation;
    private long alone;

    TransitionsSemantics(Transitions relation) {
        this.relation = relation;
    }

    // ---- events -------------------------------------------------------------------------------

    @Override
    public long start(TraceEvent e) {
        return e.start();
    }

    @Override
    public long end(TraceEvent e) {
        return e.end();
    }

    @Override
    public long seq(TraceEvent e) {
        return e.seq();
    }

    @Override
    public long line(TraceEvent e) {
        return e.line();
    }

    @Override
    public Object thread(TraceEvent e) {
        return e.thread();
    }

    // ---- states and steps ---------------------------------------------------------------------

    @Override
    public ProtocolState copy(ProtocolState s) {
        return s.copy();
    }

    @Override
    public Object[] followUps(TraceEvent f) {
        boolean second = relation.hasSecondStep(f);
        boolean observed = f.state() != null && f.buf() != null;
        if (!second && !observed) {
            return NONE;
        }
        List<Object> out = new ArrayList<>(3);
        if (second) {
            out.add(SECOND_STEP);
        }
        if (observed) {
            for (ObservedPart part : ObservedPart.values()) {
                if (part.presentIn(f.state())) {
                    out.add(part);
                }
            }
        }
        return out.toArray();
    }

    @Override
    public StepResult apply(ProtocolState s, TraceEvent e, Object part) {
        if (part instanceof ObservedPart p) {
            return relation.observe(s, e, p);
        }
        boolean second = part == SECOND_STEP;
        if (e.buf() == null || !changesIsolationState(e.op())) {
            // the mapped pair is a stutter, or unguarded abstract steps only (a Reassign when an
            // inferred signal completes a move): it is a step of DmaBufIsolation by construction
            return concrete(s, e, second);
        }
        // refinement through DmaBufIsolation: the mapped pair must be abstract steps (or a stutter)
        IsoState before = IsolationMapping.of(s, e.buf(), null);
        IsoState.Access access = e.op() == Op.IMPORTER_DEVICE_ACCESS && e.succeeded() && !second
                ? IsolationMapping.access(s, e) : null;
        if (access != null) {
            // Touch is guarded in the state before: refuse before the concrete step changes anything
            DmaBufIsolation.Explanation x = DmaBufIsolation.explain(before, new IsoState(before.owner(), before.attached(), access));
            if (x instanceof DmaBufIsolation.NotAStep n) {
                List<Violation> why = new ArrayList<>();
                if (concrete(s.copy(), e, second) instanceof StepResult.Refused c) {
                    why.addAll(c.why()); // the concrete step's own conditions (inline ISOLATION) first
                }
                why.addAll(((StepResult.Refused) refinementFailure(e, n)).why());
                return new StepResult.Refused(List.copyOf(why));
            }
        }
        StepResult r = concrete(s, e, second);
        if (r instanceof StepResult.Applied) {
            if (DmaBufIsolation.explain(before, IsolationMapping.of(s, e.buf(), access)) instanceof DmaBufIsolation.NotAStep n) {
                return refinementFailure(e, n);
            }
        } else if (r instanceof StepResult.Branches b) {
            List<ProtocolState> kept = new ArrayList<>(b.states().size());
            DmaBufIsolation.NotAStep failed = null;
            for (ProtocolState bs : b.states()) {
                if (DmaBufIsolation.explain(before, IsolationMapping.of(bs, e.buf(), access)) instanceof DmaBufIsolation.NotAStep n) {
                    failed = n;
                } else {
                    kept.add(bs);
                }
            }
            if (kept.isEmpty()) {
                return refinementFailure(e, failed);
            }
            return kept.size() == b.states().size() ? r : new StepResult.Branches(kept, b.hidden());
        }
        return r;
    }

    /** Ops whose step may change a buffer's attachment list or storage, or touch it (Touch: the guarded action). */
    private static boolean changesIsolationState(Op op) {
        return switch (op) {
            case DMA_BUF_ATTACH, DMA_BUF_DYNAMIC_ATTACH, DRM_IOCTL_PRIME_FD_TO_HANDLE, DMA_BUF_DETACH, DRM_IOCTL_GEM_CLOSE,
                 EXPORTER_MOVE, EXPORTER_REUSE_STORAGE, EXPORTER_RELEASE, DMA_BUF_PUT, CLOSE, IMPORTER_DEVICE_ACCESS -> true;
            default -> false;
        };
    }

    private static StepResult refinementFailure(TraceEvent e, DmaBufIsolation.NotAStep n) {
        return new StepResult.Refused(List.of(new Violation("ISOLATION-REFINEMENT", e.op().wire() + " maps to no step of DmaBufIsolation: "
                + n.action() + " is not enabled, " + n.why())));
    }

    private StepResult concrete(ProtocolState s, TraceEvent e, boolean second) {
        return second ? relation.secondStep(s, e) : relation.step(s, e);
    }

    // ---- search hints -------------------------------------------------------------------------

    @Override
    public boolean readOnly(Object part) {
        return part instanceof ObservedPart;
    }

    @Override
    public boolean guardOnly(ProtocolState s, TraceEvent e) {
        return Transitions.guardOnly(s, e);
    }

    /** The concrete step alone: a guard-only step writes no attachment or storage, so no refinement. */
    @Override
    public StepResult guardStep(ProtocolState s, TraceEvent e) {
        return relation.step(s, e);
    }

    @Override
    public boolean guardStepIsApply(TraceEvent e) {
        return e.buf() == null || !changesIsolationState(e.op());
    }

    /** A sync_file exported with the fences the trace logged: reads the state, creates only its own object. */
    @Override
    public boolean readsOnly(TraceEvent e) {
        return e.op() == Op.DMA_BUF_IOCTL_EXPORT_SYNC_FILE;
    }

    @Override
    public long version(ProtocolState s) {
        return s.version();
    }

    @Override
    public boolean versioned() {
        return true;
    }

    @Override
    public int keyKinds() {
        return Footprint.KINDS;
    }

    /** Buffer with its reservation and attachments, fences and their contexts, sync_files, ww contexts, DRM files ({@link Footprint}). */
    @Override
    public boolean footprint(ProtocolState s, TraceEvent e, Keys out) {
        return Footprint.of(s, e, out);
    }

    /** A successful acquisition of a reservation lock (it makes its thread the holder): the buffer. */
    @Override
    public Object acquiredLock(TraceEvent e) {
        if (e.buf() == null) {
            return null;
        }
        boolean acquired = switch (e.op()) {
            case DMA_RESV_LOCK, DMA_RESV_LOCK_INTERRUPTIBLE, DMA_RESV_LOCK_SLOW -> "0".equals(e.result());
            case DMA_RESV_TRYLOCK -> Boolean.TRUE.equals(e.retBool());
            default -> false;
        };
        return acquired ? e.buf() : null;
    }

    /** A dma_resv_unlock logged inside a call: that call. */
    @Override
    public long nestedUnlockCaller(TraceEvent u) {
        return u.op() == Op.DMA_RESV_UNLOCK && u.caller() != null ? u.caller() : Long.MIN_VALUE;
    }

    // ---- housekeeping -------------------------------------------------------------------------

    @Override
    public void settle(ProtocolState s) {
        s.settle();
    }

    /**
     * Later copies compare against the only candidate: comparing and hashing then cost what
     * changed since, also while a long call keeps the window from compacting.
     */
    @Override
    public void alone(ProtocolState only) {
        only.rebase();
        if (++alone % 512 == 0) {
            only.retireIdleFences();
        }
    }

    @Override
    public void prune(List<ProtocolState> states) {
        ProtocolState.pruneCommon(states);
    }

    // ---- reports ------------------------------------------------------------------------------

    @Override
    public String where(TraceEvent e, Object part) {
        return e.where() + (part instanceof ObservedPart p ? ", its observed " + p.field() : part == SECOND_STEP ? ", its second step" : "");
    }

    /** The parts of the state the refused events touch, in kernel terms. */
    @Override
    public String describe(ProtocolState s, List<TraceEvent> refused) {
        LinkedHashSet<String> lines = new LinkedHashSet<>();
        for (TraceEvent e : refused) {
            if (e.buf() != null) {
                BufferState b = s.buf(e.buf());
                lines.add(b == null ? "buffer " + e.buf() + ": does not exist" : "buffer " + b.describe(e.buf(), s.fenceView()));
            }
            List<String> fences = new ArrayList<>();
            if (e.fence() != null) {
                fences.add(e.fence());
            }
            if (e.fences() != null) {
                fences.addAll(e.fences());
            }
            if (e.buf() != null && s.buf(e.buf()) != null) {
                for (ResvEntry r : s.buf(e.buf()).fences) {
                    fences.add(r.fence());
                }
            }
            for (String id : fences) {
                FenceState f = s.fence(id);
                lines.add("fence " + (f == null ? id + ": released or never created" : f.describe(id)));
            }
            if (e.ctx() != null) {
                WwCtxState c = s.ctxs.get(e.ctx());
                lines.add("ww_acquire_ctx " + e.ctx() + (c == null ? ": finished or never initialised"
                        : ": thread " + c.thread + ", stamp " + c.stamp + ", holds " + c.held
                        + (c.contended == null ? "" : ", lost on " + c.contended + " (-EDEADLK)")));
            }
        }
        return String.join("\n", lines);
    }
}
