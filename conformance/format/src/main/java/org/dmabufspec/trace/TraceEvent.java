package org.dmabufspec.trace;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One call (TRACE-FORMAT.md "Event"). Optional fields are null when absent. {@code args} and
 * {@code state} keep insertion order; their values are Boolean, Long/Integer, String, List or Map.
 * {@code ret} is a Boolean, a Long, or a String (poll mask). {@code misuse} lists the rules the
 * implementation's own lockdep-like checks saw broken by this call (RECORD mode; informational).
 */
public record TraceEvent(long seq, String thread, Integer cpu, long start, long end, String op,
                         String ioctl, Long caller, Result result, Object ret, Boolean resvHeld,
                         ObjectIds ids, Map<String, Object> args, Map<String, Object> state,
                         Boolean hidden, List<String> misuse) implements TraceRecord {
    public TraceEvent {
        Objects.requireNonNull(thread, "thread");
        Objects.requireNonNull(op, "op");
        Objects.requireNonNull(result, "result");
        ids = ids == null ? ObjectIds.NONE : ids;
        if (seq < 1) {
            throw new IllegalArgumentException("seq must be >= 1, was " + seq);
        }
        if (start > end) {
            throw new IllegalArgumentException("start " + start + " > end " + end + " in " + op);
        }
        if (ret != null && !(ret instanceof Boolean || ret instanceof Long || ret instanceof Integer
                || ret instanceof String)) {
            throw new IllegalArgumentException("ret must be bool, integer or string, was " + ret.getClass());
        }
        args = args == null ? null : Collections.unmodifiableMap(new LinkedHashMap<>(args));
        state = state == null ? null : Collections.unmodifiableMap(new LinkedHashMap<>(state));
        misuse = misuse == null || misuse.isEmpty() ? null : List.copyOf(misuse);
    }

    @Override
    public String type() {
        return "event";
    }

    public TraceEvent withSeq(long newSeq, Long newCaller) {
        return new TraceEvent(newSeq, thread, cpu, start, end, op, ioctl, newCaller, result, ret, resvHeld,
                ids, args, state, hidden, misuse);
    }
}
