package org.dmabufspec.conformance.capture;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.dmabufspec.trace.CaptureInfo;
import org.dmabufspec.trace.Clock;
import org.dmabufspec.trace.Errno;
import org.dmabufspec.trace.Implementation;
import org.dmabufspec.trace.KernelBehaviour;
import org.dmabufspec.trace.KernelInfo;
import org.dmabufspec.trace.Op;
import org.dmabufspec.trace.TraceEvent;
import org.dmabufspec.trace.TraceHeader;

/**
 * Turns the probe hits of a raw capture into a trace of the dmabuf-spec format (v1).
 *
 * <ul>
 *   <li>Each call is the pair of its entry and return hit on one thread (per task, and per
 *       interrupt context on a CPU): {@code start} = entry, {@code end} = return.</li>
 *   <li>Only outermost calls are events: what a probed function calls inside (the
 *       {@code dma_buf_map_attachment} and the lock inside {@code dma_buf_map_attachment_unlocked},
 *       the {@code dma_buf_pin} inside an attach, the wait inside {@code dma_buf_begin_cpu_access})
 *       is the kernel's implementation of the outer call, which the specs model as one action.</li>
 *   <li>Pointers are object ids: a buffer from its {@code dma_buf_export} to its
 *       {@code dma_buf_release}, an attachment to its detach, an sg_table while the kernel keeps it
 *       (unmapped, or cached in the attachment up to 6.14), a fence from its {@code dma_fence_init}.</li>
 *   <li>{@code ww_mutex_*} on a buffer's reservation lock are {@code dma_resv_lock}/{@code _unlock}
 *       (the dma_resv wrappers are inline); they also give each thread's holds, from which every
 *       core call gets {@code resv_held} at its start, as lockdep would see it. Locks of anything
 *       else are ignored.</li>
 *   <li>{@code site} is where the call came from: the kretprobe's return address, i.e. the
 *       driver's function ({@code t_map+0x1d/0x80 [dmabuf_conformance]}).</li>
 * </ul>
 */
public final class CaptureConverter {
    static final String VERSION = "1";
    private static final String[] DIRS = {"BIDIRECTIONAL", "TO_DEVICE", "FROM_DEVICE"};
    private static final String[] USAGES = {"KERNEL", "WRITE", "READ", "BOOKKEEP"};
    private static final Set<String> SIGNALS = Set.of("dma_fence_signal", "dma_fence_signal_locked",
            "dma_fence_signal_timestamp", "dma_fence_signal_timestamp_locked");

    private final RawCapture raw;
    private final KernelBehaviour.Label behaviour;
    private final Map<Integer, String> comms = new HashMap<>();
    private final Map<String, Deque<Frame>> stacks = new HashMap<>();
    private final List<Call> calls = new ArrayList<>();
    private final List<String> notes = new ArrayList<>();
    private int unmatchedReturns;
    private int unseenCallbacks;

    // live objects by address
    private final Map<Long, Buffer> buffers = new HashMap<>();
    private final Map<Long, Buffer> byResv = new HashMap<>();
    private final Map<Long, Attachment> attachments = new HashMap<>();
    private final Map<Long, String> sgts = new HashMap<>();
    private final Map<Long, String> fences = new HashMap<>();
    private final Map<Long, String> cbs = new HashMap<>();
    private final Map<Long, Ctx> ctxs = new HashMap<>();
    private Ev ctxInit;
    private final Map<String, Set<Long>> holds = new HashMap<>();
    private final Map<String, Integer> counters = new HashMap<>();
    private final Set<String> preexisting = new HashSet<>();

    private static final class Buffer {
        final String id;
        final long resv;
        final boolean dynamic;
        final boolean cache;

        Buffer(String id, long resv, boolean dynamic, boolean cache) {
            this.id = id;
            this.resv = resv;
            this.dynamic = dynamic;
            this.cache = cache;
        }
    }

    private record Attachment(String id, Buffer buf, boolean dynamic, Set<Long> sgts) {
    }

    private static final class Frame {
        final RawRecord entry;
        final Frame parent;
        final Set<Long> heldAtEntry;
        /** seq of this call's event once written; 0 while not (yet) an event */
        long seq;

        Frame(RawRecord entry, Frame parent, Set<Long> heldAtEntry) {
            this.entry = entry;
            this.parent = parent;
            this.heldAtEntry = heldAtEntry;
        }
    }

