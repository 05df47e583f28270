package org.dmabufspec.conformance.testgen.attach;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.FutureTask;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

import org.dmabufspec.buf.DmaBuf;
import org.dmabufspec.buf.DmaBufAttachOps;
import org.dmabufspec.buf.DmaBufAttachment;
import org.dmabufspec.buf.DmaDataDirection;
import org.dmabufspec.buf.SgTable;
import org.dmabufspec.conformance.testgen.BatchRunner;
import org.dmabufspec.conformance.testgen.ModelThread;
import org.dmabufspec.conformance.testgen.KernelCall;
import org.dmabufspec.exporter.Placement;
import org.dmabufspec.exporter.SystemHeap;
import org.dmabufspec.exporter.UdmabufExporter;
import org.dmabufspec.exporter.VramExporter;
import org.dmabufspec.fence.DmaFence;
import org.dmabufspec.importer.Access;
import org.dmabufspec.importer.Device;
import org.dmabufspec.kernel.Kernel;
import org.dmabufspec.kernel.KernelError;
import org.dmabufspec.resv.DmaResvUsage;
import org.dmabufspec.trace.Errno;
import org.dmabufspec.uapi.Memfd;

/**
 * The objects of one DmaBufAttach test on the reference implementation: a buffer per model
 * buffer (a {@code VramExporter} buffer for a dynamic exporter, udmabuf for a cache_sgt_mapping
 * one, a system-heap buffer otherwise), an importer per model importer with its own thread, its
 * attachment, its table and its job fences, and the exporter's thread. Every call runs on its
 * model thread and the executor waits for it to return, except an eviction: it runs on the
 * exporter thread and stops inside each dynamic importer's move_notify (the test's importer_ops)
 * until the step that says how the importer reacts, and after the last one until the move.
 */
final class AttachExecutor implements BatchRunner.World {
    /** Every call here returns at once; this bound only ends a test whose implementation hangs. */

    private final Kernel kernel;
    private final String prefix;
    private final Map<String, Buffer> buffers = new LinkedHashMap<>();
    private final Map<String, Importer> importers = new LinkedHashMap<>();
    private ModelThread exporter;
    private FutureTask<String> eviction;
    private VramExporter.Move move;
    /** Whether the eviction in progress stops in each move_notify for the step that says how the importer reacts. */
    private volatile boolean scripted;
    /** Released when the exporter thread stops in a move_notify or its eviction returns. */
    private final Semaphore stopped = new Semaphore(0);
    private volatile boolean evictionReturned;

    AttachExecutor(Kernel kernel, String prefix) {
        this.kernel = kernel;
        this.prefix = prefix;
    }

    /** A model buffer: its dma_buf, and the model regions of its two placements. */
    private record Buffer(DmaBuf buf, String vramRegion, String gttRegion) {
    }

    /** How an importer's move_notify reacts, as the model step says. */
    private record Reaction(boolean fence, boolean last) {
    }

    /** A model importer: its thread, its attachment and table, its job fence, and its move_notify. */
    private final class Importer implements DmaBufAttachOps {
        final ModelThread worker;
        final Buffer buffer;
        final boolean dynamic;
        final DmaResvUsage usage;
        final long context = kernel.fenceContextAlloc(1);
        long seqno;
        volatile DmaBufAttachment attach;
        volatile SgTable sgt;
        volatile DmaFence job;
        /** Mapped, and no move_notify since: what the importer itself knows. */
        volatile boolean valid;
        final Semaphore reacted = new Semaphore(0);
        final Semaphore moveGo = new Semaphore(0);
        final LinkedBlockingQueue<Reaction> reaction = new LinkedBlockingQueue<>();

        final boolean peer2peer;

        Importer(String name, Buffer buffer, boolean dynamic, String usage, boolean peer2peer) {
            this.worker = new ModelThread(prefix + name);
            this.buffer = buffer;
            this.dynamic = dynamic;
            this.peer2peer = peer2peer;
            this.usage = switch (usage) {
                case "write" -> DmaResvUsage.WRITE;
                case "read" -> DmaResvUsage.READ;
                default -> DmaResvUsage.BOOKKEEP;
            };
        }

