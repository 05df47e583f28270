package org.dmabufspec.conformance.testgen.coherency;

import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.dmabufspec.buf.DmaDataDirection;
import org.dmabufspec.coherency.CacheLine;
import org.dmabufspec.coherency.NonCoherentBuffer;
import org.dmabufspec.coherency.Read;
import org.dmabufspec.conformance.testgen.BatchRunner;
import org.dmabufspec.conformance.testgen.KernelCall;
import org.dmabufspec.kernel.Kernel;

/** The one buffer of a DmaBufCoherency test on the reference implementation, driven in the test's thread. */
final class CoherencyExecutor implements BatchRunner.World {
    private final Kernel kernel;
    private final String prefix;
    private NonCoherentBuffer buf;

    CoherencyExecutor(Kernel kernel, String prefix) {
        this.kernel = kernel;
        this.prefix = prefix;
    }

    @Override
    public void init(KernelCall c) {
        Map<String, String> a = c.args();
        if (!c.op().equals("dma_buf_export") && !c.op().equals("inject_state")) {
            throw new IllegalArgumentException("coherency setup: no setup call " + c);
        }
        if (!kernel.behaviour().label().text().equals(a.get("kernel"))) {
            throw new IllegalArgumentException("coherency setup for kernel " + a.get("kernel") + " run on " + kernel.behaviour());
        }
        DmaDataDirection cachedDir = DmaDataDirection.valueOf(a.get("cachedDir"));
        boolean ops = Boolean.parseBoolean(a.get("cpuAccessOps"));
        boolean inval = Boolean.parseBoolean(a.get("fromDeviceMapInvalidates"));
        buf = c.op().equals("dma_buf_export") ? new NonCoherentBuffer(kernel, prefix + a.get("buf"), cachedDir, ops, inval)
                : NonCoherentBuffer.injectState(kernel, prefix + a.get("buf"), cachedDir, ops, inval, injected(a));
    }

    /** An inductive model's initial state, as {@code CoherencyPlanner.inject} wrote it. */
    private static NonCoherentBuffer.InjectedState injected(Map<String, String> a) {
        String[] line = a.get("line").split("/");
        String[] read = a.get("lastRead").split("/");
        Read lastRead = read[0].equals("none") ? null : new Read(read[0], Integer.parseInt(read[1]), Integer.parseInt(read[2]), List.of());
        return new NonCoherentBuffer.InjectedState(Integer.parseInt(a.get("mem")),
                new CacheLine(CacheLine.State.valueOf(line[0].toUpperCase(Locale.ROOT)), Integer.parseInt(line[1])),
                Boolean.parseBoolean(a.get("attached")), direction(a.get("importerMap")), direction(a.get("dmaMap")),
                a.get("cpuSync").equals("none") ? null : syncDir(a.get("cpuSync")), Integer.parseInt(a.get("lastWrite")), lastRead);
    }

    private static DmaDataDirection direction(String tla) {
        return tla.equals("none") ? null : DmaDataDirection.valueOf(tla);
    }

    @Override
    public String call(KernelCall c) {
        try {
            switch (c.op()) {
                case "attach" -> buf.attach();
                case "detach" -> buf.detach();
                case "map" -> {
                    return buf.map(DmaDataDirection.valueOf(c.args().get("dir"))) ? "0" : "EBUSY";
                }
                case "unmap" -> buf.unmap();
                case "begin_cpu_access" -> buf.beginCpuAccess(syncDir(c.args().get("flags")));
                case "end_cpu_access" -> buf.endCpuAccess();
                case "cpu_load" -> {
                    return read(buf.cpuLoad());
                }
                case "cpu_store" -> buf.cpuStore();
                case "cache_evict" -> buf.cacheEvict();
                case "cache_fill" -> buf.cacheSpeculativeFill();
                case "device_read" -> {
                    return read(buf.deviceRead());
                }
                case "device_write" -> buf.deviceWrite();
                default -> throw new IllegalArgumentException("the coherency driver has no call " + c.op());
            }
            return "0";
        } catch (IllegalStateException e) {
            return "refused: " + e.getMessage();
        }
    }

    private static String read(Read r) {
        return "v" + r.value() + (r.broken().isEmpty() ? "" : " broke " + String.join(",", r.broken()));
    }

    /** dma_buf_ioctl's DMA_BUF_SYNC_* flags to the direction begin/end_cpu_access get. */
    private static DmaDataDirection syncDir(String flags) {
        return switch (flags) {
            case "READ" -> DmaDataDirection.FROM_DEVICE;
            case "WRITE" -> DmaDataDirection.TO_DEVICE;
            case "RW" -> DmaDataDirection.BIDIRECTIONAL;
            default -> throw new IllegalArgumentException("no DMA_BUF_SYNC flags " + flags);
        };
    }

    private static String flags(DmaDataDirection d) {
        return d == null ? "none" : switch (d) {
            case FROM_DEVICE -> "READ";
            case TO_DEVICE -> "WRITE";
            case BIDIRECTIONAL -> "RW";
        };
    }

    private static String dir(DmaDataDirection d) {
        return d == null ? "none" : d.name();
    }

    @Override
    public String value(String obj, String what) {
        if (!obj.equals(CoherencyPlanner.BUF)) {
            return null;
        }
        Read r = buf.lastRead();
        return switch (what) {
            case "mem" -> String.valueOf(buf.memory());
            case "line" -> buf.line().state().name().toLowerCase(java.util.Locale.ROOT) + "/" + buf.line().val();
            case "attached" -> String.valueOf(buf.attached());
            case "importerMap" -> dir(buf.importerMap());
            case "dmaMap" -> dir(buf.dmaMap());
            case "cpuSync" -> flags(buf.cpuSync());
            case "lastRead" -> r == null ? "none/0" : r.by() + "/" + r.value();
            default -> null;
        };
    }
}
