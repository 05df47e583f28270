package org.dmabufspec.conformance.testgen.ww;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;

import org.dmabufspec.conformance.testgen.BatchRunner;
import org.dmabufspec.conformance.testgen.KernelCall;
import org.dmabufspec.conformance.testgen.ModelThread;
import org.dmabufspec.kernel.Kernel;
import org.dmabufspec.resv.DmaResv;
import org.dmabufspec.resv.WwAcquireCtx;
import org.dmabufspec.resv.WwClass;
import org.dmabufspec.resv.WwStateInjection;
import org.dmabufspec.uapi.DmaHeap;
import org.dmabufspec.uapi.SyncFlags;

/**
 * The objects of one WwMutex test on the reference implementation: a dma-heap buffer's
 * {@code DmaResv} per lock,
 * the kernel's reservation_ww_class (stamps grow across a batch's tests), and one thread per model thread, which makes every
 * call of that thread (a ww_acquire_ctx belongs to its thread). A call that the model puts to
 * sleep is made and the executor waits until the thread sleeps in the ww_mutex (its stack is in a
 * condition wait) or the call returns; the step where the model lets it return collects its result.
 * At the end of a test every thread releases what it holds, so the sleeping ones finish too.
 */
final class WwExecutor implements BatchRunner.World {
    static final BatchRunner RUNNER = new BatchRunner("6.15", 100, WwExecutor::new);
    /** MCWwMutex_Ind's tests, each from an injected state. */
    static final org.dmabufspec.conformance.testgen.InjectedRunner INJECTED =
            new org.dmabufspec.conformance.testgen.InjectedRunner("6.15", WwExecutor::new);

    private final Kernel kernel;
    private final String prefix;
    /** The kernel's one reservation_ww_class, whose stamps only grow across the tests of a batch, as in a kernel (F18). */
    private final WwClass cls;
    private final DmaHeap heap;
    private final Map<String, DmaResv> locks = new LinkedHashMap<>();
    private final Map<String, Worker> workers = new LinkedHashMap<>();

    private WwExecutor(Kernel kernel, String prefix) {
        this.kernel = kernel;
        this.prefix = prefix;
        this.cls = kernel.singleton("reservation_ww_class", () -> new WwClass("reservation_ww_class"));
        this.heap = new DmaHeap(kernel);
    }

    /** A model thread: its own Java thread, whether it uses an acquire context, and that context. */
    private static final class Worker {
        final ModelThread thread;
        final boolean ctx;
        volatile WwAcquireCtx acquire;

        Worker(String name, boolean ctx) {
            this.thread = new ModelThread(name);
            this.ctx = ctx;
        }
    }

    @Override
    public void init(KernelCall c) {
        switch (c.op()) {
            // a buffer's reservation, so that the trace names a buffer an earlier event exported
            case "dma_resv_init" -> locks.put(c.args().get("lock"),
                    heap.alloc(4096, SyncFlags.O_RDWR | SyncFlags.O_CLOEXEC, 0).resv());
            case "thread" -> workers.put(c.args().get("proc"), new Worker(prefix + c.args().get("proc"),
                    Boolean.parseBoolean(c.args().get("ctx"))));
            case InjectedWwPlanner.CLASS -> WwStateInjection.nextStamp(cls, Long.parseLong(c.args().get("next_stamp")));
            case InjectedWwPlanner.CTX -> {
                Worker w = worker(c);
                long stamp = Long.parseLong(c.args().get("stamp"));
                built(c, w.thread.run(() -> {
                    w.acquire = WwStateInjection.acquireCtx(kernel, stamp);
                    return "0";
                }));
            }
            case InjectedWwPlanner.CONTENDING -> WwStateInjection.contending(worker(c).acquire, lock(c));
            case InjectedWwPlanner.HOLD -> built(c, call(new KernelCall("dma_resv_lock", c.args(), "0")));
            case "ww_acquire_done", "ww_acquire_fini" -> built(c, call(c));
            case InjectedWwPlanner.SLEEP -> built(c, call(new KernelCall(Boolean.parseBoolean(c.args().get("slow"))
                    ? "dma_resv_lock_slow" : "dma_resv_lock", c.args(), c.expect())));
            default -> throw new IllegalArgumentException("ww_mutex setup: no setup call " + c);
        }
    }

