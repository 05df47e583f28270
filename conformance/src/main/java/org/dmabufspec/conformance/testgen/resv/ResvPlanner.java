package org.dmabufspec.conformance.testgen.resv;

import static org.dmabufspec.conformance.testgen.KernelCall.argMap;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import org.dmabufspec.conformance.relation.resv.DmaResv;
import org.dmabufspec.conformance.relation.resv.Entry;
import org.dmabufspec.conformance.relation.resv.ResvCodec;
import org.dmabufspec.conformance.relation.resv.ResvConstants;
import org.dmabufspec.conformance.relation.resv.ResvState;
import org.dmabufspec.conformance.relation.resv.SyncFile;
import org.dmabufspec.conformance.testgen.KernelCall;
import org.dmabufspec.conformance.testgen.StepPlan;
import org.dmabufspec.conformance.testgen.Vocabulary;
import org.dmabufspec.tlc.TlaValue;

/**
 * DmaResv edges (MCDmaResv's driver, CPU-access and uAPI groups) as calls. TLC's labels name the
 * action but not its parameters, so the planner finds them: it runs the Java copy of the spec
 * ({@link DmaResv}, proved equal to TLC's graphs by StateGraphEqualityTest) from the state before
 * with every parameter and keeps the first action whose successor is the state after.
 * <ul>
 * <li>a wait that sleeps (DmaResvWaitTimeout, DmaBufBeginCpuAccess) makes no call yet: the call is
 * made at the step where the model lets it return (DmaResvWaitDone, DmaBufBeginCpuAccessDone), so
 * every call runs to completion;</li>
 * <li>poll() returns at once in the implementation; the caller's sleep and its timeout
 * (DmaBufPollTimeout, DmaBufPollDone) are no calls.</li>
 * </ul>
 * Two kinds of edge are left out, because the spec allows a choice the implementation makes by
 * itself: a poll() that arms its callback on one of several pending fences (the spec allows any,
 * the implementation takes the first of its table), and an IMPORT_SYNC_FILE of two components whose
 * two adding orders leave different tables (the implementation adds them in the fence array's order).
 * Observable: per fence signalled (not for vgem fences, which the ioctl creates), per reservation
 * each pending fence with the strongest usage it is recorded with (what every query of a usage
 * sees), whether it is locked and the two poll callbacks armed, per exported sync_file whether it
 * is signalled. Not the slots themselves: the spec reallocates to exactly num_fences + n
 * (ReservedMax), the implementation, as the kernel, at least doubles max_fences, so it keeps
 * signalled entries the spec drops, and a later add replaces one of those first and leaves a
 * weaker duplicate of the same fence that the spec would have replaced (found by these tests:
 * the same fence as f3:READ and f3:WRITE where the spec has f3:WRITE).
 */
final class ResvPlanner implements Vocabulary.Planner {
    static final List<String> USAGE_NAMES = List.of("KERNEL", "WRITE", "READ", "BOOKKEEP");

    private final DmaResv spec;
    private final ResvConstants k;
    // the generator plans every edge of a state and observes it, with the graph's own maps: decode and enumerate once
    private final Map<Map<String, TlaValue>, ResvState> decoded = new java.util.IdentityHashMap<>();
    // edges come grouped by their state: the candidates of the last state only
    private ResvState lastState;
    /** For the last state: by action (null: every action), the candidates by successor, each list in candidate order. */
    private Map<String, Map<ResvState, List<Candidate>>> lastCandidates;

    private Map<ResvState, List<Candidate>> bySuccessor(ResvState b, String action) {
        return lastCandidates.computeIfAbsent(action == null ? "" : action, x -> {
            Map<ResvState, List<Candidate>> out = new java.util.HashMap<>();
            for (Candidate c : candidates(b, action == null ? y -> true : action::equals)) {
                for (ResvState n : c.successors()) {
                    out.computeIfAbsent(n, z -> new ArrayList<>(1)).add(c);
                }
            }
            return out;
        });
    }

    /**
     * Whether a poll() that arms its callback on the first pending fence of the spec's table is
     * driven: the implementation arms it on the first of its own table. True for the scenario
     * scripts, which add every fence to a fresh slot before anything signals, so the two tables
     * list the pending fences in the same order; not for MCDmaResv's models, where a later add can
     * take a signalled slot the implementation kept and the spec dropped.
     */
    private final boolean armFirstPending;

    ResvPlanner(ResvConstants k) {
        this(k, false);
    }

