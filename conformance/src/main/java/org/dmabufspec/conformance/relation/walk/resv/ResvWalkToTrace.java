package org.dmabufspec.conformance.relation.walk.resv;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

import org.dmabufspec.conformance.relation.resv.DmaResv;
import org.dmabufspec.conformance.relation.resv.ResvConstants;
import org.dmabufspec.conformance.relation.resv.ResvState;

/**
 * The trace (format v1) a kernel would log for a {@link ResvWalk}. Threads: one per proc ({@code p1},
 * {@code p2}), {@code irq} for fence signals, {@code vgem} for vgem's signals, {@code user} for the
 * proc-less sync_file and vgem ioctls, {@code observer} for the queries, {@code exporter} for the
 * set-up. Step i of the walk owns the logical times [10(i+1), 10(i+1)+9]; a call made of two spec
 * steps starts at its first step and ends at its last, so other threads' calls in between overlap
 * it. Events are written in end order. Ids: buffers are the resvs ({@code r1}, {@code r2}), fences
 * the spec's ({@code f1}..{@code f4} with dma_fence_init first, vgem's {@code v1}, {@code v2}
 * created by their attach), exported sync files {@code sf<n>}.
 *
 * <table>
 * <caption>spec step → logged op(s)</caption>
 * <tr><th>spec step</th><th>op, thread</th></tr>
 * <tr><td>(Init)</td><td>dma_buf_export per resv; dma_fence_init(context, seqno) per non-vgem fence (exporter)</td></tr>
 * <tr><td>DmaFenceSignal(f)</td><td>dma_fence_signal (irq); for a vgem fence DRM_IOCTL_VGEM_FENCE_SIGNAL (vgem)</td></tr>
 * <tr><td>DmaResvLock(p, r)</td><td>dma_resv_lock (p), resv_held false</td></tr>
 * <tr><td>DmaResvReserveFences(p, n)</td><td>dma_resv_reserve_fences num n, resv_held</td></tr>
 * <tr><td>DmaResvAddFence(p, f, u)</td><td>dma_resv_add_fence fence f, usage u, resv_held</td></tr>
 * <tr><td>DmaResvUnlock(p)</td><td>dma_resv_unlock, resv_held</td></tr>
 * <tr><td>DmaResvWaitTimeout(p, u); DmaResvWaitDone(p)</td><td>one dma_resv_wait_timeout(usage u, MAX), resv_held, ret 1</td></tr>
 * <tr><td>DmaBufBeginCpuAccess(p, r, w); DmaBufBeginCpuAccessDone(p)</td><td>one DMA_BUF_IOCTL_SYNC START|RW or START|READ</td></tr>
 * <tr><td>DmaBufEndCpuAccess(p)</td><td>DMA_BUF_IOCTL_SYNC END|RW or END|READ</td></tr>
 * <tr><td>DmaBufPoll(p, r, d); DmaBufPollDone(p) / DmaBufPollTimeout(p)</td><td>one poll, events POLLIN (d = in)
 *     or POLLOUT, ret the direction / "" (p)</td></tr>
 * <tr><td>DmaBufPoll(p, r, d) from poll_woken</td><td>ends the open poll with ret "" and starts a new one
 *     (poll(2) called again after the wake-up)</td></tr>
 * <tr><td>DmaBufExportSyncFile(r, w)</td><td>DMA_BUF_IOCTL_EXPORT_SYNC_FILE flags WRITE/READ, sync_file sf&lt;n&gt;, fences the snapshot (user)</td></tr>
 * <tr><td>DmaBufImportSyncFile(r, s, w)</td><td>DMA_BUF_IOCTL_IMPORT_SYNC_FILE flags WRITE/READ, sync_file sf&lt;n&gt;
 *     (an exported one), fences its components (user)</td></tr>
 * <tr><td>VgemFenceAttach(r, f, w)</td><td>DRM_IOCTL_VGEM_FENCE_ATTACH flags WRITE/"", fence f; when the spec signals f
 *     instead (a conflicting fence pending) result EBUSY and no fence id (user)</td></tr>
 * <tr><td>query DmaResvTestSignaled(r, u)</td><td>dma_resv_test_signaled, ret (observer)</td></tr>
 * <tr><td>query DmaResvGetFences(r, u)</td><td>dma_resv_get_fences, fences = UnsignalledFor(r, u) (observer)</td></tr>
 * <tr><td>query DmaResvWaitTimeoutZero(r, u)</td><td>dma_resv_wait_timeout timeout 0, ret 1 if none pending else 0 (observer)</td></tr>
 * <tr><td>query SyncFilePoll(i)</td><td>poll sync_file sf&lt;i&gt; POLLIN, ret POLLIN iff its fences signalled (observer)</td></tr>
 * </table>
 */
