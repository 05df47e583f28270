package org.dmabufspec.trace;

import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * Turns finished calls, arriving in any order, into events in seq order with {@code caller}
 * resolved. Seqs are contiguous (1, 2, 3, ...), so an event is released as soon as every smaller
 * seq has arrived and its caller has ended. A caller always ends after the calls it made, so it
 * arrives later; an event waits for its caller, and the caller's entry is dropped once the caller
 * itself is written (all its callees were written before it). Not thread-safe: one owner.
 */
public final class SeqOrderer {
    private final TreeMap<Long, PendingEvent> pending = new TreeMap<>();
    private final Map<Long, Long> seqOfCall = new HashMap<>();
    private final Consumer<TraceEvent> out;
    private long next = 1;
    private long written;

    public SeqOrderer(Consumer<TraceEvent> out) {
        this.out = out;
    }

    public void add(PendingEvent e) {
        pending.put(e.event().seq(), e);
        seqOfCall.put(e.callId(), e.event().seq());
        drain();
    }

    private void drain() {
        while (true) {
            PendingEvent e = pending.get(next);
            if (e == null) {
                return;
            }
            Long caller = null;
            if (e.parentCallId() != null) {
                caller = seqOfCall.get(e.parentCallId());
                if (caller == null) {
                    return;
                }
            }
            pending.remove(next);
            seqOfCall.remove(e.callId());
            out.accept(caller == null ? e.event() : e.event().withSeq(e.event().seq(), caller));
            next++;
            written++;
        }
    }

    /**
     * At the end of a run: releases what is left in seq order, without the caller link of a caller
     * that never ended (a call abandoned by an exception), so no event is lost.
     */
    public void flushAll() {
        drain();
        for (PendingEvent e : pending.values()) {
            Long caller = e.parentCallId() == null ? null : seqOfCall.get(e.parentCallId());
            out.accept(e.event().withSeq(e.event().seq(), caller));
            written++;
        }
        pending.clear();
        seqOfCall.clear();
    }

    /**
     * At the end of an aborted run (a signal): releases only the contiguous prefix. A call still in
     * flight leaves a gap, and a later call may already use an id that call created, so writing past
     * the gap would give a trace naming objects it never created. Returns how many were dropped.
     */
    public int flushPrefix() {
        drain();
        int dropped = pending.size();
        pending.clear();
        seqOfCall.clear();
        return dropped;
    }

    public long written() {
        return written;
    }

    /** Events that could not be released (a gap in seqs or a caller that never ended). */
    public int stuck() {
        return pending.size();
    }
}
