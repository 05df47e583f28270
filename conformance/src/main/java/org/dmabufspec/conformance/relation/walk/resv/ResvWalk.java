package org.dmabufspec.conformance.relation.walk.resv;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import org.dmabufspec.conformance.relation.resv.DmaResv;
import org.dmabufspec.conformance.relation.resv.ResvConstants;
import org.dmabufspec.conformance.relation.resv.ResvState;
import org.dmabufspec.conformance.relation.resv.SyncFile;

/**
 * A seeded random walk over the DmaResv relation (the actions of {@link DmaResv}, enumerated as
 * DmaResv's Next with DriverNext and UserNext both on), interleaved with read-only queries
 * (test_signaled, get_fences, a zero-timeout wait, poll on a sync_file) that the spec answers from
 * the state. {@code length} steps chosen uniformly among the enabled ones, then a drain that lets
 * every call in flight (a wait, SYNC_START, a poll) return. A function of (resvs, seed, length):
 * replayed from those, shortened by asking for fewer steps.
 *
 * <p>Restrictions that keep the walk inside what a trace can show: a vgem fence exists only once
 * DRM_IOCTL_VGEM_FENCE_ATTACH created it, so it is signalled or imported as a lone fence only
 * after its attach, and drivers never add it with dma_resv_add_fence (it is vgem's); IMPORT_SYNC_FILE
 * imports only exported sync files (see {@link #actions}).
 */
public record ResvWalk(int resvCount, long seed, int length, List<ResvWalkStep> steps) {
    private static final Set<String> IN_FLIGHT = Set.of("wait_locked", "cpu_wait", "poll_wait", "poll_woken", "polled");
    /** Steps that let a call in flight return, or the signals it waits for: the only ones taken while draining. */
    private static final Set<String> DRAIN = Set.of("DmaFenceSignal", "DmaResvWaitDone", "DmaBufBeginCpuAccessDone",
            "DmaBufPollDone", "DmaBufPollTimeout");
    private static final int MAX_DRAIN = 200;
    /** One in this many steps is a query. */
    private static final int QUERY_ODDS = 4;

    public ResvWalk {
        steps = List.copyOf(steps);
    }

    /**
     * MCDmaResv_Uapi made a bit bigger: procs p1, p2; resvs r1 (.. r2); fences f1, f2 on context
     * c1 and f3, f4 on c2 (seqnos 1, 2); vgem fences v1, v2 on contexts of their own; every usage;
     * reservations of up to 2 slots; up to 2 exported sync files.
     */
    public static ResvConstants constants(int resvs) {
        if (resvs < 1 || resvs > 2) {
            throw new IllegalArgumentException("1 or 2 resvs, not " + resvs);
        }
        return new ResvConstants(resvs == 1 ? List.of("r1") : List.of("r1", "r2"), List.of("p1", "p2"),
                List.of("f1", "f2", "f3", "f4", "v1", "v2"),
                Map.of("f1", "c1", "f2", "c1", "f3", "c2", "f4", "c2", "v1", "c3", "v2", "c4"),
                Map.of("f1", 1L, "f2", 2L, "f3", 1L, "f4", 2L, "v1", 1L, "v2", 1L), List.of("v1", "v2"),
                DmaResv.USAGES, 2, 2, "NoProc", "NoFence", "NoResv");
    }

    public ResvConstants constants() {
        return constants(resvCount);
    }

    public static ResvWalk walk(int resvs, long seed, int length) {
        DmaResv spec = new DmaResv(constants(resvs));
        Random rnd = new Random(seed);
        ResvState s = spec.init();
        List<ResvWalkStep> steps = new ArrayList<>();
        for (int i = 0; i < length; i++) {
            List<ResvWalkStep> options = rnd.nextInt(QUERY_ODDS) == 0 ? queries(spec, s) : actions(spec, s);
            if (options.isEmpty()) {
                options = actions(spec, s);
            }
            if (options.isEmpty()) {
                break;
            }
            ResvWalkStep st = options.get(rnd.nextInt(options.size()));
            steps.add(st);
            s = st.after();
        }
        for (int i = 0; inFlight(s) && i < MAX_DRAIN; i++) {
            List<ResvWalkStep> options = actions(spec, s).stream().filter(w -> DRAIN.contains(w.action())).toList();
            if (options.isEmpty()) {
                throw new IllegalStateException("resv walk seed " + seed + ": a call in flight cannot return in " + s);
            }
            ResvWalkStep st = options.get(rnd.nextInt(options.size()));
            steps.add(st);
            s = st.after();
        }
        if (inFlight(s)) {
            throw new IllegalStateException("resv walk seed " + seed + ": calls still in flight after " + MAX_DRAIN + " drain steps");
        }
        return new ResvWalk(resvs, seed, length, steps);
    }