    private record Call(String thread, RawRecord entry, RawRecord ret, Set<Long> heldAtEntry, Frame frame) {
    }

    /**
     * An event while its call is converted (the fields are set case by case, seq and caller once
     * the events are ordered); {@link #event} makes the format's record of it, which TraceJson writes.
     */
    private static final class Ev {
        final long line;
        long seq;
        Long caller;
        String thread;
        long cpu;
        long start;
        long end;
        String op;
        String buf;
        String attach;
        String dev;
        String fence;
        String ctx;
        String sgt;
        String cb;
        final Map<String, Object> args = new LinkedHashMap<>();
        String result = TraceEvent.OK;
        Object ret;
        Boolean resvHeld;
        String site;

        Ev(long line) {
            this.line = line;
        }

        TraceEvent event(String file) throws CaptureFormatException {
            Op o = Op.fromWire(op);
            if (o == null) {
                throw new CaptureFormatException(file, line, "event", "no trace operation named " + op);
            }
            return new TraceEvent(0, seq, thread, cpu, start, end, o, null, caller, result, ret, resvHeld, buf, attach, dev, fence,
                    null, ctx, null, sgt, cb, args.isEmpty() ? Map.of() : java.util.Collections.unmodifiableMap(args),
                    null, false, Set.of(), site, null, null);
        }
    }

    private CaptureConverter(RawCapture raw) {
        this.raw = raw;
        this.behaviour = KernelBehaviour.Label.parse(raw.release());
    }

    /** Converts a parsed capture; {@code scenario} (nullable) goes into the header. */
    public static CapturedTrace convert(RawCapture raw, String scenario) throws CaptureFormatException {
        CaptureConverter c;
        try {
            c = new CaptureConverter(raw);
        } catch (IllegalArgumentException e) {
            throw new CaptureFormatException(raw.file(), 1, "kernel", e.getMessage());
        }
        return c.run(scenario);
    }

    private CapturedTrace run(String scenario) throws CaptureFormatException {
        if (!raw.missed().isEmpty()) {
            throw new CaptureFormatException(raw.file(), 0, "missed", "kretprobes missed returns " + raw.missed()
                    + ": more concurrent calls than the probe's instances; the intervals cannot be paired");
        }
        for (RawRecord r : raw.records()) {
            if (!r.task().equals("<...>")) {
                comms.putIfAbsent(r.pid(), r.task());
            }
        }
        if (raw.stub() != 0) {
            fences.put(raw.stub(), "stub");
        }
        for (RawRecord r : raw.records()) {
            step(r);
        }
        int open = stacks.values().stream().mapToInt(Deque::size).sum();
        if (open > 0) {
            notes.add(open + " calls were still running when the capture stopped (no return): not in the trace");
        }
        if (unmatchedReturns > 0) {
            notes.add(unmatchedReturns + " returns of calls entered before the capture started: not in the trace");
        }
        // seq in start order; ids and lifetimes follow the same order
        calls.sort(java.util.Comparator.comparingLong((Call x) -> x.entry.tsNs()).thenComparingLong(x -> x.entry.line()));
        List<Ev> events = new ArrayList<>();
        for (Call call : calls) {
            Ev e = event(call);
            if (e == null) {
                continue;
            }
            Ev init = ctxInit;
            if (init != null) {
                ctxInit = null;
                init.seq = events.size() + 1;
                events.add(init);
            }
            e.seq = events.size() + 1;
            call.frame.seq = events.size() + 1;
            for (Frame p = call.frame.parent; p != null; p = p.parent) {
                if (p.seq > 0) {
                    e.caller = p.seq;
                    break;
                }
            }
            events.add(e);
        }
        if (unseenCallbacks > 0) {
            notes.add(unseenCallbacks + " fence callbacks added before the capture started were removed: not in the trace");
        }
        if (!preexisting.isEmpty()) {
            notes.add("objects that existed before the capture started (their creation is not in the trace): "
                    + String.join(", ", preexisting.stream().sorted().toList()));
        }
        Observation obs = Observation.of(raw);
        List<TraceEvent> records = new ArrayList<>(events.size());
        for (Ev e : events) {
            records.add(e.event(raw.file()));
        }
        return new CapturedTrace(header(scenario, obs), List.copyOf(records), obs, List.copyOf(notes));
    }

