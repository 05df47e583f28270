package org.dmabufspec.conformance.relation.resv;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.dmabufspec.conformance.relation.SpecRelation;
import org.dmabufspec.conformance.relation.Transition;
import org.dmabufspec.tlc.TlaValue;

/**
 * DmaResv's {@code Next == FenceNext \/ DriverNext \/ UserNext} as one MCDmaResv cfg composes it.
 * Labels are TLC's: the action's name, except IMPORT_SYNC_FILE, whose {@code \E s \in ImportSources}
 * ranges over a set that depends on the state, so TLC does not split it and names the edge after
 * the enclosing group ({@code UserNext}, or {@code MCSlotUserNext} in MCDmaResv_Ind).
 */
public final class MCDmaResvRelation implements SpecRelation<ResvState> {
    private final DmaResv spec;
    private final MCDmaResvVariant variant;

    public MCDmaResvRelation(DmaResv spec, MCDmaResvVariant variant) {
        this.spec = spec;
        this.variant = variant;
    }

    @Override
    public Optional<Set<ResvState>> initialStates() {
        return variant.inductive() ? Optional.empty() : Optional.of(Set.of(spec.init()));
    }

    @Override
    public List<Transition<ResvState>> next(ResvState s) {
        List<Transition<ResvState>> out = new ArrayList<>();
        fenceNext(s, out);
        if (variant.driverNext()) {
            driverNext(s, out);
        }
        switch (variant.userNext()) {
            case USER_NEXT -> userNext(s, out);
            case SLOT_USER_NEXT -> slotUserNext(s, out);
            case CPU_ACCESS -> cpuAccess(s, out);
            case NONE -> {
            }
        }
        return out;
    }

    @Override
    public boolean withinConstraint(ResvState s) {
        return switch (variant.constraint()) {
            case NONE -> true;
            case TABLE_BOUND -> s.table().values().stream().allMatch(t -> t.size() <= 2);
            // IndConstraint bounds the level, not the state: the graph runner relaxes it to one
            // step and expands only the initial states, so no state is excluded here.
            case ONE_STEP -> true;
        };
    }

    @Override
    public Map<String, TlaValue> encode(ResvState s) {
        return ResvCodec.encode(s);
    }

    @Override
    public ResvState decode(Map<String, TlaValue> variables) {
        return ResvCodec.decode(variables);
    }

    /** FenceNext. */
    private void fenceNext(ResvState s, List<Transition<ResvState>> out) {
        for (String f : spec.constants().fences()) {
            add(out, "DmaFenceSignal", spec.dmaFenceSignal(s, f));
        }
    }

    /** DriverNext. */
    private void driverNext(ResvState s, List<Transition<ResvState>> out) {
        ResvConstants c = spec.constants();
        for (String p : c.procs()) {
            for (String r : c.resvs()) {
                add(out, "DmaResvLock", spec.dmaResvLock(s, p, r));
            }
            for (int n = 1; n <= c.maxReserve(); n++) {
                add(out, "DmaResvReserveFences", spec.dmaResvReserveFences(s, p, n));
            }
            for (String f : c.fences()) {
                for (int u : c.addUsages()) {
                    add(out, "DmaResvAddFence", spec.dmaResvAddFence(s, p, f, u));
                }
            }
            add(out, "DmaResvUnlock", spec.dmaResvUnlock(s, p));
            for (boolean w : DmaResv.BOOLEANS) {
                add(out, "DmaResvWaitTimeout", spec.dmaResvWaitTimeout(s, p, DmaResv.dmaResvUsageRw(w)));
            }
            add(out, "DmaResvWaitDone", spec.dmaResvWaitDone(s, p));
        }
    }

    /** MCDmaResv's MCCpuAccessNext: the CPU-access brackets of UserNext. */
    private void cpuAccess(ResvState s, List<Transition<ResvState>> out) {
        for (String p : spec.constants().procs()) {
            cpuAccess(s, p, out);
        }
    }

    private void cpuAccess(ResvState s, String p, List<Transition<ResvState>> out) {
        for (String r : spec.constants().resvs()) {
            for (boolean w : DmaResv.BOOLEANS) {
                add(out, "DmaBufBeginCpuAccess", spec.dmaBufBeginCpuAccess(s, p, r, w));
            }
        }
        add(out, "DmaBufBeginCpuAccessDone", spec.dmaBufBeginCpuAccessDone(s, p));
        add(out, "DmaBufEndCpuAccess", spec.dmaBufEndCpuAccess(s, p));
    }

    /** UserNext. */
    private void userNext(ResvState s, List<Transition<ResvState>> out) {
        ResvConstants c = spec.constants();
        for (String p : c.procs()) {
            cpuAccess(s, p, out);
            for (String r : c.resvs()) {
                for (String d : DmaResv.POLL_DIRS) {
                    addAll(out, "DmaBufPoll", spec.dmaBufPoll(s, p, r, d));
                }
            }
            add(out, "DmaBufPollTimeout", spec.dmaBufPollTimeout(s, p));
            add(out, "DmaBufPollDone", spec.dmaBufPollDone(s, p));
        }
        for (String r : c.resvs()) {
            for (boolean w : DmaResv.BOOLEANS) {
                add(out, "DmaBufExportSyncFile", spec.dmaBufExportSyncFile(s, r, w));
            }
        }
        importAndVgem(s, out, "UserNext");
    }

    /** MCDmaResv_Ind's MCSlotUserNext: the userspace actions that touch the table. */
    private void slotUserNext(ResvState s, List<Transition<ResvState>> out) {
        importAndVgem(s, out, "MCSlotUserNext");
    }

    private void importAndVgem(ResvState s, List<Transition<ResvState>> out, String importLabel) {
        ResvConstants c = spec.constants();
        for (String r : c.resvs()) {
            for (Set<String> comps : spec.importSources(s)) {
                for (boolean w : DmaResv.BOOLEANS) {
                    addAll(out, importLabel, spec.dmaBufImportSyncFile(s, r, comps, w));
                }
            }
        }
        for (String r : c.resvs()) {
            for (String f : c.vgemFences()) {
                for (boolean w : DmaResv.BOOLEANS) {
                    add(out, "VgemFenceAttach", spec.vgemFenceAttach(s, r, f, w));
                }
            }
        }
    }

    private static void add(List<Transition<ResvState>> out, String action, Optional<ResvState> next) {
        next.ifPresent(n -> out.add(new Transition<>(action, n)));
    }

    private static void addAll(List<Transition<ResvState>> out, String action, List<ResvState> next) {
        next.forEach(n -> out.add(new Transition<>(action, n)));
    }
}
