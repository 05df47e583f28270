package org.dmabufspec.conformance.capture;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * What a capture observed and what it could not, with the rules that cannot be judged for
 * lack of a probe. Partial observation is normal: the checker infers what is missing where the
 * specs allow it, but a rule whose calls were not observed at all is not judged.
 *
 * @param probes     the functions probed (entry and return)
 * @param missing    probe name to "function: why" for probes the kernel refused
 * @param unjudged   rule ids that need a missing probe
 * @param unobserved what no capture on a stock kernel sees (always the same list)
 */
public record Observation(List<String> probes, Map<String, String> missing, List<String> unjudged,
                          List<String> unobserved) {

    /** Which rules each probed function is needed for (docs/rules.md). */
    static final Map<String, List<String>> RULES_OF = new LinkedHashMap<>();

    static {
        List<String> locks = List.of("R1", "R2", "R3", "R8", "F13", "F18");
        for (String f : List.of("ww_mutex_lock", "ww_mutex_lock_interruptible", "ww_mutex_trylock", "ww_mutex_unlock")) {
            RULES_OF.put(f, locks);
        }
        RULES_OF.put("dma_buf_export", List.of("R8", "R9", "R11"));
        RULES_OF.put("dma_buf_attach", List.of("R1", "R9", "R11", "R15"));
        RULES_OF.put("dma_buf_dynamic_attach", List.of("R1", "R2", "R8", "R15", "R16"));
        RULES_OF.put("dma_buf_detach", List.of("R1", "R12"));
        RULES_OF.put("dma_buf_pin", List.of("R7", "R8", "R10"));
        RULES_OF.put("dma_buf_unpin", List.of("R7", "R8"));
        for (String f : List.of("dma_buf_map_attachment", "dma_buf_map_attachment_unlocked",
                "dma_buf_unmap_attachment", "dma_buf_unmap_attachment_unlocked")) {
            RULES_OF.put(f, List.of("R3", "R6", "R11", "R12"));
        }
        RULES_OF.put("dma_buf_move_notify", List.of("R2", "R4"));
        RULES_OF.put("dma_buf_begin_cpu_access", List.of("U1", "U2"));
        RULES_OF.put("dma_buf_end_cpu_access", List.of("U1"));
        RULES_OF.put("dma_resv_reserve_fences", List.of("F13"));
        RULES_OF.put("dma_resv_add_fence", List.of("F13", "F14", "F15", "F16"));
        RULES_OF.put("dma_resv_wait_timeout", List.of("F15"));
        RULES_OF.put("dma_resv_test_signaled", List.of("F15"));
        RULES_OF.put("dma_fence_init", List.of("F12"));
        for (String f : List.of("dma_fence_signal", "dma_fence_signal_locked", "dma_fence_signal_timestamp",
                "dma_fence_signal_timestamp_locked")) {
            RULES_OF.put(f, List.of("F7", "R5", "R6"));
        }
        RULES_OF.put("dma_fence_add_callback", List.of("F7"));
    }

    /** Never observable from outside on a stock kernel, whatever the probe set. */
    static final List<String> ALWAYS_UNOBSERVED = List.of(
            "exporter and importer callbacks (called through the ops tables: R9's exporter pin, R11's cache hits,"
                    + " R13, R17, R18's leaked mappings need them)",
            "ww_acquire_init/done/fini and dma_fence_put (inline functions)",
            "fence callbacks running inside a signal",
            "the uAPI layer (ioctls, poll, sync_file export/import): only the kernel functions they reach",
            "CPU access through an mmap of a dma-buf fd (the fd's mmap, the exporter's faults, loads and stores, munmap) and"
                    + " the exporter's zaps (unmap_mapping_range names an address_space): R21 and R22 are not judged; vmaps are"
                    + " observed, the moves R20 forbids during them are not",
            "observed state (bufinfo, pin counts): the checker keeps every state the calls allow");

    static Observation of(RawCapture raw) {
        List<String> probes = new ArrayList<>();
        for (String p : raw.probes().keySet()) {
            if (!p.endsWith("__r")) {
                probes.add(p);
            }
        }
        TreeSet<String> unjudged = new TreeSet<>();
        for (String m : raw.missing().keySet()) {
            String fn = m.endsWith("__r") ? m.substring(0, m.length() - 3) : m;
            unjudged.addAll(RULES_OF.getOrDefault(fn, List.of()));
        }
        // in the order the recorder reported them
        return new Observation(List.copyOf(probes), java.util.Collections.unmodifiableMap(new LinkedHashMap<>(raw.missing())),
                List.copyOf(unjudged), ALWAYS_UNOBSERVED);
    }

    /** The lines {@code dmabuf capture} prints about observation. */
    public List<String> describe() {
        List<String> out = new ArrayList<>();
        out.add("observed: " + probes.size() + " kernel functions (" + String.join(", ", probes) + ")");
        if (missing.isEmpty()) {
            out.add("missing: none (every probe of the set was added)");
        } else {
            missing.forEach((p, why) -> out.add("missing: " + p + " (" + why + ")"));
            out.add("cannot be judged for lack of a probe: " + String.join(", ", unjudged));
        }
        for (String u : unobserved) {
            out.add("not observable: " + u);
        }
        return out;
    }
}
