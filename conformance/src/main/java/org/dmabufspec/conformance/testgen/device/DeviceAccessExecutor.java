package org.dmabufspec.conformance.testgen.device;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.dmabufspec.buf.DmaBuf;
import org.dmabufspec.buf.DmaDataDirection;
import org.dmabufspec.buf.Storage;
import org.dmabufspec.conformance.testgen.BatchRunner;
import org.dmabufspec.conformance.testgen.KernelCall;
import org.dmabufspec.exporter.Placement;
import org.dmabufspec.exporter.VramExporter;
import org.dmabufspec.gpuvm.DeviceAccess;
import org.dmabufspec.gpuvm.DeviceJob;
import org.dmabufspec.gpuvm.Translation;
import org.dmabufspec.gpuvm.VmImporter;
import org.dmabufspec.importer.Access;
import org.dmabufspec.kernel.Kernel;
import org.dmabufspec.kernel.KernelError;

/**
 * The objects of one DmaBufDeviceAccess test on the reference implementation: a VramExporter
 * buffer per model buffer (its initial region is VRAM, the other GTT), a {@link VmImporter} per
 * model importer with the model's mapping and job slots (by name, in name order). Every call runs
 * in the test's thread and returns at once: the model enables a step only when nothing it does
 * would wait (fences signalled, the lock free), and an eviction runs whole, walk included.
 * Public for the dma_buf_cpu_device_access executor, which puts CPU users on its buffers.
 */
public final class DeviceAccessExecutor implements BatchRunner.World {
    private final Kernel kernel;
    private final Map<String, Buffer> buffers = new LinkedHashMap<>();
    private final Map<String, Device> importers = new LinkedHashMap<>();

    public DeviceAccessExecutor(Kernel kernel, String prefix) {
        this.kernel = kernel;
    }

    /** A model buffer: its dma_buf, its exporter, its two regions, and its move in flight. */
    private static final class Buffer {
        final DmaBuf buf;
        final VramExporter exporter;
        final String vram;
        final String gtt;
        VramExporter.Move move;

        Buffer(DmaBuf buf, VramExporter exporter, String vram, String gtt) {
            this.buf = buf;
            this.exporter = exporter;
            this.vram = vram;
            this.gtt = gtt;
        }

        String region(Storage st) {
            return st.placement().equals(Placement.VRAM.name()) ? vram : gtt;
        }
    }

    /** A model importer: its device and the model names of its slots, in index order. */
    private record Device(VmImporter vm, Buffer buffer, List<String> slots, List<String> jobSlots) {
        int slot(String name) {
            return index(slots, name);
        }

        int job(String name) {
            return index(jobSlots, name);
        }

        private static int index(List<String> names, String name) {
            int i = names.indexOf(name);
            if (i < 0) {
                throw new IllegalArgumentException("no slot " + name + " in " + names);
            }
            return i;
        }
    }

    @Override
    public void init(KernelCall c) {
        Map<String, String> a = c.args();
        switch (c.op()) {
            case "kernel" -> {
                // the batch's kernel was made for this behaviour (DeviceAccessVocabulary)
            }
            case "dma_buf_export" -> {
                VramExporter ex = new VramExporter(kernel);
                buffers.put(a.get("buf"), new Buffer(ex.create(4096), ex, a.get("vram"), a.get("gtt")));
            }
            case "importer" -> {
                Buffer b = buffers.get(a.get("buf"));
                if (b == null) {
                    throw new IllegalArgumentException("no buffer " + a.get("buf") + " in the setup: " + c);
                }
                List<String> slots = List.of(a.get("slots").split(","));
                List<String> jobs = List.of(a.get("job_slots").split(","));
                importers.put(a.get("proc"), new Device(new VmImporter(kernel, a.get("proc"), Boolean.parseBoolean(a.get("dynamic")),
                        Boolean.parseBoolean(a.get("read_and_discard")), slots.size(), jobs.size()), b, slots, jobs));
            }
            default -> throw new IllegalArgumentException("device-access setup: no setup call " + c);
        }
    }

    @Override
    public String call(KernelCall c) {
        try {
            return switch (c.op()) {
                case "evict" -> {
                    Buffer b = buffer(c);
                    b.move = b.exporter.evict(b.buf);
                    yield "0";
                }
                case "complete_move" -> {
                    Buffer b = buffer(c);
                    if (b.move == null) {
                        yield "no move in flight";
                    }
                    if (!b.exporter.moveReady(b.move)) {
                        yield "the move would wait for a fence";
                    }
                    b.exporter.completeMove(b.move);
                    b.move = null;
                    yield "0";
                }
                default -> importerCall(c);
            };
        } catch (KernelError e) {
            return e.errno().name();
        } catch (IllegalStateException e) {
            return "refused: " + e.getMessage();
        }
    }