    ResvPlanner(ResvConstants k, boolean armFirstPending) {
        this.k = k;
        this.spec = new DmaResv(k);
        this.armFirstPending = armFirstPending;
    }

    @Override
    public List<KernelCall> setup() {
        List<KernelCall> out = new ArrayList<>();
        for (String r : k.resvs()) {
            out.add(new KernelCall("vgem_create_bo", argMap("resv", r), "0"));
        }
        Map<String, String> contexts = new LinkedHashMap<>();
        for (String f : new TreeSet<>(k.fences())) {
            String ctx = contexts.computeIfAbsent(k.context().get(f), c -> String.valueOf(contexts.size() + 1));
            out.add(new KernelCall("dma_fence_init", argMap("fence", f, "context", ctx, "seqno",
                    String.valueOf(k.seqno().get(f))), "0"));
        }
        return out;
    }

    @Override
    public StepPlan plan(Map<String, TlaValue> before, String action, Map<String, TlaValue> after) {
        ResvState b = decode(before);
        ResvState a = decode(after);
        StepPlan any = null;
        if (!b.equals(lastState)) {
            lastState = b;
            lastCandidates = new java.util.HashMap<>();
        }
        // the label's own action first (only its candidates are computed); a group label (UserNext) needs them all
        for (String only : new String[] {action, null}) {
            for (Candidate c : bySuccessor(b, only).getOrDefault(a, List.of())) {
                StepPlan p = c.plan().get();
                if (c.action().equals(action)) {
                    return p;
                }
                if (any == null) {
                    any = p;
                }
            }
            if (any != null) {
                break;
            }
        }
        if (any != null) {
            return any; // a label that is a group of Next (the import is labelled UserNext)
        }
        return StepPlan.notDrivable("no DmaResv action explains the step (" + action + ")", "F13");
    }

    /** One action with its parameters: its successors from the state, and the plan (made only when it matches). */
    private record Candidate(String action, List<ResvState> successors, java.util.function.Supplier<StepPlan> plan) {
        static Candidate of(String action, Optional<ResvState> next, java.util.function.Supplier<StepPlan> plan) {
            return new Candidate(action, next.map(List::of).orElse(List.of()), plan);
        }
    }

