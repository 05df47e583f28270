package org.dmabufspec.conformance.relation.coherency;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.dmabufspec.trace.KernelBehaviour;
import org.dmabufspec.trace.Op;
import org.dmabufspec.trace.TraceEvent;
import org.dmabufspec.conformance.trace.TraceFormatException;
import org.dmabufspec.conformance.trace.TraceReader;

/**
 * Would the buffer operations of a trace keep every read coherent on a platform whose DMA is not
 * cache-coherent (arm64 without a coherent interconnect)? Each attachment's attach/map/unmap/detach
 * and its buffer's CPU-access brackets, in trace order, go through {@link StaleReadCheck}: from the
 * states the buffer reached without attachments (CPU stores made before the attach count) until
 * its detach and then until no stale copy is left.
 *
 * <p>Per attachment, as DmaBufCoherency.tla has one: other attachments of the same buffer are
 * ignored, so their maintenance cannot mask a hazard (it may, rarely, make one reported here
 * harmless). The exporter counts as having begin/end_cpu_access when the trace logs an
 * {@code exporter.begin_cpu_access}/{@code end_cpu_access} for the buffer. Overlapping events
 * of several threads are taken in file order. DRM PRIME imports count through their nested
 * dma_buf_attach/map events, so a trace that does not log those (native runs) shows no attachment.
 */
public final class TraceCoherency {

    /** Where an operation was logged: the trace line and the event's op. */
    public record At(long line, String op) {
        static At of(TraceEvent e) {
            return new At(e.line(), e.op().wire());
        }
    }

    /**
     * One attachment's result.
     *
     * @param operations the logged operations checked (its own, and its buffer's brackets while it mattered)
     * @param maps       how many of them were dma_buf_map_attachment
     * @param brackets   how many were SYNC_START / begin_cpu_access
     * @param at         where the verdict was reached (the op after which a read can be stale, or the op
     *                   that is not enabled); null when coherent
     */
    public record AttachmentCoherency(String buf, String attach, String setting, int operations, int maps,
                                      int brackets, At at, CoherencyVerdict verdict) {

        /** One line for a kernel developer. */
        public String describe() {
            String who = "buffer " + buf + ", attachment " + attach + " (" + setting + ")";
            if (verdict instanceof CoherencyVerdict.StaleRead s) {
                LastRead r = s.witness().lastRead();
                String reader = r.by() == Party.CPU ? "a CPU load inside the SYNC bracket" : "a device DMA read";
                String writer = r.writer() == Party.CPU ? "the CPU's store" : r.writer() == Party.DEVICE
                        ? "the device's write" : "the initial contents";
                return who + ": after " + where() + ", " + reader + " can return data older than " + writer
                        + " on a non-coherent platform (ReadsSeeLastWrite)";
            }
            if (verdict instanceof CoherencyVerdict.NotEnabled n) {
                return who + ": " + where() + " is outside the coherency model: " + n.condition();
            }
            return who + ": every read sees the last write (" + operations + " operations)";
        }

        private String where() {
            return at == null ? "the start" : "line " + at.line() + " (" + at.op() + ")";
        }
    }

    /** What pass 1 learns about a buffer's exporter. */
    private record Exporter(boolean dynamic, boolean cacheSgtMapping) {
    }

    /** One attachment being checked (pass 2). */
    private static final class Tracked {
        final String buf;
        final String attach;
        final boolean dynamicImporter;
        String setting;
        StaleReadCheck.Session session; // null until the first map for a cache_sgt_mapping exporter
        boolean detached;
        int operations;
        int maps;
        int brackets;
        At at;

        Tracked(String buf, String attach, boolean dynamicImporter) {
            this.buf = buf;
            this.attach = attach;
            this.dynamicImporter = dynamicImporter;
        }

        void apply(CoherencyOp op, At where) {
            if (session == null || session.decided()) {
                return;
            }
            session.apply(op);
            operations++;
            maps += op instanceof CoherencyOp.MapAttachment ? 1 : 0;
            brackets += op instanceof CoherencyOp.SyncStart ? 1 : 0;
            if (session.decided()) {
                at = where;
            }
        }

        /** Nothing more to learn: decided, or detached with no stale copy left. */
        boolean finished() {
            return session == null ? detached : session.decided() || detached && session.settledUnattached();
        }

        AttachmentCoherency result() {
            return new AttachmentCoherency(buf, attach, setting, operations, maps, brackets, at,
                    session == null ? new CoherencyVerdict.Coherent() : session.result());
        }
    }

    private TraceCoherency() {
    }

