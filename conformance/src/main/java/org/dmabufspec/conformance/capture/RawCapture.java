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
 */
public record RawCapture(String file, String release, Map<String, String> config, Map<String, String> probes,
                         Map<String, String> missing, String pid, long lost, Map<String, Long> missed,
                         boolean readerKilled, long stub, List<RawRecord> records) {
}
