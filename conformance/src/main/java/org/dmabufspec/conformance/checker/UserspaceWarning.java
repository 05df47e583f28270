package org.dmabufspec.conformance.checker;

/**
 * A rule for the userspace program's use of the uAPI that the kernel does not enforce (stable API):
 * the kernel accepted the call, so the trace's kernel verdict does not change, but the program
 * broke a documented protocol rule ("U1": an unbalanced DMA_BUF_IOCTL_SYNC bracket).
 *
 * @param rule      the rule id (docs/trace-checker.md, "Verdict classes")
 * @param line      the trace line of the event, 0 for a finding at the end of the trace
 * @param seq       the event's seq, 0 at the end of the trace
 * @param thread    the thread that broke the rule
 * @param op        the event's op on the wire
 * @param message   what the program did, in uAPI terms
 */
public record UserspaceWarning(String rule, long line, long seq, String thread, String op, String message) {
    @Override
    public String toString() {
        return rule + ": " + (line > 0 ? "line " + line + " (seq " + seq + ", thread " + thread + ", " + op + "): " : "") + message;
    }
}