        @Override
        public boolean allowPeer2peer() {
            return peer2peer;
        }

        /** Runs on the exporter thread, the reservation held: waits for the step's reaction. */
        @Override
        public void moveNotify(DmaBufAttachment a) {
            if (!scripted) {
                valid = false;
                return;
            }
            stopped.release();
            Reaction r;
            try {
                r = reaction.take();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            valid = false;
            if (r.fence()) {
                addJob(); // access it cannot stop at once is fenced (R5)
            }
            reacted.release();
            if (r.last()) {
                moveGo.acquireUninterruptibly();
            }
        }

        void addJob() {
            DmaResvUsage u = usage;
            Errno e = buffer.buf().resv().reserveFences(1);
            if (e != null) {
                throw new KernelError(e, "reserve");
            }
            DmaFence f = DmaFence.init(kernel, context, ++seqno);
            buffer.buf().resv().addFence(f, u);
            job = f;
        }
    }

    @Override
    public void init(KernelCall c) {
        Map<String, String> a = c.args();
        switch (c.op()) {
            case "kernel" -> {
                // the batch's kernel was made for this behaviour (AttachVocabulary groups tests by it)
            }
            case "dma_buf_export" -> {
                // peer_only: the model's VramRegions; that region is VRAM behind a BAR, the other GTT, and the
                // buffer starts where the model puts it. Without: the initial region is VRAM every device reaches.
                String peerOnly = a.getOrDefault("peer_only", "");
                boolean p2p = !peerOnly.isEmpty();
                String vram = p2p ? peerOnly : a.get("placement");
                String gtt = vram.equals(a.get("placement")) ? a.get("other") : a.get("placement");
                DmaBuf b = switch (a.get("exporter")) {
                    case "vram" -> p2p ? VramExporter.peerToPeerVram(kernel).create(4096,
                            vram.equals(a.get("placement")) ? Placement.VRAM : Placement.GTT)
                            : new VramExporter(kernel).create(4096);
                    case "udmabuf" -> new UdmabufExporter(kernel).export(
                            List.of(new UdmabufExporter.Range(Memfd.create("testgen", 4096), 0, 4096)), true);
                    default -> new SystemHeap(kernel).allocate(4096);
                };
                buffers.put(a.get("buf"), new Buffer(b, vram, gtt));
            }
            case "importer" -> importers.put(a.get("proc"), new Importer(a.get("proc"), buffer(a.get("buf")),
                    Boolean.parseBoolean(a.get("dynamic")), a.get("usage"), Boolean.parseBoolean(a.get("peer2peer"))));
            case "exporter" -> exporter = new ModelThread(prefix + a.get("proc"));
            default -> throw new IllegalArgumentException("attach setup: no setup call " + c);
        }
    }

    private Buffer buffer(String name) {
        Buffer b = buffers.get(name);
        if (b == null) {
            throw new IllegalArgumentException("no buffer " + name + " in the setup");
        }
        return b;
    }

    private Importer importer(KernelCall c, String key) {
        Importer i = importers.get(c.args().get(key));
        if (i == null) {
            throw new IllegalArgumentException("no importer " + c.args().get(key) + " in the setup: " + c);
        }
        return i;
    }

    private static DmaDataDirection dir(String d) {
        return d == null ? DmaDataDirection.BIDIRECTIONAL : DmaDataDirection.valueOf(d); // the spec spells them as the enum
    }

