package org.dmabufspec.conformance.checker;

import org.dmabufspec.conformance.checker.isolation.DmaBufIsolation;
import org.dmabufspec.conformance.checker.isolation.IsoState;
import org.dmabufspec.trace.Clock;
import org.dmabufspec.trace.Op;
import org.dmabufspec.trace.TraceEvent;
import org.dmabufspec.conformance.trace.TraceFormatException;
import org.dmabufspec.trace.TraceEnd;
import org.dmabufspec.trace.TraceHeader;
import org.dmabufspec.conformance.trace.TraceReader;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntPredicate;

/**
 * The fast engine: replays a trace through the Java transition relation, one linearization
 * search over overlapping events.
 *
 * <p>Events are taken in start order (a bounded reorder buffer turns the end-ordered files of the
 * reference implementation into start order). A candidate is a state plus the set of window
 * events it has linearized. Before event f is admitted, every candidate must linearize each
 * window event that ended before f started (real-time order); events overlapping those may be
 * linearized first, in any order. Candidates with the same linearized set and the same state are
 * merged (memoization), and comparing them costs only the objects they changed. With one
 * candidate and one eligible event, the step is applied in place: a sequential trace costs one
 * transition per event.
 */
final class FastEngine {
    private final Transitions relation;
    private final CheckOptions options;
    private final String file;
    private final boolean infer;

    private final ArrayList<Item> window = new ArrayList<>();
    private List<Candidate> candidates = new ArrayList<>();
    private long linearized;
    private long hidden;
    private int peak = 1;
    private Dead deepest;
    private long rebases;
    private long prunes;
    /** Window items dropped so far: an item's position in the window is its id minus this. */
    private long dropped;
    private final UserspaceProtocol userspace = new UserspaceProtocol();
    /**
     * Lock order on (see LockOrder); off once two events of one thread share a time stamp, since
     * the argument needs a thread's next unlock to start no earlier than its lock ended.
     */
    private boolean lockOrder = true;

    /**
     * A step to linearize: an event, or the check of one part of an event's observed state, read
     * somewhere after the event took effect and no later than its end. Parts are checked apart
     * because a snapshot taken without the lock may read them at different moments.
     */
    private static final class Item {
        private final TraceEvent event;
        private final Item action;
        private final ObservedPart part;
        private final long id;
        /**
         * The last state (object and version) that refused this observation or guard-only step,
         * and what it said: the relation reads only the state and the event, so the same state
         * refuses it again. Only saves work: a step not tried stays pending and is tried in turn.
         */
        private ProtocolState refusedIn;
        private long refusedVersion;
        private StepResult.Refused refusal;

        Item(TraceEvent event, Item action, ObservedPart part, long id) {
            this.event = event;
            this.action = action;
            this.part = part;
            this.id = id;
        }

        TraceEvent event() {
            return event;
        }

        Item action() {
            return action;
        }

        ObservedPart part() {
            return part;
        }

        long id() {
            return id;
        }

        /** What {@code s} said when it last refused this step, or null. */
        StepResult.Refused refusedBy(ProtocolState s) {
            return refusedIn == s && refusedVersion == s.version() ? refusal : null;
        }

        void refused(ProtocolState s, StepResult.Refused r) {
            refusedIn = s;
            refusedVersion = s.version();
            refusal = r;
        }

        boolean observation() {
            return action != null && part != null;
        }

        /** The second linearization point of an event that takes effect in two steps (Transitions.secondStep). */
        boolean secondStep() {
            return action != null && part == null;
        }

        long start() {
            return event.start();
        }

        long end() {
            return event.end();
        }
    }

    /** A state and which window events it has linearized (bit i = window.get(i)). */
    private record Candidate(ProtocolState state, BitSet done, long hidden) {
    }

    private record Key(BitSet done, ProtocolState state) {
        @Override
        public boolean equals(Object o) { // by hand: see ResvEntry
            return o instanceof Key k && done.equals(k.done) && state.equals(k.state);
        }

        @Override
        public int hashCode() {
            return done.hashCode() * 31 + state.hashCode();
        }
    }

    /** Candidates that could not advance at a given depth, with what each eligible event said. */
    private record Dead(long depth, List<CheckReport.Candidate> reports, TraceEvent first) {
    }

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

    /**
     * The lazy pass: a candidate takes a step that is not yet due (real time) only when one of
     * its due steps cannot be taken. Every candidate it keeps is still a linearization, so a trace it
     * accepts is a behaviour; it may miss the one order that explains a trace (a step of one
     * thread that another's observation needed early), so anything else is decided again by
     * the full search (TraceChecker), unless a local retry (see recover) explains it first.
     */
    private final boolean lazy;
    /** Whether the search is lazy now: off while a retry replays events with the full search. */
    private boolean lazyNow;
    /** Off: a lazy dead end is final for this pass (tests compare with the retry). */
    private final boolean retry;

    /**
     * Local retries of the lazy pass. Every CHECKPOINT_EVERY admitted events the search state is
     * saved (copies share all objects until one side writes); when the lazy search dies, it
     * restores the last checkpoint and replays the events since with the full search, going
     * further back (twice the distance each time) when that dies too. (Starting before the oldest
     * pending step replayed hundreds of events when a long blocked call was pending; the step the
     * explanation needs early is mostly a recent one.) The candidates of a checkpoint are linearizations of the events before it,
     * and the full search from them only keeps linearizations, so an acceptance stays a
     * behaviour of the spec; only when every retry dies does the pass end, and then the full
     * search from the start decides (TraceChecker).
     */
    private record Checkpoint(long admitted, List<Item> window, List<Candidate> candidates, long linearized,
                              long hidden, long dropped, Dead deepest) {
    }

