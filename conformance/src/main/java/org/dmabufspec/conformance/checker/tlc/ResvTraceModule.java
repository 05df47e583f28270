package org.dmabufspec.conformance.checker.tlc;

import org.dmabufspec.trace.Op;
import org.dmabufspec.trace.TraceEvent;
import org.dmabufspec.conformance.trace.TraceReader;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Translates a DmaResv-vocabulary trace into a Trace module over {@code DmaResv.tla}: one record
 * per spec step (a poll of both directions is two), constants bound from the trace, and a
 * {@code TraceNext} that matches a record to its action. Records whose calls overlap in time may
 * match in either order (the fast engine's linearization rule); the others keep real-time order.
 * Composite calls (SYNC_START, a poll) are two spec actions, matched in two phases. Unlogged
 * fence signals are hidden steps, bounded by {@code maxHidden}.
 */
final class ResvTraceModule {
    static final String MODULE = "TraceDmaResv";
    /** The invariant whose violation means "every record matched". */
    static final String ACCEPTED_INVARIANT = "TraceNotYetMatched";

    /** An event the spec cannot express: the oracle answers bad input naming it. */
    static final class Unsupported extends Exception {
        final TraceEvent event;

        Unsupported(TraceEvent event, String why) {
            super(event.where() + ": " + why);
            this.event = event;
        }
    }

    /** One spec step to match; {@code source} is the trace event it comes from. */
    record Step(TraceEvent source, String op, String p, String r, String f, int u, boolean w, int n,
                boolean ok, String d, Set<String> fs, boolean hasFs, int sf) {
    }

    private final List<Step> steps = new ArrayList<>();
    private final Set<String> resvs = new LinkedHashSet<>();
    private final Set<String> procs = new LinkedHashSet<>();
    private final Map<String, long[]> fences = new LinkedHashMap<>();
    private final Set<String> vgemFences = new LinkedHashSet<>();
    private final Map<String, Integer> exported = new LinkedHashMap<>();
    private int maxReserve = 1;
    // Contexts invented for fences the trace does not initialise; renumbered small when generating.
    private long freshContext = Long.MIN_VALUE;

    /** Ops that do not touch fences or reservations: matched as stuttering steps. */
    private static final Set<Op> NEUTRAL = Set.of(Op.DMA_BUF_EXPORT, Op.DMA_HEAP_IOCTL_ALLOC, Op.UDMABUF_CREATE,
            Op.DRM_IOCTL_PRIME_FD_TO_HANDLE, Op.DMA_BUF_SET_NAME, Op.MMAP, Op.MUNMAP, Op.DMA_FENCE_PUT,
            Op.DMA_FENCE_ENABLE_SW_SIGNALING, Op.DMA_BUF_GET, Op.WW_ACQUIRE_INIT, Op.WW_ACQUIRE_DONE,
            Op.WW_ACQUIRE_FINI, Op.DMA_FENCE_INIT,
            // Dropping a GEM handle or an fd leaves the reservation's fences as they are (a freed
            // buffer is never named again).
            Op.DRM_IOCTL_GEM_CLOSE, Op.CLOSE);

    /** Errnos of argument checks made before any reservation or fence is touched: stuttering steps. */
    private static final Set<String> VALIDATION_ERRNOS = Set.of("EINVAL", "ENOENT", "EBADF", "EFAULT", "ENOTTY",
            "ENODEV", "EPERM", "EACCES");

    private final Map<String, Set<String>> vgemFencesByFile = new LinkedHashMap<>();
    /** Open SYNC_START brackets per CPU process (thread and buffer), in file order. */
    private final Map<String, Integer> openCpuAccesses = new LinkedHashMap<>();

    List<Step> steps() {
        return steps;
    }

    void add(TraceEvent e) throws Unsupported {
        if (e.op() == Op.DMA_FENCE_INIT) {
            Long c = e.argLong("context");
            Long s = e.argLong("seqno");
            if (c == null || s == null) {
                throw new Unsupported(e, "dma_fence_init without integer context and seqno");
            }
            if (s < 0 || s > Integer.MAX_VALUE) {
                throw new Unsupported(e, "seqno " + s + " does not fit TLC's 32-bit integers");
            }
            fences.put(e.fence(), new long[]{c, s});
        }
        if (NEUTRAL.contains(e.op())) {
            if (!e.succeeded() && e.op() == Op.DMA_FENCE_INIT) {
                throw new Unsupported(e, "a failed dma_fence_init");
            }
            step(e, "nop", "", "", "", 0, false, 0, true, "", Set.of(), false, 0);
            return;
        }
        boolean vgemBusy = e.op() == Op.DRM_IOCTL_VGEM_FENCE_ATTACH && "EBUSY".equals(e.result());
        if (e.op() == Op.DRM_IOCTL_VGEM_FENCE_SIGNAL && "ETIMEDOUT".equals(e.result())) {
            // vgem_fence_signal_ioctl: the fence had already signalled (its timer expired, unlogged).
            step(e, "signalled", "", "", fence(e.fence()), 0, false, 0, true, "", Set.of(), false, 0);
            return;
        }
        if (e.op() == Op.DRM_CLOSE) {
            // vgem_fence_close signals every fence the file still holds; they are hidden signals
            // before this step, which requires them all signalled.
            Set<String> held = vgemFencesByFile.getOrDefault(e.argString("file"), Set.of());
            step(e, "all_signalled", "", "", "", 0, false, 0, true, "", new LinkedHashSet<>(held), true, 0);
            return;
        }
        if (!e.succeeded() && !vgemBusy && VALIDATION_ERRNOS.contains(e.result())
                && e.op() != Op.DMA_RESV_RESERVE_FENCES && e.op() != Op.DMA_RESV_WAIT_TIMEOUT) {
            step(e, "nop", "", "", "", 0, false, 0, true, "", Set.of(), false, 0);
            return;
        }
        if (!e.succeeded() && !vgemBusy) {
            throw new Unsupported(e, "result " + e.result() + ": DmaResv models only the successful call here");
        }
        String locker = "task:" + e.thread();
        switch (e.op()) {
            case DMA_RESV_LOCK, DMA_RESV_LOCK_INTERRUPTIBLE -> lockStep(e, locker);
            case DMA_RESV_TRYLOCK -> {
                if (Boolean.FALSE.equals(e.retBool())) {
                    step(e, "trylock_busy", locker, resv(e), "", 0, false, 0, false, "", Set.of(), false, 0);
                } else {
                    lockStep(e, locker);
                }
            }
            case DMA_RESV_UNLOCK -> step(e, "unlock", proc(locker), resv(e), "", 0, false, 0, true, "", Set.of(), false, 0);
            case DMA_RESV_RESERVE_FENCES -> {
                Long num = e.argLong("num");
                if (num == null || num < 1) {
                    throw new Unsupported(e, "dma_resv_reserve_fences needs args.num >= 1");
                }
                maxReserve = Math.max(maxReserve, num.intValue());
                step(e, "reserve", proc(locker), resv(e), "", 0, false, num.intValue(), true, "", Set.of(), false, 0);
            }
            case DMA_RESV_ADD_FENCE -> step(e, "add", proc(locker), resv(e), fence(e.fence()), usage(e), false, 0, true, "",
                    Set.of(), false, 0);
            case DMA_FENCE_SIGNAL, DRM_IOCTL_VGEM_FENCE_SIGNAL -> {
                step(e, "signal", "", "", e.fence(), 0, false, 0, true, "", Set.of(), false, 0);
            }
            case DMA_RESV_TEST_SIGNALED -> {
                Boolean ret = e.retBool();
                if (ret == null) {
                    throw new Unsupported(e, "dma_resv_test_signaled without a boolean ret");
                }
                step(e, "test", "", resv(e), "", usage(e), false, 0, ret, "", Set.of(), false, 0);
            }
            case DMA_RESV_GET_FENCES -> {
                if (e.fences() == null) {
                    throw new Unsupported(e, "dma_resv_get_fences without its fences");
                }
                Set<String> got = new LinkedHashSet<>();
                for (String f : e.fences()) {
                    got.add(fence(f));
                }
                step(e, "get_fences", "", resv(e), "", usage(e), false, 0, true, "", got, true, 0);
            }
            case DMA_RESV_WAIT_TIMEOUT -> {
                Long ret = e.retLong();
                if (ret == null) {
                    throw new Unsupported(e, "dma_resv_wait_timeout without an integer ret");
                }
                step(e, "wait", "", resv(e), "", usage(e), false, 0, ret > 0, "", Set.of(), false, 0);
            }
            case DMA_BUF_IOCTL_SYNC -> {
                String flags = e.argString("flags");
                if (flags == null) {
                    throw new Unsupported(e, "DMA_BUF_IOCTL_SYNC without args.flags");
                }
                String key = "cpu:" + e.thread() + ":" + e.buf();
                boolean start = flags.contains("START");
                int open = openCpuAccesses.getOrDefault(key, 0);
                if (!start && open == 0) {
                    // DmaBufEndCpuAccess needs pc = "cpu", the kernel does not: dma_buf_ioctl calls
                    // dma_buf_end_cpu_access for any SYNC_END and returns 0 (U1 is a userspace rule,
                    // a warning of UserspaceProtocol). Nothing the spec tracks changes: a stutter.
                    step(e, "nop", "", "", "", 0, false, 0, true, "", Set.of(), false, 0);
                    return;
                }
                openCpuAccesses.put(key, start ? open + 1 : open - 1);
                String cpu = proc(key);
                step(e, start ? "sync_start" : "sync_end", cpu, resv(e), "", 0, writes(flags), 0, true, "", Set.of(), false, 0);
            }
            case POLL -> pollSteps(e);
            case DMA_BUF_IOCTL_EXPORT_SYNC_FILE -> {
                String flags = e.argString("flags");
                Set<String> snap = new LinkedHashSet<>();
                if (e.fences() != null) {
                    for (String f : e.fences()) {
                        if (!TraceReader.STUB_FENCE.equals(f)) {
                            snap.add(fence(f));
                        }
                    }
                }
                exported.put(e.syncFile(), exported.size() + 1);
                step(e, "export", "", resv(e), "", 0, writes(flags), 0, true, "", snap, e.fences() != null, 0);
            }
            case DMA_BUF_IOCTL_IMPORT_SYNC_FILE -> {
                Integer idx = exported.get(e.syncFile());
                Set<String> comps = new LinkedHashSet<>();
                if (idx == null) {
                    if (e.fences() == null || e.fences().isEmpty()) {
                        throw new Unsupported(e, "sync_file " + e.syncFile() + " was not exported from a dma-buf in this trace and the event lists no fences");
                    }
                    for (String f : e.fences()) {
                        comps.add(fence(f));
                    }
                }
                step(e, "import", "", resv(e), "", 0, writes(e.argString("flags")), 0, true, "", comps, idx == null,
                        idx == null ? 0 : idx);
            }
            case DRM_IOCTL_VGEM_FENCE_ATTACH -> {
                String f = vgemBusy ? "vgem-ebusy@" + e.seq() : e.fence();
                if (f == null) {
                    throw new Unsupported(e, "a successful DRM_IOCTL_VGEM_FENCE_ATTACH without its fence");
                }
                fences.put(f, new long[]{freshContext++, 1});
                vgemFences.add(f);
                if (!vgemBusy && e.argString("file") != null) {
                    vgemFencesByFile.computeIfAbsent(e.argString("file"), k -> new LinkedHashSet<>()).add(f);
                }
                String flags = e.argString("flags");
                step(e, "vgem", "", resv(e), f, 0, flags != null && flags.contains("WRITE"), 0, !vgemBusy, "", Set.of(), false, 0);
            }
            default -> throw new Unsupported(e, "op " + e.op().wire() + " is not in the DmaResv vocabulary");
        }
    }

    private void lockStep(TraceEvent e, String locker) throws Unsupported {
        step(e, "lock", proc(locker), resv(e), "", 0, false, 0, true, "", Set.of(), false, 0);
    }

    private void pollSteps(TraceEvent e) throws Unsupported {
        String events = e.argString("events");
        String ret = e.ret() == null ? null : e.ret().toString();
        if (events == null || ret == null) {
            throw new Unsupported(e, "poll without args.events or ret");
        }
        if (e.syncFile() != null) {
            Integer idx = exported.get(e.syncFile());
            if (idx == null) {
                throw new Unsupported(e, "poll on sync_file " + e.syncFile() + " that no DMA_BUF_IOCTL_EXPORT_SYNC_FILE of this trace created");
            }
            step(e, "poll_sf", "", "", "", 0, false, 0, ret.contains("POLLIN"), "", Set.of(), false, idx);
            return;
        }
        String p = proc("poll:" + e.thread());
        boolean any = false;
        for (String[] dir : new String[][]{{"POLLIN", "in"}, {"POLLOUT", "out"}}) {
            if (events.contains(dir[0])) {
                any = true;
                step(e, "poll", p, resv(e), "", 0, false, 0, ret.contains(dir[0]), dir[1], Set.of(), false, 0);
            }
        }
        if (!any) {
            step(e, "nop", "", "", "", 0, false, 0, true, "", Set.of(), false, 0);
        }
    }

    private void step(TraceEvent e, String op, String p, String r, String f, int u, boolean w, int n, boolean ok,
                      String d, Set<String> fs, boolean hasFs, int sf) {
        steps.add(new Step(e, op, p, r, f, u, w, n, ok, d, fs, hasFs, sf));
    }

    private String proc(String p) {
        procs.add(p);
        return p;
    }

    private String resv(TraceEvent e) throws Unsupported {
        if (e.buf() == null) {
            throw new Unsupported(e, "no buf");
        }
        resvs.add(e.buf());
        return e.buf();
    }

    private String fence(String f) {
        // A fence the trace never initialised: its own context, seqno 1 (a sw_sync or foreign fence).
        fences.computeIfAbsent(f, k -> new long[]{freshContext++, 1});
        return f;
    }

    private static boolean writes(String flags) {
        return flags != null && (flags.contains("WRITE") || flags.contains("RW"));
    }

    private static int usage(TraceEvent e) throws Unsupported {
        String u = e.argString("usage");
        if (u == null) {
            throw new Unsupported(e, "no args.usage");
        }
        return switch (u) {
            case "KERNEL" -> 0;
            case "WRITE" -> 1;
            case "READ" -> 2;
            case "BOOKKEEP" -> 3;
            default -> throw new Unsupported(e, "args.usage '" + u + "' is not KERNEL/WRITE/READ/BOOKKEEP");
        };
    }

    /** The module text. */
    String module(int maxHidden) {
        StringBuilder b = new StringBuilder();
        b.append("---- MODULE ").append(MODULE).append(" ----\n");
        b.append("\\* Generated by dmabuf validate --engine tlc: the trace as a behaviour of DmaResv.\n");
        b.append("EXTENDS DmaResv, TLC\n\n");
        b.append("TResvs == ").append(set(resvs)).append('\n');
        Set<String> ps = new LinkedHashSet<>(procs);
        if (ps.isEmpty()) {
            ps.add("task:none");
        }
        b.append("TProcs == ").append(set(ps)).append('\n');
        Set<String> fs = new LinkedHashSet<>(fences.keySet());
        if (fs.isEmpty()) {
            fs.add("fence:none");
            fences.put("fence:none", new long[]{freshContext++, 1});
        }
        b.append("TFences == ").append(set(fs)).append('\n');
        b.append("TContext == [f \\in TFences |-> ").append(caseOf(fs, 0)).append("]\n");
        b.append("TSeqno == [f \\in TFences |-> ").append(caseOf(fs, 1)).append("]\n");
        b.append("TVgemFences == ").append(set(vgemFences)).append('\n');
        b.append("TMaxReserve == ").append(maxReserve).append('\n');
        b.append("TMaxSyncFiles == ").append(Math.max(1, exported.size())).append('\n');
        // Any fence may signal unlogged, even one whose signal is logged later (that later event
        // then fails): the furthest event matched is the one the fast engine reports too.
        b.append("HiddenFences == TFences\n");
        b.append("MaxHidden == ").append(maxHidden).append("\n\n");
        // Only the order of times matters (and TLC integers are 32-bit): times become their ranks.
        java.util.TreeSet<Long> times = new java.util.TreeSet<>();
        for (Step s : steps) {
            times.add(s.source().start());
            times.add(s.source().end());
        }
        Map<Long, Integer> rank = new java.util.HashMap<>();
        for (long t : times) {
            rank.put(t, rank.size() + 1);
        }
        Map<TraceEvent, Integer> eventIndex = new java.util.IdentityHashMap<>();
        b.append("Trace == <<\n");
        for (int k = 0; k < steps.size(); k++) {
            Step s = steps.get(k);
            int ev = eventIndex.computeIfAbsent(s.source(), x -> eventIndex.size() + 1);
            b.append("  [t0 |-> ").append(rank.get(s.source().start())).append(", t1 |-> ")
                    .append(rank.get(s.source().end())).append(", ev |-> ").append(ev).append(", op |-> ").append(str(s.op())).append(", p |-> ").append(str(s.p())).append(", r |-> ").append(str(s.r()))
                    .append(", f |-> ").append(str(s.f())).append(", u |-> ").append(s.u()).append(", w |-> ").append(tla(s.w()))
                    .append(", n |-> ").append(s.n()).append(", ok |-> ").append(tla(s.ok())).append(", d |-> ").append(str(s.d()))
                    .append(", fs |-> ").append(set(s.fs())).append(", hasFs |-> ").append(tla(s.hasFs()))
                    .append(", sf |-> ").append(s.sf()).append(']').append(k + 1 < steps.size() ? ",\n" : "\n");
        }
        b.append(">>\n\n");
        b.append("Win == ").append(windows()).append("\n\n");
        b.append(TEMPLATE);
        b.append("====\n");
        return b.toString();
    }

    /**
     * Win[p]: the last record that may start while record p is unmatched (it starts before p
     * returned). Bounds both searches of the Trace module to the overlapping window, so a long
     * sequential trace costs TLC a few records per state, not all of them.
     */
    private String windows() {
        int n = steps.size();
        Integer[] byStart = new Integer[n];
        for (int k = 0; k < n; k++) {
            byStart[k] = k;
        }
        java.util.Arrays.sort(byStart, java.util.Comparator.comparingLong(k -> steps.get(k).source().start()));
        int[] maxIndex = new int[n];
        for (int i = 0; i < n; i++) {
            maxIndex[i] = Math.max(i > 0 ? maxIndex[i - 1] : 0, byStart[i] + 1);
        }
        StringBuilder b = new StringBuilder("<<");
        for (int p = 0; p < n; p++) {
            long end = steps.get(p).source().end();
            int lo = 0;
            int hi = n;
            while (lo < hi) {
                int mid = (lo + hi) >>> 1;
                if (steps.get(byStart[mid]).source().start() <= end) {
                    lo = mid + 1;
                } else {
                    hi = mid;
                }
            }
            b.append(p > 0 ? ", " : "").append(Math.max(p + 1, lo > 0 ? maxIndex[lo - 1] : 0));
        }
        return b.append(">>").toString();
    }

    /** The invariant whose violation reaches a state after the furthest matched record. */
    static final String FURTHEST_INVARIANT = "BeforeFurthest";

    /** The module with {@code FurthestMatched} bound, for the run that shows the state before a rejection. */
    String moduleReaching(int maxHidden, int furthest) {
        String m = module(maxHidden);
        return m.substring(0, m.lastIndexOf("====")) + "FurthestMatched == " + furthest + "\n"
                + FURTHEST_INVARIANT + " == prefix < FurthestMatched\n====\n";
    }

    String config(String invariant) {
        return config().replace("INVARIANT " + ACCEPTED_INVARIANT, "INVARIANT " + invariant);
    }

    String config() {
        return """
                CONSTANTS
                    NoProc = NoProc
                    NoFence = NoFence
                    NoResv = NoResv
                    Resvs <- TResvs
                    Procs <- TProcs
                    Fences <- TFences
                    Context <- TContext
                    Seqno <- TSeqno
                    VgemFences <- TVgemFences
                    AddUsages <- TAddUsages
                    MaxReserve <- TMaxReserve
                    MaxSyncFiles <- TMaxSyncFiles
                INIT TraceInit
                NEXT TraceNext
                INVARIANT %s
                CONSTRAINT Furthest
                CHECK_DEADLOCK FALSE
                """.formatted(ACCEPTED_INVARIANT);
    }

    private static final String TEMPLATE = """
            TAddUsages == {KERNEL, WRITE, READ, BOOKKEEP}

            VARIABLES prefix, above, half, hid
            \\* Records 1..prefix are matched, and the records in `above` beyond them; records in
            \\* `half` have matched the first action of a composite call; hid counts the unlogged
            \\* fence signals inferred so far.
            tvars == <<vars, prefix, above, half, hid>>

            N == Len(Trace)
            IsDone(j) == j <= prefix \\/ j \\in above

            \\* Real-time order, as the fast engine's linearization: record j must take effect before
            \\* record k if j's call returned before k's started; the steps of one call keep their order.
            \\* Overlapping calls may take effect in either order.
            Before(j, k) == Trace[j].t1 < Trace[k].t0 \\/ (Trace[j].ev = Trace[k].ev /\\ j < k)
            \\* Records that may take effect next lie between the first unmatched one and the last
            \\* that started before it returned (Win, computed with the module).
            Cands == IF prefix < N THEN (prefix + 1)..Win[prefix + 1] ELSE {}
            \\* A set comparison, not \\A: TLC would expand \\A into one conjunct per record.
            Ready(k) == {j \\in Cands : j # k /\\ Before(j, k) /\\ ~IsDone(j)} = {}

            \\* The longest matched prefix once `d` (above plus the record just matched) is matched.
            Advance(p, d) == CHOOSE q \\in p..N : (\\A j \\in (p + 1)..q : j \\in d) /\\ (q = N \\/ (q + 1) \\notin d)

            TraceInit == TLCSet(1, 0) /\\ Init /\\ prefix = 0 /\\ above = {} /\\ half = {} /\\ hid = 0

            \\* Record k matched by its (last) action.
            Done(k) ==
              LET d == above \\cup {k}
                  p == Advance(prefix, d)
              IN /\\ prefix' = p
                 /\\ above' = {j \\in d : j > p}
                 /\\ half' = half \\ {k}
                 /\\ UNCHANGED hid
            \\* The first action of a composite call matched: the record is half done.
            Half(k) == half' = half \\cup {k} /\\ UNCHANGED <<prefix, above, hid>>

            Match(k) ==
              LET e == Trace[k]
                  phase == IF k \\in half THEN 1 ELSE 0
              IN
              \\/ e.op = "nop" /\\ UNCHANGED vars /\\ Done(k)
              \\/ e.op = "signal" /\\ DmaFenceSignal(e.f) /\\ Done(k)
              \\/ e.op = "signalled" /\\ signalled[e.f] /\\ UNCHANGED vars /\\ Done(k)
              \\/ e.op = "all_signalled" /\\ (\\A f \\in e.fs : signalled[f]) /\\ UNCHANGED vars /\\ Done(k)
              \\/ e.op = "lock" /\\ DmaResvLock(e.p, e.r) /\\ Done(k)
              \\/ e.op = "trylock_busy" /\\ holder[e.r] /= NoProc /\\ UNCHANGED vars /\\ Done(k)
              \\/ e.op = "unlock" /\\ resvOf[e.p] = e.r /\\ DmaResvUnlock(e.p) /\\ Done(k)
              \\/ e.op = "reserve" /\\ resvOf[e.p] = e.r /\\ DmaResvReserveFences(e.p, e.n) /\\ Done(k)
              \\/ e.op = "add" /\\ resvOf[e.p] = e.r /\\ DmaResvAddFence(e.p, e.f, e.u) /\\ Done(k)
              \\/ e.op = "test" /\\ DmaResvTestSignaled(e.r, e.u) = e.ok /\\ UNCHANGED vars /\\ Done(k)
              \\/ e.op = "get_fences" /\\ DmaResvGetFences(e.r, e.u) = e.fs /\\ UNCHANGED vars /\\ Done(k)
              \\/ e.op = "wait" /\\ (ImporterSyncFences(e.r, e.u) = {}) = e.ok /\\ UNCHANGED vars /\\ Done(k)
              \\/ e.op = "sync_start" /\\ phase = 0 /\\ DmaBufBeginCpuAccess(e.p, e.r, e.w) /\\ Half(k)
              \\/ e.op = "sync_start" /\\ phase = 1 /\\ DmaBufBeginCpuAccessDone(e.p) /\\ Done(k)
              \\/ e.op = "sync_end" /\\ resvOf[e.p] = e.r /\\ DmaBufEndCpuAccess(e.p) /\\ Done(k)
              \\/ e.op = "poll" /\\ phase = 0 /\\ DmaBufPoll(e.p, e.r, e.d)
                   /\\ pc'[e.p] = (IF e.ok THEN "polled" ELSE "poll_wait") /\\ Half(k)
              \\/ e.op = "poll" /\\ phase = 1 /\\ e.ok /\\ DmaBufPollDone(e.p) /\\ Done(k)
              \\/ e.op = "poll" /\\ phase = 1 /\\ ~e.ok /\\ DmaBufPollTimeout(e.p) /\\ Done(k)
              \\/ e.op = "poll_sf" /\\ e.sf <= Len(syncFiles) /\\ SyncFileSignalled(e.sf) = e.ok
                   /\\ UNCHANGED vars /\\ Done(k)
              \\/ e.op = "export" /\\ DmaBufExportSyncFile(e.r, e.w)
                   /\\ (e.hasFs => syncFiles'[Len(syncFiles')].fences = e.fs) /\\ Done(k)
              \\/ e.op = "import" /\\ (e.hasFs \\/ e.sf <= Len(syncFiles))
                   /\\ DmaBufImportSyncFile(e.r, IF e.hasFs THEN e.fs ELSE SyncFileFences(e.sf), e.w) /\\ Done(k)
              \\/ e.op = "vgem" /\\ VgemFenceAttach(e.r, e.f, e.w)
                   /\\ (IF e.ok THEN everAdded'[e.r][e.f] /= NoUsage ELSE signalled'[e.f]) /\\ Done(k)

            \\* A fence signal the trace did not log (a vgem timer, a driver's interrupt).
            Hidden ==
              /\\ hid < MaxHidden
              /\\ \\E f \\in HiddenFences : DmaFenceSignal(f)
              /\\ hid' = hid + 1 /\\ UNCHANGED <<prefix, above, half>>

            TraceNext == (\\E k \\in Cands : ~IsDone(k) /\\ Ready(k) /\\ Match(k)) \\/ Hidden

            \\* Violated exactly when every record matched: the trace is accepted.
            TraceNotYetMatched == prefix < N

            \\* Reports each new longest matched prefix (rejections name the record after it).
            Furthest == prefix > TLCGet(1) => (TLCSet(1, prefix) /\\ PrintT(<<"matched", prefix>>))
            """;

    private static String set(Set<String> s) {
        StringBuilder b = new StringBuilder("{");
        int k = 0;
        for (String x : s) {
            b.append(k++ > 0 ? ", " : "").append(str(x));
        }
        return b.append('}').toString();
    }

    /** Field 0 (context) renumbered 1, 2, ...: TLC integers are 32-bit and only equality matters. */
    private String caseOf(Set<String> fs, int field) {
        StringBuilder b = new StringBuilder("CASE ");
        Map<Long, Integer> contexts = new LinkedHashMap<>();
        int k = 0;
        for (String f : fs) {
            long v = fences.get(f)[field];
            long shown = field == 0 ? contexts.computeIfAbsent(v, c -> contexts.size() + 1) : v;
            b.append(k++ > 0 ? " [] " : "").append("f = ").append(str(f)).append(" -> ").append(shown);
        }
        return b.toString();
    }

    private static String tla(boolean v) {
        return v ? "TRUE" : "FALSE";
    }

    static String str(String s) {
        return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }
}
