package org.dmabufspec.kernel;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.dmabufspec.lockdep.Lockdep;
import org.dmabufspec.lockdep.Mode;
import org.dmabufspec.trace.KernelBehaviour;
import org.dmabufspec.trace.ObjectIds;
import org.dmabufspec.trace.Tracer;

/**
 * One simulated kernel: the behaviour switch, the tracer, lockdep, id allocation and
 * {@code dma_fence_context_alloc}. Every object of the reference implementation belongs to one.
 */
public final class Kernel {
    private final KernelBehaviour behaviour;
    private final Tracer tracer;
    private final Lockdep lockdep;
    private final Timers timers = new Timers();
    private final Map<String, AtomicLong> ids = new ConcurrentHashMap<>();
    /** Context 0 is the stub fence's, as in the kernel where it is allocated first. */
    private final AtomicLong fenceContexts = new AtomicLong(1);

    private final Map<String, Object> singletons = new ConcurrentHashMap<>();
    private final Map<Long, java.util.NavigableSet<Long>> unsignalled = new ConcurrentHashMap<>();

    public Kernel(KernelBehaviour behaviour, Tracer tracer, Mode mode) {
        this.behaviour = behaviour;
        this.tracer = tracer;
        this.lockdep = new Lockdep(mode);
    }

    public KernelBehaviour behaviour() {
        return behaviour;
    }

    public Tracer tracer() {
        return tracer;
    }

    public Lockdep lockdep() {
        return lockdep;
    }

    /** The timer wheel (virtual clock): vgem's fence expiry runs on it. */
    public Timers timers() {
        return timers;
    }

    /** A fresh id of a kind ("b" buffers, "a" attachments, "f" fences, ...): "b1", "b2", ... */
    public String newId(String prefix) {
        return prefix + ids.computeIfAbsent(prefix, p -> new AtomicLong()).incrementAndGet();
    }

    /** {@code dma_fence_context_alloc(num)}: the first of num fresh contexts. */
    public long fenceContextAlloc(int num) {
        return fenceContexts.getAndAdd(num);
    }

    private final java.util.Set<String> injections = ConcurrentHashMap.newKeySet();

    /** Turns on one named injected bug (the simulator's --inject). */
    public void inject(String name) {
        injections.add(name);
    }

    /** Whether the named bug is injected in this kernel. */
    public boolean injected(String name) {
        return !injections.isEmpty() && injections.contains(name);
    }

    private volatile boolean observeState = true;

    /** Whether core calls record the observed {@code state} (off where no snapshot can be atomic). */
    public boolean observeState() {
        return observeState;
    }

    public void observeState(boolean on) {
        observeState = on;
    }

    /** A per-kernel singleton (the stub fence). */
    @SuppressWarnings("unchecked")
    public <T> T singleton(String key, java.util.function.Supplier<T> make) {
        return (T) singletons.computeIfAbsent(key, x -> make.get());
    }

    /** Unsignalled seqnos per fence context, to catch out-of-order signalling (F12). */
    public java.util.NavigableSet<Long> unsignalledSeqnos(long context) {
        return unsignalled.computeIfAbsent(context, c -> new java.util.concurrent.ConcurrentSkipListSet<>());
    }

    private final Map<Long, Long> maxSignalled = new ConcurrentHashMap<>();

    /** Records that {@code seqno} of {@code context} signalled; returns the highest signalled before it. */
    public long signalledSeqno(long context, long seqno) {
        long[] before = new long[1];
        maxSignalled.compute(context, (c, old) -> {
            before[0] = old == null ? 0 : old;
            return old == null ? seqno : Math.max(old, seqno);
        });
        return before[0];
    }

    /** Contexts with unsignalled fences and their seqnos (end-of-run invariant: every fence signalled). */
    public Map<Long, java.util.NavigableSet<Long>> unsignalledFences() {
        Map<Long, java.util.NavigableSet<Long>> out = new java.util.TreeMap<>();
        unsignalled.forEach((c, s) -> {
            if (!s.isEmpty()) {
                out.put(c, new java.util.TreeSet<>(s));
            }
        });
        return out;
    }

    private volatile SchedulePerturbation perturbation = SchedulePerturbation.NONE;

    /** Schedule noise at every traced call's stamps (the schedule fuzzer); NONE by default. */
    public void perturbation(SchedulePerturbation p) {
        perturbation = p;
    }

    /** A call that is never traced (its effect is reported by the enclosing event). */
    public Call untraced(String op) {
        return new Call(Tracer.DISABLED, op, ObjectIds.NONE, SchedulePerturbation.NONE);
    }

    /** Opens a traced call on the current thread. */
    public Call call(String op, ObjectIds ids) {
        return new Call(tracer, op, ids, perturbation);
    }
}
