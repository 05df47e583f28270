package org.dmabufspec.conformance.capture;

import java.util.List;
import java.util.Map;

/**
 * A raw capture file as {@code dmabuf-capture.sh} writes it: its {@code # dmabuf-capture:}
 * framing (kernel, Kconfig facts, the probes it could add and the ones it could not) and the
 * probe hits in timestamp order.
 *
 * @param probes   event name to its kprobe_events definition, for every probe that was added
 * @param missing  probe name to why it could not be added (no such function, rejected argument)
 * @param config   DMABUF_MOVE_NOTIFY, DMABUF_DEBUG, LOCKDEP to "y", "n" or "unknown"
 * @param pid      the pid filter, or null when every task was recorded
 * @param lost     ring-buffer overruns at the end (events the kernel dropped)
 * @param missed   kretprobes missed per probe (too many concurrent instances)
 * @param stub     address of the kernel's stub fence ({@code dma_fence_stub}), 0 if unknown
 * @param marks    the workload's {@code dmabuf-mark NAME begin|end} lines (written to the
 *                 instance's trace_marker), in time order
 */
public record RawCapture(String file, String release, Map<String, String> config, Map<String, String> probes,
                         Map<String, String> missing, String pid, long lost, Map<String, Long> missed,
                         boolean readerKilled, long stub, List<RawRecord> records, List<Mark> marks) {

    /** A line a workload wrote to the capture's trace_marker: {@code dmabuf-mark NAME begin|end}. */
    public record Mark(String name, boolean begin, long tsNs) {
    }

    /** The interval [begin, end] of the workload part marked NAME, or null if it is not marked. */
    public long[] marked(String name) {
        long from = -1;
        for (Mark m : marks) {
            if (m.name().equals(name) && m.begin()) {
                from = m.tsNs();
            } else if (m.name().equals(name) && from >= 0) {
                return new long[] {from, m.tsNs()};
            }
        }
        return null;
    }
}
