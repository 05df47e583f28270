package org.dmabufspec.conformance.relation.resv;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The actions of specs/tla/DmaResv.tla over {@link ResvState}, one method per TLA+ action, each
 * returning the successor(s) or nothing when the guard is false. A copy of the spec, operator by
 * operator; the model's Next (which groups run, labels) is {@link MCDmaResvRelation}'s business.
 */
public final class DmaResv {
    public static final int KERNEL = 0;
    public static final int WRITE = 1;
    public static final int READ = 2;
    public static final int BOOKKEEP = 3;
    public static final int NO_USAGE = 4;
    public static final List<Integer> USAGES = List.of(KERNEL, WRITE, READ, BOOKKEEP);
    /** PollDirs, in TLC's order. */
    public static final List<String> POLL_DIRS = List.of("in", "out");
    public static final List<Boolean> BOOLEANS = List.of(false, true);

    private final ResvConstants c;

    public DmaResv(ResvConstants constants) {
        this.c = constants;
    }

    public ResvConstants constants() {
        return c;
    }

    // ---- operators of the spec ----

    /** DmaResvUsageRw(write). */
    public static int dmaResvUsageRw(boolean write) {
        return write ? READ : WRITE;
    }

    /** PollUsage(d). */
    public static int pollUsage(String d) {
        return d.equals("in") ? WRITE : READ;
    }

    /** PollDirOf(u). */
    public static String pollDirOf(int u) {
        return u == WRITE ? "in" : "out";
    }

    boolean sameContext(String f, String g) {
        return c.context().get(f).equals(c.context().get(g));
    }

    /** IsLaterOrSame(f, g). */
    boolean isLaterOrSame(String f, String g) {
        return sameContext(f, g) && c.seqno().get(f) >= c.seqno().get(g);
    }

    /** CanSignal(f): F12 in-order signalling on f's context. */
    boolean canSignal(ResvState s, String f) {
        if (s.signalled().get(f)) {
            return false;
        }
        for (String g : c.fences()) {
            if (sameContext(g, f) && c.seqno().get(g) < c.seqno().get(f) && !s.signalled().get(g)) {
                return false;
            }
        }
        return true;
    }

    /** UnsignalledFor(r, u); also ImplicitSyncDeps, DmaResvGetFences, SnapshotFences, ... */
    public Set<String> unsignalledFor(ResvState s, String r, int u) {
        Set<String> out = new HashSet<>();
        for (Entry e : s.table().get(r)) {
            if (e.usage() <= u && !s.signalled().get(e.fence())) {
                out.add(e.fence());
            }
        }
        return out;
    }

    /** DmaResvTestSignaled(r, u). */
    public boolean dmaResvTestSignaled(ResvState s, String r, int u) {
        return unsignalledFor(s, r, u).isEmpty();
    }

    /** Replaceable(old, f, u): the replacement test of dma_resv_add_fence (B11, B12). */
    boolean replaceable(ResvState s, Entry old, String f, int u) {
        return (sameContext(old.fence(), f) && old.usage() >= u && isLaterOrSame(f, old.fence()))
                || s.signalled().get(old.fence());
    }

    /** TableAfterAdd(t, f, u): replace the first replaceable slot or append. */
    List<Entry> tableAfterAdd(ResvState s, List<Entry> t, String f, int u) {
        List<Entry> out = new ArrayList<>(t);
        for (int i = 0; i < t.size(); i++) {
            if (replaceable(s, t.get(i), f, u)) {
                out.set(i, new Entry(f, u));
                return out;
            }
        }
        out.add(new Entry(f, u));
        return out;
    }

    /** ReserveReallocates(t, m, n). */
    static boolean reserveReallocates(List<Entry> t, int m, int n) {
        return t.size() + n > m;
    }

    /** ReservedTable(t, m, n): reallocation drops the signalled entries. */
    List<Entry> reservedTable(ResvState s, List<Entry> t, int m, int n) {
        if (!reserveReallocates(t, m, n)) {
            return t;
        }
        return t.stream().filter(e -> !s.signalled().get(e.fence())).toList();
    }

