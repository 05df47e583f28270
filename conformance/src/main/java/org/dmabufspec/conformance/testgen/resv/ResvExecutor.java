package org.dmabufspec.conformance.testgen.resv;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import org.dmabufspec.buf.DmaBuf;
import org.dmabufspec.conformance.testgen.BatchRunner;
import org.dmabufspec.conformance.testgen.KernelCall;
import org.dmabufspec.fence.DmaFence;
import org.dmabufspec.fence.FenceStateInjection;
import org.dmabufspec.kernel.Kernel;
import org.dmabufspec.kernel.KernelError;
import org.dmabufspec.resv.DmaResv;
import org.dmabufspec.resv.DmaResvUsage;
import org.dmabufspec.resv.ResvStateInjection;
import org.dmabufspec.syncfile.SyncFile;
import org.dmabufspec.uapi.DmaBufIoctl;
import org.dmabufspec.uapi.SyncFlags;
import org.dmabufspec.uapi.Vgem;

/**
 * The objects of one DmaResv test on the reference implementation: a vgem buffer per reservation
 * (so that DRM_IOCTL_VGEM_FENCE_ATTACH works on it), the model's fences on their contexts, the
 * exported sync_files. A call that would sleep (a wait whose fences have not all signalled) is
 * not made: it is reported as a difference, because the model lets it return at this step.
 */
final class ResvExecutor implements BatchRunner.World {
    static final BatchRunner RUNNER = new BatchRunner("6.15", 200, (k, prefix) -> new ResvExecutor(k));
    /** MCDmaResv_Ind's tests, each from an injected state. */
    static final org.dmabufspec.conformance.testgen.InjectedRunner INJECTED =
            new org.dmabufspec.conformance.testgen.InjectedRunner("6.15", (k, prefix) -> new ResvExecutor(k));

    private final Kernel kernel;
    private final Vgem vgem;
    private final DmaBufIoctl ioctl;
    private final Map<String, Integer> bos = new HashMap<>();
    private final Map<String, DmaBuf> bufs = new HashMap<>();
    private final Map<String, Long> contexts = new HashMap<>();
    private final Map<String, DmaFence> fences = new HashMap<>();
    private final Map<DmaFence, String> names = new IdentityHashMap<>();
    private final Map<String, Integer> vgemFenceIds = new HashMap<>();
    private final List<SyncFile> syncFiles = new ArrayList<>();

    private ResvExecutor(Kernel kernel) {
        this.kernel = kernel;
        this.vgem = new Vgem(kernel);
        this.ioctl = new DmaBufIoctl(kernel);
    }

    @Override
    public void init(KernelCall c) {
        switch (c.op()) {
            case "vgem_create_bo" -> {
                int bo = vgem.createBo(4096);
                bos.put(c.args().get("resv"), bo);
                bufs.put(c.args().get("resv"), vgem.buf(bo));
            }
            case "dma_fence_init" -> {
                String f = c.args().get("fence");
                long ctx = contexts.computeIfAbsent(c.args().get("context"), x -> kernel.fenceContextAlloc(1));
                name(f, DmaFence.init(kernel, ctx, Long.parseLong(c.args().get("seqno"))));
            }
            case InjectedResvPlanner.FENCE -> {
                String f = c.args().get("fence");
                long ctx = contexts.computeIfAbsent(c.args().get("context"), x -> kernel.fenceContextAlloc(1));
                boolean signaled = Boolean.parseBoolean(c.args().get("signaled"));
                name(f, FenceStateInjection.fence(kernel, ctx, Long.parseLong(c.args().get("seqno")), signaled, signaled, null,
                        List.of(), 1));
            }
            case InjectedResvPlanner.TABLE -> {
                List<DmaResv.Entry> entries = new ArrayList<>();
                String text = c.args().get("entries");
                for (String e : text.isEmpty() ? new String[0] : text.split(",")) {
                    String[] fu = e.split(":");
                    entries.add(new DmaResv.Entry(fence(new KernelCall("", Map.of("fence", fu[0]), "")), usage(fu[1])));
                }
                ResvStateInjection.table(buf(c).resv(), entries, Integer.parseInt(c.args().get("max_fences")));
            }
            case InjectedResvPlanner.HOLD -> {
                String got = call(new KernelCall("dma_resv_lock", c.args(), "0"));
                if (!got.equals("0")) {
                    throw new IllegalStateException(c + " returned " + got);
                }
            }
            default -> throw new IllegalArgumentException("dma_resv setup: no setup call " + c);
        }
    }

