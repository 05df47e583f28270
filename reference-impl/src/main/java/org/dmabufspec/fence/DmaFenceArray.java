package org.dmabufspec.fence;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.dmabufspec.kernel.Kernel;

/**
 * {@code struct dma_fence_array}: a container on a fresh context that signals once every
 * component has signalled (built for sync_file merges and multi-fence exports). Containers are
 * never added to a reservation object (F14).
 */
public final class DmaFenceArray extends DmaFence {
    private final List<DmaFence> fences;
    private final AtomicInteger pending;

    private DmaFenceArray(Kernel k, List<DmaFence> fences, long context) {
        super(k, k.newId("f"), context, 1);
        this.fences = List.copyOf(fences);
        this.pending = new AtomicInteger(fences.size());
    }

    /** {@code dma_fence_array_create} on a context from {@code dma_fence_context_alloc(1)}. */
    public static DmaFenceArray create(Kernel k, List<DmaFence> components) {
        if (components.isEmpty()) {
            throw new IllegalArgumentException("dma_fence_array needs at least one fence");
        }
        DmaFenceArray a = new DmaFenceArray(k, components, k.fenceContextAlloc(1));
        a.traceInit();
        // Wire the components now so the array signals without a waiter (B15: no lost progress).
        for (DmaFence f : a.fences) {
            DmaFenceCb cb = new DmaFenceCb(k.newId("cb"), x -> a.componentSignalled());
            if (f.addCallbackQuiet(cb) != null) {
                a.componentSignalled();
            }
        }
        return a;
    }

    private void componentSignalled() {
        if (pending.decrementAndGet() == 0) {
            signal();
        }
    }

    @Override
    protected List<String> componentIds() {
        List<String> ids = new ArrayList<>();
        for (DmaFence f : fences) {
            ids.add(f.id());
        }
        return ids;
    }

    @Override
    public boolean isContainer() {
        return true;
    }

    @Override
    public List<DmaFence> unwrap() {
        List<DmaFence> out = new ArrayList<>();
        for (DmaFence f : fences) {
            out.addAll(f.unwrap());
        }
        return out;
    }
}
