package org.dmabufspec.trace;

import java.util.ArrayDeque;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Stamps calls for a trace. A call is a {@link Span}: {@link #begin()} takes the start time and
 * the caller (the innermost open span of the same thread); {@link #end} takes the end time and the
 * seq together, so <b>seq order is end-time order</b> (the order in which calls completed, which is
 * what a linearizability check over [start, end] intervals needs). Only that pair of reads is
 * serialised, by a short spin on one lock: no allocation, I/O or JSON happens inside it. The
 * finished event goes to a {@link TraceSink} (the NDJSON writer drains a lock-free queue on its own
 * thread). {@link #DISABLED} costs one branch per call.
 */
public final class Tracer {
    /** A call in progress. */
    public record Span(long callId, Long parentCallId, String thread, long start) {
    }

    public static final Tracer DISABLED = new Tracer(null, Clock.LOGICAL);

    private final TraceSink sink;
    private final Clock clock;
    private final AtomicLong logical = new AtomicLong();
    private final AtomicLong callIds = new AtomicLong();
    private final Object stampLock = new Object();
    private final long origin = System.nanoTime();
    private long seq;
    private final ThreadLocal<ArrayDeque<Long>> open = ThreadLocal.withInitial(ArrayDeque::new);

    public Tracer(TraceSink sink, Clock clock) {
        this.sink = sink;
        this.clock = clock;
    }

    public boolean enabled() {
        return sink != null;
    }

    public Clock clock() {
        return clock;
    }

    private long now() {
        return clock == Clock.LOGICAL ? logical.incrementAndGet() : System.nanoTime() - origin;
    }

    /** Opens a call on the current thread; null when tracing is disabled. */
    public Span begin() {
        if (sink == null) {
            return null;
        }
        ArrayDeque<Long> stack = open.get();
        long id = callIds.incrementAndGet();
        Span s = new Span(id, stack.peek(), Thread.currentThread().getName(), now());
        stack.push(id);
        return s;
    }

    /** Closes the call and hands its event to the sink. */
    public void end(Span span, String op, ObjectIds ids, Map<String, Object> args, Result result,
                    Object ret, Boolean resvHeld, ObservedState state, List<String> misuse) {
        end(span, op, null, ids, args, result, ret, resvHeld, state, false, misuse);
    }

    public void end(Span span, String op, String ioctl, ObjectIds ids, Map<String, Object> args,
                    Result result, Object ret, Boolean resvHeld, ObservedState state,
                    boolean hidden, List<String> misuse) {
        if (span == null || sink == null) {
            return;
        }
        Op known = Op.fromWire(op);
        if (known == null) {
            throw new IllegalArgumentException("op '" + op + "' is not in the trace format's vocabulary (Op)");
        }
        if (ret != null && !(ret instanceof Boolean || ret instanceof Long || ret instanceof Integer
                || ret instanceof String)) {
            throw new IllegalArgumentException("ret must be bool, integer or string, was " + ret.getClass());
        }
        ArrayDeque<Long> stack = open.get();
        // Spans close innermost first; an exception may have skipped inner ends, drop those.
        while (!stack.isEmpty() && stack.peek() != span.callId()) {
            stack.pop();
        }
        stack.poll();
        long end;
        long s;
        synchronized (stampLock) {
            end = now();
            s = ++seq;
        }
        TraceEvent e = TraceEvent.written(s, span.thread(), span.start(), Math.max(end, span.start()), known, ioctl,
                ids == null ? ObjectIds.NONE : ids,
                args == null || args.isEmpty() ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(args)),
                result.errno(), ret, resvHeld, state, hidden, misuse == null || misuse.isEmpty() ? null : List.copyOf(misuse));
        sink.submit(new PendingEvent(span.callId(), span.parentCallId(), e));
    }

    /** Writes the end record. */
    public void finish(TraceEnd.Status status, String reason) {
        if (sink != null) {
            sink.finish(status, reason);
        }
    }
}