    @Override
    public String call(KernelCall c) {
        return switch (c.op()) {
            case "evict" -> evict(c);
            case "move_notify" -> moveNotify(c);
            // MCDmaBufAttach_Ind's state injection by a call: dma_buf_move_notify under the lock, no move
            case "move_notify_without_move" -> exporter.run(() -> {
                if (eviction != null) {
                    return "an eviction is in progress";
                }
                DmaBuf b = buffer(c.args().get("buf")).buf();
                Errno le = b.resv().lock(null);
                if (le != null) {
                    return BatchRunner.result(le);
                }
                try {
                    scripted = false; // no step to wait for: each dynamic importer's move_notify invalidates its mapping
                    b.moveNotify();
                } finally {
                    b.resv().unlock();
                }
                return "0";
            });
            case "move" -> move(c);
            case "complete_move" -> exporter.run(() -> {
                if (move == null) {
                    return "no move in flight";
                }
                VramExporter ops = (VramExporter) buffer(c.args().get("buf")).buf().ops();
                if (!ops.moveReady(move)) {
                    return "the move would wait for a fence";
                }
                ops.completeMove(move);
                move = null;
                return "0";
            });
            default -> importerCall(c);
        };
    }

    private String importerCall(KernelCall c) {
        Importer i = importer(c, "proc");
        DmaBuf buf = i.buffer.buf();
        Callable<String> task = switch (c.op()) {
            case "dma_buf_attach" -> () -> {
                i.attach = buf.attach(c.args().get("proc"));
                i.sgt = i.attach.cachedSgt(); // ≤6.14 mismatched pair: mapped at attach
                return "0";
            };
            case "dma_buf_dynamic_attach" -> () -> {
                i.attach = buf.dynamicAttach(c.args().get("proc"), i);
                i.sgt = i.attach.cachedSgt();
                return "0";
            };
            case "dma_buf_detach" -> () -> {
                buf.detach(i.attach);
                i.attach = null;
                i.sgt = null;
                return "0";
            };
            case "dma_resv_lock" -> () -> {
                Errno e = buf.resv().lock(null);
                return e == null ? "0" : e.name();
            };
            case "dma_resv_unlock" -> () -> {
                buf.resv().unlock();
                return "0";
            };
            case "dma_buf_map_attachment" -> () -> {
                i.sgt = buf.mapAttachment(i.attach, dir(c.args().get("dir")));
                i.valid = true;
                return "0";
            };
            case "dma_buf_map_attachment_unlocked" -> () -> {
                i.sgt = buf.mapAttachmentUnlocked(i.attach, dir(c.args().get("dir")));
                i.valid = true;
                return "0";
            };
            case "dma_buf_unmap_attachment" -> () -> {
                buf.unmapAttachment(i.attach, i.sgt, i.sgt.dir());
                i.sgt = i.attach.cachedSgt();
                i.valid = false;
                return "0";
            };
            case "dma_buf_unmap_attachment_unlocked" -> () -> {
                buf.unmapAttachmentUnlocked(i.attach, i.sgt, i.sgt.dir());
                i.sgt = i.attach.cachedSgt();
                return "0";
            };
            case "dma_buf_pin" -> () -> {
                buf.pin(i.attach);
                return "0";
            };
            case "dma_buf_unpin" -> () -> {
                buf.unpin(i.attach);
                return "0";
            };
            case "dma_resv_wait_timeout" -> () -> buf.resv().waitTimeout(DmaResvUsage.WRITE, true, 0) > 0 ? ">0" : "0";
            case "dma_resv_add_fence" -> () -> {
                boolean locked = Boolean.parseBoolean(c.args().get("locked"));
                if (!locked) {
                    Errno e = buf.resv().lock(null);
                    if (e != null) {
                        return e.name();
                    }
                }
                try {
                    i.addJob();
                } finally {
                    if (!locked) {
                        buf.resv().unlock();
                    }
                }
                return "0";
            };
            case "importer.device_access" -> () -> {
                SgTable t = i.sgt;
                if (t == null) {
                    return "no table to access";
                }
                Device.access(kernel, i.attach, t, c.args().get("access").equals("WRITE") ? Access.WRITE : Access.READ);
                return t.storage().freed() ? "touched reused storage" : !t.storage().ready() ? "touched storage not yet filled"
                        : "isolated";
            };
            case "dma_fence_signal" -> () -> {
                if (i.job == null) {
                    return "no job fence";
                }
                Errno e = i.job.signal();
                return e == null ? "0" : e.name();
            };
            default -> throw new IllegalArgumentException("the attach driver has no call " + c.op());
        };
        return i.worker.run(task);
    }

