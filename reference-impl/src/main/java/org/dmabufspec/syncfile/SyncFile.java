package org.dmabufspec.syncfile;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.dmabufspec.fence.DmaFence;
import org.dmabufspec.fence.DmaFenceArray;
import org.dmabufspec.kernel.Kernel;

/**
 * {@code struct sync_file} (drivers/dma-buf/sync_file.c): a file wrapping exactly one fence,
 * possibly a container. Its fence is a snapshot: fences added to a buffer later are not in it.
 */
public final class SyncFile {
    private final String id;
    private final DmaFence fence;

    private SyncFile(String id, DmaFence fence) {
        this.id = id;
        this.fence = fence;
    }

    /** {@code sync_file_create}: takes a fence reference. */
    public static SyncFile create(Kernel k, DmaFence fence) {
        return new SyncFile(k.newId("sf"), fence.get());
    }

    public String id() {
        return id;
    }

    public DmaFence fence() {
        return fence;
    }

    /**
     * One fence standing for {@code fences}: none → the stub, one → itself, more → a
     * {@link DmaFenceArray} ({@code dma_resv_get_singleton}, {@code dma_fence_unwrap_merge}).
     */
    public static DmaFence singleton(Kernel k, List<DmaFence> fences) {
        if (fences.isEmpty()) {
            return DmaFence.getStub(k);
        }
        if (fences.size() == 1) {
            return fences.get(0);
        }
        return DmaFenceArray.create(k, fences);
    }

    /**
     * {@code dma_fence_unwrap_merge}: flattened, one fence per context (the later one), signalled
     * fences dropped.
     */
    public static List<DmaFence> mergeFences(List<DmaFence> a, List<DmaFence> b) {
        Map<Long, DmaFence> byContext = new LinkedHashMap<>();
        List<DmaFence> all = new ArrayList<>();
        for (DmaFence f : a) {
            all.addAll(f.unwrap());
        }
        for (DmaFence f : b) {
            all.addAll(f.unwrap());
        }
        for (DmaFence f : all) {
            if (f.isSignaledQuiet()) {
                continue;
            }
            DmaFence old = byContext.get(f.context());
            if (old == null || f.isLater(old)) {
                byContext.put(f.context(), f);
            }
        }
        return new ArrayList<>(byContext.values());
    }

    /** SYNC_IOC_FILE_INFO: the component fences' ids and the file's status ({@code dma_fence_get_status}). */
    public record Info(List<String> fences, int status) {
    }

    public Info info() {
        List<String> ids = new ArrayList<>();
        for (DmaFence f : fence.unwrap()) {
            ids.add(f.id());
        }
        return new Info(ids, fence.getStatus());
    }
}
