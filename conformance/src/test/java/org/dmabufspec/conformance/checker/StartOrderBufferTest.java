package org.dmabufspec.conformance.checker;

import org.dmabufspec.trace.Op;
import org.dmabufspec.trace.TraceEvent;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Random;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/** The reorder buffer must hand events out exactly as one heap over (start, seq) would. */
class StartOrderBufferTest {
    private static final Comparator<TraceEvent> START_ORDER = Comparator.comparingLong(TraceEvent::start)
            .thenComparingLong(TraceEvent::seq);

    private static TraceEvent event(long seq, long start) {
        return new TraceEvent(seq + 1, seq, "t", null, start, start + 1, Op.DMA_RESV_LOCK, null, null, "0", null, null,
                "b1", null, null, null, null, null, null, null, null, Map.of(), null, false, Set.of(), null, null, null);
    }

    /** Starts of an end-ordered file: callers (earlier starts) logged after their nested calls, threads interleaved. */
    private static List<TraceEvent> endOrderedLike(long seed, int n) {
        Random r = new Random(seed);
        List<TraceEvent> out = new ArrayList<>();
        long clock = 0;
        for (int seq = 1; seq <= n; seq++) {
            clock += 1 + r.nextInt(3);
            long start = r.nextInt(4) == 0 ? clock - r.nextInt(40) : clock; // a caller started earlier
            out.add(event(seq, Math.max(0, start)));
        }
        return out;
    }

    @Test
    void endOrderedFileComesOutInStartOrderLikeAHeap() {
        for (long seed = 1; seed <= 20; seed++) {
            int window = 1 + (int) seed * 3;
            StartOrderBuffer buffer = new StartOrderBuffer(START_ORDER);
            PriorityQueue<TraceEvent> heap = new PriorityQueue<>(START_ORDER);
            List<Long> got = new ArrayList<>();
            List<Long> want = new ArrayList<>();
            for (TraceEvent e : endOrderedLike(seed, 2000)) {
                buffer.add(e);
                heap.add(e);
                assertEquals(heap.size(), buffer.size());
                if (heap.size() > window) {
                    got.add(buffer.poll().seq());
                    want.add(heap.poll().seq());
                }
            }
            while (!heap.isEmpty()) {
                got.add(buffer.poll().seq());
                want.add(heap.poll().seq());
            }
            assertEquals(want, got, "seed " + seed + ", window " + window);
            assertNull(buffer.poll());
        }
    }

    @Test
    void equalStartsComeOutInSeqOrder() {
        StartOrderBuffer buffer = new StartOrderBuffer(START_ORDER);
        buffer.add(event(1, 5));
        buffer.add(event(3, 7));
        buffer.add(event(2, 5)); // arrives late: goes to the heap, still before seq 3
        buffer.add(event(4, 5));
        assertEquals(List.of(1L, 2L, 4L, 3L), List.of(buffer.poll().seq(), buffer.poll().seq(), buffer.poll().seq(), buffer.poll().seq()));
    }
}