    /**
     * Every attachment of the trace, in the order they were created. Two streaming passes (the
     * first learns which exporters have begin/end_cpu_access); memory grows with the attachments
     * alive at once, not with the trace.
     */
    public static List<AttachmentCoherency> check(Path trace, boolean fromDeviceMapInvalidates)
            throws IOException, TraceFormatException {
        Map<String, Exporter> exporters = new HashMap<>();
        Set<String> exporterCpuOps = new HashSet<>();
        KernelBehaviour.Label behaviour;
        try (TraceReader reader = new TraceReader(trace)) {
            behaviour = reader.header().behaviour().label();
            for (TraceEvent e = reader.next(); e != null; e = reader.next()) {
                if (!e.succeeded()) {
                    continue;
                }
                if (e.op() == Op.DMA_BUF_EXPORT) {
                    exporters.put(e.buf(), new Exporter(Boolean.TRUE.equals(e.argBool("dynamic")),
                            Boolean.TRUE.equals(e.argBool("cache_sgt_mapping"))));
                } else if (e.op() == Op.EXPORTER_BEGIN_CPU_ACCESS || e.op() == Op.EXPORTER_END_CPU_ACCESS) {
                    exporterCpuOps.add(e.buf());
                }
            }
        }
        Map<String, StaleReadCheck> checks = new HashMap<>();
        // the buffer without its attachments: where each new attachment starts from
        Map<String, StaleReadCheck.Session> unattached = new HashMap<>();
        Map<String, At> unattachedDecidedAt = new HashMap<>();
        Map<String, Tracked> live = new LinkedHashMap<>();
        Map<String, List<Tracked>> liveByBuf = new HashMap<>();
        Map<String, AttachmentCoherency> results = new LinkedHashMap<>();
        try (TraceReader reader = new TraceReader(trace)) {
            for (TraceEvent e = reader.next(); e != null; e = reader.next()) {
                if (!e.succeeded()) {
                    continue;
                }
                List<CoherencyOp> ops = coherencyOps(e);
                if (ops.isEmpty()) {
                    continue;
                }
                At where = At.of(e);
                CoherencyOp first = ops.get(0);
                if (isBracket(first)) {
                    StaleReadCheck.Session b = unattached.computeIfAbsent(e.buf(),
                            x -> check(checks, "6.15", DmaDirection.BIDIRECTIONAL, true, false).start());
                    if (!b.decided()) {
                        b.apply(first);
                        if (b.decided()) {
                            unattachedDecidedAt.put(e.buf(), where);
                        }
                    }
                    List<Tracked> onBuf = liveByBuf.getOrDefault(e.buf(), List.of());
                    for (Tracked t : List.copyOf(onBuf)) {
                        t.apply(first, where);
                        if (t.finished()) {
                            finish(t, live, liveByBuf, results);
                        }
                    }
                    continue;
                }
                if (e.attach() == null) {
                    continue;
                }
                Tracked t = live.get(e.attach());
                if (first instanceof CoherencyOp.Attach) {
                    if (t != null || results.containsKey(e.attach())) {
                        continue; // the trace reader and the fast checker report a reused attachment id
                    }
                    t = new Tracked(e.buf(), e.attach(), e.op() == Op.DMA_BUF_DYNAMIC_ATTACH);
                    live.put(e.attach(), t);
                    liveByBuf.computeIfAbsent(e.buf(), x -> new ArrayList<>()).add(t);
                    results.put(e.attach(), null);
                    Exporter ex = exporters.getOrDefault(e.buf(), new Exporter(false, false));
                    boolean cpuOps = exporterCpuOps.contains(e.buf());
                    StaleReadCheck.Session from = unattached.computeIfAbsent(e.buf(),
                            x -> check(checks, "6.15", DmaDirection.BIDIRECTIONAL, true, false).start());
                    boolean mismatch = t.dynamicImporter != ex.dynamic();
                    if (behaviour.cachesSgTables() && mismatch) {
                        // R11: a static/dynamic mismatch maps BIDIRECTIONAL at attach and caches it
                        t.setting = "<= 6.14, BIDIRECTIONAL sg_table cached at attach";
                        t.session = check(checks, "6.2", DmaDirection.BIDIRECTIONAL, cpuOps, fromDeviceMapInvalidates)
                                .startFrom(from.states());
                    } else if (behaviour.cachesSgTables() && ex.cacheSgtMapping()) {
                        // R11, cache_sgt_mapping: the first map's table and direction are cached, so the
                        // model's attach-time mapping happens at that first map (see below)
                        t.setting = "<= 6.14, cache_sgt_mapping, not mapped";
                    } else {
                        t.setting = behaviour.cachesSgTables() ? "<= 6.14, no sg_table cached" : "6.15+, no sg_table cache";
                        t.session = check(checks, "6.15", DmaDirection.BIDIRECTIONAL, cpuOps, fromDeviceMapInvalidates)
                                .startFrom(from.states());
                    }
                    t.setting += (cpuOps ? ", exporter with" : ", exporter without") + " begin/end_cpu_access"
                            + (fromDeviceMapInvalidates ? ", arm64 before c50f11c6196f" : "");
                    if (from.decided()) {
                        // the buffer's brackets already left the model (e.g. nested): say where, check nothing
                        t.session = from;
                        t.at = unattachedDecidedAt.get(e.buf());
                    }
                    t.apply(first, where);
                    if (t.finished()) {
                        finish(t, live, liveByBuf, results);
                    }
                    continue;
                }
                if (t == null) {
                    continue; // an attachment this analysis did not see created (or already finished)
                }
                if (t.session == null && first instanceof CoherencyOp.MapAttachment m) {
                    t.setting = t.setting.replace("not mapped", m.dir().tla() + " table cached at the first map");
                    StaleReadCheck.Session from = unattached.get(t.buf);
                    if (from.decided()) {
                        t.session = from;
                        t.at = unattachedDecidedAt.get(t.buf);
                    } else {
                        t.session = check(checks, "6.2", m.dir(), exporterCpuOps.contains(t.buf),
                                fromDeviceMapInvalidates).startFrom(from.states());
                        t.apply(new CoherencyOp.Attach(), where);
                    }
                }
                for (CoherencyOp op : ops) {
                    t.apply(op, where);
                }
                t.detached |= first instanceof CoherencyOp.Detach;
                if (t.finished()) {
                    finish(t, live, liveByBuf, results);
                }
            }
        }
        for (Tracked t : List.copyOf(live.values())) {
            finish(t, live, liveByBuf, results);
        }
        return List.copyOf(results.values());
    }

