package org.dmabufspec.trace;

import java.util.List;

/**
 * The field names of each record of the format (TRACE-FORMAT.md), in the order the reference
 * implementation writes them. trace-schema.json lists exactly these (TraceFormatSchemaTest); the
 * reader refuses any other name, the writer writes no other.
 */
public final class TraceFields {
    /** Header. {@code capture} is written by the capture converter only. */
    public static final List<String> HEADER = List.of("type", "format", "version", "implementation", "kernel", "clock",
            "scenario", "seed", "inject", "created", "capture");
    public static final List<String> IMPLEMENTATION = List.of("name", "version");
    public static final List<String> KERNEL = List.of("behaviour", "move_notify", "release", "dmabuf_debug", "lockdep");
    /** Header {@code capture}: what a kernel capture saw and missed. */
    public static final List<String> CAPTURE = List.of("probes", "missing", "unjudged", "unobserved", "pid");

    /**
     * Event. The id fields are {@link IdKind}'s, between {@code caller} and {@code args}; {@code site}
     * is written by captures only.
     */
    public static final List<String> EVENT = List.of("type", "seq", "thread", "cpu", "start", "end", "op", "ioctl", "caller",
            "buf", "attach", "dev", "fence", "fences", "ctx", "sync_file", "sgt", "cb",
            "args", "result", "ret", "resv_held", "state", "hidden", "site", "misuse");
    /** Event {@code state}: what the implementation observed after the call. */
    public static final List<String> STATE = List.of("attachments", "fences", "pin_count", "placement", "mapped", "name",
            "bufinfo_format", "bufinfo");
    /** One entry of {@code state.fences}. */
    public static final List<String> STATE_FENCE = List.of("fence", "usage", "signaled");
    /** One entry of {@code state.mapped}. */
    public static final List<String> STATE_MAPPING = List.of("attach", "sgt", "dir");

    public static final List<String> END = List.of("type", "events", "status", "exit", "reason", "teardown");

    private TraceFields() {
    }
}
