package org.dmabufspec.conformance.capture;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.dmabufspec.trace.TraceEvent;
import org.dmabufspec.trace.TraceJson;

/**
 * Does a capture agree with the trace a scenario logged itself? The correspondence
 * (docs/capture.md):
 * <ul>
 *   <li><b>Kernel test module</b> ({@code native-kmod}): every core call the module logged
 *       (not its exporter/importer callbacks, nor the inline ww_acquire_* and dma_fence_put) has a
 *       captured event of the same op whose interval lies inside the logged one, and every
 *       captured event is such a counterpart; results, directions, usages and the other
 *       arguments are equal, and ids correspond one to one per kind (buffers, attachments,
 *       sg_tables, fences, contexts, devices, threads).</li>
 *   <li><b>uAPI harness</b> ({@code native-uapi}): the harness logs syscalls, the capture the
 *       kernel functions they reach (conformance/native/MAPPING.md). Every captured event lies
 *       inside a logged call of the same thread, except the bufinfo reads the harness makes
 *       between calls ({@code dma_buf_debug_show} locking each buffer), the closing of sync_file
 *       fds, which it does not log ({@code sync_file_release} removing its poll callback), and
 *       interrupt and kworker contexts (timers signalling fences); each successful call listed in {@link #REACHES}
 *       contains those kernel functions, on corresponding buffers and fences; a failed one
 *       contains none of them.</li>
 * </ul>
 */
public final class CaptureAgreement {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long SLACK = CaptureSlicer.SLACK_NS;
    // inline, or no probe: a process's mmap of the fd reaches the exporter through the file's
    // mmap (dma_buf_mmap_internal, not exported), munmap and loads/stores through present PTEs raise
    // no dma-buf call at all, unmap_mapping_range is mm's and names an address_space (docs/capture.md)
    private static final Set<String> UNOBSERVABLE = Set.of("ww_acquire_init", "ww_acquire_done", "ww_acquire_fini",
            "dma_fence_put", "dma_fence_callback", "mmap", "munmap", "cpu.access", "unmap_mapping_range");
    private static final List<String> ID_KINDS = List.of("buf", "attach", "sgt", "fence", "ctx", "dev", "cb");
    private static final List<String> ARGS = List.of("dir", "usage", "num", "last", "dynamic", "cache_sgt_mapping",
            "size", "exporter", "allow_peer2peer", "move_notify", "context", "seqno", "intr");

    /** The kernel functions a successful uAPI call reaches (MAPPING.md), in order. */
    static final Map<String, List<String>> REACHES = Map.of(
            "DMA_HEAP_IOCTL_ALLOC", List.of("dma_buf_export"),
            "UDMABUF_CREATE", List.of("dma_buf_export"),
            "DRM_IOCTL_PRIME_FD_TO_HANDLE", List.of("dma_buf_get"),
            "DRM_IOCTL_VGEM_FENCE_ATTACH", List.of("dma_fence_init", "dma_resv_lock", "dma_resv_reserve_fences",
                    "dma_resv_add_fence", "dma_resv_unlock"),
            "DRM_IOCTL_VGEM_FENCE_SIGNAL", List.of("dma_fence_signal"),
            "DMA_BUF_IOCTL_IMPORT_SYNC_FILE", List.of("dma_resv_lock", "dma_resv_reserve_fences", "dma_resv_add_fence",
                    "dma_resv_unlock"));

    private final Map<String, Map<String, String>> forward = new HashMap<>();
    private final Map<String, Map<String, String>> backward = new HashMap<>();
    private final List<String> problems = new ArrayList<>();

    private CaptureAgreement() {
    }

    /** Whether a capture can show a self-logged op of the kernel module (not a callback, not inline, probed). */
    public static boolean observable(String op) {
        return !op.startsWith("exporter.") && !op.startsWith("importer.") && !UNOBSERVABLE.contains(op);
    }