    private void name(String f, DmaFence fence) {
        fences.put(f, fence);
        names.put(fence, f);
    }

    private DmaBuf buf(KernelCall c) {
        DmaBuf b = bufs.get(c.args().get("resv"));
        if (b == null) {
            throw new IllegalArgumentException("no reservation " + c.args().get("resv") + " in the setup: " + c);
        }
        return b;
    }

    private DmaFence fence(KernelCall c) {
        DmaFence f = fences.get(c.args().get("fence"));
        if (f == null) {
            throw new IllegalArgumentException("no fence " + c.args().get("fence") + " in the setup: " + c);
        }
        return f;
    }

    private static DmaResvUsage usage(String name) {
        return DmaResvUsage.valueOf(name);
    }

    @Override
    public String call(KernelCall c) {
        try {
            return switch (c.op()) {
                case "dma_fence_signal" -> {
                    Integer id = vgemFenceIds.get(c.args().get("fence"));
                    if (id != null) {
                        vgem.fenceSignal(id, 0);
                        yield "0";
                    }
                    yield BatchRunner.result(fence(c).signal());
                }
                case "dma_resv_lock" -> BatchRunner.result(buf(c).resv().lock(null));
                case "dma_resv_reserve_fences" -> BatchRunner.result(buf(c).resv().reserveFences(Integer.parseInt(c.args().get("num"))));
                case "dma_resv_add_fence" -> {
                    buf(c).resv().addFence(fence(c), usage(c.args().get("usage")));
                    yield "0";
                }
                case "dma_resv_unlock" -> {
                    buf(c).resv().unlock();
                    yield "0";
                }
                case "dma_resv_wait_timeout" -> {
                    DmaResvUsage u = usage(c.args().get("usage"));
                    String pending = pending(buf(c).resv(), u);
                    if (pending != null) {
                        yield "a sleep (fences " + pending + " pending)";
                    }
                    long r = buf(c).resv().waitTimeout(u, false, DmaFence.MAX_TIMEOUT);
                    yield r > 0 ? ">0" : String.valueOf(r);
                }
                case "DMA_BUF_IOCTL_SYNC" -> {
                    String flags = c.args().get("flags");
                    boolean write = flags.endsWith("WRITE");
                    if (flags.startsWith("START")) {
                        String pending = pending(buf(c).resv(), DmaResvUsage.usageRw(write));
                        if (pending != null) {
                            yield "a sleep (fences " + pending + " pending)";
                        }
                    }
                    ioctl.sync(buf(c), (write ? SyncFlags.DMA_BUF_SYNC_WRITE : SyncFlags.DMA_BUF_SYNC_READ)
                            | (flags.startsWith("END") ? SyncFlags.DMA_BUF_SYNC_END : SyncFlags.DMA_BUF_SYNC_START));
                    yield "0";
                }
                case "poll" -> {
                    boolean in = c.args().get("events").equals("POLLIN");
                    yield ioctl.poll(buf(c), in, !in);
                }
                case "DMA_BUF_IOCTL_EXPORT_SYNC_FILE" -> {
                    syncFiles.add(ioctl.exportSyncFile(buf(c), rw(c)));
                    yield "0";
                }
                case "DMA_BUF_IOCTL_IMPORT_SYNC_FILE" -> {
                    String file = c.args().get("file");
                    SyncFile sf = file != null ? syncFiles.get(Integer.parseInt(file.substring(2)) - 1) : syncFileOf(fence(c));
                    ioctl.importSyncFile(buf(c), rw(c), sf);
                    yield "0";
                }
                case "DRM_IOCTL_VGEM_FENCE_ATTACH" -> {
                    DmaResv resv = buf(c).resv();
                    List<DmaResv.Entry> was = resv.entries();
                    int id = vgem.fenceAttach(bos.get(c.args().get("resv")),
                            c.args().get("flags").equals("WRITE") ? Vgem.VGEM_FENCE_WRITE : 0, 0);
                    for (DmaResv.Entry e : resv.entries()) {
                        if (!names.containsKey(e.fence()) && was.stream().noneMatch(x -> x.fence() == e.fence())) {
                            name(c.args().get("fence"), e.fence()); // the fence the ioctl made stands for the model's
                        }
                    }
                    vgemFenceIds.put(c.args().get("fence"), id);
                    yield "0";
                }
                default -> throw new IllegalArgumentException("the dma_resv driver has no call " + c.op());
            };
        } catch (KernelError e) {
            return e.errno().name();
        }
    }