    private static StaleReadCheck check(Map<String, StaleReadCheck> checks, String kernel, DmaDirection cachedDir,
                                        boolean cpuOps, boolean invalidates) {
        return checks.computeIfAbsent(kernel + cachedDir + cpuOps + invalidates,
                k -> new StaleReadCheck(kernel, cachedDir, cpuOps, invalidates));
    }

    private static void finish(Tracked t, Map<String, Tracked> live, Map<String, List<Tracked>> liveByBuf,
                               Map<String, AttachmentCoherency> results) {
        live.remove(t.attach);
        liveByBuf.get(t.buf).remove(t);
        results.put(t.attach, t.result());
    }

    private static boolean isBracket(CoherencyOp op) {
        return op instanceof CoherencyOp.SyncStart || op instanceof CoherencyOp.SyncEnd;
    }

    /** The DmaBufCoherency operations one successful event stands for (none for most events). */
    static List<CoherencyOp> coherencyOps(TraceEvent e) {
        switch (e.op()) {
            case DMA_BUF_ATTACH:
            case DMA_BUF_DYNAMIC_ATTACH:
                return List.of(new CoherencyOp.Attach());
            case DMA_BUF_DETACH:
                return List.of(new CoherencyOp.Detach());
            case DMA_BUF_MAP_ATTACHMENT:
            case DMA_BUF_MAP_ATTACHMENT_UNLOCKED:
                return List.of(new CoherencyOp.MapAttachment(direction(e)));
            case DMA_BUF_UNMAP_ATTACHMENT:
            case DMA_BUF_UNMAP_ATTACHMENT_UNLOCKED:
                return List.of(new CoherencyOp.UnmapAttachment());
            case DMA_BUF_BEGIN_CPU_ACCESS:
                return List.of(new CoherencyOp.SyncStart(flagFor(direction(e))));
            case DMA_BUF_END_CPU_ACCESS:
                return List.of(new CoherencyOp.SyncEnd());
            case DMA_BUF_IOCTL_SYNC:
                // the nested dma_buf_begin/end_cpu_access event, when logged, carries the bracket
                if (e.callees().contains(Op.DMA_BUF_BEGIN_CPU_ACCESS) || e.callees().contains(Op.DMA_BUF_END_CPU_ACCESS)) {
                    return List.of();
                }
                String flags = e.argString("flags") == null ? "" : e.argString("flags");
                if (flags.contains("END")) {
                    return List.of(new CoherencyOp.SyncEnd());
                }
                return List.of(new CoherencyOp.SyncStart(flags.contains("RW") ? SyncFlag.RW
                        : flags.contains("WRITE") ? SyncFlag.WRITE : SyncFlag.READ));
            default:
                return List.of();
        }
    }

    private static DmaDirection direction(TraceEvent e) {
        String dir = e.argString("dir");
        if (dir == null) {
            return DmaDirection.BIDIRECTIONAL; // not logged: the direction that needs every maintenance
        }
        return TlaEnum.parse(DmaDirection.class, dir, "line " + e.line() + " field args.dir");
    }

    /** dma_buf_begin_cpu_access(dir) is what DMA_BUF_IOCTL_SYNC START|flag calls with SyncDir(flag). */
    private static SyncFlag flagFor(DmaDirection d) {
        switch (d) {
            case FROM_DEVICE:
                return SyncFlag.READ;
            case TO_DEVICE:
                return SyncFlag.WRITE;
            default:
                return SyncFlag.RW;
        }
    }
}
