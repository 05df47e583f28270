package org.dmabufspec.conformance.testgen.lifetime;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;

import org.dmabufspec.buf.DmaBuf;
import org.dmabufspec.buf.DmaBufAttachment;
import org.dmabufspec.buf.DmaDataDirection;
import org.dmabufspec.buf.SgTable;
import org.dmabufspec.conformance.testgen.BatchRunner;
import org.dmabufspec.conformance.testgen.KernelCall;
import org.dmabufspec.conformance.testgen.ModelThread;
import org.dmabufspec.exporter.VramExporter;
import org.dmabufspec.fence.DmaFence;
import org.dmabufspec.fence.DmaFenceCb;
import org.dmabufspec.kernel.Kernel;
import org.dmabufspec.resv.DmaResvUsage;
import org.dmabufspec.uapi.DmaBufIoctl;

/**
 * The objects of one DmaBufLifetime test on the reference implementation: a {@link VramExporter}
 * buffer whose fd holds its first reference, its KERNEL fence (the producer's reference and the
 * reservation object's), one thread per importer — it takes its reference with
 * {@code dma_buf_get}, attaches (≤6.14: pinned, mapped and sleeping in the interruptible
 * KERNEL-fence wait until the fence signals or a signal interrupts it) or maps (6.15+, the same
 * wait), arms a fence callback with a reference of its own, unmaps, detaches and puts — and one per
 * fence waiter (a reference, then an interruptible wait). The fd's owner, the poller, the producer
 * (whose timeline signals the fence with a reference of its own, as sw_sync does since B16's fix)
 * and /proc readers act on the test's thread. At the end of a test the fence signals, so that a
 * sleeping call returns.
 */
final class LifetimeExecutor implements BatchRunner.World {
    /** The runners by the model's kernel behaviour. */
    static final Map<String, BatchRunner> RUNNERS = Map.of("6.2", new BatchRunner("6.2", true, 100, LifetimeExecutor::new),
            "6.15", new BatchRunner("6.15", true, 100, LifetimeExecutor::new));

    private final Kernel kernel;
    private final String prefix;
    private final DmaBufIoctl ioctl;
    private DmaBuf buf;
    private DmaFence fence;
    private final Map<String, Importer> importers = new LinkedHashMap<>();

    private LifetimeExecutor(Kernel kernel, String prefix) {
        this.kernel = kernel;
        this.prefix = prefix;
        this.ioctl = new DmaBufIoctl(kernel);
    }

    /** A model importer or fence waiter: its thread; an importer's attachment, table and fence callback ("none", "armed", "ran"). */
    private static final class Importer {
        final ModelThread worker;
        volatile DmaBufAttachment attach;
        volatile SgTable sgt;
        volatile DmaFenceCb cb;
        volatile String cbState = "none";

        Importer(ModelThread worker) {
            this.worker = worker;
        }
    }

    @Override
    public void init(KernelCall c) {
        switch (c.op()) {
            case "dma_buf_export" -> {
                buf = new VramExporter(kernel).create(4096);
                fence = DmaFence.init(kernel, kernel.fenceContextAlloc(1), 1);
                buf.resv().lock(null);
                buf.resv().reserveFences(1);
                buf.resv().addFence(fence, DmaResvUsage.KERNEL);
                buf.resv().unlock();
            }
            case "importer", "waiter" -> importers.put(c.args().get("proc"), new Importer(new ModelThread(prefix + c.args().get("proc"))));
            default -> throw new IllegalArgumentException("lifetime setup: no setup call " + c);
        }
    }

    private Importer importer(KernelCall c) {
        Importer i = importers.get(c.args().get("proc"));
        if (i == null) {
            throw new IllegalArgumentException("no importer " + c.args().get("proc") + " in the setup: " + c);
        }
        return i;
    }

    private void settle() {
        importers.values().forEach(i -> i.worker.settleSleeping(ModelThread::asleepInCall));
    }