    /** ReservedMax(t, m, n). */
    static int reservedMax(List<Entry> t, int m, int n) {
        return reserveReallocates(t, m, n) ? t.size() + n : m;
    }

    /** MaxFencesAtUnlock(t, m): dma_resv_reset_max_fences. */
    static int maxFencesAtUnlock(List<Entry> t) {
        return t.size();
    }

    /** NoteAdded(r, f, u): everAdded keeps the strongest (smallest) usage. */
    Map<String, Map<String, Integer>> noteAdded(ResvState s, String r, String f, int u) {
        Map<String, Integer> row = s.everAdded().get(r);
        return ResvState.except(s.everAdded(), r, ResvState.except(row, f, Math.min(row.get(f), u)));
    }

    /** ReAddNeedsNoSlot(r, f, u). */
    boolean reAddNeedsNoSlot(ResvState s, String r, String f, int u) {
        return s.table().get(r).stream().anyMatch(e -> e.fence().equals(f) && e.usage() >= u);
    }

    /** SyncFileFences(i), 1-based. */
    static Set<String> syncFileFences(ResvState s, int i) {
        return s.syncFiles().get(i - 1).fences();
    }

    /** ImportSources: one sw_sync fence, or an exported sync_file with one or two components. */
    public Set<Set<String>> importSources(ResvState s) {
        Set<Set<String>> out = new LinkedHashSet<>();
        for (String f : c.fences()) {
            out.add(Set.of(f));
        }
        for (int i = 1; i <= s.syncFiles().size(); i++) {
            Set<String> fs = syncFileFences(s, i);
            if (fs.size() >= 1 && fs.size() <= 2) {
                out.add(fs);
            }
        }
        return out;
    }

    // ---- Init ----

    public ResvState init() {
        Map<String, Boolean> signalled = new HashMap<>();
        c.fences().forEach(f -> signalled.put(f, false));
        Map<String, String> holder = new HashMap<>();
        Map<String, List<Entry>> table = new HashMap<>();
        Map<String, Integer> maxFences = new HashMap<>();
        Map<String, Map<String, String>> pollCb = new HashMap<>();
        Map<String, Map<String, Integer>> everAdded = new HashMap<>();
        Map<String, Integer> noUsage = new HashMap<>();
        c.fences().forEach(f -> noUsage.put(f, NO_USAGE));
        for (String r : c.resvs()) {
            holder.put(r, c.noProc());
            table.put(r, List.of());
            maxFences.put(r, 0);
            pollCb.put(r, Map.of("in", c.noFence(), "out", c.noFence()));
            everAdded.put(r, noUsage);
        }
        Map<String, String> pc = new HashMap<>();
        Map<String, String> resvOf = new HashMap<>();
        Map<String, Integer> query = new HashMap<>();
        Map<String, Integer> credits = new HashMap<>();
        Map<String, Set<String>> mustWait = new HashMap<>();
        for (String p : c.procs()) {
            pc.put(p, "idle");
            resvOf.put(p, c.noResv());
            query.put(p, NO_USAGE);
            credits.put(p, 0);
            mustWait.put(p, Set.of());
        }
        return new ResvState(signalled, holder, table, maxFences, pollCb, pc, resvOf, query, credits, mustWait,
                everAdded, List.of());
    }

    // ---- actions ----

    /** DmaFenceSignal(f): signals in order, clears poll callbacks on f, wakes their pollers. */
    public Optional<ResvState> dmaFenceSignal(ResvState s, String f) {
        if (!canSignal(s, f)) {
            return Optional.empty();
        }
        Map<String, Map<String, String>> pollCb = new HashMap<>();
        s.pollCb().forEach((r, cb) -> {
            Map<String, String> m = new HashMap<>();
            cb.forEach((d, g) -> m.put(d, g.equals(f) ? c.noFence() : g));
            pollCb.put(r, m);
        });
        Map<String, String> pc = new HashMap<>();
        s.pc().forEach((p, at) -> pc.put(p,
                at.equals("poll_wait")
                        && s.pollCb().get(s.resvOf().get(p)).get(pollDirOf(s.query().get(p))).equals(f)
                        ? "poll_woken" : at));
        return Optional.of(s.withSignalled(ResvState.except(s.signalled(), f, true)).withPollCb(pollCb).withPc(pc));
    }