    /** A call that builds an injected state must do what the model's state says it did. */
    private static void built(KernelCall c, String got) {
        if (!got.equals(c.expect())) {
            throw new IllegalStateException(c + " returned " + got);
        }
    }

    private Worker worker(KernelCall c) {
        Worker w = workers.get(c.args().get("proc"));
        if (w == null) {
            throw new IllegalArgumentException("no thread " + c.args().get("proc") + " in the setup: " + c);
        }
        return w;
    }

    private DmaResv lock(KernelCall c) {
        DmaResv l = locks.get(c.args().get("lock"));
        if (l == null) {
            throw new IllegalArgumentException("no lock " + c.args().get("lock") + " in the setup: " + c);
        }
        return l;
    }

    @Override
    public String call(KernelCall c) {
        Worker w = worker(c);
        if (c.op().equals("return")) {
            return w.thread.collect();
        }
        if (w.thread.busy()) {
            return "a call while the thread still sleeps in its last one";
        }
        Callable<String> task = switch (c.op()) {
            case "ww_acquire_init" -> () -> {
                w.acquire = WwAcquireCtx.init(kernel, cls);
                return "0";
            };
            case "dma_resv_lock" -> {
                DmaResv l = lock(c);
                yield () -> BatchRunner.result(l.lock(w.ctx ? w.acquire : null));
            }
            case "dma_resv_lock_slow" -> {
                DmaResv l = lock(c);
                yield () -> {
                    l.lockSlow(w.acquire);
                    return "0";
                };
            }
            case "dma_resv_trylock" -> {
                DmaResv l = lock(c);
                yield () -> String.valueOf(l.trylock());
            }
            case "dma_resv_unlock" -> {
                DmaResv l = lock(c);
                yield () -> {
                    l.unlock();
                    return "0";
                };
            }
            case "ww_acquire_done" -> () -> {
                w.acquire.done();
                return "0";
            };
            case "ww_acquire_fini" -> () -> {
                w.acquire.fini();
                return "0";
            };
            default -> throw new IllegalArgumentException("the ww_mutex driver has no call " + c.op());
        };
        return w.thread.call(task, c.expect());
    }

    @Override
    public Map<String, String> observe(Set<String> keys) {
        if (keys.isEmpty()) {
            return Map.of();
        }
        // a woken waiter may still be on its way back to sleep: wait until every thread is idle or asleep
        workers.values().forEach(w -> w.thread.settleSleeping(ModelThread::asleepInCall));
        return BatchRunner.World.super.observe(keys);
    }

    @Override
    public String value(String obj, String what) {
        Worker w = workers.get(obj);
        return switch (what) {
            case "locked" -> locks.containsKey(obj) ? String.valueOf(locks.get(obj).isLocked()) : null;
            case "acquired" -> w == null || w.acquire == null ? null : String.valueOf(w.acquire.acquired());
            case "sleeping" -> w == null ? null : String.valueOf(w.thread.busy());
            default -> null;
        };
    }

    /** Every thread releases what it holds (waking the sleeping ones, which then release theirs), then stops. */
    @Override
    public void close() {
        boolean again = true;
        while (again) {
            again = false;
            boolean released = false;
            for (Worker w : workers.values()) {
                if (w.thread.busy()) {
                    again = true;
                    continue;
                }
                released = true;
                w.thread.run(() -> {
                    for (DmaResv l : locks.values()) {
                        if (l.isHeldByCurrentThread()) {
                            l.unlock();
                        }
                    }
                    return "0";
                });
            }
            if (again && !released) {
                break; // every thread asleep and none can release: a deadlock; the daemon threads are left behind
            }
            if (again) {
                Thread.onSpinWait();
                Thread.yield();
            }
        }
        workers.values().forEach(w -> w.thread.interrupt());
    }
}