    @Override
    public String call(KernelCall c) {
        if (!c.op().equals("return")) {
            settle(); // the model has taken every step the running calls take at once
        }
        switch (c.op()) {
            case "close", "dma_fence_signal", "dma_fence_put", "dma_resv_reserve_fences", "poll", "readlink", "dname",
                    "dma_fence_remove_callback" -> {
                return onTestThread(c);
            }
            default -> {
            }
        }
        Importer i = importer(c);
        ModelThread w = i.worker;
        switch (c.op()) {
            case "return" -> {
                return w.pending() == null ? "no call to return from" : ModelThread.result(w.pending());
            }
            case "signal" -> {
                if (!w.busy() || !ModelThread.asleepInCall(w.thread())) {
                    return "no sleeping call to interrupt";
                }
                w.interrupt(); // a signal to the task: the interruptible fence wait returns -ERESTARTSYS
                return ModelThread.result(w.pending());
            }
            default -> {
            }
        }
        if (w.busy()) {
            return "a call while the thread still sleeps in its last one";
        }
        Callable<String> task = switch (c.op()) {
            case "dma_buf_get" -> () -> {
                buf.get();
                return "0";
            };
            case "dma_buf_put" -> () -> {
                buf.put();
                return "0";
            };
            case "dma_buf_attach" -> () -> {
                i.attach = buf.attach(c.args().get("proc"));
                return "0";
            };
            case "dma_buf_map_attachment" -> () -> {
                i.sgt = buf.mapAttachmentUnlocked(i.attach, DmaDataDirection.BIDIRECTIONAL);
                return "0";
            };
            case "dma_buf_unmap_attachment" -> () -> {
                buf.unmapAttachmentUnlocked(i.attach, i.sgt, DmaDataDirection.BIDIRECTIONAL);
                i.sgt = null;
                return "0";
            };
            case "dma_fence_wait" -> () -> {
                fence.get(); // a reference of the waiter's own (F9), put when the wait returns
                try {
                    fence.waitTimeout(true, DmaFence.MAX_TIMEOUT);
                    return "0";
                } finally {
                    fence.put();
                }
            };
            case "dma_buf_detach" -> () -> {
                buf.detach(i.attach);
                return "0";
            };
            case "dma_fence_add_callback" -> () -> {
                fence.get(); // the callback owns it (F9)
                DmaFenceCb cb = new DmaFenceCb(kernel.newId("cb"), f -> {
                    i.cbState = "ran";
                    f.put();
                });
                String r = BatchRunner.result(fence.addCallback(cb));
                if (r.equals("0")) {
                    i.cb = cb;
                    i.cbState = "armed";
                } else {
                    fence.put();
                }
                return r;
            };
            default -> throw new IllegalArgumentException("the lifetime driver has no call " + c.op());
        };
        return w.call(task, c.expect());
    }

    private String onTestThread(KernelCall c) {
        return switch (c.op()) {
            case "close" -> {
                buf.put(); // the fd's reference: close() is its fput
                yield "0";
            }
            case "poll" -> ioctl.poll(buf, true, false);
            case "dma_fence_signal" -> {
                fence.get(); // the timeline's own reference around its callback loop (B16's fix)
                String r = BatchRunner.result(fence.signal());
                fence.put();
                yield r;
            }
            case "dma_fence_put" -> {
                fence.put();
                yield "0";
            }
            case "readlink" -> {
                buf.procFdLink();
                yield "0";
            }
            case "dname" -> buf.dnameAndPathPut();
            case "dma_fence_remove_callback" -> {
                // the importer's teardown, on another context than its thread, which may sleep in a map (the spec
                // lets an importer remove its callback whatever its own call does)
                Importer i = importer(c);
                boolean removed = fence.removeCallback(i.cb);
                if (removed) {
                    i.cbState = "none";
                    fence.put(); // the reference the callback would have put
                }
                yield String.valueOf(removed);
            }
            case "dma_resv_reserve_fences" -> {
                // the unlock before forgot the reserved slots: one more slot reallocates the table without signalled fences
                buf.resv().lock(null);
                String r = BatchRunner.result(buf.resv().reserveFences(1));
                buf.resv().unlock();
                yield r;
            }
            default -> throw new IllegalArgumentException("the lifetime driver has no call " + c.op());
        };
    }

    @Override
    public Map<String, String> observe(Set<String> keys) {
        if (keys.isEmpty()) {
            return Map.of();
        }
        settle();
        return BatchRunner.World.super.observe(keys);
    }

    @Override
    public String value(String obj, String what) {
        Importer i = importers.get(obj);
        return switch (what) {
            case "refs" -> obj.equals(LifetimePlanner.BUF) ? String.valueOf(buf.refcount())
                    : obj.equals(LifetimePlanner.FENCE) ? String.valueOf(fence.refcount()) : null;
            case "released" -> obj.equals(LifetimePlanner.BUF) ? String.valueOf(buf.released())
                    : obj.equals(LifetimePlanner.FENCE) ? String.valueOf(fence.refcount() == 0) : null;
            case "pollArmed" -> String.valueOf(buf.pollInArmed.get());
            case "pins" -> String.valueOf(buf.ops().pinCount(buf));
            case "signaled" -> String.valueOf(fence.isSignaledQuiet());
            // by device: an attach sleeping in its fence wait has put the attachment on the list but not returned it
            case "attached" -> i == null ? null : String.valueOf(buf.attachments().stream().anyMatch(a -> a.dev().equals(obj)));
            case "sleeping" -> i == null ? null : String.valueOf(i.worker.busy());
            case "mappings" -> i == null ? null : i.attach == null ? "0" : String.valueOf(i.attach.mappingCount());
            case "fileReleased" -> String.valueOf(buf.fileReleased());
            case "paths" -> String.valueOf(buf.pathRefs());
            case "cb" -> i == null ? null : i.cbState;
            default -> null;
        };
    }

    /** Lets a sleeping attach return (the fence signals) and stops the threads. */
    @Override
    public void close() {
        if (importers.values().stream().anyMatch(i -> i.worker.busy()) && !fence.isSignaledQuiet() && fence.refcount() > 0) {
            fence.get();
            fence.signal();
            fence.put();
        }
        for (Importer i : importers.values()) {
            if (i.worker.pending() != null) {
                ModelThread.result(i.worker.pending());
            }
        }
        importers.values().forEach(i -> i.worker.interrupt());
    }
}