    /** The disagreements between a self-logged trace (its NDJSON lines) and its capture; empty when they agree. */
    public static List<String> compare(List<String> selfLines, CapturedTrace captured) throws IOException {
        List<JsonNode> self = new ArrayList<>();
        String impl = null;
        for (String l : selfLines) {
            JsonNode n = JSON.readTree(l);
            if (n.path("type").asText().equals("header")) {
                impl = n.path("implementation").path("name").asText();
            } else if (n.path("type").asText().equals("event")) {
                self.add(n);
            }
        }
        // both sides as the JSON the format's writer makes of them: fields compared by the same names
        List<ObjectNode> cap = new ArrayList<>(captured.events().size());
        for (TraceEvent e : captured.events()) {
            cap.add((ObjectNode) JSON.readTree(TraceJson.toJson(e)));
        }
        CaptureAgreement a = new CaptureAgreement();
        if ("native-kmod".equals(impl)) {
            a.kmod(self, cap);
        } else if ("native-uapi".equals(impl)) {
            a.uapi(self, cap);
        } else {
            a.problems.add("no correspondence is defined for implementation '" + impl + "'");
        }
        return List.copyOf(a.problems);
    }

    private void kmod(List<JsonNode> self, List<ObjectNode> cap) {
        List<ObjectNode> open = new ArrayList<>();
        for (ObjectNode c : cap) {
            if (!c.path("op").asText().equals("ww_acquire_init")) {
                open.add(c);
            }
        }
        for (JsonNode s : self) {
            String op = s.path("op").asText();
            if (!observable(op)) {
                continue;
            }
            ObjectNode match = null;
            for (ObjectNode c : open) {
                if (c.path("op").asText().equals(op) && inside(c, s) && sameOrNew("thread", s.path("thread").asText(), c.path("thread").asText())) {
                    match = c;
                    break;
                }
            }
            if (match == null) {
                problems.add("self-logged seq " + s.path("seq").asLong() + " " + op + " on " + s.path("thread").asText()
                        + ": no captured call of it inside its interval");
                continue;
            }
            open.remove(match);
            bind("thread", s.path("thread").asText(), match.path("thread").asText(), s);
            same(s, match);
        }
        for (ObjectNode c : open) {
            problems.add("captured seq " + c.path("seq").asLong() + " " + c.path("op").asText() + " on "
                    + c.path("thread").asText() + " (called from " + c.path("site").asText() + "): the module did not log it");
        }
    }

    private void uapi(List<JsonNode> self, List<ObjectNode> cap) {
        Map<JsonNode, List<ObjectNode>> inside = new HashMap<>();
        for (ObjectNode c : cap) {
            String thread = c.path("thread").asText();
            String site = c.path("site").asText();
            if (site.startsWith("dma_buf_debug_show+") || site.startsWith("sync_file_release+") || thread.startsWith("hardirq/")
                    || thread.startsWith("softirq/") || thread.startsWith("kworker/")) {
                continue;
            }
            JsonNode owner = null;
            for (JsonNode s : self) {
                if (inside(c, s) && sameOrNew("thread", s.path("thread").asText(), thread)) {
                    owner = s;
                    break;
                }
            }
            if (owner == null) {
                problems.add("captured seq " + c.path("seq").asLong() + " " + c.path("op").asText() + " on " + thread
                        + " (called from " + c.path("site").asText() + "): inside no call the harness logged");
                continue;
            }
            bind("thread", owner.path("thread").asText(), thread, owner);
            inside.computeIfAbsent(owner, k -> new ArrayList<>()).add(c);
        }
        for (JsonNode s : self) {
            List<String> want = REACHES.get(s.path("op").asText());
            if (want == null) {
                continue;
            }
            List<ObjectNode> got = inside.getOrDefault(s, List.of());
            boolean ok = "0".equals(s.path("result").asText());
            int i = 0;
            for (ObjectNode c : got) {
                if (i < want.size() && c.path("op").asText().equals(want.get(i))) {
                    if (ok) {
                        correspondIds(s, c);
                    }
                    i++;
                }
            }
            if (ok && i < want.size()) {
                problems.add("self-logged seq " + s.path("seq").asLong() + " " + s.path("op").asText()
                        + ": the capture shows no " + want.get(i) + " inside it (captured: " + ops(got) + ")");
            } else if (!ok && got.stream().anyMatch(c -> c.path("op").asText().equals(want.get(want.size() - 1)))) {
                problems.add("self-logged seq " + s.path("seq").asLong() + " " + s.path("op").asText() + " failed with "
                        + s.path("result").asText() + " but the capture shows " + want.get(want.size() - 1) + " inside it");
            }
        }
    }