    static final int CHECKPOINT_EVERY = 64;
    /** Events all retries may replay beyond half the events admitted so far. */
    private static final int RETRY_ALLOWANCE = 4096;
    private static final int CHECKPOINTS_KEPT = 64;
    /** After a retry got past its dead end, the full search goes on for this many events before the lazy one resumes. */
    private static final int FULL_AFTER_RETRY = 64;
    private final java.util.ArrayDeque<Checkpoint> checkpoints = new java.util.ArrayDeque<>();
    /** Events admitted since the oldest checkpoint; history.get(i) is admitted event historyBase + i. */
    private final ArrayList<TraceEvent> history = new ArrayList<>();
    private long historyBase;
    private long admitted;
    private long lazyAgainAt = -1;
    private int retries;
    private long replayed;

    FastEngine(TraceHeader header, CheckOptions options, String file) {
        this(header, options, file, false);
    }

    FastEngine(TraceHeader header, CheckOptions options, String file, boolean lazy) {
        this(header, options, file, lazy, true);
    }

    FastEngine(TraceHeader header, CheckOptions options, String file, boolean lazy, boolean retry) {
        this.lazy = lazy;
        this.lazyNow = lazy;
        this.retry = lazy && retry;
        boolean infer = switch (options.hidden()) {
            case ON -> true;
            case OFF -> false;
            // the reference implementation and the kernel module log every signal they make: an
            // inferred one would only move the rejection to the real signal later (F7)
            case AUTO -> !"reference-impl".equals(header.implementation().name()) && !"native-kmod".equals(header.implementation().name());
        };
        this.relation = new Transitions(header.behaviour().label(), header.behaviour().moveNotify(), infer, options.maxHiddenPerEvent(),
                header.clock() == Clock.MONOTONIC_NS);
        this.options = options;
        this.file = file;
        this.infer = infer;
        relation.inlineIsolation = options.inlineIsolation();
        candidates.add(new Candidate(new ProtocolState(), new BitSet(), 0));
    }

    /** Result of a run: null rejection means accepted. */
    record Outcome(long events, long linearized, long hidden, int peak, CheckReport.Rejection rejection) {
    }

    /** The userspace program's protocol use (U1), judged apart from the kernel's behaviour. */
    UserspaceProtocol userspace() {
        return userspace;
    }

