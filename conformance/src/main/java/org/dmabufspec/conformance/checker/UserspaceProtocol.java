package org.dmabufspec.conformance.checker;

import org.dmabufspec.trace.Op;
import org.dmabufspec.trace.TraceEvent;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The userspace verdict class: rules a program must follow that the kernel keeps no record of,
 * so breaking them is a warning about the program, never a rejection of the kernel's behaviour.
 *
 * <p>U1: every CPU access is bracketed by DMA_BUF_IOCTL_SYNC START ... END. The kernel does not
 * pair them (dma_buf_ioctl calls dma_buf_end_cpu_access for any SYNC_END and returns 0), so a
 * SYNC_END with no open SYNC_START of the same thread on that buffer, and a SYNC_START still open
 * when a complete trace ends, are reported here. A thread's events are sequential, so counting
 * them in start order gives the same answer under every linearization the search may choose
 * (file order does too, for a thread's top-level ioctls).
 */
public final class UserspaceProtocol {
    private static final int MAX_WARNINGS = 100;

    /** Open brackets per buffer and thread (TreeMap: the end-of-trace report is in a stable order). */
    private final Map<String, Integer> open = new TreeMap<>();
    /** Per thread, the seq of its last DMA_BUF_IOCTL_SYNC: its nested begin/end_cpu_access is the same bracket. */
    private final Map<String, Long> lastSyncIoctl = new HashMap<>();
    private final List<UserspaceWarning> warnings = new ArrayList<>();
    private long suppressed;

    /** Feeds one event; events must come in start order. */
    public void accept(TraceEvent e) {
        Op op = e.op();
        if (op != Op.DMA_BUF_IOCTL_SYNC && op != Op.DMA_BUF_BEGIN_CPU_ACCESS && op != Op.DMA_BUF_END_CPU_ACCESS) {
            return;
        }
        if (op == Op.DMA_BUF_IOCTL_SYNC) {
            if (e.callees().contains(Op.DMA_BUF_BEGIN_CPU_ACCESS) || e.callees().contains(Op.DMA_BUF_END_CPU_ACCESS)) {
                return; // end-ordered file whose nested call came first: that event is the bracket
            }
            lastSyncIoctl.put(e.thread(), e.seq());
        } else if (e.caller() != null && e.caller().equals(lastSyncIoctl.get(e.thread()))) {
            return; // the nested call of a logged ioctl: the ioctl is the bracket
        }
        if (!e.succeeded() || e.buf() == null) {
            return;
        }
        boolean begin = op == Op.DMA_BUF_IOCTL_SYNC
                ? !(e.argString("flags") == null ? "" : e.argString("flags")).contains("END")
                : op == Op.DMA_BUF_BEGIN_CPU_ACCESS;
        String key = e.buf() + "\u0000" + e.thread();
        int n = open.getOrDefault(key, 0);
        if (begin) {
            open.put(key, n + 1);
        } else if (n == 0) {
            warn(new UserspaceWarning("U1", e.line(), e.seq(), e.thread(), e.op().wire(),
                    "ends a CPU access of " + e.buf() + " that thread " + e.thread() + " never began (SYNC_END without SYNC_START); "
                            + "the kernel keeps no record of brackets and returns 0, but the program's CPU access was not bracketed"));
        } else if (n == 1) {
            open.remove(key);
        } else {
            open.put(key, n - 1);
        }
    }

    /** At the end of a complete trace: brackets never closed. */
    public void finish(boolean complete) {
        if (!complete) {
            return;
        }
        for (Map.Entry<String, Integer> o : open.entrySet()) {
            String[] bt = o.getKey().split("\u0000", 2);
            warn(new UserspaceWarning("U1", 0, 0, bt[1], "DMA_BUF_IOCTL_SYNC", o.getValue() + " CPU access(es) of " + bt[0]
                    + " begun by thread " + bt[1] + " never ended (SYNC_START without SYNC_END before the trace ended)"));
        }
        open.clear();
    }

    private void warn(UserspaceWarning w) {
        if (warnings.size() < MAX_WARNINGS) {
            warnings.add(w);
        } else {
            suppressed++;
        }
    }

    public List<UserspaceWarning> warnings() {
        return List.copyOf(warnings);
    }

    /** Warnings beyond the first {@value #MAX_WARNINGS}, counted but not kept. */
    public long suppressed() {
        return suppressed;
    }
}
