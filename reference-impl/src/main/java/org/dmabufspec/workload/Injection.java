package org.dmabufspec.workload;

import java.util.Locale;
import org.dmabufspec.rule.Rule;

/** The bugs {@code dmabuf simulate --inject} can put into a run, with the rule each breaks. */
public enum Injection {
    SKIP_MOVE_NOTIFY("skip-move-notify", "R4",
            "dma_buf_move_notify skips one dynamic attachment; its importer keeps using the old mapping"),
    SIGNAL_OUT_OF_ORDER("signal-out-of-order", "F12",
            "a device engine signals its second queued job's fence before the first (same context)"),
    SKIP_KERNEL_FENCE_WAIT("skip-kernel-fence-wait", "R6",
            "a dynamic importer's job does not wait for the KERNEL (move) fence before using a new mapping"),
    MAP_WITHOUT_LOCK("map-without-lock", "R3",
            "a dynamic importer calls dma_buf_map_attachment/unmap without holding the reservation"),
    REUSE_BEFORE_FENCE("reuse-before-fence", "R5",
            "the exporter frees the old storage of a move before the fences that predate the move signalled"),
    UNLOCKED_MAP_WITH_LOCK_HELD("unlocked-map-with-lock-held", "B17",
            "a dynamic importer calls the _unlocked map/unmap while holding the reservation (self-deadlock)"),
    MOVE_WITHOUT_ZAP("move-without-zap", "R21",
            "an eviction leaves the CPU PTEs of the buffer's mmaps in place (no unmap_mapping_range): a process keeps touching the old storage"),
    FAULT_BEFORE_MOVE_DONE("fault-before-move-done", "R22",
            "the CPU fault handler maps a moved buffer's new storage without waiting for the move's copy (no ttm_bo_vm_fault_idle)");

    private final String text;
    private final Rule rule;
    private final String description;

    Injection(String text, String rule, String description) {
        this.text = text;
        this.rule = Rule.of(rule);
        this.description = description;
    }

    public String text() {
        return text;
    }

    /** The rule of docs/rules.md the injected code breaks. */
    public Rule rule() {
        return rule;
    }

    public String description() {
        return description;
    }

    public static Injection parse(String s) {
        for (Injection i : values()) {
            if (i.text.equals(s.toLowerCase(Locale.ROOT))) {
                return i;
            }
        }
        StringBuilder names = new StringBuilder();
        for (Injection i : values()) {
            names.append(names.length() == 0 ? "" : ", ").append(i.text);
        }
        throw new IllegalArgumentException("unknown injection '" + s + "' (one of: " + names + ")");
    }
}