    private String importerCall(KernelCall c) {
        Device d = importers.get(c.args().get("proc"));
        if (d == null) {
            throw new IllegalArgumentException("no importer " + c.args().get("proc") + " in the setup: " + c);
        }
        VmImporter vm = d.vm();
        Map<String, String> a = c.args();
        switch (c.op()) {
            case "dma_buf_attach", "dma_buf_dynamic_attach" -> vm.attach(d.buffer().buf);
            case "dma_buf_detach" -> vm.detach();
            case "dma_buf_map_attachment", "dma_buf_map_attachment_unlocked" ->
                    vm.map(d.slot(a.get("slot")), DmaDataDirection.valueOf(a.get("dir")));
            case "dma_buf_unmap_attachment", "dma_buf_unmap_attachment_unlocked" -> vm.unmap(d.slot(a.get("slot")));
            case "importer.bind_ptes" -> {
                return String.valueOf(vm.bindPtes(d.slot(a.get("slot"))));
            }
            case "importer.submit_job" -> vm.submitJob(d.job(a.get("job")), d.slot(a.get("slot")), access(a.get("kind")));
            case "importer.zap_ptes" -> vm.zapPtes(d.slot(a.get("slot")));
            case "device.tlb_flush_complete" -> vm.tlbFlushComplete(d.slot(a.get("slot")));
            case "dma_fence_signal" -> vm.signalJob(d.job(a.get("job")));
            case "device.job_access" -> {
                return outcome(vm.jobAccess(d.job(a.get("job"))));
            }
            case "device.translation_access" -> {
                return outcome(vm.translationAccess(d.slot(a.get("slot")), access(a.get("kind"))));
            }
            default -> throw new IllegalArgumentException("the device-access driver has no call " + c.op());
        }
        return "0";
    }

    private static String outcome(DeviceAccess x) {
        return x.isolated() ? "isolated" : "broke " + String.join(",", x.broken()) + " touching " + x.storage();
    }

    private static Access access(String kind) {
        return kind.equals("write") ? Access.WRITE : Access.READ;
    }

    private Buffer buffer(KernelCall c) {
        Buffer b = buffers.get(c.args().get("buf"));
        if (b == null) {
            throw new IllegalArgumentException("no buffer " + c.args().get("buf") + " in the setup: " + c);
        }
        return b;
    }

    private Buffer buffer(String name) {
        Buffer b = buffers.get(name);
        if (b == null) {
            throw new IllegalArgumentException("no buffer " + name + " in the setup");
        }
        return b;
    }

    /** The dma_buf of the model buffer {@code name}. */
    public DmaBuf dmaBuf(String name) {
        return buffer(name).buf;
    }

    /** The exporter of the model buffer {@code name}. */
    public VramExporter exporter(String name) {
        return buffer(name).exporter;
    }

    /** The model region of a storage of the model buffer {@code name}. */
    public String region(String name, Storage st) {
        return buffer(name).region(st);
    }

    @Override
    public String value(String obj, String what) {
        Device d = importers.get(obj);
        if (d != null) {
            return importerValue(d, what);
        }
        Buffer b = buffers.get(obj);
        if (b != null) {
            return switch (what) {
                case "placement" -> b.region(VramExporter.bo(b.buf).storage());
                case "move" -> b.move != null || b.exporter.movesInFlight(b.buf).stream().anyMatch(m -> !m.fence().isSignaledQuiet())
                        ? "pending" : "none";
                default -> null;
            };
        }
        if (what.equals("owner")) {
            return owner(obj);
        }
        return null;
    }

    private String importerValue(Device d, String what) {
        if (what.equals("attached")) {
            return String.valueOf(d.vm().attachment() != null && d.buffer().buf.attachments().contains(d.vm().attachment()));
        }
        int dot = what.indexOf('.');
        if (dot < 0) {
            return null;
        }
        String slot = what.substring(0, dot);
        String field = what.substring(dot + 1);
        if (field.equals("job")) {
            Optional<DeviceJob> j = d.vm().job(d.job(slot));
            return j.map(x -> d.buffer().region(x.storage()) + ":" + x.kind().name().toLowerCase()).orElse("none");
        }
        Optional<Translation> t = d.vm().translation(d.slot(slot));
        return switch (field) {
            case "map" -> t.map(x -> d.buffer().region(x.sgt().storage())).orElse("none");
            case "valid" -> t.map(x -> String.valueOf(x.valid())).orElse(null);
            case "pte" -> t.map(x -> x.pte().name().toLowerCase()).orElse(null);
            case "writes" -> t.map(x -> String.valueOf(x.writes())).orElse(null);
            default -> null;
        };
    }

    /** The buffer whose storage is in this region and holds its data or is being moved from, or free. */
    private String owner(String region) {
        for (var e : buffers.entrySet()) {
            Buffer b = e.getValue();
            List<Storage> held = new ArrayList<>();
            Storage cur = VramExporter.bo(b.buf).storage();
            if (cur.ready()) {
                held.add(cur);
            }
            b.exporter.movesInFlight(b.buf).forEach(m -> held.add(m.from()));
            if (held.stream().anyMatch(st -> !st.freed() && b.region(st).equals(region))) {
                return e.getKey();
            }
        }
        return "free";
    }
}