    /**
     * Starts the eviction. With {@code notify} it must stop inside the first dynamic importer's
     * move_notify; without, no move_notify is expected, one that comes anyway only invalidates,
     * and the call must return without an error.
     */
    private String evict(KernelCall c) {
        Buffer b = buffer(c.args().get("buf"));
        VramExporter ops = (VramExporter) b.buf().ops();
        boolean notify = Boolean.parseBoolean(c.args().get("notify"));
        scripted = notify;
        stopped.drainPermits();
        evictionReturned = false;
        eviction = exporter.submit(() -> {
            try {
                move = ops.evict(b.buf());
                return "0";
            } finally {
                evictionReturned = true;
                stopped.release();
            }
        });
        if (notify) {
            return waitArrival() ? "called" : ModelThread.result(eviction) + " (before any move_notify)";
        }
        String r = ModelThread.result(eviction);
        return r.equals("0") ? "called" : r;
    }

    /** Until some importer's move_notify is entered (true) or the eviction returned (false). */
    private boolean waitArrival() {
        try {
            if (!stopped.tryAcquire(ModelThread.RETURN_BOUND_SECONDS, TimeUnit.SECONDS)) {
                return false;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
        return !evictionReturned;
    }

    private String moveNotify(KernelCall c) {
        if (eviction == null) {
            return "no eviction in progress";
        }
        Importer i = importer(c, "importer");
        boolean last = Boolean.parseBoolean(c.args().get("last"));
        i.reaction.add(new Reaction(Boolean.parseBoolean(c.args().get("fence")), last));
        try {
            if (!i.reacted.tryAcquire(ModelThread.RETURN_BOUND_SECONDS, TimeUnit.SECONDS)) {
                return "move_notify of " + c.args().get("importer") + " was never called";
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted";
        }
        if (!last && !waitArrival()) {
            return "the walk ended before the next move_notify";
        }
        return "0";
    }

    /** The eviction moves, unlocks and returns. */
    private String move(KernelCall c) {
        if (eviction == null) {
            return "no eviction in progress";
        }
        importers.values().forEach(i -> i.moveGo.release());
        String r = ModelThread.result(eviction);
        eviction = null;
        importers.values().forEach(i -> i.moveGo.drainPermits());
        return r;
    }

    @Override
    public String value(String obj, String what) {
        Importer i = importers.get(obj);
        Buffer b = buffers.get(obj);
        return switch (what) {
            case "attached" -> i == null ? null : String.valueOf(i.attach != null && i.buffer.buf().attachments().contains(i.attach));
            case "mappings" -> i == null ? null : String.valueOf(i.attach == null ? 0 : i.attach.mappingCount());
            case "valid" -> i == null ? null : String.valueOf(i.valid);
            case "job" -> i == null ? null : String.valueOf(i.job != null && !i.job.isSignaledQuiet());
            case "pins" -> b == null ? null : String.valueOf(b.buf().ops().pinCount(b.buf()));
            case "placement" -> b == null ? null : VramExporter.bo(b.buf()).placement() == Placement.VRAM
                    ? b.vramRegion() : b.gttRegion();
            case "moving" -> b == null ? null : String.valueOf(((VramExporter) b.buf().ops()).moving(b.buf()));
            case "locked" -> b == null ? null : String.valueOf(b.buf().resv().isLocked());
            default -> null;
        };
    }

    /** Lets an eviction stopped in a move_notify finish, then stops the threads. */
    @Override
    public void close() {
        if (eviction != null) {
            for (Importer i : importers.values()) {
                i.reaction.add(new Reaction(false, false));
                i.moveGo.release();
            }
            ModelThread.result(eviction);
        }
        importers.values().forEach(i -> i.worker.interrupt());
        if (exporter != null) {
            exporter.interrupt();
        }
    }
}