    private TraceHeader header(String scenario, Observation obs) {
        KernelInfo k = new KernelInfo(new KernelBehaviour(behaviour, "y".equals(raw.config().get("DMABUF_MOVE_NOTIFY"))), raw.release(),
                config("DMABUF_DEBUG"), config("LOCKDEP"));
        boolean missing = !obs.missing().isEmpty();
        CaptureInfo cap = new CaptureInfo(String.join(" ", obs.probes()),
                missing ? String.join("; ", obs.missing().entrySet().stream().map(m -> m.getKey() + ": " + m.getValue()).toList()) : null,
                missing ? String.join(" ", obs.unjudged()) : null, String.join("; ", obs.unobserved()), raw.pid());
        return new TraceHeader(new Implementation("capture", VERSION), k, Clock.MONOTONIC_NS, scenario, null, null, null, cap);
    }

    /** A kernel config option as the header's boolean, or null when the capture did not read it as y or n. */
    private Boolean config(String option) {
        String v = raw.config().get(option);
        return "y".equals(v) || "n".equals(v) ? "y".equals(v) : null;
    }

    // ---------------------------------------------------------------- pairing entries and returns

    private String threadOf(RawRecord r) {
        String comm = comms.getOrDefault(r.pid(), "task");
        return switch (r.context()) {
            case 'h', 'H', 'z' -> "hardirq/cpu" + r.cpu();
            case 's' -> "softirq/cpu" + r.cpu();
            default -> comm + "-" + r.pid();
        };
    }

    private void step(RawRecord r) throws CaptureFormatException {
        String thread = threadOf(r);
        Deque<Frame> stack = stacks.computeIfAbsent(thread, t -> new ArrayDeque<>());
        String ev = r.event();
        if (ev.endsWith("__r")) {
            String fn = ev.substring(0, ev.length() - 3);
            if (stack.isEmpty()) {
                unmatchedReturns++;
                return;
            }
            Frame top = stack.peek();
            if (!top.entry.event().equals(fn)) {
                throw new CaptureFormatException(raw.file(), r.line(), "event", "return of " + fn + " on " + thread
                        + " while the innermost open call is " + top.entry.event() + " (line " + top.entry.line()
                        + "): a return was lost");
            }
            stack.pop();
            afterReturn(thread, top.entry, r);
            // a call made by the core itself is its implementation of the outer call; one made by
            // a driver inside a callback (an importer unmapping in move_notify) is the driver's own
            if (top.parent == null || !isCore(r.returnSite())) {
                calls.add(new Call(thread, top.entry, r, top.heldAtEntry, top));
            }
            return;
        }
        boolean hasReturn = raw.probes().containsKey(ev + "__r");
        Set<Long> held = Set.copyOf(holds.getOrDefault(thread, Set.of()));
        beforeEntry(thread, r);
        if (!hasReturn) {
            calls.add(new Call(thread, r, null, Set.of(), null)); // entry-only probes (dma_buf_release) end lifetimes
            return;
        }
        stack.push(new Frame(r, stack.peek(), held));
    }

    // Lifetimes and holds change at the point the kernel changes them.
    private void beforeEntry(String thread, RawRecord r) throws CaptureFormatException {
        switch (r.event()) {
            case "ww_mutex_unlock" -> holds.getOrDefault(thread, new HashSet<>()).remove(addr(r, "lock"));
            default -> { }
        }
    }

    private void afterReturn(String thread, RawRecord entry, RawRecord ret) throws CaptureFormatException {
        switch (entry.event()) {
            case "ww_mutex_lock", "ww_mutex_lock_interruptible" -> {
                if (num(ret, "ret") == 0) {
                    holds.computeIfAbsent(thread, t -> new HashSet<>()).add(addr(entry, "lock"));
                }
            }
            case "ww_mutex_trylock" -> {
                if (num(ret, "ret") == 1) {
                    holds.computeIfAbsent(thread, t -> new HashSet<>()).add(addr(entry, "lock"));
                }
            }
            default -> { }
        }
    }

    // ---------------------------------------------------------------- one call to one event

