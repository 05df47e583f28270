package org.dmabufspec.conformance.capture;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;

/**
 * Cuts the events of a capture that started within a time window ({@code monotonic_ns}) into a
 * trace of their own, e.g. one per scenario of a test run whose scenarios log their own
 * intervals. Ids stay those of the whole capture (unique, never reused).
 */
public final class CaptureSlicer {
    /** ftrace prints microseconds: a call may appear up to 1 us before the self-logged start. */
    public static final long SLACK_NS = 1_000;

    private CaptureSlicer() {
    }

    public static CapturedTrace slice(CapturedTrace all, long fromNs, long toNs, String scenario) {
        List<ObjectNode> events = new ArrayList<>();
        java.util.Map<Long, Integer> renumbered = new java.util.HashMap<>();
        for (ObjectNode e : all.events()) {
            long start = e.get("start").asLong();
            if (start >= fromNs - SLACK_NS && start <= toNs + SLACK_NS) {
                ObjectNode c = e.deepCopy();
                renumbered.put(e.get("seq").asLong(), events.size() + 1);
                c.put("seq", events.size() + 1);
                if (c.has("caller")) {
                    Integer caller = renumbered.get(c.get("caller").asLong());
                    if (caller == null) {
                        c.remove("caller"); // made from a call that started before the window
                    } else {
                        c.put("caller", caller);
                    }
                }
                events.add(c);
            }
        }
        ObjectNode h = all.header().deepCopy();
        if (scenario != null) {
            // keep the field order of the header: scenario before capture
            ObjectNode cap = (ObjectNode) h.remove("capture");
            h.put("scenario", scenario);
            h.set("capture", cap);
        }
        return new CapturedTrace(h, events, all.observation(), all.notes());
    }
}
