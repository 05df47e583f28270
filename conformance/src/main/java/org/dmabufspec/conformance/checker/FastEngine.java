package org.dmabufspec.conformance.checker;

import org.dmabufspec.conformance.checker.search.LinearizationSearch;
import org.dmabufspec.trace.Clock;
import org.dmabufspec.trace.Op;
import org.dmabufspec.trace.TraceEvent;
import org.dmabufspec.conformance.trace.TraceFormatException;
import org.dmabufspec.trace.TraceEnd;
import org.dmabufspec.trace.TraceHeader;
import org.dmabufspec.conformance.trace.TraceReader;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The fast engine: replays a trace through the Java transition relation ({@link Transitions},
 * as the {@link TransitionsSemantics} of the generic {@link LinearizationSearch}).
 *
 * <p>Events are taken in start order (a bounded reorder buffer turns the end-ordered files of the
 * reference implementation into start order) and admitted to the search one by one; the search
 * orders overlapping events (see LinearizationSearch). What is the checker's own: the reorder
 * buffer, the userspace protocol (U1), the end record's teardown check (R18) and the wording of
 * a rejection.
 */
final class FastEngine {
    private final CheckOptions options;
    private final String file;
    private final Transitions relation;
    private final LinearizationSearch<ProtocolState, TraceEvent> search;
    private final UserspaceProtocol userspace = new UserspaceProtocol();

    /** Thrown when a search bound is hit: the verdict is then inconclusive (bad input, exit 2). */
    static final class BoundExceeded extends Exception {
        BoundExceeded(String message) {
            super(message);
        }
    }

    private static final Comparator<TraceEvent> START_ORDER = (a, b) -> {
        int c = Long.compare(a.start(), b.start());
        return c != 0 ? c : Long.compare(a.seq(), b.seq());
    };

    FastEngine(TraceHeader header, CheckOptions options, String file) {
        this(header, options, file, false);
    }

    FastEngine(TraceHeader header, CheckOptions options, String file, boolean lazy) {
        this(header, options, file, lazy, true);
    }

    /**
     * @param lazy  the lazy pass (see LinearizationSearch): what it accepts is accepted, the rest
     *              is decided again by the full search (TraceChecker)
     * @param retry the lazy pass's local retries (off: a lazy dead end is final; tests compare)
     */
    FastEngine(TraceHeader header, CheckOptions options, String file, boolean lazy, boolean retry) {
        boolean infer = switch (options.hidden()) {
            case ON -> true;
            case OFF -> false;
            // the reference implementation and the kernel module log every signal they make: an
            // inferred one would only move the rejection to the real signal later (F7)
            case AUTO -> !"reference-impl".equals(header.implementation().name()) && !"native-kmod".equals(header.implementation().name());
        };
        Transitions relation = new Transitions(header.behaviour().label(), header.behaviour().moveNotify(), infer, options.maxHiddenPerEvent(),
                header.clock() == Clock.MONOTONIC_NS);
        relation.inlineIsolation = options.inlineIsolation();
        this.relation = relation;
        this.initsLoggedWhenMade = !"capture".equals(header.implementation().name());
        this.options = options;
        this.file = file;
        this.search = new LinearizationSearch<>(new TransitionsSemantics(relation), new ProtocolState(), lazy, retry,
                options.split(), options.maxCandidates(), file);
    }

    /** Result of a run: null rejection means accepted. */
    record Outcome(long events, long linearized, long hidden, int peak, CheckReport.Rejection rejection) {
    }

    /** The userspace program's protocol use (U1), judged apart from the kernel's behaviour. */
    UserspaceProtocol userspace() {
        return userspace;
    }

    Outcome run(TraceReader reader) throws TraceFormatException, BoundExceeded {
        try {
            return search(reader);
        } catch (LinearizationSearch.BoundExceeded b) {
            throw new BoundExceeded(b.getMessage());
        }
    }

