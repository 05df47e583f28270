package org.dmabufspec.conformance.checker;

import org.dmabufspec.trace.TraceEvent;

import java.util.ArrayDeque;
import java.util.Comparator;
import java.util.PriorityQueue;

/**
 * FastEngine's reorder buffer: hands out events in start order. Most events arrive in order (a
 * start-ordered file, or an end-ordered one between nested calls), so those go into a FIFO at no
 * cost; only the ones that arrive early (a caller logged after its callees) pay for a heap. Polling
 * takes the smaller of the two heads, so the order out is the same as one heap over all.
 */
final class StartOrderBuffer {
    private final Comparator<TraceEvent> order;
    /** Events that arrived in order: sorted by construction. */
    private final ArrayDeque<TraceEvent> inOrder = new ArrayDeque<>(64);
    private final PriorityQueue<TraceEvent> early;

    StartOrderBuffer(Comparator<TraceEvent> order) {
        this.order = order;
        this.early = new PriorityQueue<>(64, order);
    }

    void add(TraceEvent e) {
        TraceEvent last = inOrder.peekLast();
        if (last == null || order.compare(last, e) <= 0) {
            inOrder.addLast(e);
        } else {
            early.add(e);
        }
    }

    /** The first event in start order, removed; null when empty. */
    TraceEvent poll() {
        TraceEvent a = inOrder.peekFirst();
        TraceEvent b = early.peek();
        if (b == null || a != null && order.compare(a, b) <= 0) {
            return inOrder.pollFirst();
        }
        return early.poll();
    }

    int size() {
        return inOrder.size() + early.size();
    }

    boolean isEmpty() {
        return inOrder.isEmpty() && early.isEmpty();
    }
}
