package org.dmabufspec.trace;

import java.util.ArrayList;
import java.util.List;

/** An in-memory sink (tests, benchmarks): events in seq order with callers resolved. */
public final class TraceRecorder implements TraceSink {
    private final List<TraceEvent> events = new ArrayList<>();
    private final SeqOrderer orderer = new SeqOrderer(events::add);
    private TraceEnd end;

    @Override
    public synchronized void submit(PendingEvent e) {
        orderer.add(e);
    }

    @Override
    public synchronized void finish(TraceEnd.Status status, String reason) {
        orderer.flushAll();
        end = new TraceEnd(orderer.written(), status, null, reason);
    }

    public synchronized List<TraceEvent> events() {
        return List.copyOf(events);
    }

    public synchronized TraceEnd end() {
        return end;
    }
}
