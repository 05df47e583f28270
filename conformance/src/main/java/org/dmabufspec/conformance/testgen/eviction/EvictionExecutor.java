package org.dmabufspec.conformance.testgen.eviction;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;

import org.dmabufspec.buf.DmaBuf;
import org.dmabufspec.buf.DmaBufAttachOps;
import org.dmabufspec.buf.DmaBufAttachment;
import org.dmabufspec.buf.DmaDataDirection;
import org.dmabufspec.buf.SgTable;
import org.dmabufspec.conformance.testgen.BatchRunner;
import org.dmabufspec.conformance.testgen.ModelThread;
import org.dmabufspec.conformance.testgen.KernelCall;
import org.dmabufspec.exporter.VramExporter;
import org.dmabufspec.kernel.Kernel;
import org.dmabufspec.resv.DmaResv;
import org.dmabufspec.resv.WwAcquireCtx;
import org.dmabufspec.resv.WwClass;

/**
 * The objects of one DmaBufWwEviction test on the reference implementation: the buffers of one
 * {@code VramExporter.contendedVram} exporter (validating one evicts the other under the caller's
 * ticket), one thread per importer with its attachment, table and acquire context, a fresh ww
 * class per test, and a copy-engine thread that completes the moves. A call the model puts to
 * sleep (in a ww_mutex, or in the KERNEL-fence wait of a static importer's map) is made and the
 * executor waits until the thread sleeps there or the call returns; the step where the model lets
 * it go on collects its result. At the end of a test the moves complete and every thread drops
 * what it holds, so the sleeping ones finish too.
 */
final class EvictionExecutor implements BatchRunner.World {
    static final BatchRunner RUNNER = new BatchRunner("6.15", true, 100, EvictionExecutor::new);

    private final Kernel kernel;
    private final String prefix;
    /** The kernel's one reservation_ww_class, whose stamps only grow across the tests of a batch, as in a kernel (F18). */
    private final WwClass cls;
    private final VramExporter exporter;
    private final Map<String, DmaBuf> buffers = new LinkedHashMap<>();
    private final Map<String, Importer> importers = new LinkedHashMap<>();
    private final ModelThread copyEngine;

    private EvictionExecutor(Kernel kernel, String prefix) {
        this.kernel = kernel;
        this.prefix = prefix;
        this.cls = kernel.singleton("reservation_ww_class", () -> new WwClass("reservation_ww_class"));
        this.exporter = VramExporter.contendedVram(kernel);
        this.copyEngine = new ModelThread(prefix + "copy_engine");
    }

    /** A model importer: its thread, attachment, table, context, and what it knows of its mapping. */
    private final class Importer implements DmaBufAttachOps {
        final ModelThread worker;
        final DmaBuf buf;
        DmaBufAttachment attach;
        volatile SgTable sgt;
        volatile WwAcquireCtx ctx;
        /** Mapped, and no move_notify since. */
        volatile boolean valid;

        Importer(String name, DmaBuf buf) {
            this.worker = new ModelThread(prefix + name);
            this.buf = buf;
        }

        @Override
        public void moveNotify(DmaBufAttachment a) {
            valid = false;
        }
    }

    @Override
    public void init(KernelCall c) {
        Map<String, String> a = c.args();
        switch (c.op()) {
            case "dma_buf_export" -> buffers.put(a.get("buf"), exporter.create(4096));
            case "importer" -> {
                DmaBuf b = buffers.get(a.get("buf"));
                if (b == null) {
                    throw new IllegalArgumentException("no buffer " + a.get("buf") + " in the setup: " + c);
                }
                Importer i = new Importer(a.get("proc"), b);
                boolean dynamic = Boolean.parseBoolean(a.get("dynamic"));
                String r = i.worker.run(() -> {
                    i.attach = dynamic ? b.dynamicAttach(a.get("proc"), i) : b.attach(a.get("proc"));
                    return "0";
                });
                if (!r.equals("0")) {
                    throw new IllegalStateException("setup: the attach of " + a.get("proc") + " returned " + r);
                }
                importers.put(a.get("proc"), i);
            }
            default -> throw new IllegalArgumentException("eviction setup: no setup call " + c);
        }
    }

    private Importer importer(KernelCall c) {
        Importer i = importers.get(c.args().get("proc"));
        if (i == null) {
            throw new IllegalArgumentException("no importer " + c.args().get("proc") + " in the setup: " + c);
        }
        return i;
    }

    private DmaResv lock(KernelCall c) {
        DmaBuf b = buffers.get(c.args().get("lock"));
        if (b == null) {
            throw new IllegalArgumentException("no buffer " + c.args().get("lock") + " in the setup: " + c);
        }
        return b.resv();
    }

