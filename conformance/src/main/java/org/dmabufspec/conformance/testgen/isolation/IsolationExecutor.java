package org.dmabufspec.conformance.testgen.isolation;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import org.dmabufspec.buf.DmaBuf;
import org.dmabufspec.buf.DmaBufAttachOps;
import org.dmabufspec.buf.DmaBufAttachment;
import org.dmabufspec.buf.DmaDataDirection;
import org.dmabufspec.buf.SgTable;
import org.dmabufspec.buf.Storage;
import org.dmabufspec.conformance.testgen.BatchRunner;
import org.dmabufspec.conformance.testgen.KernelCall;
import org.dmabufspec.exporter.Placement;
import org.dmabufspec.exporter.VramExporter;
import org.dmabufspec.exporter.VramRegionPool;
import org.dmabufspec.importer.Access;
import org.dmabufspec.importer.Device;
import org.dmabufspec.kernel.Kernel;
import org.dmabufspec.kernel.KernelError;
import org.dmabufspec.trace.Errno;

/**
 * The objects of one DmaBufIsolation test: a {@link VramExporter} over a {@link VramRegionPool} of
 * the model's regions, its buffers, and per device and buffer a dynamic importer's attachment with
 * the mapping it made (dropped by move_notify and remade, under the reservation, before the next
 * access). Every call runs in the test's thread; a move completes in its call (no fence is pending), or in
 * {@code move_end} when {@code move_begin} left it in flight.
 */
final class IsolationExecutor implements BatchRunner.World {
    private final Kernel kernel;
    private VramRegionPool pool;
    private VramExporter exporter;
    private final Map<String, DmaBuf> bufs = new LinkedHashMap<>();
    private final Set<String> devices = new TreeSet<>();
    /** "dev/buf" → the importer. */
    private final Map<String, Importer> importers = new LinkedHashMap<>();
    private String last = IsolationPlanner.NONE;
    /** buffer → its move begun and not completed. */
    private final Map<String, VramExporter.Move> inFlight = new LinkedHashMap<>();

    /** A dynamic importer's attachment and its mapping. */
    private static final class Importer implements DmaBufAttachOps {
        DmaBufAttachment attach;
        SgTable sgt;
        volatile boolean valid;

        @Override
        public void moveNotify(DmaBufAttachment a) {
            valid = false;
        }
    }

    IsolationExecutor(Kernel kernel, String prefix) {
        this.kernel = kernel;
    }

    @Override
    public void init(KernelCall c) {
        Map<String, String> a = c.args();
        switch (c.op()) {
            case "vram_region_pool" -> {
                pool = new VramRegionPool(Arrays.asList(a.get("regions").split(",")));
                exporter = new VramExporter(kernel, pool);
            }
            case "dma_buf_export" -> {
                DmaBuf b = a.get("region").equals(IsolationPlanner.NONE) ? exporter.create(4096, Placement.GTT)
                        : exporter.create(4096, a.get("region"));
                bufs.put(a.get("buf"), b);
                if (a.containsKey("moving_to")) {
                    inFlight.put(a.get("buf"), exporter.moveTo(b, Placement.VRAM, a.get("moving_to")));
                }
            }
            case "device" -> devices.add(a.get("dev"));
            default -> throw new IllegalArgumentException("isolation setup: no setup call " + c);
        }
    }