    /** The candidates of the actions {@code want} accepts, in a fixed order (successors computed for those only). */
    private List<Candidate> candidates(ResvState s, java.util.function.Predicate<String> want) {
        List<Candidate> out = new ArrayList<>();
        for (String f : k.fences()) {
            if (want.test("DmaFenceSignal")) out.add(Candidate.of("DmaFenceSignal", spec.dmaFenceSignal(s, f),
                    () -> new StepPlan(new KernelCall("dma_fence_signal", argMap("fence", f), "0"), "", "F7, F12")));
        }
        for (String p : k.procs()) {
            String r = s.resvOf().get(p);
            for (String r2 : k.resvs()) {
                if (want.test("DmaResvLock")) out.add(Candidate.of("DmaResvLock", spec.dmaResvLock(s, p, r2),
                        () -> call("dma_resv_lock", "F18", "resv", r2)));
            }
            for (int n = 1; n <= k.maxReserve(); n++) {
                int num = n;
                if (want.test("DmaResvReserveFences")) out.add(Candidate.of("DmaResvReserveFences", spec.dmaResvReserveFences(s, p, n),
                        () -> call("dma_resv_reserve_fences", "F13", "resv", r, "num", String.valueOf(num))));
            }
            for (String f : k.fences()) {
                for (int u : DmaResv.USAGES) {
                    if (want.test("DmaResvAddFence")) out.add(Candidate.of("DmaResvAddFence", spec.dmaResvAddFence(s, p, f, u),
                            () -> call("dma_resv_add_fence", "F13, F16", "resv", r, "fence", f, "usage", USAGE_NAMES.get(u))));
                }
            }
            if (want.test("DmaResvUnlock")) out.add(Candidate.of("DmaResvUnlock", spec.dmaResvUnlock(s, p), () -> call("dma_resv_unlock", "F13", "resv", r)));
            for (boolean w : DmaResv.BOOLEANS) {
                int u = DmaResv.dmaResvUsageRw(w);
                if (want.test("DmaResvWaitTimeout")) out.add(Candidate.of("DmaResvWaitTimeout", spec.dmaResvWaitTimeout(s, p, u),
                        () -> new StepPlan(null, "dma_resv_wait_timeout(" + USAGE_NAMES.get(u)
                                + ") sleeps: the call is made when the model lets it return", "F15")));
            }
            if (want.test("DmaResvWaitDone")) out.add(Candidate.of("DmaResvWaitDone", spec.dmaResvWaitDone(s, p),
                    () -> new StepPlan(new KernelCall("dma_resv_wait_timeout", argMap("resv", r, "usage",
                            USAGE_NAMES.get(s.query().get(p)), "timeout", "MAX"), ">0"), "the fences it waits for have signalled", "F15")));
            for (String r2 : k.resvs()) {
                for (boolean w : DmaResv.BOOLEANS) {
                    if (want.test("DmaBufBeginCpuAccess")) out.add(Candidate.of("DmaBufBeginCpuAccess", spec.dmaBufBeginCpuAccess(s, p, r2, w),
                            () -> new StepPlan(null, "DMA_BUF_IOCTL_SYNC(START|" + (w ? "WRITE" : "READ")
                                    + ") waits: the call is made when the model lets it return", "U2")));
                }
            }
            if (want.test("DmaBufBeginCpuAccessDone")) out.add(Candidate.of("DmaBufBeginCpuAccessDone", spec.dmaBufBeginCpuAccessDone(s, p),
                    () -> call("DMA_BUF_IOCTL_SYNC", "U2", "resv", r, "flags", "START|" + rw(s.query().get(p)))));
            if (want.test("DmaBufEndCpuAccess")) out.add(Candidate.of("DmaBufEndCpuAccess", spec.dmaBufEndCpuAccess(s, p),
                    () -> call("DMA_BUF_IOCTL_SYNC", "U1", "resv", r, "flags", "END|" + rw(s.query().get(p)))));
            for (String r2 : k.resvs()) {
                for (String d : want.test("DmaBufPoll") ? DmaResv.POLL_DIRS : List.<String>of()) {
                    for (ResvState next : spec.dmaBufPoll(s, p, r2, d)) {
                        out.add(new Candidate("DmaBufPoll", List.of(next), () -> poll(s, next, p, r2, d)));
                    }
                }
            }
            if (want.test("DmaBufPollTimeout")) out.add(Candidate.of("DmaBufPollTimeout", spec.dmaBufPollTimeout(s, p),
                    () -> new StepPlan(null, "poll() reported not ready and the caller's timeout expires: no call", "U3")));
            if (want.test("DmaBufPollDone")) out.add(Candidate.of("DmaBufPollDone", spec.dmaBufPollDone(s, p),
                    () -> new StepPlan(null, "the caller that saw the direction ready is done: no call", "U3")));
        }
        for (String r : k.resvs()) {
            for (boolean w : DmaResv.BOOLEANS) {
                int file = s.syncFiles().size() + 1;
                if (want.test("DmaBufExportSyncFile")) out.add(Candidate.of("DmaBufExportSyncFile", spec.dmaBufExportSyncFile(s, r, w),
                        () -> call("DMA_BUF_IOCTL_EXPORT_SYNC_FILE", "U4", "resv", r, "flags", w ? "WRITE" : "READ",
                                "file", "sf" + file)));
            }
            for (Set<String> comps : want.test("DmaBufImportSyncFile") ? spec.importSources(s) : List.<Set<String>>of()) {
                for (boolean w : DmaResv.BOOLEANS) {
                    List<ResvState> next = spec.dmaBufImportSyncFile(s, r, comps, w);
                    out.add(new Candidate("DmaBufImportSyncFile", next, () -> importSyncFile(s, next, r, comps, w)));
                }
            }
            for (String f : want.test("VgemFenceAttach") ? k.vgemFences() : List.<String>of()) {
                for (boolean w : DmaResv.BOOLEANS) {
                    Optional<ResvState> next = spec.vgemFenceAttach(s, r, f, w);
                    if (want.test("VgemFenceAttach")) out.add(Candidate.of("VgemFenceAttach", next, () -> new StepPlan(new KernelCall("DRM_IOCTL_VGEM_FENCE_ATTACH",
                            argMap("resv", r, "fence", f, "flags", w ? "WRITE" : "0"),
                            next.get().signalled().get(f) ? "EBUSY" : "0"), "", "U2")));
                }
            }
        }
        return out;
    }