    private Ev event(Call c) throws CaptureFormatException {
        RawRecord in = c.entry;
        RawRecord out = c.ret;
        String fn = in.event();
        if (out == null) {
            if (fn.equals("dma_buf_release")) {
                Buffer b = buffers.remove(addr(in, "buf"));
                if (b != null) {
                    byResv.remove(b.resv);
                    attachments.values().removeIf(a -> a.buf == b);
                }
            }
            return null;
        }
        Ev e = new Ev(in.line());
        e.thread = c.thread;
        e.cpu = in.cpu();
        e.start = in.tsNs();
        e.end = out.tsNs();
        Map<String, Object> args = e.args;
        Object result = 0;
        Buffer resvOf = null;
        switch (fn) {
            case "dma_buf_export" -> {
                op(e, fn);
                long ret = addr(out, "ret");
                boolean dynamic = addr(in, "pin") != 0;
                boolean cache = in.args().containsKey("cache") && num(in, "cache") != 0;
                args.put("exporter", in.args().getOrDefault("name", "?"));
                args.put("dynamic", dynamic);
                args.put("cache_sgt_mapping", cache);
                args.put("size", num(in, "size"));
                String err = errPtr(out, ret);
                if (err != null) {
                    result = err;
                } else {
                    Buffer b = new Buffer(next("b"), addr(out, "resv"), dynamic, cache);
                    buffers.put(ret, b);
                    byResv.put(b.resv, b);
                    e.buf = b.id;
                }
            }
            case "dma_buf_get" -> {
                long ret = addr(out, "ret");
                String err = errPtr(out, ret);
                op(e, fn);
                if (err != null) {
                    result = err;
                } else {
                    e.buf = buffer(ret, addr(out, "resv")).id;
                }
            }
            case "dma_buf_put" -> {
                op(e, fn);
                Buffer b = buffer(addr(in, "buf"), 0);
                e.buf = b.id;
                args.put("last", num(in, "fc") == 1);
                resvOf = b;
            }
            case "dma_buf_attach", "dma_buf_dynamic_attach" -> {
                op(e, fn);
                Buffer b = buffer(addr(in, "buf"), addr(in, "resv"));
                e.buf = b.id;
                boolean dynamic = fn.equals("dma_buf_dynamic_attach") && addr(in, "ops") != 0;
                long ret = addr(out, "ret");
                String err = errPtr(out, ret);
                if (err != null) {
                    result = err;
                } else {
                    Attachment a = new Attachment(next("a"), b, dynamic, new HashSet<>());
                    attachments.put(ret, a);
                    e.attach = a.id;
                }
                e.dev = in.args().getOrDefault("dev", "?");
                if (fn.equals("dma_buf_dynamic_attach")) {
                    args.put("allow_peer2peer", num(in, "p2p") != 0);
                    args.put("move_notify", addr(in, "mn") != 0);
                }
                resvOf = b;
            }
            case "dma_buf_detach" -> {
                op(e, fn);
                Buffer b = buffer(addr(in, "buf"), 0);
                Attachment a = attachment(addr(in, "att"), b);
                e.buf = b.id;
                e.attach = a.id;
                a.sgts.forEach(sgts::remove);
                attachments.remove(addr(in, "att"));
                resvOf = b;
            }
            case "dma_buf_pin", "dma_buf_unpin" -> {
                op(e, fn);
                Attachment a = attachment(addr(in, "att"), buffer(addr(in, "buf"), 0));
                e.buf = a.buf.id;
                e.attach = a.id;
                if (fn.equals("dma_buf_pin")) {
                    result = errno(out, num(out, "ret"));
                }
                resvOf = a.buf;
            }
            case "dma_buf_map_attachment", "dma_buf_map_attachment_unlocked" -> {
                op(e, fn);
                Attachment a = attachment(addr(in, "att"), buffer(addr(in, "buf"), 0));
                e.buf = a.buf.id;
                e.attach = a.id;
                long ret = addr(out, "ret");
                String err = errPtr(out, ret);
                if (err != null) {
                    result = err;
                } else {
                    String s = sgts.get(ret);
                    if (s == null) {
                        s = next("s");
                        sgts.put(ret, s);
                        a.sgts.add(ret);
                    }
                    e.sgt = s;
                }
                args.put("dir", dir(in));
                resvOf = a.buf;
            }
            case "dma_buf_unmap_attachment", "dma_buf_unmap_attachment_unlocked" -> {
                op(e, fn);
                Attachment a = attachment(addr(in, "att"), buffer(addr(in, "buf"), 0));
                e.buf = a.buf.id;
                e.attach = a.id;
                long sgt = addr(in, "sgt");
                String s = sgts.get(sgt);
                if (s == null) {
                    s = next("s");
                    preexisting.add(s);
                }
                e.sgt = s;
                // up to 6.14 the core keeps a cached table in the attachment until the detach
                if (!cached(a)) {
                    sgts.remove(sgt);
                    a.sgts.remove(sgt);
                }
                args.put("dir", dir(in));
                resvOf = a.buf;
            }
            case "dma_buf_move_notify", "dma_buf_vunmap", "dma_buf_vunmap_unlocked" -> {
                op(e, fn);
                Buffer b = buffer(addr(in, "buf"), 0);
                e.buf = b.id;
                resvOf = b;
            }
            case "dma_buf_vmap", "dma_buf_vmap_unlocked" -> {
                op(e, fn);
                Buffer b = buffer(addr(in, "buf"), 0);
                e.buf = b.id;
                result = errno(out, num(out, "ret"));
                resvOf = b;
            }
            case "dma_buf_begin_cpu_access", "dma_buf_end_cpu_access" -> {
                op(e, fn);
                Buffer b = buffer(addr(in, "buf"), 0);
                e.buf = b.id;
                args.put("dir", dir(in));
                result = errno(out, num(out, "ret"));
                resvOf = b;
            }
            case "ww_mutex_lock", "ww_mutex_lock_interruptible", "ww_mutex_trylock", "ww_mutex_unlock" -> {
                Buffer b = byResv.get(addr(in, "lock"));
                if (b == null) {
                    return null; // not a dma-buf's reservation lock
                }
                e.op = switch (fn) {
                    case "ww_mutex_lock" -> "dma_resv_lock";
                    case "ww_mutex_lock_interruptible" -> "dma_resv_lock_interruptible";
                    case "ww_mutex_trylock" -> "dma_resv_trylock";
                    default -> "dma_resv_unlock";
                };
                e.buf = b.id;
                long ctx = in.args().containsKey("ctx") ? addr(in, "ctx") : 0;
                Ctx cx = null;
                if (ctx != 0 && !fn.equals("ww_mutex_trylock")) {
                    String id = context(c, ctx);
                    e.ctx = id;
                    cx = ctxs.get(ctx);
                }
                if (fn.equals("ww_mutex_trylock")) {
                    e.ret = num(out, "ret") == 1;
                } else if (!fn.equals("ww_mutex_unlock")) {
                    result = errno(out, num(out, "ret"));
                    long lock = addr(in, "lock");
                    // ww_mutex_lock_slow is an inline wrapper: the lock of the contended mutex after -EDEADLK
                    if (cx != null && cx.contended[0] == lock && fn.equals("ww_mutex_lock")) {
                        e.op = "dma_resv_lock_slow";
                        cx.contended[0] = 0;
                    }
                    if (cx != null && "EDEADLK".equals(result)) {
                        cx.contended[0] = lock;
                    }
                }
                resvOf = b;
            }
            case "dma_resv_reserve_fences", "dma_resv_add_fence", "dma_resv_test_signaled", "dma_resv_wait_timeout" -> {
                Buffer b = byResv.get(addr(in, "resv"));
                if (b == null) {
                    return null; // a reservation object that is no dma-buf's (a driver's own BO)
                }
                op(e, fn);
                e.buf = b.id;
                switch (fn) {
                    case "dma_resv_reserve_fences" -> {
                        args.put("num", num(in, "num"));
                        result = errno(out, num(out, "ret"));
                    }
                    case "dma_resv_add_fence" -> {
                        e.fence = fence(addr(in, "fence"));
                        args.put("usage", usage(in));
                    }
                    case "dma_resv_test_signaled" -> {
                        args.put("usage", usage(in));
                        e.ret = num(out, "ret") != 0;
                    }
                    default -> {
                        args.put("usage", usage(in));
                        long t = num(in, "timeout");
                        if (t == Long.MAX_VALUE) {
                            args.put("timeout", "MAX");
                        } else {
                            args.put("timeout", t);
                        }
                        args.put("intr", num(in, "intr") != 0);
                        long r = num(out, "ret");
                        if (r < 0) {
                            result = errno(out, r);
                        } else {
                            e.ret = r;
                        }
                    }
                }
                resvOf = b;
            }
            case "dma_fence_init" -> {
                op(e, fn);
                String f = next("f");
                fences.put(addr(in, "fence"), f);
                e.fence = f;
                args.put("context", num(in, "context"));
                args.put("seqno", num(in, "seqno"));
            }
            case "dma_fence_add_callback" -> {
                op(e, fn);
                e.fence = fence(addr(in, "fence"));
                result = errno(out, num(out, "ret"));
                if (Integer.valueOf(0).equals(result)) {
                    String cb = next("cb");
                    cbs.put(addr(in, "cb"), cb);
                    e.cb = cb;
                }
            }
            case "dma_fence_remove_callback" -> {
                op(e, fn);
                e.fence = fence(addr(in, "fence"));
                String cb = cbs.remove(addr(in, "cb"));
                if (cb == null) {
                    // sync_file_release removes its poll callback even when add_callback found the
                    // fence signalled and registered nothing: a no-op on a callback that never existed.
                    // One that was removed had been added before the capture started.
                    if (num(out, "ret") != 0) {
                        unseenCallbacks++;
                    }
                    return null;
                }
                e.cb = cb;
                e.ret = num(out, "ret") != 0;
            }
            case "dma_fence_wait_timeout" -> {
                op(e, fn);
                e.fence = fence(addr(in, "fence"));
                args.put("timeout", num(in, "timeout"));
                args.put("intr", num(in, "intr") != 0);
                long r = num(out, "ret");
                if (r < 0) {
                    result = errno(out, r);
                } else {
                    e.ret = r;
                }
            }
            case "dma_fence_enable_sw_signaling" -> {
                op(e, fn);
                e.fence = fence(addr(in, "fence"));
            }
            default -> {
                if (!SIGNALS.contains(fn)) {
                    throw new CaptureFormatException(raw.file(), in.line(), "event", "no conversion for probe " + fn);
                }
                if (out.returnSite().startsWith("dma_fence_get_stub+")) {
                    fences.put(addr(in, "fence"), "stub"); // its one-time initialisation, not a signal of a fence
                    return null;
                }
                e.op = "dma_fence_signal";
                e.fence = fence(addr(in, "fence"));
                result = errno(out, num(out, "ret"));
            }
        }
        e.result = result instanceof String errno ? errno : TraceEvent.OK;
        if (resvOf != null) {
            e.resvHeld = c.heldAtEntry.contains(resvOf.resv);
        }
        e.site = out.returnSite();
        return e;
    }

