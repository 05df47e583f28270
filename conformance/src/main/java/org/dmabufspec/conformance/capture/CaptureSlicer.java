package org.dmabufspec.conformance.capture;

import java.util.ArrayList;
import java.util.List;
import org.dmabufspec.trace.TraceEvent;
import org.dmabufspec.trace.TraceHeader;

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
        List<TraceEvent> events = new ArrayList<>();
        java.util.Map<Long, Long> renumbered = new java.util.HashMap<>();
        for (TraceEvent e : all.events()) {
            long start = e.start();
            if (start >= fromNs - SLACK_NS && start <= toNs + SLACK_NS) {
                long seq = events.size() + 1;
                renumbered.put(e.seq(), seq);
                // a caller that started before the window is not in the slice: the event has none there
                events.add(e.withSeq(seq, e.caller() == null ? null : renumbered.get(e.caller())));
            }
        }
        TraceHeader h = scenario == null ? all.header() : all.header().withScenario(scenario);
        return new CapturedTrace(h, List.copyOf(events), all.observation(), all.notes());
    }
}