public final class ResvWalkToTrace {
    public static final String SIGNAL_THREAD = "irq";
    public static final String VGEM_THREAD = "vgem";
    public static final String USER_THREAD = "user";
    public static final String OBSERVER_THREAD = "observer";
    private static final String[] USAGE_NAMES = {"KERNEL", "WRITE", "READ", "BOOKKEEP"};

    private final ResvConstants c;
    private final List<ResvEvent> events = new ArrayList<>();
    /** The call each proc has in flight (a wait, SYNC_START, a poll). */
    private final Map<String, ResvEvent> open = new HashMap<>();
    private final Map<String, Boolean> cpuWrite = new HashMap<>();

    private ResvWalkToTrace(ResvConstants c) {
        this.c = c;
    }

    public static ResvTrace trace(ResvWalk walk) {
        ResvWalkToTrace w = new ResvWalkToTrace(walk.constants());
        w.init();
        for (int i = 0; i < walk.steps().size(); i++) {
            w.step(walk.steps().get(i), 10L * (i + 1));
        }
        if (!w.open.isEmpty()) {
            throw new IllegalStateException("calls still open after the drain: " + w.open);
        }
        List<ResvEvent> sorted = new ArrayList<>(w.events);
        sorted.sort(Comparator.comparingLong(ResvEvent::end).thenComparingLong(ResvEvent::start));
        return new ResvTrace("resv-walk-r" + walk.resvCount() + "-seed" + walk.seed() + "-len" + walk.length(), sorted);
    }

    public static String usageName(int u) {
        return USAGE_NAMES[u];
    }

    private void init() {
        long t = 1;
        for (String r : c.resvs()) {
            Map<String, Object> args = new LinkedHashMap<>();
            args.put("exporter", "system");
            args.put("dynamic", false);
            args.put("cache_sgt_mapping", false);
            args.put("size", 4096);
            args.put("placement", "SYSTEM");
            events.add(new ResvEvent("exporter", t, t, "dma_buf_export", Map.of("buf", r), args, "0", null, null));
            t++;
        }
        Map<String, Integer> contexts = new LinkedHashMap<>();
        for (String f : c.fences()) {
            if (c.vgemFences().contains(f)) {
                continue;
            }
            int ctx = contexts.computeIfAbsent(c.context().get(f), k -> contexts.size() + 1);
            Map<String, Object> args = new LinkedHashMap<>();
            args.put("context", ctx);
            args.put("seqno", c.seqno().get(f));
            events.add(new ResvEvent("exporter", t, t, "dma_fence_init", Map.of("fence", f), args, "0", null, null));
            t++;
        }
    }

    private void emit(String thread, long s, long e, String op, Map<String, Object> ids, Map<String, Object> args,
                      String result, Object ret, Boolean held) {
        events.add(new ResvEvent(thread, s, e, op, ids, args, result, ret, held));
    }

    private void openCall(String p, long s, String op, Map<String, Object> ids, Map<String, Object> args, Boolean held) {
        open.put(p, new ResvEvent(p, s, s, op, ids, args, "0", null, held));
    }

    private void closeCall(String p, long e, Object ret) {
        ResvEvent o = open.remove(p);
        if (o == null) {
            throw new IllegalStateException(p + " returns from a call it did not make");
        }
        events.add(new ResvEvent(o.thread(), o.start(), e, o.op(), o.ids(), o.args(), "0", ret, o.resvHeld()));
    }