    /** DmaResvLock(p, r). */
    public Optional<ResvState> dmaResvLock(ResvState s, String p, String r) {
        if (!s.pc().get(p).equals("idle") || !s.holder().get(r).equals(c.noProc())) {
            return Optional.empty();
        }
        return Optional.of(s.withHolder(ResvState.except(s.holder(), r, p))
                .withPc(ResvState.except(s.pc(), p, "locked"))
                .withResvOf(ResvState.except(s.resvOf(), p, r)));
    }

    /** DmaResvReserveFences(p, n). */
    public Optional<ResvState> dmaResvReserveFences(ResvState s, String p, int n) {
        if (!s.pc().get(p).equals("locked")) {
            return Optional.empty();
        }
        String r = s.resvOf().get(p);
        List<Entry> t = s.table().get(r);
        int m = s.maxFences().get(r);
        return Optional.of(s.withTable(ResvState.except(s.table(), r, reservedTable(s, t, m, n)))
                .withMaxFences(ResvState.except(s.maxFences(), r, reservedMax(t, m, n)))
                .withCredits(ResvState.except(s.credits(), p, n)));
    }

    /** DmaResvAddFence(p, f, u): spends a reserved slot unless f re-adds itself. */
    public Optional<ResvState> dmaResvAddFence(ResvState s, String p, String f, int u) {
        if (!s.pc().get(p).equals("locked")) {
            return Optional.empty();
        }
        String r = s.resvOf().get(p);
        boolean free = reAddNeedsNoSlot(s, r, f, u);
        int credits = s.credits().get(p);
        if (!free && credits <= 0) {
            return Optional.empty();
        }
        return Optional.of(s.withCredits(ResvState.except(s.credits(), p, free ? credits : credits - 1))
                .withTable(ResvState.except(s.table(), r, tableAfterAdd(s, s.table().get(r), f, u)))
                .withEverAdded(noteAdded(s, r, f, u)));
    }

    /** DmaResvUnlock(p): dma_resv_reset_max_fences forgets the reservation. */
    public Optional<ResvState> dmaResvUnlock(ResvState s, String p) {
        if (!s.pc().get(p).equals("locked")) {
            return Optional.empty();
        }
        String r = s.resvOf().get(p);
        return Optional.of(s.withHolder(ResvState.except(s.holder(), r, c.noProc()))
                .withMaxFences(ResvState.except(s.maxFences(), r, maxFencesAtUnlock(s.table().get(r))))
                .withPc(ResvState.except(s.pc(), p, "idle"))
                .withResvOf(ResvState.except(s.resvOf(), p, c.noResv()))
                .withCredits(ResvState.except(s.credits(), p, 0))
                .withMustWait(ResvState.except(s.mustWait(), p, Set.of())));
    }

    /** DmaResvWaitTimeout(p, u): a locked importer starts waiting. */
    public Optional<ResvState> dmaResvWaitTimeout(ResvState s, String p, int u) {
        if (!s.pc().get(p).equals("locked")) {
            return Optional.empty();
        }
        return Optional.of(s.withPc(ResvState.except(s.pc(), p, "wait_locked"))
                .withQuery(ResvState.except(s.query(), p, u))
                .withMustWait(ResvState.except(s.mustWait(), p, unsignalledFor(s, s.resvOf().get(p), u))));
    }