    /**
     * The id of an acquire context. ww_acquire_init is inline: a context is known by its address
     * and stamp (a new stamp at the same stack address is a new context), and its init is
     * written just before its first lock, with the stamp the probe read from it.
     */
    private String context(Call c, long addr) throws CaptureFormatException {
        long stamp = c.entry.args().containsKey("stamp") ? num(c.entry, "stamp") : 0;
        Ctx known = ctxs.get(addr);
        if (known != null && known.stamp == stamp) {
            return known.id;
        }
        Ctx fresh = new Ctx(next("c"), stamp, new long[1]);
        ctxs.put(addr, fresh);
        Ev init = new Ev(c.entry.line());
        init.thread = c.thread;
        init.cpu = c.entry.cpu();
        init.start = c.entry.tsNs();
        init.end = c.entry.tsNs();
        init.op = "ww_acquire_init";
        init.ctx = fresh.id;
        init.args.put("stamp", stamp);
        ctxInit = init;
        return fresh.id;
    }

    /** contended: the lock lost with -EDEADLK, 0 when none (a one-element array: records are immutable) */
    private record Ctx(String id, long stamp, long[] contended) {
    }

    /** Whether a return address is inside the dma-buf core (built in, one of its own functions). */
    static boolean isCore(String site) {
        if (site.startsWith("[unknown/kretprobe'd]")) {
            return true; // a tail call from a function with a return probe: one of ours, the core's
        }
        if (site.contains("[")) {
            return false;
        }
        String fn = site.split("\\+", 2)[0];
        for (String p : CORE_PREFIXES) {
            if (fn.startsWith(p)) {
                return true;
            }
        }
        return false;
    }

