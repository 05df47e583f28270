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

import org.dmabufspec.conformance.trace.KernelBehaviour;
import org.dmabufspec.conformance.trace.Op;
import org.dmabufspec.conformance.trace.TraceEvent;
import org.dmabufspec.conformance.trace.TraceFormatException;
import org.dmabufspec.conformance.trace.TraceReader;

/**
 * Would the buffer operations of a trace keep every read coherent on a platform whose DMA is not
 * cache-coherent (arm64 without a coherent interconnect)? Each attachment's attach/map/unmap/detach
 * and its buffer's CPU-access brackets, in trace order, go through {@link StaleReadCheck}.
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

    /** One attachment's result, with where its operations were logged (index-aligned with ops). */
    public record AttachmentCoherency(String buf, String attach, String setting, List<CoherencyOp> ops,
                                      List<At> events, CoherencyVerdict verdict) {
        public AttachmentCoherency {
            ops = List.copyOf(ops);
            events = List.copyOf(events);
        }

        /** One line for a kernel developer. */
        public String describe() {
            String who = "buffer " + buf + ", attachment " + attach + " (" + setting + ")";
            if (verdict instanceof CoherencyVerdict.StaleRead s) {
                LastRead r = s.witness().lastRead();
                String reader = r.by() == Party.CPU ? "a CPU load inside the SYNC bracket" : "a device DMA read";
                String writer = r.writer() == Party.CPU ? "the CPU's store" : r.writer() == Party.DEVICE
                        ? "the device's write" : "the initial contents";
                return who + ": after " + at(s.opsDone() - 1) + ", " + reader + " can return data older than "
                        + writer + " on a non-coherent platform (ReadsSeeLastWrite)";
            }
            if (verdict instanceof CoherencyVerdict.NotEnabled n) {
                return who + ": " + at(n.index()) + " is outside the coherency model: " + n.condition();
            }
            return who + ": every read sees the last write (" + ops.size() + " operations)";
        }

        private String at(int i) {
            if (i < 0) {
                return "the start";
            }
            At e = events.get(i);
            return "line " + e.line() + " (" + e.op() + ")";
        }
    }

    // only the line and op are kept per event, so memory grows with the coherency events, not the trace
    private record Logged(At event, String attach, CoherencyOp op) {
    }

    private TraceCoherency() {
    }

    /** Every attachment of the trace, in the order they were created. */
    public static List<AttachmentCoherency> check(Path trace, boolean fromDeviceMapInvalidates)
            throws IOException, TraceFormatException {
        try (TraceReader reader = new TraceReader(trace)) {
            KernelBehaviour behaviour = reader.header().behaviour();
            Map<String, List<Logged>> byBuf = new HashMap<>();
            Map<String, Boolean> dynamicExporter = new HashMap<>();
            Map<String, Boolean> cacheSgtMapping = new HashMap<>();
            Set<String> exporterCpuOps = new HashSet<>();
            Map<String, String> attachBuf = new LinkedHashMap<>();
            Map<String, Boolean> dynamicImporter = new HashMap<>();
            for (TraceEvent e = reader.next(); e != null; e = reader.next()) {
                if (!e.succeeded()) {
                    continue;
                }
                Op op = e.op();
                if (op == Op.DMA_BUF_EXPORT) {
                    dynamicExporter.put(e.buf(), Boolean.TRUE.equals(e.argBool("dynamic")));
                    cacheSgtMapping.put(e.buf(), Boolean.TRUE.equals(e.argBool("cache_sgt_mapping")));
                } else if (op == Op.EXPORTER_BEGIN_CPU_ACCESS || op == Op.EXPORTER_END_CPU_ACCESS) {
                    exporterCpuOps.add(e.buf());
                }
                List<CoherencyOp> ops = coherencyOps(e);
                if (ops.isEmpty()) {
                    continue;
                }
                String attach = isBracket(ops.get(0)) ? null : e.attach();
                if (attach != null && ops.get(0) instanceof CoherencyOp.Attach) {
                    attachBuf.putIfAbsent(attach, e.buf());
                    dynamicImporter.put(attach, op == Op.DMA_BUF_DYNAMIC_ATTACH);
                }
                for (CoherencyOp o : ops) {
                    byBuf.computeIfAbsent(e.buf(), b -> new ArrayList<>()).add(new Logged(At.of(e), attach, o));
                }
            }
            List<AttachmentCoherency> out = new ArrayList<>();
            for (Map.Entry<String, String> a : attachBuf.entrySet()) {
                String buf = a.getValue();
                out.add(checkAttachment(behaviour, buf, a.getKey(),
                        dynamicImporter.get(a.getKey()) != dynamicExporter.getOrDefault(buf, false),
                        cacheSgtMapping.getOrDefault(buf, false), exporterCpuOps.contains(buf),
                        fromDeviceMapInvalidates, byBuf.get(buf)));
            }
            return out;
        }
    }

    private static AttachmentCoherency checkAttachment(KernelBehaviour behaviour, String buf, String attach,
                                                       boolean mismatch, boolean cacheSgt, boolean cpuOps,
                                                       boolean invalidates, List<Logged> bufOps) {
        List<CoherencyOp> ops = new ArrayList<>();
        List<At> events = new ArrayList<>();
        for (Logged l : bufOps) {
            if (l.attach() == null || l.attach().equals(attach)) {
                ops.add(l.op());
                events.add(l.event());
            }
        }
        String kernel = "6.15";
        DmaDirection cachedDir = DmaDirection.BIDIRECTIONAL;
        String setting;
        if (behaviour.cachesSgTables() && mismatch) {
            // R11: a static/dynamic mismatch maps BIDIRECTIONAL at attach and caches it
            kernel = "6.2";
            setting = "<= 6.14, BIDIRECTIONAL sg_table cached at attach";
        } else if (behaviour.cachesSgTables() && cacheSgt && firstMap(ops) != null) {
            // R11, cache_sgt_mapping: the first map's table (and direction) is cached, so the model's
            // attach-time mapping happens at that first map
            kernel = "6.2";
            cachedDir = firstMap(ops).dir();
            int attachAt = indexOf(ops, CoherencyOp.Attach.class);
            int mapAt = ops.indexOf(firstMap(ops));
            if (attachAt >= 0 && attachAt < mapAt) {
                At mapEvent = events.get(mapAt);
                ops.remove(attachAt);
                events.remove(attachAt);
                ops.add(mapAt - 1, new CoherencyOp.Attach());
                events.add(mapAt - 1, mapEvent);
            }
            setting = "<= 6.14, cache_sgt_mapping, " + cachedDir.tla() + " table cached at the first map";
        } else {
            setting = behaviour.cachesSgTables() ? "<= 6.14, no sg_table cached" : "6.15+, no sg_table cache";
        }
        setting += cpuOps ? ", exporter with begin/end_cpu_access" : ", exporter without begin/end_cpu_access";
        if (invalidates) {
            setting += ", arm64 before c50f11c6196f";
        }
        CoherencyVerdict v = new StaleReadCheck(kernel, cachedDir, cpuOps, invalidates).check(ops);
        return new AttachmentCoherency(buf, attach, setting, ops, events, v);
    }

    private static CoherencyOp.MapAttachment firstMap(List<CoherencyOp> ops) {
        for (CoherencyOp o : ops) {
            if (o instanceof CoherencyOp.MapAttachment m) {
                return m;
            }
        }
        return null;
    }

    private static int indexOf(List<CoherencyOp> ops, Class<? extends CoherencyOp> kind) {
        for (int i = 0; i < ops.size(); i++) {
            if (kind.isInstance(ops.get(i))) {
                return i;
            }
        }
        return -1;
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