    private StepPlan poll(ResvState s, ResvState next, String p, String r, String d) {
        String armed = next.pollCb().get(r).get(d);
        int u = DmaResv.pollUsage(d);
        if (!armed.equals(s.pollCb().get(r).get(d)) && spec.unsignalledFor(s, r, u).size() > 1
                && !(armFirstPending && armed.equals(firstPending(s, r, u)))) {
            return StepPlan.notDrivable("poll() arms its callback on one of several pending fences: the spec allows any,"
                    + " the implementation takes the first in its table", "U3");
        }
        String ready = next.pc().get(p).equals("polled") ? (d.equals("in") ? "POLLIN" : "POLLOUT") : "";
        return new StepPlan(new KernelCall("poll", argMap("resv", r, "events", d.equals("in") ? "POLLIN" : "POLLOUT"), ready),
                armed.equals(k.noFence()) ? "" : "the callback is armed on " + armed, "U3");
    }

    /** The first fence of the table that a poll of usage u would wait for. */
    private static String firstPending(ResvState s, String r, int u) {
        for (Entry e : s.table().get(r)) {
            if (e.usage() <= u && !s.signalled().get(e.fence())) {
                return e.fence();
            }
        }
        return null;
    }

    private StepPlan importSyncFile(ResvState s, List<ResvState> next, String r, Set<String> comps, boolean w) {
        Set<Map<String, String>> tables = new java.util.HashSet<>();
        for (ResvState n : next) {
            tables.add(observe(n));
        }
        if (tables.size() > 1) {
            return StepPlan.notDrivable("IMPORT_SYNC_FILE of two components whose two adding orders leave different"
                    + " tables: the spec allows either, the implementation adds them in the fence array's order", "F14");
        }
        Map<String, String> a = argMap("resv", r, "flags", w ? "WRITE" : "READ");
        int file = 0;
        for (int i = 1; i <= s.syncFiles().size() && comps.size() > 1; i++) {
            if (s.syncFiles().get(i - 1).fences().equals(comps)) {
                file = i;
                break;
            }
        }
        if (file > 0) {
            a.put("file", "sf" + file);
        } else {
            a.put("fence", comps.iterator().next()); // a sync_file of one sw_sync fence
        }
        return new StepPlan(new KernelCall("DMA_BUF_IOCTL_IMPORT_SYNC_FILE", a, "0"), "", "F14");
    }

    /** DmaResvUsageRw(write) back to the SYNC flag: a query of READ waits as a writer. */
    private static String rw(int query) {
        return query == DmaResv.READ ? "WRITE" : "READ";
    }

    private static StepPlan call(String op, String rule, String... kv) {
        return new StepPlan(new KernelCall(op, argMap(kv), "0"), "", rule);
    }

    @Override
    public Map<String, String> observe(Map<String, TlaValue> state) {
        return observe(decode(state));
    }

    ResvState decode(Map<String, TlaValue> state) {
        return decoded.computeIfAbsent(state, ResvCodec::decode);
    }

    Map<String, String> observe(ResvState s) {
        Map<String, String> out = new TreeMap<>();
        for (String f : k.fences()) {
            if (!k.vgemFences().contains(f)) {
                out.put(f + ".signaled", String.valueOf(s.signalled().get(f)));
            }
        }
        for (String r : k.resvs()) {
            Map<String, Integer> strongest = new TreeMap<>();
            for (Entry e : s.table().get(r)) {
                if (!s.signalled().get(e.fence())) {
                    strongest.merge(e.fence(), e.usage(), Math::min);
                }
            }
            out.put(r + ".fences", pendingText(strongest));
            out.put(r + ".locked", String.valueOf(!s.holder().get(r).equals(k.noProc())));
            for (String d : DmaResv.POLL_DIRS) {
                out.put(r + ".poll." + d, String.valueOf(!s.pollCb().get(r).get(d).equals(k.noFence())));
            }
        }
        for (int i = 0; i < s.syncFiles().size(); i++) {
            SyncFile sf = s.syncFiles().get(i);
            out.put("sf" + (i + 1) + ".signaled", String.valueOf(sf.fences().stream().allMatch(s.signalled()::get)));
        }
        return out;
    }

    /** Pending fences with the strongest usage each is recorded with: "f1:WRITE,f3:READ". */
    static String pendingText(Map<String, Integer> strongest) {
        List<String> out = new ArrayList<>();
        strongest.forEach((f, u) -> out.add(f + ":" + USAGE_NAMES.get(u)));
        return String.join(",", out);
    }

}