    private static final List<String> CORE_PREFIXES = List.of("dma_buf_", "__dma_buf_", "dma_resv_", "__map_dma_buf",
            "__unmap_dma_buf", "dma_fence_", "__dma_fence_", "ww_mutex_", "__ww_mutex_");

    private boolean cached(Attachment a) {
        boolean caches = behaviour == KernelBehaviour.Label.V6_1 || behaviour == KernelBehaviour.Label.V6_2;
        return caches && (a.buf.cache || a.dynamic != a.buf.dynamic);
    }

    private static void op(Ev e, String fn) {
        e.op = fn;
    }

    private String next(String kind) {
        int n = counters.merge(kind, 1, Integer::sum);
        return kind + n;
    }

    private Buffer buffer(long addr, long resv) {
        Buffer b = buffers.get(addr);
        if (b == null) {
            b = new Buffer(next("b"), resv, false, false);
            buffers.put(addr, b);
            if (resv != 0) {
                byResv.put(resv, b);
            }
            preexisting.add(b.id);
        }
        return b;
    }

    private Attachment attachment(long addr, Buffer b) {
        Attachment a = attachments.get(addr);
        if (a == null) {
            a = new Attachment(next("a"), b, false, new HashSet<>());
            attachments.put(addr, a);
            preexisting.add(a.id);
        }
        return a;
    }