    @Override
    public String call(KernelCall c) {
        if (!c.op().equals("return")) {
            // the model has taken every step the running calls take at once: let them reach their sleep or return
            importers.values().forEach(i -> i.worker.settleSleeping(ModelThread::asleepInCall));
        }
        if (c.op().equals("complete_move")) {
            DmaBuf b = buffers.get(c.args().get("buf"));
            return copyEngine.run(() -> completeMoves(b));
        }
        Importer i = importer(c);
        ModelThread w = i.worker;
        switch (c.op()) {
            case "return" -> {
                return w.collect();
            }
            case "signal" -> {
                if (!w.busy() || !ModelThread.asleepInCall(w.thread())) {
                    return "no sleeping call to interrupt";
                }
                w.interrupt(); // a signal to the task: the interruptible fence wait returns -ERESTARTSYS
                return w.collect();
            }
            default -> {
            }
        }
        if (w.busy()) {
            return "a call while the thread still sleeps in its last one";
        }
        Callable<String> task = switch (c.op()) {
            case "ww_acquire_init" -> () -> {
                i.ctx = WwAcquireCtx.init(kernel, cls);
                return "0";
            };
            case "ww_acquire_fini" -> () -> {
                i.ctx.fini();
                return "0";
            };
            case "dma_resv_lock" -> {
                DmaResv l = lock(c);
                yield () -> BatchRunner.result(l.lock(i.ctx));
            }
            case "dma_resv_lock_slow" -> {
                DmaResv l = lock(c);
                yield () -> {
                    l.lockSlow(i.ctx);
                    return "0";
                };
            }
            case "dma_resv_unlock" -> {
                DmaResv l = lock(c);
                yield () -> {
                    l.unlock();
                    return "0";
                };
            }
            case "dma_buf_pin" -> () -> {
                i.buf.pin(i.attach);
                return "0";
            };
            case "dma_buf_map_attachment" -> () -> {
                i.sgt = i.buf.mapAttachment(i.attach, DmaDataDirection.BIDIRECTIONAL);
                i.valid = true;
                return "0";
            };
            default -> throw new IllegalArgumentException("the eviction driver has no call " + c.op());
        };
        return w.call(task, c.expect());
    }

    /** The copy engine finishes every move of the buffer in flight, oldest first (each waits for the one before). */
    private String completeMoves(DmaBuf b) {
        var moves = exporter.movesInFlight(b);
        if (moves.isEmpty()) {
            return "no move in flight";
        }
        for (VramExporter.Move m : moves) {
            if (!exporter.moveReady(m)) {
                return "the move would wait for a fence";
            }
            exporter.completeMove(m);
        }
        return "0";
    }

    @Override
    public Map<String, String> observe(Set<String> keys) {
        if (keys.isEmpty()) {
            return Map.of();
        }
        // a woken call may still be on its way to its next sleep or its return
        importers.values().forEach(i -> i.worker.settleSleeping(ModelThread::asleepInCall));
        return BatchRunner.World.super.observe(keys);
    }

    @Override
    public String value(String obj, String what) {
        DmaBuf b = buffers.get(obj);
        Importer i = importers.get(obj);
        return switch (what) {
            case "locked" -> b == null ? null : String.valueOf(b.resv().isLocked());
            case "moves" -> b == null ? null : String.valueOf(VramExporter.bo(b).moves());
            case "moving" -> b == null ? null : String.valueOf(exporter.moving(b));
            case "pins" -> b == null ? null : String.valueOf(exporter.pinCount(b));
            case "sleeping" -> i == null ? null : String.valueOf(i.worker.busy());
            case "acquired" -> i == null || i.ctx == null ? null : String.valueOf(i.ctx.acquired());
            case "mappings" -> i == null ? null : String.valueOf(i.attach.mappingCount());
            case "current" -> i == null || i.sgt == null ? null
                    : String.valueOf(i.sgt.storage() == VramExporter.bo(i.buf).storage());
            case "valid" -> i == null ? null : String.valueOf(i.valid);
            default -> null;
        };
    }

    /**
     * Completes the moves and has every idle thread drop its locks, until no call sleeps (a woken
     * call may lock, evict and wait again: each round releases what the last one left); then stops
     * the threads. Every call made here is a legal one, so the batch's trace stays checkable.
     */
    @Override
    public void close() {
        for (int round = 0; round < 16; round++) {
            for (DmaBuf b : buffers.values()) {
                if (exporter.moving(b)) {
                    copyEngine.run(() -> completeMoves(b));
                }
            }
            boolean busy = false;
            for (Importer i : importers.values()) {
                if (i.worker.busy() && i.worker.settleSleeping(ModelThread::asleepInCall)) {
                    busy = true;
                    continue;
                }
                i.worker.run(() -> {
                    for (DmaBuf b : buffers.values()) {
                        if (b.resv().isHeldByCurrentThread()) {
                            b.resv().unlock();
                        }
                    }
                    return "0";
                });
            }
            if (!busy) {
                break;
            }
        }
        importers.values().forEach(i -> i.worker.interrupt());
        copyEngine.interrupt();
    }
}