    private Outcome search(TraceReader reader) throws TraceFormatException, BoundExceeded, LinearizationSearch.BoundExceeded {
        StartOrderBuffer reorder = new StartOrderBuffer(START_ORDER);
        long lastEmittedStart = Long.MIN_VALUE;
        long events = 0;
        TraceEvent e;
        while ((e = reader.next()) != null) {
            events++;
            if (e.start() < lastEmittedStart) {
                throw new BoundExceeded(file + ":" + e.line() + ": event seq " + e.seq() + " started at " + e.start()
                        + ", before events already checked (more than " + options.reorderWindow()
                        + " records between its start and its line; raise the reorder window)");
            }
            reorder.add(e);
            if (reorder.size() > options.reorderWindow()) {
                TraceEvent next = reorder.poll();
                lastEmittedStart = next.start();
                if (!admit(next)) {
                    return rejected(events);
                }
            }
        }
        while (!reorder.isEmpty()) {
            if (!admit(reorder.poll())) {
                return rejected(events);
            }
        }
        if (!search.finish()) {
            return rejected(events);
        }
        TraceEnd end = reader.end();
        CheckReport.Rejection leak = end != null && end.complete() && end.teardown() ? teardownLeaks(end, reader.endLine()) : null;
        return new Outcome(events, search.linearized() + search.pending(), search.leastHidden(), search.peak(), leak);
    }

    /** Whether the trace's ww_acquire_inits are logged when they are made (not placed by a capture). */
    private final boolean initsLoggedWhenMade;
    /** The greatest stamp of the ww_acquire_inits that ended before the last admitted start. */
    private long settledStamp = Long.MIN_VALUE;
    /** Admitted ww_acquire_inits not yet ended at the last admitted start: {end, stamp}. */
    private final List<long[]> openInits = new ArrayList<>();

    /**
     * Events are admitted in start order: every init that returned before f started is known here.
     * Not for captures: ww_acquire_init is inline, so the converter writes each init just before
     * its context's first lock, and two contexts may take their first locks in the other order.
     */
    private void noteInitStamp(TraceEvent f) {
        if (f.op() != Op.WW_ACQUIRE_INIT || !initsLoggedWhenMade) {
            return; // before the argument lookup: this runs for every event
        }
        Long stamp = f.argLong("stamp");
        if (stamp == null) {
            return;
        }
        openInits.removeIf(i -> {
            if (i[0] < f.start()) {
                settledStamp = Math.max(settledStamp, i[1]);
                return true;
            }
            return false;
        });
        if (settledStamp >= stamp) {
            relation.staleStamps.put(f.seq(), settledStamp);
        }
        openInits.add(new long[] {f.end(), stamp});
    }

    private boolean admit(TraceEvent f) throws LinearizationSearch.BoundExceeded {
        userspace.accept(f);
        noteInitStamp(f);
        return search.admit(f);
    }

    private Outcome rejected(long events) {
        return new Outcome(events, search.linearized(), search.hidden(), search.peak(), rejection());
    }

    /**
     * The end record says the program dropped every reference it held: some candidate must have
     * every buffer released (R18: a reference nobody drops keeps the buffer, its attachments and
     * storage alive). Null when one does.
     */
    private CheckReport.Rejection teardownLeaks(TraceEnd end, long endLine) {
        List<CheckReport.Candidate> reports = new ArrayList<>();
        for (ProtocolState s : search.states()) {
            List<String> live = s.buffers.entrySet().stream().filter(b -> !b.getValue().released).map(java.util.Map.Entry::getKey).sorted().toList();
            if (live.isEmpty()) {
                return null;
            }
            StringBuilder state = new StringBuilder();
            for (String id : live) {
                state.append(state.length() == 0 ? "" : "\n").append("buffer ").append(s.buf(id).describe(id, s.fenceView()));
            }
            reports.add(new CheckReport.Candidate(state.toString(), List.of(new CheckReport.Attempt(end.events(), "end (teardown)",
                    List.of(new Violation("R18", "the end record says the program dropped every reference it held, but buffer(s) " + live
                            + " were never released (no dma_buf_put with last=true): a reference was leaked"))))));
        }
        return new CheckReport.Rejection(end.events(), endLine, "-", "end", reports);
    }

    /** Retries of the lazy pass that explained a dead end, and the events they replayed. */
    int retries() {
        return search.retries();
    }

    long replayed() {
        return search.replayed();
    }

    private CheckReport.Rejection rejection() {
        LinearizationSearch.Divergence<TraceEvent> d = search.divergence();
        if (d == null || d.event() == null) {
            TraceEvent w = search.firstPending();
            return new CheckReport.Rejection(w == null ? 0 : w.seq(), w == null ? 0 : w.line(), w == null ? "?" : w.thread(),
                    w == null ? "?" : w.op().wire(), List.of());
        }
        TraceEvent f = d.event();
        return new CheckReport.Rejection(f.seq(), f.line(), f.thread(), f.op().wire(), d.candidates());
    }
}