    /**
     * A sync_file of one fence, as sw_sync would give it. The trace format has no sw_sync op, so
     * the fence is added to a fresh scratch buffer and exported from there (a signalled fence
     * gives the signalled stub, which imports the same pending fences: none).
     */
    private SyncFile syncFileOf(DmaFence f) {
        DmaBuf scratch = vgem.buf(vgem.createBo(4096));
        DmaResv r = scratch.resv();
        r.lock(null);
        r.reserveFences(1);
        r.addFence(f, DmaResvUsage.WRITE);
        r.unlock();
        return ioctl.exportSyncFile(scratch, SyncFlags.DMA_BUF_SYNC_READ);
    }

    private static long rw(KernelCall c) {
        return c.args().get("flags").equals("WRITE") ? SyncFlags.DMA_BUF_SYNC_WRITE : SyncFlags.DMA_BUF_SYNC_READ;
    }

    /** The unsignalled fences a wait of this usage would sleep on, or null. */
    private String pending(DmaResv resv, DmaResvUsage u) {
        List<DmaFence> left = resv.unsignalled(u);
        if (left.isEmpty()) {
            return null;
        }
        Set<String> out = new TreeSet<>();
        left.forEach(f -> out.add(names.getOrDefault(f, f.id())));
        return String.join(",", out);
    }

    @Override
    public String value(String obj, String what) {
        return switch (what) {
            case "signaled" -> {
                if (obj.startsWith("sf")) {
                    int i = Integer.parseInt(obj.substring(2));
                    yield i <= syncFiles.size() ? String.valueOf(syncFiles.get(i - 1).fence().isSignaledQuiet()) : null;
                }
                DmaFence f = fences.get(obj);
                yield f == null ? null : String.valueOf(f.isSignaledQuiet());
            }
            case "fences" -> {
                DmaBuf b = bufs.get(obj);
                if (b == null) {
                    yield null;
                }
                Map<String, Integer> strongest = new java.util.TreeMap<>();
                for (DmaResv.Entry e : b.resv().entries()) {
                    if (!e.fence().isSignaledQuiet()) {
                        strongest.merge(names.getOrDefault(e.fence(), e.fence().id()), e.usage().ordinal(), Math::min);
                    }
                }
                yield ResvPlanner.pendingText(strongest);
            }
            case "locked" -> bufs.containsKey(obj) ? String.valueOf(bufs.get(obj).resv().isLocked()) : null;
            case "poll.in" -> bufs.containsKey(obj) ? String.valueOf(bufs.get(obj).pollInArmed.get()) : null;
            case "poll.out" -> bufs.containsKey(obj) ? String.valueOf(bufs.get(obj).pollOutArmed.get()) : null;
            default -> null;
        };
    }

}