    /** The same walk with {@code n} random steps (then drained): shrinking drops a suffix. */
    public ResvWalk shortened(int n) {
        return walk(resvCount, seed, Math.min(n, length));
    }

    static boolean inFlight(ResvState s) {
        return s.pc().values().stream().anyMatch(IN_FLIGHT::contains);
    }

    /** A vgem fence exists once attached to some resv (its attach may also have signalled it: -EBUSY). */
    static boolean exists(ResvConstants c, ResvState s, String f) {
        return !c.vgemFences().contains(f)
                || s.everAdded().values().stream().anyMatch(row -> row.get(f) != DmaResv.NO_USAGE);
    }

    /** Every enabled action, as DmaResv's Next enumerates them (FenceNext, DriverNext, UserNext). */
    static List<ResvWalkStep> actions(DmaResv spec, ResvState s) {
        ResvConstants c = spec.constants();
        Steps out = new Steps(s);
        for (String f : c.fences()) {
            if (exists(c, s, f)) {
                out.add("DmaFenceSignal", "", "", f, -1, false, 0, "", List.of(), spec.dmaFenceSignal(s, f));
            }
        }
        for (String p : c.procs()) {
            for (String r : c.resvs()) {
                out.add("DmaResvLock", p, r, "", -1, false, 0, "", List.of(), spec.dmaResvLock(s, p, r));
            }
            String held = s.resvOf().get(p);
            for (int n = 1; n <= c.maxReserve(); n++) {
                out.add("DmaResvReserveFences", p, held, "", -1, false, n, "", List.of(), spec.dmaResvReserveFences(s, p, n));
            }
            for (String f : c.fences()) {
                if (c.vgemFences().contains(f)) {
                    continue;
                }
                for (int u : c.addUsages()) {
                    out.add("DmaResvAddFence", p, held, f, u, false, 0, "", List.of(), spec.dmaResvAddFence(s, p, f, u));
                }
            }
            out.add("DmaResvUnlock", p, held, "", -1, false, 0, "", List.of(), spec.dmaResvUnlock(s, p));
            for (boolean w : DmaResv.BOOLEANS) {
                int u = DmaResv.dmaResvUsageRw(w);
                out.add("DmaResvWaitTimeout", p, held, "", u, false, 0, "", List.of(), spec.dmaResvWaitTimeout(s, p, u));
            }
            out.add("DmaResvWaitDone", p, held, "", s.query().get(p), false, 0, "", List.of(), spec.dmaResvWaitDone(s, p));
            for (String r : c.resvs()) {
                for (boolean w : DmaResv.BOOLEANS) {
                    out.add("DmaBufBeginCpuAccess", p, r, "", DmaResv.dmaResvUsageRw(w), w, 0, "", List.of(),
                            spec.dmaBufBeginCpuAccess(s, p, r, w));
                }
            }
            out.add("DmaBufBeginCpuAccessDone", p, held, "", s.query().get(p), false, 0, "", List.of(),
                    spec.dmaBufBeginCpuAccessDone(s, p));
            out.add("DmaBufEndCpuAccess", p, held, "", s.query().get(p), false, 0, "", List.of(), spec.dmaBufEndCpuAccess(s, p));
            for (String r : c.resvs()) {
                for (String d : DmaResv.POLL_DIRS) {
                    for (ResvState next : spec.dmaBufPoll(s, p, r, d)) {
                        out.add("DmaBufPoll", p, r, "", DmaResv.pollUsage(d), false, 0, d, List.of(), Optional.of(next));
                    }
                }
            }
            out.add("DmaBufPollTimeout", p, held, "", s.query().get(p), false, 0, "", List.of(), spec.dmaBufPollTimeout(s, p));
            out.add("DmaBufPollDone", p, held, "", s.query().get(p), false, 0, "", List.of(), spec.dmaBufPollDone(s, p));
        }
        for (String r : c.resvs()) {
            for (boolean w : DmaResv.BOOLEANS) {
                out.add("DmaBufExportSyncFile", "", r, "", DmaResv.dmaResvUsageRw(w), w, s.syncFiles().size() + 1, "",
                        List.of(), spec.dmaBufExportSyncFile(s, r, w));
            }
        }
        for (String r : c.resvs()) {
            // ImportSources' exported sync files (n names the file). Its lone (sw_sync) fences are left out:
            // a trace creates such a sync_file only with SYNC_IOC_MERGE, outside the TLC oracle's vocabulary.
            for (int i = 1; i <= s.syncFiles().size(); i++) {
                Set<String> fs = s.syncFiles().get(i - 1).fences();
                if (!fs.isEmpty() && fs.size() <= 2) {
                    importFrom(spec, s, out, r, List.copyOf(new TreeSet<>(fs)), i);
                }
            }
            for (String f : c.vgemFences()) {
                for (boolean w : DmaResv.BOOLEANS) {
                    out.add("VgemFenceAttach", "", r, f, w ? DmaResv.WRITE : DmaResv.READ, w, 0, "", List.of(),
                            spec.vgemFenceAttach(s, r, f, w));
                }
            }
        }
        return out.sorted();
    }

