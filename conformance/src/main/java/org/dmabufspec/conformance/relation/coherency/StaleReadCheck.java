package org.dmabufspec.conformance.relation.coherency;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Decides whether the cache maintenance a buffer's logged operations cause keeps every read
 * coherent (DmaBufCoherency's ReadsSeeLastWrite) on a non-coherent arm64 platform, whatever the
 * unlogged steps between them were: CPU loads and stores inside SYNC brackets (U1), device DMA
 * while mapped and outside brackets (U2), evictions and speculative fills.
 *
 * <p>The logged operations take the spec's Do... actions, i.e. without the ownership assumption
 * "no SYNC bracket open", because a trace may break it (MCDmaBufCoherency_UnmapInSyncWindow).
 * Versions are abstracted to "the last write" (1) or "older" (0) after every step, which keeps the
 * state set finite without losing a stale read: the invariant only compares a read with the last
 * write. One attachment per buffer, as in the spec.
 */
public final class StaleReadCheck {
    private final DmaBufCoherencyRelation relation;
    private final boolean abstractVersions;

    public StaleReadCheck(String kernelBehaviour, DmaDirection cachedDir, boolean exporterCpuAccessOps,
                          boolean fromDeviceMapInvalidates) {
        // MaxVersion 2: after normalisation the last write is 1, so one more write is always possible
        this(kernelBehaviour, cachedDir, exporterCpuAccessOps, fromDeviceMapInvalidates, true, 2);
    }

    /** With {@code abstractVersions} false, plain versions up to {@code maxVersion}: the reference the tests compare with. */
    StaleReadCheck(String kernelBehaviour, DmaDirection cachedDir, boolean exporterCpuAccessOps,
                   boolean fromDeviceMapInvalidates, boolean abstractVersions, int maxVersion) {
        this.relation = new DmaBufCoherencyRelation(new CoherencyConstants(kernelBehaviour, cachedDir,
                exporterCpuAccessOps, fromDeviceMapInvalidates,
                EnumSet.of(DmaDirection.TO_DEVICE, DmaDirection.FROM_DEVICE, DmaDirection.BIDIRECTIONAL),
                EnumSet.of(SyncFlag.READ, SyncFlag.WRITE, SyncFlag.RW), maxVersion), false);
        this.abstractVersions = abstractVersions;
    }

    public CoherencyVerdict check(List<CoherencyOp> ops) {
        Session session = start();
        for (CoherencyOp op : ops) {
            session.apply(op);
        }
        return session.result();
    }

    /** A check fed one operation at a time, from a fresh buffer. */
    public Session start() {
        return new Session(Set.of(abstraction(CoherencyState.INIT)));
    }

    /** A check fed one operation at a time, from the states another session reached (e.g. the buffer's before an attach). */
    public Session startFrom(Set<CoherencyState> states) {
        return new Session(states);
    }

    /** The states after the operations so far, closed under the unlogged steps; stops at the first verdict. */
    public final class Session {
        private Set<CoherencyState> states;
        private int opsDone;
        private CoherencyVerdict verdict;

        private Session(Set<CoherencyState> start) {
            states = new HashSet<>(start);
            close();
        }

        /** The next logged operation; nothing once a read can be stale or an operation was not enabled. */
        public void apply(CoherencyOp op) {
            if (verdict != null) {
                return;
            }
            Set<CoherencyState> after = new HashSet<>();
            for (CoherencyState s : states) {
                StaleReadCheck.this.apply(op, s).map(StaleReadCheck.this::abstraction).ifPresent(after::add);
            }
            if (after.isEmpty()) {
                // hidden steps never change attached/importerMap/dmaMap/cpuSync, which the guards read
                verdict = new CoherencyVerdict.NotEnabled(opsDone, op, whyNotEnabled(op, states.iterator().next()));
                return;
            }
            states = after;
            opsDone++;
            close();
        }

        private void close() {
            closeUnderHiddenSteps(states).ifPresent(w -> verdict = new CoherencyVerdict.StaleRead(opsDone, w));
        }

        /** Decided: a read can be stale, or an operation was not enabled. */
        public boolean decided() {
            return verdict != null;
        }

        /** The verdict so far: Coherent until decided. */
        public CoherencyVerdict result() {
            return verdict == null ? new CoherencyVerdict.Coherent() : verdict;
        }

        /**
         * Nothing attached and no stale copy anywhere (the line, if valid, and memory unless a dirty
         * line covers it, hold the last write): later SYNC brackets alone cannot produce a stale read.
         */
        public boolean settledUnattached() {
            return states.stream().allMatch(s -> !s.attached() && s.importerMap() == DmaDirection.NONE
                    && s.dmaMap() == DmaDirection.NONE
                    && (s.line().isInvalid() || s.line().val() == s.lastWrite())
                    && (s.mem() == s.lastWrite() || s.line().isDirty()));
        }

        public Set<CoherencyState> states() {
            return Set.copyOf(states);
        }
    }

    /** The spec action a logged operation takes. */
    private Optional<CoherencyState> apply(CoherencyOp op, CoherencyState s) {
        if (op instanceof CoherencyOp.Attach) {
            return relation.doDmaBufAttach(s);
        } else if (op instanceof CoherencyOp.Detach) {
            return relation.doDmaBufDetach(s);
        } else if (op instanceof CoherencyOp.MapAttachment m) {
            return relation.doDmaBufMapAttachment(s, m.dir());
        } else if (op instanceof CoherencyOp.UnmapAttachment) {
            return relation.doDmaBufUnmapAttachment(s);
        } else if (op instanceof CoherencyOp.SyncStart b) {
            return relation.dmaBufBeginCpuAccess(s, b.flags());
        } else if (op instanceof CoherencyOp.SyncEnd) {
            return relation.dmaBufEndCpuAccess(s);
        }
        throw new IllegalArgumentException("unknown coherency operation " + op);
    }

    /** Adds every state the unlogged steps reach; returns a state right after a stale read, if any. */
    private Optional<CoherencyState> closeUnderHiddenSteps(Set<CoherencyState> states) {
        Deque<CoherencyState> todo = new ArrayDeque<>(states);
        while (!todo.isEmpty()) {
            CoherencyState s = todo.pop();
            for (Optional<CoherencyState> t : List.of(relation.cpuLoad(s), relation.cpuStore(s),
                    relation.cacheEvict(s), relation.cacheSpeculativeFill(s),
                    relation.deviceDmaRead(s), relation.deviceDmaWrite(s))) {
                if (t.isEmpty()) {
                    continue;
                }
                LastRead r = t.get().lastRead();
                if (r.by() != Party.NONE && r.val() != r.latest()) {
                    return t;
                }
                CoherencyState n = abstraction(t.get());
                if (states.add(n)) {
                    todo.push(n);
                }
            }
        }
        return Optional.empty();
    }

    private CoherencyState abstraction(CoherencyState s) {
        return abstractVersions ? normalise(s) : s.withLastRead(LastRead.NO_READ);
    }

    /** Versions become 1 (the last write) or 0 (older); the read, already checked, is forgotten. */
    static CoherencyState normalise(CoherencyState s) {
        int last = s.lastWrite();
        CacheLine l = s.line().isInvalid() ? CacheLine.INVALID
                : new CacheLine(s.line().state(), s.line().val() == last ? 1 : 0);
        return new CoherencyState(s.mem() == last ? 1 : 0, l, s.attached(), s.importerMap(), s.dmaMap(),
                s.cpuSync(), 1, s.lastWriter(), LastRead.NO_READ);
    }

    /** The spec condition that keeps {@code op} from happening in {@code s}. */
    private String whyNotEnabled(CoherencyOp op, CoherencyState s) {
        CoherencyConstants k = relation.constants();
        if (op instanceof CoherencyOp.Attach) {
            return "DoDmaBufAttach: ~attached (the model has one attachment per buffer)";
        } else if (op instanceof CoherencyOp.Detach) {
            return !s.attached() ? "DoDmaBufDetach: attached (nothing to detach)"
                    : "DoDmaBufDetach: importerMap = \"none\" (R12: unmap before detach)";
        } else if (op instanceof CoherencyOp.MapAttachment m) {
            if (!s.attached()) {
                return "DoDmaBufMapAttachment: attached (map before attach)";
            }
            if (s.importerMap() != DmaDirection.NONE) {
                return "DoDmaBufMapAttachment: importerMap = \"none\" (the attachment is already mapped "
                        + s.importerMap().tla() + ")";
            }
            return "DoDmaBufMapAttachment: CacheReusableFor(\"" + m.dir().tla() + "\") (R11: the cached table is "
                    + k.cachedDir().tla() + ", so dma_buf_map_attachment returns -EBUSY)";
        } else if (op instanceof CoherencyOp.UnmapAttachment) {
            return "DoDmaBufUnmapAttachment: importerMap # \"none\" (nothing is mapped)";
        } else if (op instanceof CoherencyOp.SyncStart) {
            return s.cpuSync() != SyncFlag.NONE
                    ? "DmaBufBeginCpuAccess: cpuSync = \"none\" (a " + s.cpuSync().tla() + " bracket is already open)"
                    : "DmaBufBeginCpuAccess: importerMap # \"none\" => ExporterCpuAccessOps (the device owns the "
                            + s.importerMap().tla() + " mapping and the exporter has no begin_cpu_access to sync it"
                            + " for the CPU)";
        }
        return "DmaBufEndCpuAccess: cpuSync # \"none\" (SYNC_END without SYNC_START, U1)";
    }
}