    @Override
    public String call(KernelCall c) {
        Map<String, String> a = c.args();
        String access = IsolationPlanner.NONE;
        try {
            switch (c.op()) {
                case "dma_buf_attach" -> {
                    Importer i = new Importer();
                    i.attach = buf(a.get("buf")).dynamicAttach(a.get("dev"), i);
                    importers.put(key(a), i);
                }
                case "dma_buf_detach" -> {
                    Importer i = importer(a);
                    DmaBuf b = buf(a.get("buf"));
                    if (i.sgt != null) {
                        lock(b);
                        try {
                            b.unmapAttachment(i.attach, i.sgt, DmaDataDirection.BIDIRECTIONAL);
                        } finally {
                            b.resv().unlock();
                        }
                    }
                    b.detach(i.attach);
                    importers.remove(key(a));
                }
                case "importer.device_access" -> {
                    Importer i = importer(a);
                    DmaBuf b = buf(a.get("buf"));
                    lock(b);
                    try {
                        if (i.sgt == null || !i.valid) {
                            if (i.sgt != null) {
                                b.unmapAttachment(i.attach, i.sgt, DmaDataDirection.BIDIRECTIONAL);
                            }
                            i.valid = true;
                            i.sgt = b.mapAttachment(i.attach, DmaDataDirection.BIDIRECTIONAL);
                        }
                    } finally {
                        b.resv().unlock();
                    }
                    Device.access(kernel, i.attach, i.sgt, Access.WRITE);
                    access = a.get("dev") + "@" + pool.regionOf(i.sgt.storage()).orElse("gtt");
                }
                case "move" -> {
                    VramExporter.Move m = exporter.moveTo(buf(a.get("buf")), Placement.valueOf(a.get("to")), a.get("region"));
                    if (!exporter.moveReady(m)) {
                        return "the move would wait for a fence";
                    }
                    exporter.completeMove(m);
                }
                case "move_begin" -> inFlight.put(a.get("buf"), exporter.moveTo(buf(a.get("buf")), Placement.VRAM, a.get("region")));
                case "move_end" -> {
                    VramExporter.Move m = inFlight.get(a.get("buf"));
                    if (m == null) {
                        return "no move of " + a.get("buf") + " in flight";
                    }
                    if (!exporter.moveReady(m)) {
                        return "the move would wait for a fence";
                    }
                    inFlight.remove(a.get("buf"));
                    exporter.completeMove(m);
                }
                case "quiesce" -> {
                    // no access: lastAccess goes back to none
                }
                default -> throw new IllegalArgumentException("the isolation driver has no call " + c.op());
            }
            return "0";
        } catch (KernelError e) {
            return e.errno().name();
        } catch (IllegalStateException e) {
            return "refused: " + e.getMessage();
        } finally {
            last = access;
        }
    }

    private void lock(DmaBuf b) {
        Errno e = b.resv().lock(null);
        if (e != null) {
            throw new KernelError(e, "lock " + b.id());
        }
    }

    private static String key(Map<String, String> a) {
        return a.get("dev") + "/" + a.get("buf");
    }

    private DmaBuf buf(String name) {
        DmaBuf b = bufs.get(name);
        if (b == null) {
            throw new IllegalArgumentException("no buffer " + name + " in the setup");
        }
        return b;
    }

    private Importer importer(Map<String, String> a) {
        Importer i = importers.get(key(a));
        if (i == null) {
            throw new IllegalStateException(a.get("dev") + " is not attached to " + a.get("buf"));
        }
        return i;
    }

    @Override
    public String value(String obj, String what) {
        if (obj.equals("iso") && what.equals("last")) {
            return last;
        }
        if (what.equals("owner") && pool != null && pool.regions().contains(obj)) {
            return pool.occupant(obj).map(this::ownerOf).orElse(IsolationPlanner.FREE);
        }
        if (what.equals("attached") && devices.contains(obj)) {
            List<String> out = new ArrayList<>();
            bufs.keySet().stream().filter(b -> importers.containsKey(obj + "/" + b)).forEach(out::add);
            return out.isEmpty() ? IsolationPlanner.NONE : String.join(",", out);
        }
        return null;
    }

    /** The buffer whose storage (current, or a move's source not yet freed) this is. */
    private String ownerOf(Storage st) {
        for (Map.Entry<String, DmaBuf> e : bufs.entrySet()) {
            DmaBuf b = e.getValue();
            if (VramExporter.bo(b).storage() == st
                    || exporter.movesInFlight(b).stream().anyMatch(m -> m.from() == st && !st.freed())) {
                return e.getKey();
            }
        }
        return "unowned storage " + st;
    }
}