    private String fence(long addr) {
        return fences.computeIfAbsent(addr, x -> {
            String f = next("f");
            preexisting.add(f);
            return f;
        });
    }

    private String dir(RawRecord r) throws CaptureFormatException {
        long d = num(r, "dir");
        if (d < 0 || d > 2) {
            throw new CaptureFormatException(raw.file(), r.line(), "dir", "not a dma_data_direction (0-2): " + d);
        }
        return DIRS[(int) d];
    }

    private String usage(RawRecord r) throws CaptureFormatException {
        long u = num(r, "usage");
        if (u < 0 || u > 3) {
            throw new CaptureFormatException(raw.file(), r.line(), "usage", "not a dma_resv_usage (0-3): " + u);
        }
        return USAGES[(int) u];
    }

    /** 0, or the errno name of a negative return. */
    private Object errno(RawRecord r, long v) throws CaptureFormatException {
        if (v >= 0) {
            return 0;
        }
        Errno e = v > -4096 ? Errno.ofValueOrNull(v) : null;
        if (e == null) {
            throw new CaptureFormatException(raw.file(), r.line(), "ret", "return value " + v + " is no errno the trace format knows");
        }
        return e.name();
    }

    /** The errno name of an ERR_PTR, null for a valid pointer; NULL is an error too. */
    private String errPtr(RawRecord r, long ptr) throws CaptureFormatException {
        if (ptr == 0) {
            throw new CaptureFormatException(raw.file(), r.line(), "ret", "NULL where the kernel returns a pointer or ERR_PTR");
        }
        if (ptr < 0 && ptr >= -4095) {
            return (String) errno(r, ptr);
        }
        return null;
    }

    private long addr(RawRecord r, String field) throws CaptureFormatException {
        return parse(r, field, "pointer");
    }

    private long num(RawRecord r, String field) throws CaptureFormatException {
        return parse(r, field, "number");
    }

    /** A decimal or 0x-hex value; {@code kind} names what the field should hold in the error. */
    private long parse(RawRecord r, String field, String kind) throws CaptureFormatException {
        String v = value(r, field);
        try {
            if (v.startsWith("0x")) {
                return Long.parseUnsignedLong(v.substring(2), 16);
            }
            return Long.parseLong(v);
        } catch (NumberFormatException e) {
            throw new CaptureFormatException(raw.file(), r.line(), field, "not a " + kind + ": '" + RawCaptureParser.abbreviate(v) + "'");
        }
    }

    private String value(RawRecord r, String field) throws CaptureFormatException {
        String v = r.args().get(field);
        if (v == null) {
            throw new CaptureFormatException(raw.file(), r.line(), field, "missing in " + r.event() + " (the probe definition lacks it)");
        }
        if (v.equals("(fault)")) {
            throw new CaptureFormatException(raw.file(), r.line(), field, "the kernel could not read it (fault) in " + r.event());
        }
        return v;
    }
}