    private static Map<String, Object> args(Object... kv) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], kv[i + 1]);
        }
        return m;
    }

    private static List<String> sorted(java.util.Collection<String> fs) {
        return List.copyOf(new TreeSet<>(fs));
    }

    private void step(ResvWalkStep st, long t) {
        String p = st.proc();
        String r = st.resv();
        ResvState before = st.before();
        ResvState after = st.after();
        long end = t + 9;
        switch (st.action()) {
            case "DmaFenceSignal" -> {
                if (c.vgemFences().contains(st.fence())) {
                    emit(VGEM_THREAD, t, end, "DRM_IOCTL_VGEM_FENCE_SIGNAL", Map.of("fence", st.fence()), args("flags", "0"), "0",
                            null, null);
                } else {
                    emit(SIGNAL_THREAD, t, end, "dma_fence_signal", Map.of("fence", st.fence()), Map.of(), "0", null, null);
                }
            }
            case "DmaResvLock" -> emit(p, t, end, "dma_resv_lock", Map.of("buf", r), Map.of(), "0", null, false);
            case "DmaResvReserveFences" -> emit(p, t, end, "dma_resv_reserve_fences", Map.of("buf", r), args("num", st.n()), "0",
                    null, true);
            case "DmaResvAddFence" -> emit(p, t, end, "dma_resv_add_fence", Map.of("buf", r, "fence", st.fence()),
                    args("usage", usageName(st.usage())), "0", null, true);
            case "DmaResvUnlock" -> emit(p, t, end, "dma_resv_unlock", Map.of("buf", r), Map.of(), "0", null, true);
            case "DmaResvWaitTimeout" -> openCall(p, t, "dma_resv_wait_timeout", Map.of("buf", r),
                    args("usage", usageName(st.usage()), "timeout", "MAX", "intr", false), true);
            case "DmaResvWaitDone", "DmaBufBeginCpuAccessDone" -> closeCall(p, end, st.action().equals("DmaResvWaitDone") ? 1 : null);
            case "DmaBufBeginCpuAccess" -> {
                cpuWrite.put(p, st.write());
                openCall(p, t, "DMA_BUF_IOCTL_SYNC", Map.of("buf", r), args("flags", st.write() ? "START|RW" : "START|READ"), null);
            }
            case "DmaBufEndCpuAccess" -> emit(p, t, end, "DMA_BUF_IOCTL_SYNC", Map.of("buf", r),
                    args("flags", cpuWrite.remove(p) ? "END|RW" : "END|READ"), "0", null, null);
            case "DmaBufPoll" -> {
                long s = t;
                if (open.containsKey(p)) {
                    closeCall(p, t + 1, "");
                    s = t + 2;
                }
                openCall(p, s, "poll", Map.of("buf", r), args("events", st.dir().equals("in") ? "POLLIN" : "POLLOUT"), null);
            }
            case "DmaBufPollDone" -> closeCall(p, end, DmaResv.pollDirOf(before.query().get(p)).equals("in") ? "POLLIN" : "POLLOUT");
            case "DmaBufPollTimeout" -> closeCall(p, end, "");
            case "DmaBufExportSyncFile" -> emit(USER_THREAD, t, end, "DMA_BUF_IOCTL_EXPORT_SYNC_FILE",
                    Map.of("buf", r, "sync_file", "sf" + st.n(),
                            "fences", sorted(after.syncFiles().get(after.syncFiles().size() - 1).fences())),
                    args("flags", st.write() ? "WRITE" : "READ"), "0", null, null);
            case "DmaBufImportSyncFile" -> {
                emit(USER_THREAD, t, end, "DMA_BUF_IOCTL_IMPORT_SYNC_FILE", Map.of("buf", r, "sync_file", "sf" + st.n(), "fences", st.comps()),
                        args("flags", st.write() ? "WRITE" : "READ"), "0", null, null);
            }
            case "VgemFenceAttach" -> {
                boolean attached = after.everAdded().get(r).get(st.fence()) != DmaResv.NO_USAGE;
                Map<String, Object> ids = attached ? Map.of("buf", r, "fence", st.fence()) : Map.of("buf", r);
                emit(USER_THREAD, t, end, "DRM_IOCTL_VGEM_FENCE_ATTACH", ids, args("flags", st.write() ? "WRITE" : ""),
                        attached ? "0" : "EBUSY", null, null);
            }
            case "DmaResvTestSignaled" -> emit(OBSERVER_THREAD, t, end, "dma_resv_test_signaled", Map.of("buf", r),
                    args("usage", usageName(st.usage())), "0", pending(before, r, st.usage()).isEmpty(), false);
            case "DmaResvGetFences" -> emit(OBSERVER_THREAD, t, end, "dma_resv_get_fences",
                    Map.of("buf", r, "fences", pending(before, r, st.usage())), args("usage", usageName(st.usage())), "0", null, false);
            case "DmaResvWaitTimeoutZero" -> emit(OBSERVER_THREAD, t, end, "dma_resv_wait_timeout", Map.of("buf", r),
                    args("usage", usageName(st.usage()), "timeout", 0, "intr", false), "0",
                    pending(before, r, st.usage()).isEmpty() ? 1 : 0, false);
            case "SyncFilePoll" -> {
                boolean done = before.syncFiles().get(st.n() - 1).fences().stream().allMatch(before.signalled()::get);
                emit(OBSERVER_THREAD, t, end, "poll", Map.of("sync_file", "sf" + st.n()), args("events", "POLLIN"), "0",
                        done ? "POLLIN" : "", null);
            }
            default -> throw new IllegalStateException("no trace mapping for " + st);
        }
    }

    private List<String> pending(ResvState s, String r, int u) {
        return sorted(new DmaResv(c).unsignalledFor(s, r, u));
    }
}
