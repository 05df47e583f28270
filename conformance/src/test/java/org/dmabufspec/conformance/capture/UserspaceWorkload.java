package org.dmabufspec.conformance.capture;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.dmabufspec.trace.Op;
import org.dmabufspec.trace.TraceEvent;

/**
 * The real userspace workload of capture runs (capture/workload): v4l2-ctl streaming from
 * vivid's capture node into its output node through exported dma-bufs, once per vivid allocator,
 * each run between {@code dmabuf-mark NAME begin|end} lines. What each run must show: the kernel
 * functions vb2 calls, each with the vb2 function that called it as its site.
 */
final class UserspaceWorkload {
    /** Part name to the ops its capture holds (exactly) and a site each op's events name. */
    static final Map<String, Map<String, String>> PARTS = Map.of(
            "v4l2-ctl/vivid-vmalloc", Map.of(
                    "dma_buf_export", "vb2_vmalloc_get_dmabuf+",
                    "dma_buf_get", "__prepare_dmabuf",
                    "dma_buf_vmap_unlocked", "vb2_vmalloc_map_dmabuf+",
                    "dma_buf_vunmap_unlocked", "vb2_vmalloc_unmap_dmabuf+",
                    "dma_buf_put", "dmabuf"),
            "v4l2-ctl/vivid-dma-contig", Map.of(
                    "dma_buf_export", "vb2_dc_get_dmabuf+",
                    "dma_buf_get", "__prepare_dmabuf",
                    "dma_buf_attach", "vb2_dc_attach_dmabuf+",
                    "dma_buf_map_attachment_unlocked", "vb2_dc_map_dmabuf+",
                    "dma_buf_unmap_attachment_unlocked", "vb2_dc_unmap_dmabuf+",
                    "dma_buf_detach", "vb2_dc_detach_dmabuf+",
                    "dma_buf_put", "dmabuf"));

    private UserspaceWorkload() {
    }

    static CapturedTrace part(RawCapture raw, CapturedTrace all, String name) {
        long[] w = raw.marked(name);
        if (w == null) {
            throw new AssertionError("no 'dmabuf-mark " + name + " begin/end' lines in " + raw.file());
        }
        return CaptureSlicer.slice(all, w[0], w[1], name);
    }

    /** What is wrong with a part's capture against {@link #PARTS}: an empty list if nothing. */
    static List<String> problems(String name, CapturedTrace part) {
        Map<String, String> expected = PARTS.get(name);
        List<String> p = new ArrayList<>();
        Set<String> ops = new TreeSet<>();
        for (TraceEvent e : part.events()) {
            String op = e.op().wire();
            ops.add(op);
            String site = expected.get(op);
            if (site != null && !e.site().contains(site)) {
                p.add(name + ": " + op + " made from " + e.site() + ", expected from " + site);
            }
        }
        if (!ops.equals(new TreeSet<>(expected.keySet()))) {
            p.add(name + ": captured ops " + ops + ", expected " + new TreeSet<>(expected.keySet()));
        }
        return p;
    }

    /** The same events with the first detach moved before the unmap of its attachment (R12). */
    static CapturedTrace detachBeforeUnmap(CapturedTrace part) {
        List<TraceEvent> ev = new ArrayList<>(part.events());
        int unmap = -1;
        for (int i = 0; i < ev.size() && unmap < 0; i++) {
            if (ev.get(i).op() == Op.DMA_BUF_UNMAP_ATTACHMENT_UNLOCKED) {
                unmap = i;
            }
        }
        String att = ev.get(unmap).attach();
        int detach = -1;
        for (int i = unmap + 1; i < ev.size() && detach < 0; i++) {
            if (ev.get(i).op() == Op.DMA_BUF_DETACH && ev.get(i).attach().equals(att)) {
                detach = i;
            }
        }
        TraceEvent d = ev.get(detach);
        TraceEvent u = ev.get(unmap);
        ev.set(unmap, CaptureFixtures.with(d, u.seq(), u.start(), u.end(), d.result()));
        ev.set(detach, CaptureFixtures.with(u, d.seq(), d.start(), d.end(), u.result()));
        return new CapturedTrace(part.header(), ev, part.observation(), part.notes());
    }
}
