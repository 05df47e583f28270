package org.dmabufspec.conformance.capture;

import java.util.Map;

/**
 * One ftrace line of a capture: a probe hit or a trace_marker write.
 *
 * @param context  {@code '.'} in task context, {@code 'h'}/{@code 's'}/{@code 'H'} in hard/soft
 *                 interrupt context (ftrace's irq column)
 * @param site     kprobe: the probed function; kretprobe: {@code caller+off/size [module] <- function}
 * @param args     the probe's fetch arguments as printed (strings without their quotes)
 */
public record RawRecord(long line, String task, int pid, int cpu, char context, long tsNs, String event,
                        String site, Map<String, String> args) {

    /** The function a kretprobe returned to, as ftrace names it ({@code t_map+0x1d/0x80 [mod]}). */
    public String returnSite() {
        int arrow = site.indexOf(" <- ");
        return arrow < 0 ? site : site.substring(0, arrow);
    }
}
