package org.dmabufspec.conformance.testgen.cpu;

import java.util.LinkedHashMap;
import java.util.Map;

import org.dmabufspec.buf.DmaBuf;
import org.dmabufspec.buf.Storage;
import org.dmabufspec.conformance.testgen.BatchRunner;
import org.dmabufspec.conformance.testgen.KernelCall;
import org.dmabufspec.cpuvm.CpuAccess;
import org.dmabufspec.cpuvm.CpuMmap;
import org.dmabufspec.cpuvm.CpuVmap;
import org.dmabufspec.exporter.Placement;
import org.dmabufspec.exporter.VramExporter;
import org.dmabufspec.importer.Access;
import org.dmabufspec.kernel.Kernel;
import org.dmabufspec.kernel.KernelError;

/**
 * The objects of one DmaBufCpuAccess test on the reference implementation: one VramExporter buffer
 * (its initial region is VRAM, the other GTT), a {@link CpuMmap} per mmap user while it holds one,
 * a {@link CpuVmap} per vmap user while it holds one. Every call runs in the test's thread and
 * returns at once (the model faults and vmaps only while no move holds the lock).
 */
final class CpuAccessExecutor implements BatchRunner.World {
    private final Kernel kernel;
    private String bufName;
    private DmaBuf buf;
    private VramExporter exporter;
    private String vram;
    private String gtt;
    private final Map<String, CpuMmap> mmaps = new LinkedHashMap<>();
    private final Map<String, CpuVmap> vmaps = new LinkedHashMap<>();

    CpuAccessExecutor(Kernel kernel, String prefix) {
        this.kernel = kernel;
    }

    @Override
    public void init(KernelCall c) {
        Map<String, String> a = c.args();
        switch (c.op()) {
            case "dma_buf_export" -> {
                exporter = new VramExporter(kernel);
                buf = exporter.create(4096);
                bufName = a.get("buf");
                vram = a.get("vram");
                gtt = a.get("gtt");
            }
            case "mmap_user" -> mmaps.put(a.get("proc"), null);
            case "vmap_user" -> vmaps.put(a.get("proc"), null);
            default -> throw new IllegalArgumentException("cpu-access setup: no setup call " + c);
        }
    }

    @Override
    public String call(KernelCall c) {
        String u = c.args().get("proc");
        try {
            switch (c.op()) {
                case "move" -> {
                    VramExporter.Move m = exporter.evict(buf);
                    if (!exporter.moveReady(m)) {
                        return "the move would wait for a fence";
                    }
                    exporter.completeMove(m);
                }
                case "mmap" -> mmaps.put(user(mmaps, u, false), CpuMmap.mmap(kernel, exporter, buf, u));
                case "fault" -> {
                    return region(held(mmaps, u).fault());
                }
                case "mmap_access" -> {
                    return outcome(held(mmaps, u).access(Access.WRITE));
                }
                case "munmap" -> {
                    held(mmaps, u).munmap();
                    mmaps.put(u, null);
                }
                case "vmap" -> vmaps.put(user(vmaps, u, false), CpuVmap.vmap(kernel, buf, u));
                case "vmap_access" -> {
                    return outcome(held(vmaps, u).access(Access.WRITE));
                }
                case "vunmap" -> {
                    held(vmaps, u).vunmap();
                    vmaps.put(u, null);
                }
                default -> throw new IllegalArgumentException("the cpu-access driver has no call " + c.op());
            }
            return "0";
        } catch (KernelError e) {
            return e.errno().name();
        } catch (IllegalStateException e) {
            return "refused: " + e.getMessage();
        }
    }

    static String user(Map<String, ?> users, String u, boolean held) {
        if (!users.containsKey(u)) {
            throw new IllegalArgumentException("no CPU user " + u + " in the setup");
        }
        if ((users.get(u) != null) != held) {
            throw new IllegalStateException(u + (held ? " holds no mapping" : " already holds a mapping"));
        }
        return u;
    }

    static <M> M held(Map<String, M> users, String u) {
        return users.get(user(users, u, true));
    }

    static String outcome(CpuAccess x) {
        return x.isolated() ? "isolated" : "broke " + String.join(",", new java.util.TreeSet<>(x.broken()));
    }

    private String region(Storage st) {
        return st.placement().equals(Placement.VRAM.name()) ? vram : gtt;
    }

    @Override
    public String value(String obj, String what) {
        if (obj.equals(bufName)) {
            return switch (what) {
                case "placement" -> region(VramExporter.bo(buf).storage());
                case "pinned" -> String.valueOf(exporter.pinCount(buf) > 0);
                default -> null;
            };
        }
        if (what.equals("owner")) {
            return owner(obj);
        }
        if (mmaps.containsKey(obj)) {
            CpuMmap m = mmaps.get(obj);
            return switch (what) {
                case "mmapped" -> String.valueOf(m != null);
                case "pte" -> m == null ? "none" : m.pte().map(this::region).orElse("none");
                default -> null;
            };
        }
        if (vmaps.containsKey(obj) && what.equals("vmap")) {
            CpuVmap v = vmaps.get(obj);
            return v == null ? "none" : region(v.storage());
        }
        return null;
    }

    /** The buffer if storage of it that is not freed is in this region (its current one or a move's source), else free. */
    private String owner(String r) {
        Storage cur = VramExporter.bo(buf).storage();
        if (!cur.freed() && region(cur).equals(r)) {
            return bufName;
        }
        boolean moving = exporter.movesInFlight(buf).stream().anyMatch(m -> !m.from().freed() && region(m.from()).equals(r));
        return moving ? bufName : "free";
    }
}
