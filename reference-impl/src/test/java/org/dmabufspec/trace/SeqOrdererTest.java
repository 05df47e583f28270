package org.dmabufspec.trace;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SeqOrdererTest {
    private static PendingEvent call(long callId, Long parent, long seq, String op, ObjectIds ids) {
        return new PendingEvent(callId, parent, TraceEvent.written(seq, "t" + callId, seq, seq, Op.fromWire(op), null,
                ids == null ? ObjectIds.NONE : ids, Map.of(), null, null, null, null, false, null));
    }

    /**
     * A signal stops the run while dma_buf_attach (seq 2, which created a1) has taken its seq but not
     * yet been submitted, and another thread's map of a1 (seq 3) already was: the aborted trace must
     * stop before the gap, or it names an attachment it never created.
     */
    @Test
    void abortedRunWithACallInFlightKeepsOnlyTheContiguousPrefix() {
        List<TraceEvent> out = new ArrayList<>();
        SeqOrderer o = new SeqOrderer(out::add);
        o.add(call(1, null, 1, "dma_buf_export", ObjectIds.buf("b1")));
        o.add(call(3, null, 3, "dma_buf_map_attachment", ObjectIds.buf("b1")));
        assertEquals(1, o.flushPrefix());
        assertEquals(List.of("dma_buf_export"), out.stream().map(e -> e.op().wire()).toList());
        assertEquals(1, o.written());
    }

    /** A callee whose caller never ended is not written by an aborted run, nor is anything after it. */
    @Test
    void abortedRunDropsACalleeWhoseCallerIsStillRunning() {
        List<TraceEvent> out = new ArrayList<>();
        SeqOrderer o = new SeqOrderer(out::add);
        o.add(call(1, null, 1, "dma_buf_export", ObjectIds.buf("b1")));
        o.add(call(5, 4L, 2, "exporter.attach", ObjectIds.buf("b1")));
        o.add(call(6, null, 3, "dma_buf_vmap", ObjectIds.buf("b1")));
        assertEquals(2, o.flushPrefix());
        assertEquals(List.of("dma_buf_export"), out.stream().map(e -> e.op().wire()).toList());
    }

    /** A complete run keeps everything (a caller abandoned by an exception loses only its link). */
    @Test
    void completeRunReleasesEverythingLeft() {
        List<TraceEvent> out = new ArrayList<>();
        SeqOrderer o = new SeqOrderer(out::add);
        o.add(call(1, null, 1, "dma_buf_export", ObjectIds.buf("b1")));
        o.add(call(3, null, 3, "dma_buf_vmap", ObjectIds.buf("b1")));
        o.flushAll();
        assertEquals(2, out.size());
    }
}
