package org.dmabufspec.conformance.testgen.cpu;

import static org.dmabufspec.conformance.testgen.cpu.CpuAccessExecutor.held;
import static org.dmabufspec.conformance.testgen.cpu.CpuAccessExecutor.outcome;
import static org.dmabufspec.conformance.testgen.cpu.CpuAccessExecutor.user;

import java.util.LinkedHashMap;
import java.util.Map;

import org.dmabufspec.conformance.testgen.BatchRunner;
import org.dmabufspec.conformance.testgen.KernelCall;
import org.dmabufspec.conformance.testgen.device.DeviceAccessExecutor;
import org.dmabufspec.cpuvm.CpuAccess;
import org.dmabufspec.cpuvm.CpuMmap;
import org.dmabufspec.cpuvm.CpuVmap;
import org.dmabufspec.importer.Access;
import org.dmabufspec.kernel.Kernel;
import org.dmabufspec.kernel.KernelError;

/**
 * The objects of one DmaBufCpuDeviceAccess test on the reference implementation: those of the
 * dma_buf_device_access executor (VramExporter buffers, VmImporter devices), and on their buffers
 * a {@link CpuMmap} per mmap user while it holds one and a {@link CpuVmap} per vmap user while it
 * holds one. Every call runs in the test's thread and returns at once: the model faults, vmaps and
 * evicts only when nothing would wait.
 */
final class CpuDeviceAccessExecutor implements BatchRunner.World {
    private final Kernel kernel;
    private final DeviceAccessExecutor device;
    private final Map<String, String> userBuf = new LinkedHashMap<>();
    private final Map<String, CpuMmap> mmaps = new LinkedHashMap<>();
    private final Map<String, CpuVmap> vmaps = new LinkedHashMap<>();

    CpuDeviceAccessExecutor(Kernel kernel, String prefix) {
        this.kernel = kernel;
        this.device = new DeviceAccessExecutor(kernel, prefix);
    }

    @Override
    public void init(KernelCall c) {
        Map<String, String> a = c.args();
        switch (c.op()) {
            case "mmap_user" -> {
                device.dmaBuf(a.get("buf")); // names a buffer of the setup
                userBuf.put(a.get("proc"), a.get("buf"));
                mmaps.put(a.get("proc"), null);
            }
            case "vmap_user" -> {
                device.dmaBuf(a.get("buf"));
                userBuf.put(a.get("proc"), a.get("buf"));
                vmaps.put(a.get("proc"), null);
            }
            default -> device.init(c);
        }
    }

    @Override
    public String call(KernelCall c) {
        String u = c.args().get("proc");
        try {
            switch (c.op()) {
                case "mmap" -> {
                    String b = userBuf.get(user(mmaps, u, false));
                    mmaps.put(u, CpuMmap.mmap(kernel, device.exporter(b), device.dmaBuf(b), u));
                }
                case "fault" -> {
                    return device.region(userBuf.get(u), held(mmaps, u).fault());
                }
                case "mmap_access" -> {
                    return outcome(held(mmaps, u).access(kind(c)));
                }
                case "munmap" -> {
                    held(mmaps, u).munmap();
                    mmaps.put(u, null);
                }
                case "vmap" -> {
                    String b = userBuf.get(user(vmaps, u, false));
                    vmaps.put(u, CpuVmap.vmap(kernel, device.dmaBuf(b), u));
                }
                case "vmap_access" -> {
                    return outcome(held(vmaps, u).access(kind(c)));
                }
                case "vunmap" -> {
                    held(vmaps, u).vunmap();
                    vmaps.put(u, null);
                }
                default -> {
                    return device.call(c);
                }
            }
            return "0";
        } catch (KernelError e) {
            return e.errno().name();
        } catch (IllegalStateException e) {
            return "refused: " + e.getMessage();
        }
    }

    private static Access kind(KernelCall c) {
        return switch (c.args().get("kind")) {
            case "read" -> Access.READ;
            case "write" -> Access.WRITE;
            default -> throw new IllegalArgumentException("no access kind " + c.args().get("kind") + " in " + c);
        };
    }


    @Override
    public String value(String obj, String what) {
        if (mmaps.containsKey(obj)) {
            CpuMmap m = mmaps.get(obj);
            return switch (what) {
                case "mmapped" -> String.valueOf(m != null);
                case "pte" -> m == null ? "none" : m.pte().map(st -> device.region(userBuf.get(obj), st)).orElse("none");
                default -> null;
            };
        }
        if (vmaps.containsKey(obj)) {
            CpuVmap v = vmaps.get(obj);
            return what.equals("vmap") ? (v == null ? "none" : device.region(userBuf.get(obj), v.storage())) : null;
        }
        if (what.equals("pinned")) {
            return String.valueOf(device.exporter(obj).pinCount(device.dmaBuf(obj)) > 0);
        }
        return device.value(obj, what);
    }
}