    Outcome run(TraceReader reader) throws TraceFormatException, BoundExceeded {
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
                    return new Outcome(events, linearized, hidden, peak, rejection());
                }
            }
        }
        while (!reorder.isEmpty()) {
            if (!admit(reorder.poll())) {
                return new Outcome(events, linearized, hidden, peak, rejection());
            }
        }
        List<Candidate> last = advance(candidates, i -> true);
        if (last.isEmpty() && recover(null)) {
            last = advance(candidates, i -> true);
        }
        candidates = last;
        if (candidates.isEmpty()) {
            return new Outcome(events, linearized, hidden, peak, rejection());
        }
        long h = candidates.stream().mapToLong(Candidate::hidden).min().orElse(0);
        TraceEnd end = reader.end();
        CheckReport.Rejection leak = end != null && end.complete() && end.teardown() ? teardownLeaks(end, reader.endLine()) : null;
        return new Outcome(events, linearized + window.size(), h, peak, leak);
    }

    /**
     * The end record says the program dropped every reference it held: some candidate must have
     * every buffer released (R18: a reference nobody drops keeps the buffer, its attachments and
     * storage alive). Null when one does.
     */
    private CheckReport.Rejection teardownLeaks(TraceEnd end, long endLine) {
        List<CheckReport.Candidate> reports = new ArrayList<>();
        for (Candidate c : candidates) {
            List<String> live = c.state().buffers.entrySet().stream().filter(b -> !b.getValue().released).map(Map.Entry::getKey).sorted().toList();
            if (live.isEmpty()) {
                return null;
            }
            StringBuilder state = new StringBuilder();
            for (String id : live) {
                state.append(state.length() == 0 ? "" : "\n").append("buffer ").append(c.state().buf(id).describe(id, c.state().fenceView()));
            }
            reports.add(new CheckReport.Candidate(state.toString(), List.of(new CheckReport.Attempt(end.events(), "end (teardown)",
                    List.of(new Violation("R18", "the end record says the program dropped every reference it held, but buffer(s) " + live
                            + " were never released (no dma_buf_put with last=true): a reference was leaked"))))));
        }
        return new CheckReport.Rejection(end.events(), endLine, "-", "end", reports);
    }

    /** The last stamps (start, end) of each thread's admitted events, to notice a stamp shared within a thread. */
    private final Map<String, long[]> recentStamps = new HashMap<>();

    private void noteStamps(TraceEvent f) {
        long[] r = recentStamps.computeIfAbsent(f.thread(), t -> {
            long[] a = new long[9];
            java.util.Arrays.fill(a, Long.MIN_VALUE);
            return a;
        });
        for (int i = 0; i < 8; i++) {
            if (r[i] == f.start()) {
                lockOrder = false; // see the field: the lock-order argument needs distinct stamps within a thread
            }
        }
        int at = (int) r[8] & 7;
        r[at] = f.start();
        r[(at + 1) & 7] = f.end();
        r[8] = at + 2;
    }

    /** Retries of the lazy pass that explained a dead end, and the events they replayed. */
    int retries() {
        return retries;
    }

    long replayed() {
        return replayed;
    }

    /** The greatest stamp of the ww_acquire_inits that ended before the last admitted start. */
    private long settledStamp = Long.MIN_VALUE;
    /** Admitted ww_acquire_inits not yet ended at the last admitted start: {end, stamp}. */
    private final List<long[]> openInits = new ArrayList<>();

    /** Events are admitted in start order: every init that returned before f started is known here. */
    private void noteInitStamp(TraceEvent f) {
        Long stamp = f.argLong("stamp");
        if (f.op() != Op.WW_ACQUIRE_INIT || stamp == null) {
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

    private boolean admit(TraceEvent f) throws BoundExceeded {
        userspace.accept(f);
        noteInitStamp(f);
        if (lockOrder) {
            noteStamps(f);
        }
        if (!retry) {
            return step(f);
        }
        if (!lazyNow && admitted >= lazyAgainAt) {
            lazyNow = true;
        }
        if (admitted % CHECKPOINT_EVERY == 0) {
            saveCheckpoint();
        }
        history.add(f);
        admitted++;
        return step(f) || recover(f);
    }

    private void saveCheckpoint() {
        List<Candidate> saved = new ArrayList<>(candidates.size());
        for (Candidate c : candidates) {
            saved.add(new Candidate(c.state().copy(), (BitSet) c.done().clone(), c.hidden()));
        }
        checkpoints.addLast(new Checkpoint(admitted, List.copyOf(window), saved, linearized, hidden, dropped, deepest));
        if (checkpoints.size() > CHECKPOINTS_KEPT) {
            checkpoints.removeFirst();
            long keepFrom = checkpoints.peekFirst().admitted();
            history.subList(0, (int) (keepFrom - historyBase)).clear();
            historyBase = keepFrom;
        }
    }

    /**
     * The search died (at event {@code f}, or at the end of the trace when f is null): replays the
     * events since a checkpoint with the full search (see Checkpoint). True when that got past
     * the dead end; the search then goes on from there.
     */
    private boolean recover(TraceEvent f) throws BoundExceeded {
        if (!retry) {
            return false;
        }
        long distance = 0;
        while (true) {
            Checkpoint cp = null;
            for (java.util.Iterator<Checkpoint> it = checkpoints.descendingIterator(); it.hasNext(); ) {
                Checkpoint c = it.next();
                if (admitted - c.admitted() > distance) {
                    cp = c;
                    break;
                }
            }
            if (cp == null || replayed + (admitted - cp.admitted()) > admitted / 2 + RETRY_ALLOWANCE) {
                return false; // retries would cost about as much as the full search from the start: let it decide
            }
            distance = 2 * (admitted - cp.admitted());
            while (checkpoints.peekLast() != cp) {
                checkpoints.removeLast();
            }
            window.clear();
            window.addAll(cp.window());
            List<Candidate> restored = new ArrayList<>(cp.candidates().size());
            for (Candidate c : cp.candidates()) {
                restored.add(new Candidate(c.state().copy(), (BitSet) c.done().clone(), c.hidden()));
            }
            candidates = restored;
            linearized = cp.linearized();
            hidden = cp.hidden();
            dropped = cp.dropped();
            deepest = cp.deepest();
            lazyNow = false;
            boolean ok = true;
            try {
                for (long i = cp.admitted(); i < admitted && ok; i++) {
                    replayed++;
                    ok = step(history.get((int) (i - historyBase)));
                }
            } catch (BoundExceeded b) {
                return false; // the full search from the start decides, and reports the bound if it hits it too
            }
            if (ok && f == null) {
                lazyNow = false; // the caller's last advance runs with the full search
            }
            if (ok) {
                retries++;
                lazyAgainAt = admitted + FULL_AFTER_RETRY;
                return true;
            }
        }
    }

    private boolean step(TraceEvent f) throws BoundExceeded {
        long start = f.start();
        if (candidates.size() == 1 && window.size() == 1 && window.get(0).end() < start
                && candidates.get(0).done().isEmpty() && stepSequential(candidates.get(0), window.get(0))) {
            window.clear();
            dropped++;
            linearized++;
        } else if (!window.isEmpty()) {
            candidates = advance(candidates, i -> window.get(i).end() < start);
            if (candidates.isEmpty()) {
                return false;
            }
            compact();
        }
        Item action = new Item(f, null, null, dropped + window.size());
        window.add(action);
        if (relation.hasSecondStep(f)) {
            window.add(new Item(f, action, null, dropped + window.size()));
        }
        if (f.state() != null && f.buf() != null) {
            for (ObservedPart part : ObservedPart.values()) {
                if (part.presentIn(f.state())) {
                    window.add(new Item(f, action, part, dropped + window.size()));
                }
            }
        }
        return true;
    }

    /**
     * The sequential case: one candidate, one pending step that must precede the next event.
     * Applies it in place without search bookkeeping; false (state untouched) when the step
     * refuses or branches, so the general search reports or explores it.
     */
    private boolean stepSequential(Candidate c, Item item) {
        StepResult r = apply(c.state(), item);
        if (r instanceof StepResult.Applied a) {
            // still the only candidate: without this, the ids changed since a checkpoint's copy
            // piled up and were copied again after each checkpoint (quadratic on a long trace)
            c.state().settle();
            if (a.hidden() > 0) {
                candidates.set(0, new Candidate(c.state(), c.done(), c.hidden() + a.hidden()));
                hidden = Math.max(hidden, c.hidden() + a.hidden());
            }
            return true;
        }
        return false;
    }

    private StepResult apply(ProtocolState s, Item item) {
        if (item.observation()) {
            return relation.observe(s, item.event(), item.part());
        }
        TraceEvent e = item.event();
        if (e.buf() == null || !changesIsolationState(e.op())) {
            // the mapped pair is a stutter, or unguarded abstract steps only (a Reassign when an
            // inferred signal completes a move): it is a step of DmaBufIsolation by construction
            return concrete(s, item);
        }
        // refinement through DmaBufIsolation: the mapped pair must be abstract steps (or a stutter)
        IsoState before = IsolationMapping.of(s, e.buf(), null);
        IsoState.Access access = e.op() == Op.IMPORTER_DEVICE_ACCESS && e.succeeded() && !item.secondStep()
                ? IsolationMapping.access(s, e) : null;
        if (access != null) {
            // Touch is guarded in the state before: refuse before the concrete step changes anything
            DmaBufIsolation.Explanation x = DmaBufIsolation.explain(before, new IsoState(before.owner(), before.attached(), access));
            if (x instanceof DmaBufIsolation.NotAStep n) {
                List<Violation> why = new ArrayList<>();
                if (concrete(s.copy(), item) instanceof StepResult.Refused c) {
                    why.addAll(c.why()); // the concrete step's own conditions (inline ISOLATION) first
                }
                why.addAll(((StepResult.Refused) refinementFailure(e, n)).why());
                return new StepResult.Refused(List.copyOf(why));
            }
        }
        StepResult r = concrete(s, item);
        if (r instanceof StepResult.Applied) {
            if (DmaBufIsolation.explain(before, IsolationMapping.of(s, e.buf(), access)) instanceof DmaBufIsolation.NotAStep n) {
                return refinementFailure(e, n);
            }
        } else if (r instanceof StepResult.Branches b) {
            List<ProtocolState> kept = new ArrayList<>(b.states().size());
            DmaBufIsolation.NotAStep failed = null;
            for (ProtocolState bs : b.states()) {
                if (DmaBufIsolation.explain(before, IsolationMapping.of(bs, e.buf(), access)) instanceof DmaBufIsolation.NotAStep n) {
                    failed = n;
                } else {
                    kept.add(bs);
                }
            }
            if (kept.isEmpty()) {
                return refinementFailure(e, failed);
            }
            return kept.size() == b.states().size() ? r : new StepResult.Branches(kept, b.hidden());
        }
        return r;
    }

    /** Ops whose step may change a buffer's attachment list or storage, or touch it (Touch: the guarded action). */
    private static boolean changesIsolationState(Op op) {
        return switch (op) {
            case DMA_BUF_ATTACH, DMA_BUF_DYNAMIC_ATTACH, DRM_IOCTL_PRIME_FD_TO_HANDLE, DMA_BUF_DETACH, DRM_IOCTL_GEM_CLOSE,
                 EXPORTER_MOVE, EXPORTER_REUSE_STORAGE, EXPORTER_RELEASE, DMA_BUF_PUT, CLOSE, IMPORTER_DEVICE_ACCESS -> true;
            default -> false;
        };
    }

    private static StepResult refinementFailure(TraceEvent e, DmaBufIsolation.NotAStep n) {
        return new StepResult.Refused(List.of(new Violation("ISOLATION-REFINEMENT", e.op().wire() + " maps to no step of DmaBufIsolation: "
                + n.action() + " is not enabled, " + n.why())));
    }

    private StepResult concrete(ProtocolState s, Item item) {
        return item.secondStep() ? relation.secondStep(s, item.event()) : relation.step(s, item.event());
    }

    /** Drops the window prefix every candidate has linearized. */
    private void compact() {
        int k = Integer.MAX_VALUE;
        for (Candidate c : candidates) {
            k = Math.min(k, c.done().nextClearBit(0));
        }
        if (k == 0 || k == Integer.MAX_VALUE) {
            rebaseSingle();
            return;
        }
        int n = Math.min(k, window.size());
        window.subList(0, n).clear();
        dropped += n;
        linearized += n;
        List<Candidate> shifted = new ArrayList<>(candidates.size());
        for (Candidate c : candidates) {
            shifted.add(new Candidate(c.state(), c.done().get(n, Math.max(n, c.done().length())), c.hidden()));
        }
        candidates = shifted;
        if (candidates.size() > 1 && ++prunes % 16 == 0) {
            List<ProtocolState> states = new ArrayList<>(candidates.size());
            for (Candidate c : candidates) {
                states.add(c.state());
            }
            ProtocolState.pruneCommon(states);
        }
        rebaseSingle();
    }

    /**
     * With one candidate left, later copies compare against it: comparing and hashing then cost
     * what changed since, also while a long call keeps the window from compacting.
     */
    private void rebaseSingle() {
        if (candidates.size() == 1) {
            ProtocolState only = candidates.get(0).state();
            only.rebase();
            if (++rebases % 512 == 0) {
                only.retireIdleFences();
            }
        }
    }

    /**
     * Extends every candidate until the events selected by {@code must} are all linearized,
     * breadth first; returns the candidates that got there (merged), empty if none did.
     */
    private List<Candidate> advance(List<Candidate> from, IntPredicate must) throws BoundExceeded {
        List<Candidate> done = new ArrayList<>(1);
        List<Candidate> frontier = from;
        // Memo of the (linearized set, state) pairs met in this search: candidates reach the
        // frontier at different depths, so the same pair can turn up again a level later, where
        // merging one level alone would not see it. A pair met before was explored (or is in
        // done) already. With one candidate left every later pair descends from it, so the memo
        // restarts (and that candidate may then be stepped in place).
        java.util.HashSet<Key> seen = new java.util.HashSet<>();
        if (from.size() > 1) { // one: the memo restarts below anyway (hashing it would cost the whole state)
            for (Candidate c : from) {
                seen.add(new Key(c.done(), c.state()));
            }
        }
        while (!frontier.isEmpty()) {
            if (frontier.size() == 1) {
                seen.clear();
            }
            List<Candidate> next = new ArrayList<>(2);
            // reports of dead candidates, worded only if the whole level dies (describe is costly)
            List<java.util.function.Supplier<CheckReport.Candidate>> deadHere = new ArrayList<>();
            TraceEvent firstRefused = null;
            boolean single = frontier.size() == 1;
            for (Candidate c0 : frontier) {
                Absorbed ab = absorbObservations(c0);
                Candidate c = ab.candidate();
                if (allDone(c, must)) {
                    done.add(c);
                    continue;
                }
                List<Integer> all = ab.eligible();
                Map<Integer, Tried> tried = new HashMap<>(4);
                int lone = lazyNow && all.size() > 1 ? loneDue(c, all, must) : -1;
                List<Integer> eligible;
                if (lone >= 0 && allAdvance(c, List.of(lone), tried)) {
                    // what the group and the lazy rule below would choose, without computing the group
                    eligible = List.of(lone);
                } else {
                    eligible = options.split() && all.size() > 1 ? independentGroup(c, all, must) : all;
                }
                if (lone < 0 && lazyNow && eligible.size() > 1) {
                    List<Integer> due = new ArrayList<>(eligible.size());
                    for (int i : eligible) {
                        if (must.test(i)) {
                            due.add(i);
                        }
                    }
                    // a call whose own dma_resv_lock/unlock are logged takes effect inside that hold:
                    // once its nested unlock is due, the call's step may have to come before it
                    for (int i : eligible) {
                        if (!must.test(i) && callerOfDueUnlock(window.get(i), eligible, due)) {
                            due.add(i);
                        }
                    }
                    unlocksAfterTheirCallers(c, due, tried);
                    List<Integer> advancing;
                    if (!due.isEmpty() && due.size() < eligible.size() && allAdvance(c, due, tried)) {
                        eligible = due;
                    } else if (!due.isEmpty() && due.size() < eligible.size() && !(advancing = advancing(c, due, tried)).isEmpty()) {
                        // a due step refused now (a lock whose holder's due unlock is pending) waits for the
                        // due steps that hold; trying every pending step here kept each subset of the
                        // steps not due (long calls, signals) as its own candidate until they were due
                        eligible = advancing;
                    }
                }
                List<CheckReport.Attempt> attempts = new ArrayList<>();
                List<TraceEvent> refused = new ArrayList<>();
                // what refused steps said: worded only for a candidate that is dead (reports)
                List<Item> refusedItems = new ArrayList<>(2);
                List<List<Violation>> refusedWhy = new ArrayList<>(2);
                boolean advanced = false;
                for (int n = 0; n < eligible.size(); n++) {
                    int i = eligible.get(n);
                    Item item = window.get(i);
                    TraceEvent ev = item.event();
                    boolean inPlace = single && eligible.size() == 1;
                    Tried t = tried.get(i);
                    StepResult.Refused known = t == null ? item.refusedBy(c.state()) : null;
                    ProtocolState s = t != null ? t.state() : known != null || inPlace ? c.state() : c.state().copy();
                    StepResult r = t != null ? t.result() : known != null ? known : apply(s, item);
                    if (r instanceof StepResult.Applied a) {
                        advanced = true;
                        // stepped in place: the only candidate of the next level, so no memo (and no hashing of the whole state)
                        add(next, inPlace ? null : seen, s, c, i, a.hidden());
                    } else if (r instanceof StepResult.Branches b) {
                        advanced = true;
                        for (ProtocolState bs : b.states()) {
                            add(next, seen, bs, c, i, b.hidden());
                        }
                    } else if (r instanceof StepResult.Refused x) {
                        refusedItems.add(item);
                        refusedWhy.add(x.why());
                        refused.add(ev);
                        if (firstRefused == null || ev.seq() < firstRefused.seq()) {
                            firstRefused = ev;
                        }
                    }
                }
                if (!advanced) {
                    for (int k = 0; k < refusedItems.size(); k++) {
                        attempts.add(attempt(refusedItems.get(k), refusedWhy.get(k)));
                    }
                }
                if (!advanced && eligible != all) {
                    // dead in its group means dead (see independentGroup); the others still explain the
                    // report, in window order as the unsplit search words it
                    attempts.clear();
                    for (int i : all) {
                        int k = refusedItems.indexOf(window.get(i));
                        if (k >= 0) {
                            attempts.add(attempt(refusedItems.get(k), refusedWhy.get(k)));
                        } else if (!eligible.contains(i)) {
                            Item item = window.get(i);
                            StepResult r = apply(item.observation() ? c.state() : c.state().copy(), item);
                            if (r instanceof StepResult.Refused x) {
                                attempts.add(attempt(item, x.why()));
                                refused.add(item.event());
                                if (firstRefused == null || item.event().seq() < firstRefused.seq()) {
                                    firstRefused = item.event();
                                }
                            }
                        }
                    }
                }
                if (!advanced && deadHere.size() < 3) {
                    ProtocolState dead = c.state();
                    deadHere.add(() -> new CheckReport.Candidate(describe(dead, refused), attempts));
                }
            }
            if (!deadHere.isEmpty() && next.isEmpty() && done.isEmpty()) {
                long depth = linearized + frontier.get(0).done().cardinality();
                if (deepest == null || depth >= deepest.depth()) {
                    List<CheckReport.Candidate> reports = new ArrayList<>(deadHere.size());
                    for (java.util.function.Supplier<CheckReport.Candidate> r : deadHere) {
                        reports.add(r.get());
                    }
                    deepest = new Dead(depth, reports, firstRefused);
                }
            }
            if (next.size() + done.size() > options.maxCandidates()) {
                throw new BoundExceeded(file + ": more than " + options.maxCandidates()
                        + " candidate linearizations at once near line " + window.get(0).event().line()
                        + " (too many overlapping events); the candidate bound is --max-candidates (CheckOptions.maxCandidates), raise it to search further");
            }
            frontier = merge(next);
            done = merge(done);
            peak = Math.max(peak, frontier.size() + done.size());
        }
        return done;
    }

    private static CheckReport.Attempt attempt(Item item, List<Violation> why) {
        TraceEvent ev = item.event();
        return new CheckReport.Attempt(ev.seq(), ev.where() + (item.observation() ? ", its observed " + item.part().field()
                : item.secondStep() ? ", its second step" : ""), why);
    }

    /**
     * The lazy pass's common case: the only pending step that is due, when it is eligible and no
     * eligible call is the caller of a due nested unlock. It is the group's earliest due step, so
     * independentGroup keeps it, and the lazy rule then takes it alone if it advances. -1 otherwise.
     */
    private int loneDue(Candidate c, List<Integer> all, IntPredicate must) {
        BitSet d = c.done();
        int due = -1;
        for (int i = d.nextClearBit(0); i < window.size(); i = d.nextClearBit(i + 1)) {
            if (must.test(i)) {
                if (due >= 0) {
                    return -1;
                }
                due = i;
            }
        }
        if (due < 0 || !all.contains(due)) {
            return -1;
        }
        List<Integer> dueList = List.of(due);
        for (int i : all) {
            if (i != due && callerOfDueUnlock(window.get(i), all, dueList)) {
                return -1;
            }
        }
        return due;
    }

    private boolean callerOfDueUnlock(Item it, List<Integer> eligible, List<Integer> due) {
        if (it.action() != null) {
            return false;
        }
        long seq = it.event().seq();
        for (int j : due) {
            TraceEvent u = window.get(j).event();
            if (u.op() == Op.DMA_RESV_UNLOCK && u.caller() != null && u.caller() == seq) {
                return true;
            }
        }
        return false;
    }

    /**
     * Whether each of {@code items} can be taken in c's state (which is left unchanged); the
     * results, each on its own copy, go to {@code tried} so the search does not take them again.
     */
    private boolean allAdvance(Candidate c, List<Integer> items, Map<Integer, Tried> tried) {
        for (int i : items) {
            ProtocolState s = c.state().copy();
            StepResult r = apply(s, window.get(i));
            tried.put(i, new Tried(s, r));
            if (r instanceof StepResult.Refused) {
                return false;
            }
        }
        return true;
    }

    /**
     * The lazy pass takes a call whose own dma_resv_lock/unlock are logged before that nested
     * unlock: drops from {@code due} each nested unlock whose caller is due as well and can be
     * taken now (taking the unlock first leaves the call outside its hold, where it is refused).
     */
    private void unlocksAfterTheirCallers(Candidate c, List<Integer> due, Map<Integer, Tried> tried) {
        for (int n = due.size() - 1; n >= 0; n--) {
            TraceEvent u = window.get(due.get(n)).event();
            if (u.op() != Op.DMA_RESV_UNLOCK || u.caller() == null) {
                continue;
            }
            for (int i : due) {
                Item it = window.get(i);
                if (it.action() == null && it.event().seq() == u.caller()) {
                    if (!advancing(c, List.of(i), tried).isEmpty()) {
                        due.remove(n);
                    }
                    break;
                }
            }
        }
    }

    /** The steps of {@code items} that {@code c} can take now (each tried once, kept in {@code tried}). */
    private List<Integer> advancing(Candidate c, List<Integer> items, Map<Integer, Tried> tried) {
        List<Integer> out = new ArrayList<>(items.size());
        for (int i : items) {
            Tried t = tried.get(i);
            if (t == null) {
                ProtocolState s = c.state().copy();
                t = new Tried(s, apply(s, window.get(i)));
                tried.put(i, t);
            }
            if (!(t.result() instanceof StepResult.Refused)) {
                out.add(i);
            }
        }
        return out;
    }

    /** A step already applied to a copy of the candidate's state, and what it gave. */
    private record Tried(ProtocolState state, StepResult result) {
    }

    /**
     * Observations and guard-only steps ({@link Transitions#guardOnly}: waits, tests, queries,
     * calls whose nested calls carry the effect) do not change the state: one that holds now
     * without inferred signals is done now, so the search never branches on when to check a
     * snapshot or when a wait returned. No accepting linearization is lost: if one takes such a
     * step x later, dropping x there leaves every other step at the same state, and taking x
     * first only shrinks the pending set, which makes no step less eligible (real-time order,
     * lock order and an observation waiting for its event all ask for fewer pending steps).
     * One that fails stays pending: a later state may match it.
     */
    private Absorbed absorbObservations(Candidate c) {
        BitSet d = null;
        ProtocolState state = c.state();
        // steps refused in this state: the relation reads only the state and the event, so they
        // would be refused again until the state changes (guard-only steps leave it equal)
        BitSet refused = new BitSet();
        boolean again = true;
        List<Integer> eligible = null;
        while (again) {
            again = false;
            eligible = eligible(d == null ? c : new Candidate(state, d, c.hidden()));
            for (int i : eligible) {
                if (refused.get(i)) {
                    continue;
                }
                Item it = window.get(i);
                boolean absorbed;
                if ((it.observation() || it.action() == null) && it.refusedBy(state) != null) {
                    absorbed = false; // refused by this very state before (see Item.refusedIn)
                } else if (it.observation()) {
                    StepResult r = relation.observe(state, it.event(), it.part());
                    absorbed = r instanceof StepResult.Applied;
                    if (r instanceof StepResult.Refused x) {
                        it.refused(state, x);
                    }
                } else if (it.action() == null && Transitions.guardOnly(state, it.event())) {
                    ProtocolState next = state.copy();
                    StepResult r = relation.step(next, it.event());
                    absorbed = r instanceof StepResult.Applied a && a.hidden() == 0;
                    if (r instanceof StepResult.Refused x && sameAsApply(it)) {
                        it.refused(state, x);
                    }
                    if (absorbed) {
                        assert next.equals(state) : "guard-only step changed the state: " + it.event().where();
                        state = next; // equal to state, but for a fence's enabled flag (reports only)
                    }
                } else if (it.action() == null && lazyNow && readsOnly(it.event())) {
                    ProtocolState next = state.copy();
                    absorbed = apply(next, it) instanceof StepResult.Applied a && a.hidden() == 0;
                    if (absorbed) {
                        state = next;
                        refused.clear(); // the state changed: what it refused may hold now
                    }
                } else {
                    absorbed = false;
                }
                if (absorbed) {
                    if (d == null) {
                        d = (BitSet) c.done().clone();
                    }
                    d.set(i);
                    again = true;
                } else {
                    refused.set(i);
                }
            }
        }
        // the last pass took nothing, so its list is the result's eligible steps
        return new Absorbed(d == null ? c : new Candidate(state, d, c.hidden()), eligible);
    }

    /** Whether apply does for this step exactly what absorbObservations does (no isolation refinement around it). */
    private static boolean sameAsApply(Item it) {
        return it.event().buf() == null || !changesIsolationState(it.event().op());
    }

    /** A candidate after absorbObservations, and its eligible steps. */
    private record Absorbed(Candidate candidate, List<Integer> eligible) {
    }

    /**
     * The lazy pass also takes these as soon as they hold: steps that read the state and create
     * only an object of their own (a sync_file exported with the fences the trace logged).
     */
    private static boolean readsOnly(TraceEvent e) {
        return e.op() == Op.DMA_BUF_IOCTL_EXPORT_SYNC_FILE;
    }

    private void add(List<Candidate> next, java.util.Set<Key> seen, ProtocolState s, Candidate c, int i, int hiddenSteps) {
        BitSet d = (BitSet) c.done().clone();
        d.set(i);
        if (seen != null && !seen.add(new Key(d, s))) {
            return;
        }
        next.add(new Candidate(s, d, c.hidden() + hiddenSteps));
        hidden = Math.max(hidden, c.hidden() + hiddenSteps);
    }

    /** Memoization: merges candidates with the same linearized set and state (hashing only when there are several). */
    private static List<Candidate> merge(List<Candidate> list) {
        if (list.size() < 2) {
            return list;
        }
        Map<Key, Candidate> m = new LinkedHashMap<>(list.size() * 2);
        for (Candidate c : list) {
            m.putIfAbsent(new Key(c.done(), c.state()), c);
        }
        return new ArrayList<>(m.values());
    }

    /**
     * The split per buffer: of the eligible steps, those in the group of independent objects that
     * the earliest step still due belongs to. Pending steps are grouped by shared footprint
     * ({@link Footprint}: buffer with its reservation and attachments, fences and their contexts,
     * sync_files, ww contexts); steps of different groups commute. The group is widened by every
     * group holding a step that must precede (real time) one of its own. Then any linearization
     * of the pending steps can be reordered to start with a step of the group, so trying only
     * those loses no explanation, and a candidate none of them can extend is dead. Other groups
     * progress in their turn, so candidates multiply per group instead of across groups.
     */
    private List<Integer> independentGroup(Candidate c, List<Integer> eligible, IntPredicate must) {
        BitSet d = c.done();
        int n = window.size();
        int[] parent = new int[n];
        GroupKeys keys = groupKeys;
        keys.reset(parent);
        int firstDue = -1;
        for (int i = d.nextClearBit(0); i < n; i = d.nextClearBit(i + 1)) {
            parent[i] = i;
            if (firstDue < 0 && must.test(i)) {
                firstDue = i;
            }
            keys.at = i;
            if (!Footprint.of(c.state(), window.get(i).event(), keys)) {
                return eligible;
            }
        }
        if (firstDue < 0) {
            return eligible;
        }
        boolean[] group = new boolean[n];
        group[find(parent, firstDue)] = true;
        BitSet isEligible = new BitSet(n);
        for (int i : eligible) {
            isEligible.set(i);
        }
        boolean grown = true;
        while (grown) {
            grown = false;
            long latestBlockedStart = Long.MIN_VALUE;
            for (int i = d.nextClearBit(0); i < n; i = d.nextClearBit(i + 1)) {
                if (group[find(parent, i)] && !isEligible.get(i)) {
                    latestBlockedStart = Math.max(latestBlockedStart, window.get(i).start());
                }
            }
            for (int i = d.nextClearBit(0); i < n; i = d.nextClearBit(i + 1)) {
                int r = find(parent, i);
                if (!group[r] && window.get(i).end() < latestBlockedStart) {
                    group[r] = true;
                    grown = true;
                }
            }
        }
        List<Integer> out = new ArrayList<>(eligible.size());
        for (int i : eligible) {
            if (group[find(parent, i)]) {
                out.add(i);
            }
        }
        return out.size() == eligible.size() ? eligible : out;
    }

    private final GroupKeys groupKeys = new GroupKeys();

    /** independentGroup's key tables, one per kind of key, kept across calls (cleared, not reallocated). */
    private static final class GroupKeys implements Footprint.Keys {
        @SuppressWarnings("unchecked")
        private final HashMap<Object, Integer>[] owner = new HashMap[Footprint.KINDS];
        private int[] parent;
        int at;

        GroupKeys() {
            for (int k = 0; k < owner.length; k++) {
                owner[k] = new HashMap<>();
            }
        }

        void reset(int[] parent) {
            this.parent = parent;
            for (int k = 0; k < owner.length; k++) {
                if (owner[k].size() > 256) {
                    owner[k] = new HashMap<>(); // clear() would keep the large table and scan it every call
                } else if (!owner[k].isEmpty()) {
                    owner[k].clear();
                }
            }
        }

        @Override
        public void key(int kind, Object id) {
            Integer o = owner[kind].putIfAbsent(id, at);
            if (o != null) {
                union(parent, o, at);
            }
        }
    }

    private static int find(int[] parent, int i) {
        while (parent[i] != i) {
            parent[i] = parent[parent[i]];
            i = parent[i];
        }
        return i;
    }

    private static void union(int[] parent, int a, int b) {
        parent[find(parent, a)] = find(parent, b);
    }

    private boolean allDone(Candidate c, IntPredicate must) {
        BitSet d = c.done();
        for (int i = d.nextClearBit(0); i < window.size(); i = d.nextClearBit(i + 1)) {
            if (must.test(i)) {
                return false;
            }
        }
        return true;
    }

    /**
     * Undone window steps that no other undone step must precede (it ended before they started);
     * an observation also waits for its own event.
     */
    private List<Integer> eligible(Candidate c) {
        BitSet d = c.done();
        long minEnd = Long.MAX_VALUE;
        for (int j = d.nextClearBit(0); j < window.size(); j = d.nextClearBit(j + 1)) {
            minEnd = Math.min(minEnd, window.get(j).end());
        }
        LockOrder order = lockOrder ? LockOrder.of(window, d) : null;
        List<Integer> out = new ArrayList<>(2);
        for (int i = d.nextClearBit(0); i < window.size(); i = d.nextClearBit(i + 1)) {
            Item it = window.get(i);
            if (it.start() > minEnd) {
                break; // the window is in start order: every later step starts after minEnd too
            }
            if (order != null && order.waits(it)) {
                continue;
            }
            if (it.action() != null) {
                long a = it.action().id() - dropped;
                if (a >= 0 && !d.get((int) a)) {
                    continue;
                }
            }
            out.add(i);
        }
        return out;
    }

    /** A successful acquisition of a reservation lock (it makes its thread the holder). */
    private static boolean acquires(Item it) {
        TraceEvent e = it.event();
        if (it.action() != null || e.buf() == null) {
            return false;
        }
        return switch (e.op()) {
            case DMA_RESV_LOCK, DMA_RESV_LOCK_INTERRUPTIBLE, DMA_RESV_LOCK_SLOW -> "0".equals(e.result());
            case DMA_RESV_TRYLOCK -> Boolean.TRUE.equals(e.retBool());
            default -> false;
        };
    }

    /**
     * The order the reservation lock itself imposes (docs/trace-checker.md, "Lock order"): of two
     * pending successful acquisitions of one lock by different threads, the one that ended first
     * takes effect first. Per buffer, the earliest end among pending acquisitions and the
     * earliest among the other threads'.
     */
    private static final class LockOrder {
        // per buffer with pending acquisitions (few: a linear scan beats hash tables here)
        private String[] bufs = new String[4];
        private long[] firstEnd = new long[4];
        private long[] otherEnd = new long[4];
        private String[] firstThread = new String[4];
        private int n;

        static LockOrder of(List<Item> window, BitSet d) {
            LockOrder o = null;
            int firstAcquisition = -1;
            for (int i = d.nextClearBit(0); i < window.size(); i = d.nextClearBit(i + 1)) {
                Item it = window.get(i);
                if (!acquires(it)) {
                    continue;
                }
                if (firstAcquisition < 0) {
                    firstAcquisition = i; // a lone pending acquisition waits for none: no tables
                    continue;
                }
                if (o == null) {
                    o = new LockOrder();
                    o.note(window.get(firstAcquisition));
                }
                o.note(it);
            }
            return o;
        }

        private int slot(String buf) {
            for (int k = 0; k < n; k++) {
                if (bufs[k].equals(buf)) {
                    return k;
                }
            }
            return -1;
        }

        private void note(Item it) {
            String b = it.event().buf();
            int k = slot(b);
            if (k < 0) {
                if (n == bufs.length) {
                    bufs = java.util.Arrays.copyOf(bufs, 2 * n);
                    firstEnd = java.util.Arrays.copyOf(firstEnd, 2 * n);
                    otherEnd = java.util.Arrays.copyOf(otherEnd, 2 * n);
                    firstThread = java.util.Arrays.copyOf(firstThread, 2 * n);
                }
                k = n++;
                bufs[k] = b;
                firstEnd[k] = Long.MAX_VALUE;
                otherEnd[k] = Long.MAX_VALUE;
            }
            String t = it.event().thread();
            long end = it.end();
            if (end < firstEnd[k]) {
                if (!t.equals(firstThread[k])) {
                    otherEnd[k] = firstEnd[k];
                }
                firstEnd[k] = end;
                firstThread[k] = t;
            } else if (end < otherEnd[k] && !t.equals(firstThread[k])) {
                otherEnd[k] = end;
            }
        }

        /** Whether a pending acquisition of another thread on the same lock ended before this one. */
        boolean waits(Item it) {
            if (!acquires(it)) {
                return false;
            }
            int k = slot(it.event().buf());
            long before = it.event().thread().equals(firstThread[k]) ? otherEnd[k] : firstEnd[k];
            return before < it.end();
        }
    }

    private CheckReport.Rejection rejection() {
        if (deepest == null || deepest.first() == null) {
            TraceEvent w = window.isEmpty() ? null : window.get(0).event();
            return new CheckReport.Rejection(w == null ? 0 : w.seq(), w == null ? 0 : w.line(), w == null ? "?" : w.thread(),
                    w == null ? "?" : w.op().wire(), List.of());
        }
        TraceEvent f = deepest.first();
        return new CheckReport.Rejection(f.seq(), f.line(), f.thread(), f.op().wire(), deepest.reports());
    }

    /** The parts of the state the refused events touch, in kernel terms. */
    private static String describe(ProtocolState s, List<TraceEvent> refused) {
        java.util.LinkedHashSet<String> lines = new java.util.LinkedHashSet<>();
        for (TraceEvent e : refused) {
            if (e.buf() != null) {
                BufferState b = s.buf(e.buf());
                lines.add(b == null ? "buffer " + e.buf() + ": does not exist" : "buffer " + b.describe(e.buf(), s.fenceView()));
            }
            List<String> fences = new ArrayList<>();
            if (e.fence() != null) {
                fences.add(e.fence());
            }
            if (e.fences() != null) {
                fences.addAll(e.fences());
            }
            if (e.buf() != null && s.buf(e.buf()) != null) {
                for (ResvEntry r : s.buf(e.buf()).fences) {
                    fences.add(r.fence());
                }
            }
            for (String id : fences) {
                FenceState f = s.fence(id);
                lines.add("fence " + (f == null ? id + ": released or never created" : f.describe(id)));
            }
            if (e.ctx() != null) {
                WwCtxState c = s.ctxs.get(e.ctx());
                lines.add("ww_acquire_ctx " + e.ctx() + (c == null ? ": finished or never initialised"
                        : ": thread " + c.thread + ", stamp " + c.stamp + ", holds " + c.held
                        + (c.contended == null ? "" : ", lost on " + c.contended + " (-EDEADLK)")));
            }
        }
        return String.join("\n", lines);
    }
}