    private static void importFrom(DmaResv spec, ResvState s, Steps out, String r, List<String> comps, int file) {
        for (boolean w : DmaResv.BOOLEANS) {
            for (ResvState next : spec.dmaBufImportSyncFile(s, r, Set.copyOf(comps), w)) {
                out.add("DmaBufImportSyncFile", "", r, "", w ? DmaResv.WRITE : DmaResv.READ, w, file, "", comps, Optional.of(next));
            }
        }
    }

    /** The read-only queries a trace can log, each answered by the spec in {@code s}. */
    static List<ResvWalkStep> queries(DmaResv spec, ResvState s) {
        ResvConstants c = spec.constants();
        Steps out = new Steps(s);
        for (String r : c.resvs()) {
            for (int u : DmaResv.USAGES) {
                for (String q : List.of("DmaResvTestSignaled", "DmaResvGetFences", "DmaResvWaitTimeoutZero")) {
                    out.add(q, "", r, "", u, false, 0, "", List.of(), Optional.of(s));
                }
            }
        }
        for (int i = 1; i <= s.syncFiles().size(); i++) {
            SyncFile sf = s.syncFiles().get(i - 1);
            out.add("SyncFilePoll", "", sf.resv(), "", -1, false, i, "", List.of(), Optional.of(s));
        }
        return out.sorted();
    }

    /** Collects enabled steps; sorts them so that a seed replays (the state maps iterate in JVM-dependent order). */
    private static final class Steps {
        private final ResvState before;
        private final List<ResvWalkStep> list = new ArrayList<>();

        Steps(ResvState before) {
            this.before = before;
        }

        void add(String action, String p, String r, String f, int u, boolean w, int n, String d, List<String> comps,
                 Optional<ResvState> next) {
            next.ifPresent(a -> list.add(new ResvWalkStep(action, p, r, f, u, w, n, d, comps, before, a)));
        }

        List<ResvWalkStep> sorted() {
            list.sort(Comparator.comparing(ResvWalkStep::toString).thenComparing(w -> canonical(w.after())));
            return list;
        }
    }

    /** The state with every map and set in sorted order. */
    static String canonical(ResvState s) {
        return List.of(s.signalled(), s.holder(), s.table(), s.maxFences(), s.pollCb(), s.pc(), s.resvOf(), s.query(),
                s.credits(), s.mustWait(), s.everAdded(), s.syncFiles()).stream().map(ResvWalk::sorted).toList().toString();
    }

    private static String sorted(Object o) {
        if (o instanceof Map<?, ?> m) {
            Map<String, String> t = new TreeMap<>();
            m.forEach((k, v) -> t.put(String.valueOf(k), sorted(v)));
            return t.toString();
        }
        if (o instanceof Set<?> set) {
            return new TreeSet<>(set.stream().map(String::valueOf).toList()).toString();
        }
        if (o instanceof List<?> l) {
            return l.stream().map(ResvWalk::sorted).toList().toString();
        }
        if (o instanceof SyncFile sf) {
            return List.of(sf.resv(), String.valueOf(sf.usage()), sorted(sf.fences()), sorted(sf.known())).toString();
        }
        return String.valueOf(o);
    }
}