    /** DmaResvWaitDone(p). */
    public Optional<ResvState> dmaResvWaitDone(ResvState s, String p) {
        if (!s.pc().get(p).equals("wait_locked")
                || !unsignalledFor(s, s.resvOf().get(p), s.query().get(p)).isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(s.withPc(ResvState.except(s.pc(), p, "locked"))
                .withQuery(ResvState.except(s.query(), p, NO_USAGE)));
    }

    /** DmaBufBeginCpuAccess(p, r, write): SYNC_START, unlocked. */
    public Optional<ResvState> dmaBufBeginCpuAccess(ResvState s, String p, String r, boolean write) {
        if (!s.pc().get(p).equals("idle")) {
            return Optional.empty();
        }
        int u = dmaResvUsageRw(write);
        return Optional.of(s.withPc(ResvState.except(s.pc(), p, "cpu_wait"))
                .withResvOf(ResvState.except(s.resvOf(), p, r))
                .withQuery(ResvState.except(s.query(), p, u))
                .withMustWait(ResvState.except(s.mustWait(), p, unsignalledFor(s, r, u))));
    }

    /** DmaBufBeginCpuAccessDone(p). */
    public Optional<ResvState> dmaBufBeginCpuAccessDone(ResvState s, String p) {
        if (!s.pc().get(p).equals("cpu_wait") || !dmaResvTestSignaled(s, s.resvOf().get(p), s.query().get(p))) {
            return Optional.empty();
        }
        return Optional.of(s.withPc(ResvState.except(s.pc(), p, "cpu")));
    }

    /** DmaBufEndCpuAccess(p): SYNC_END. */
    public Optional<ResvState> dmaBufEndCpuAccess(ResvState s, String p) {
        if (!s.pc().get(p).equals("cpu")) {
            return Optional.empty();
        }
        return Optional.of(s.withPc(ResvState.except(s.pc(), p, "idle"))
                .withResvOf(ResvState.except(s.resvOf(), p, c.noResv()))
                .withQuery(ResvState.except(s.query(), p, NO_USAGE))
                .withMustWait(ResvState.except(s.mustWait(), p, Set.of())));
    }

    /** DmaBufPoll(p, r, d): not ready with an armed callback, else arm on any pending fence, else ready. */
    public List<ResvState> dmaBufPoll(ResvState s, String p, String r, String d) {
        String at = s.pc().get(p);
        boolean mayPoll = at.equals("idle")
                || at.equals("poll_woken") && s.resvOf().get(p).equals(r) && s.query().get(p) == pollUsage(d);
        if (!mayPoll || !s.holder().get(r).equals(c.noProc())) {
            return List.of();
        }
        ResvState base = s.withResvOf(ResvState.except(s.resvOf(), p, r))
                .withQuery(ResvState.except(s.query(), p, pollUsage(d)));
        Set<String> pending = unsignalledFor(s, r, pollUsage(d));
        if (!s.pollCb().get(r).get(d).equals(c.noFence())) {
            return List.of(base.withPc(ResvState.except(s.pc(), p, "poll_wait")));
        }
        if (pending.isEmpty()) {
            return List.of(base.withPc(ResvState.except(s.pc(), p, "polled"))
                    .withMustWait(ResvState.except(s.mustWait(), p, unsignalledFor(s, r, pollUsage(d)))));
        }
        List<ResvState> out = new ArrayList<>();
        for (String f : pending) {
            out.add(base.withPollCb(ResvState.except(s.pollCb(), r, ResvState.except(s.pollCb().get(r), d, f)))
                    .withPc(ResvState.except(s.pc(), p, "poll_wait")));
        }
        return out;
    }

    /** DmaBufPollTimeout(p): the armed callback stays armed. */
    public Optional<ResvState> dmaBufPollTimeout(ResvState s, String p) {
        String at = s.pc().get(p);
        if (!at.equals("poll_wait") && !at.equals("poll_woken")) {
            return Optional.empty();
        }
        return Optional.of(s.withPc(ResvState.except(s.pc(), p, "idle"))
                .withResvOf(ResvState.except(s.resvOf(), p, c.noResv()))
                .withQuery(ResvState.except(s.query(), p, NO_USAGE)));
    }

    /** DmaBufPollDone(p). */
    public Optional<ResvState> dmaBufPollDone(ResvState s, String p) {
        if (!s.pc().get(p).equals("polled")) {
            return Optional.empty();
        }
        return Optional.of(s.withPc(ResvState.except(s.pc(), p, "idle"))
                .withResvOf(ResvState.except(s.resvOf(), p, c.noResv()))
                .withQuery(ResvState.except(s.query(), p, NO_USAGE))
                .withMustWait(ResvState.except(s.mustWait(), p, Set.of())));
    }

    /** DmaBufExportSyncFile(r, write): a snapshot of the pending fences (U4). */
    public Optional<ResvState> dmaBufExportSyncFile(ResvState s, String r, boolean write) {
        if (s.syncFiles().size() >= c.maxSyncFiles()) {
            return Optional.empty();
        }
        int u = dmaResvUsageRw(write);
        Set<String> known = new HashSet<>();
        s.everAdded().get(r).forEach((f, usage) -> {
            if (usage != NO_USAGE) {
                known.add(f);
            }
        });
        List<SyncFile> files = new ArrayList<>(s.syncFiles());
        files.add(new SyncFile(r, u, unsignalledFor(s, r, u), known));
        return Optional.of(s.withSyncFiles(files));
    }

    /** AddComponents(t, comps, u): every order of adding the (at most two) components. */
    Set<List<Entry>> addComponents(ResvState s, List<Entry> t, Set<String> comps, int u) {
        Set<List<Entry>> out = new LinkedHashSet<>();
        if (comps.size() == 1) {
            out.add(tableAfterAdd(s, t, comps.iterator().next(), u));
            return out;
        }
        for (String a : comps) {
            for (String b : comps) {
                if (!a.equals(b)) {
                    out.add(tableAfterAdd(s, tableAfterAdd(s, t, a, u), b, u));
                }
            }
        }
        return out;
    }

    /** DmaBufImportSyncFile(r, comps, write): lock, reserve, add each component, unlock (F14). */
    public List<ResvState> dmaBufImportSyncFile(ResvState s, String r, Set<String> comps, boolean write) {
        if (!s.holder().get(r).equals(c.noProc()) || comps.isEmpty()) {
            return List.of();
        }
        int u = write ? WRITE : READ;
        int n = comps.size();
        List<Entry> t = s.table().get(r);
        int m = s.maxFences().get(r);
        List<Entry> t1 = reservedTable(s, t, m, n);
        Map<String, Integer> row = new HashMap<>(s.everAdded().get(r));
        for (String f : comps) {
            row.put(f, Math.min(row.get(f), u));
        }
        Map<String, Map<String, Integer>> everAdded = ResvState.except(s.everAdded(), r, row);
        List<ResvState> out = new ArrayList<>();
        for (List<Entry> t2 : addComponents(s, t1, comps, u)) {
            out.add(s.withTable(ResvState.except(s.table(), r, t2))
                    .withMaxFences(ResvState.except(s.maxFences(), r, maxFencesAtUnlock(t2)))
                    .withEverAdded(everAdded));
        }
        return out;
    }

    /** VgemFenceAttach(r, f, write): -EBUSY (lock-free test) signals and drops f; else, under a free lock, reserve 1, add. */
    public Optional<ResvState> vgemFenceAttach(ResvState s, String r, String f, boolean write) {
        if (!c.vgemFences().contains(f) || s.signalled().get(f)) {
            return Optional.empty();
        }
        for (String other : c.resvs()) {
            if (s.everAdded().get(other).get(f) != NO_USAGE) {
                return Optional.empty();
            }
        }
        if (!dmaResvTestSignaled(s, r, dmaResvUsageRw(write))) {
            return Optional.of(s.withSignalled(ResvState.except(s.signalled(), f, true)));
        }
        if (!s.holder().get(r).equals(c.noProc())) {
            return Optional.empty();
        }
        int u = write ? WRITE : READ;
        List<Entry> t = s.table().get(r);
        int m = s.maxFences().get(r);
        List<Entry> t2 = tableAfterAdd(s, reservedTable(s, t, m, 1), f, u);
        return Optional.of(s.withTable(ResvState.except(s.table(), r, t2))
                .withMaxFences(ResvState.except(s.maxFences(), r, maxFencesAtUnlock(t2)))
                .withEverAdded(noteAdded(s, r, f, u)));
    }
}