    /** Ids a uAPI call and a kernel function inside it share: the buffer, and the fence where both name one. */
    private void correspondIds(JsonNode s, ObjectNode c) {
        for (String kind : List.of("buf", "fence")) {
            if (s.hasNonNull(kind) && c.hasNonNull(kind)) {
                bind(kind, s.get(kind).asText(), c.get(kind).asText(), s);
            }
        }
    }

    private void same(JsonNode s, ObjectNode c) {
        String where = "self-logged seq " + s.path("seq").asLong() + " " + s.path("op").asText();
        if (!s.path("result").asText().equals(c.path("result").asText())) {
            problems.add(where + ": result " + s.path("result").asText() + ", captured " + c.path("result").asText());
        }
        for (String kind : ID_KINDS) {
            boolean a = s.hasNonNull(kind);
            boolean b = c.hasNonNull(kind);
            if (kind.equals("cb") || kind.equals("sgt") && !"0".equals(s.path("result").asText())) {
                a = a && b; // ids of objects a failed call did not create, and callbacks, may be left out
                b = a;
            }
            if (a != b) {
                problems.add(where + ": " + kind + " " + (a ? "logged but not captured" : "captured but not logged"));
            } else if (a) {
                bind(kind, s.get(kind).asText(), c.get(kind).asText(), s);
            }
        }
        if (s.has("resv_held") && c.has("resv_held") && s.get("resv_held").asBoolean() != c.get("resv_held").asBoolean()) {
            problems.add(where + ": resv_held " + s.get("resv_held") + ", captured " + c.get("resv_held"));
        }
        for (String arg : ARGS) {
            JsonNode x = s.path("args").get(arg);
            JsonNode y = c.path("args").get(arg);
            if (x != null && y != null && !x.asText().equals(y.asText())) {
                problems.add(where + ": args." + arg + " " + x + ", captured " + y);
            }
        }
    }

    private boolean sameOrNew(String kind, String selfId, String capId) {
        String f = forward.getOrDefault(kind, Map.of()).get(selfId);
        String b = backward.getOrDefault(kind, Map.of()).get(capId);
        return (f == null || f.equals(capId)) && (b == null || b.equals(selfId));
    }

    private void bind(String kind, String selfId, String capId, JsonNode s) {
        if (!sameOrNew(kind, selfId, capId)) {
            problems.add("self-logged seq " + s.path("seq").asLong() + " " + s.path("op").asText() + ": " + kind + " "
                    + selfId + " corresponds to captured " + capId + ", but earlier to "
                    + forward.get(kind).getOrDefault(selfId, "?") + " / " + backward.get(kind).getOrDefault(capId, "?"));
            return;
        }
        forward.computeIfAbsent(kind, k -> new HashMap<>()).put(selfId, capId);
        backward.computeIfAbsent(kind, k -> new HashMap<>()).put(capId, selfId);
    }

    private static boolean inside(JsonNode c, JsonNode s) {
        return c.path("start").asLong() >= s.path("start").asLong() - SLACK && c.path("end").asLong() <= s.path("end").asLong() + SLACK;
    }

    private static String ops(List<ObjectNode> got) {
        List<String> o = new ArrayList<>();
        got.forEach(c -> o.add(c.path("op").asText()));
        return o.isEmpty() ? "nothing" : String.join(", ", o);
    }
}
