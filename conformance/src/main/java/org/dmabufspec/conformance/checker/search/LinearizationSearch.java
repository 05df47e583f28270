package org.dmabufspec.conformance.checker.search;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.IntPredicate;
import java.util.function.Supplier;

import org.dmabufspec.conformance.checker.CheckReport;
import org.dmabufspec.conformance.checker.Violation;

/**
 * The linearization search over a {@link TraceSemantics}: decides whether the events of a trace,
 * admitted in start order, have an order consistent with real time (an event that ended before
 * another started comes first) in which every step is one of the semantics'.
 *
 * <p>A candidate is a state plus the set of window steps it has linearized. Before event f is
 * admitted, every candidate must linearize each window step that ended before f started
 * (real-time order); steps overlapping those may be linearized first, in any order. Candidates
 * with the same linearized set and the same state are merged (memoization). With one candidate
 * and one eligible step, the step is applied in place: a sequential trace costs one step per
 * event. Reductions, each of which keeps every explanation: read-only and guard-only steps are
 * taken as soon as they hold (absorbObservations), pending steps are split into groups of
 * independent objects (independentGroup), and the lock order narrows which acquisition may go
 * first (LockOrder). When no candidate can go on, the deepest dead candidates and the rules each
 * refused step breaks are the divergence ({@link #divergence}).
 *
 * <p>Used by the fast checker (FastEngine with the Transitions semantics) and by the spec oracles
 * of the walks (relation/walk/OracleSearch, with the Java relation of a spec: DmaBufAttach,
 * WwMutex, DmaFence, DmaBufCpuDeviceAccess).
 */
public final class LinearizationSearch<S, E> {
    private final TraceSemantics<S, E> sem;
    /** {@link TraceSemantics#begins}, asked once. */
    private final boolean begins;
    private final boolean split;
    private final int maxCandidates;
    private final String file;

    private final ArrayList<Item<E>> window = new ArrayList<>();
    private List<Candidate<S>> candidates = new ArrayList<>();
    private long linearized;
    private long hidden;
    private int peak = 1;
    private Dead<E> deepest;
    private long prunes;
    /** Window items dropped so far: an item's position in the window is its id minus this. */
    private long dropped;
    /**
     * Lock order on (see LockOrder); off once two events of one thread share a time stamp, since
     * the argument needs a thread's next unlock to start no earlier than its lock ended.
     */
    private boolean lockOrder = true;

    /**
     * A step to linearize: an event's own step (part null), or one of its follow-ups (a second
     * linearization point, the check of one part of its observed state), which waits for the
     * event's own step.
     */
    private static final class Item<E> {
        private final E event;
        private final Item<E> action;
        private final Object part;
        private final long id;
        private final long start;
        private final long end;
        /** Follow-up that only reads the state. */
        private final boolean readOnly;
        /** The lock the event's own step acquires, or null (LockOrder). */
        private final Object lock;
        /** Its thread, for a lock's acquisition. */
        private final Object thread;
        /**
         * The last state (object and version) that refused this read-only or guard-only step,
         * and what it said: a semantics reads only the state and the event, so the same state
         * refuses it again. Only saves work: a step not tried stays pending and is tried in turn.
         */
        private Object refusedIn;
        private long refusedVersion;
        private Step.Refused<?> refusal;

        Item(TraceSemantics<?, E> sem, E event, Item<E> action, Object part, long id, long start) {
            this.event = event;
            this.action = action;
            this.part = part;
            this.id = id;
            this.start = start;
            this.end = sem.end(event);
            this.readOnly = action != null && sem.readOnly(part);
            this.lock = action == null ? sem.acquiredLock(event) : null;
            this.thread = lock == null ? null : sem.thread(event);
        }
    }

    /** A state and which window steps it has linearized (bit i = window.get(i)). */
    private record Candidate<S>(S state, BitSet done, long hidden) {
    }

    private record Key<S>(BitSet done, S state) {
        @Override
        public boolean equals(Object o) { // by hand: records compare fields with equals already, but say so
            return o instanceof Key<?> k && done.equals(k.done) && state.equals(k.state);
        }

        @Override
        public int hashCode() {
            return done.hashCode() * 31 + state.hashCode();
        }
    }

    /** Candidates that could not advance at a given depth, with what each eligible step said. */
    private record Dead<E>(long depth, List<CheckReport.Candidate> reports, E first, boolean atStart, E stuck) {
    }

    /**
     * The first divergence: the earliest refused event of the deepest dead candidates, and their
     * reports; {@code atStart} when no candidate could begin it ({@link TraceSemantics#begin}).
     * {@code stuck}: of the events refused there, the earliest-ending one that every dead
     * candidate still had pending (no candidate got past it; null if none): where a walk over
     * end points in time order would have died, where {@code event} may name an overlapping event
     * some other candidate had already taken.
     */
    public record Divergence<E>(E event, List<CheckReport.Candidate> candidates, boolean atStart, E stuck) {
    }

    /** Thrown when a search bound is hit: the verdict is then inconclusive (bad input, exit 2). */
    public static final class BoundExceeded extends Exception {
        public BoundExceeded(String message) {
            super(message);
        }
    }

    /**
     * The lazy pass: a candidate takes a step that is not yet due (real time) only when one of
     * its due steps cannot be taken. Every candidate it keeps is still a linearization, so a trace it
     * accepts is a behaviour; it may miss the one order that explains a trace (a step of one
     * thread that another's observation needed early), so anything else is decided again by
     * the full search (the caller's second pass), unless a local retry (see recover) explains it first.
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
     * behaviour of the semantics; only when every retry dies does the pass end, and then the full
     * search from the start decides.
     */
    private record Checkpoint<S, E>(long admitted, List<Item<E>> window, List<Candidate<S>> candidates, long linearized,
                                    long hidden, long dropped, Dead<E> deepest) {
    }

    public static final int CHECKPOINT_EVERY = 64;
    /** Events all retries may replay beyond half the events admitted so far. */
    private static final int RETRY_ALLOWANCE = 4096;
    private static final int CHECKPOINTS_KEPT = 64;
    /** After a retry got past its dead end, the full search goes on for this many events before the lazy one resumes. */
    private static final int FULL_AFTER_RETRY = 64;
    private final ArrayDeque<Checkpoint<S, E>> checkpoints = new ArrayDeque<>();
    /** Events admitted since the oldest checkpoint; history.get(i) is admitted event historyBase + i. */
    private final ArrayList<E> history = new ArrayList<>();
    private long historyBase;
    private long admitted;
    private long lazyAgainAt = -1;
    private int retries;
    private long replayed;
    /**
     * Whether every event since the last checkpoint was stepped in place (stepSequential: one
     * candidate, the one pending step due). Such a stretch left the lazy pass no choice, so the
     * full search replays it to the same single candidate: a checkpoint inside it would save
     * nothing a retry needs that the one before it does not, and each copy made every step after
     * it clone what it writes (about a sixth of a sequential trace's checking). The checkpoint
     * such a stretch skipped is owed, and saved as soon as an event leaves the in-place path,
     * before that event's step, so a dead end is retried from no further back than before. A long
     * stretch still saves one every CHECKPOINT_EVERY * CHECKPOINTS_KEPT events, which bounds the
     * history a retry replays (and keeps).
     */
    private boolean inPlaceSinceCheckpoint;
    private boolean checkpointOwed;
    /** Set while a retry replays events (no checkpoint is taken then). */
    private boolean replaying;

    /**
     * @param initial       the state before the first event
     * @param lazy          the lazy pass (see the field); {@code retry} its local retries
     * @param split         the per-object split (independentGroup)
     * @param maxCandidates the candidate bound: more at once is {@link BoundExceeded}
     * @param file          names the trace in messages
     */
    public LinearizationSearch(TraceSemantics<S, E> semantics, S initial, boolean lazy, boolean retry, boolean split,
                               int maxCandidates, String file) {
        this.sem = semantics;
        this.begins = semantics.begins();
        this.lazy = lazy;
        this.lazyNow = lazy;
        this.retry = lazy && retry;
        this.split = split;
        this.maxCandidates = maxCandidates;
        this.file = file;
        this.groupKeys = new GroupKeys(semantics.keyKinds());
        candidates.add(new Candidate<>(initial, new BitSet(), 0));
    }

    // ---- results ------------------------------------------------------------------------------

    /** Steps linearized by every candidate and dropped from the window. */
    public long linearized() {
        return linearized;
    }

    /** Steps still pending in the window (after {@link #finish}: linearized by the candidates left). */
    public int pending() {
        return window.size();
    }

    /** The most hidden steps one candidate needed so far. */
    public long hidden() {
        return hidden;
    }

    /** The fewest hidden steps among the candidates left. */
    public long leastHidden() {
        return candidates.stream().mapToLong(Candidate::hidden).min().orElse(0);
    }

    /** The most candidates at once. */
    public int peak() {
        return peak;
    }

    /** The states of the candidates left. */
    public List<S> states() {
        List<S> out = new ArrayList<>(candidates.size());
        for (Candidate<S> c : candidates) {
            out.add(c.state());
        }
        return out;
    }

    /** Where the search died: null event when no step was refused (then see {@link #firstPending}). */
    public Divergence<E> divergence() {
        return deepest == null ? null : new Divergence<>(deepest.first(), deepest.reports(), deepest.atStart(), deepest.stuck());
    }

    /** The event of the earliest pending step, or null. */
    public E firstPending() {
        return window.isEmpty() ? null : window.get(0).event;
    }

    /** Retries of the lazy pass that explained a dead end, and the events they replayed. */
    public int retries() {
        return retries;
    }

    public long replayed() {
        return replayed;
    }

    // ---- driving ------------------------------------------------------------------------------

    /** Admits the next event in start order; false when no candidate can explain the trace up to it. */
    public boolean admit(E f) throws BoundExceeded {
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
            if (inPlaceSinceCheckpoint && !checkpoints.isEmpty()
                    && admitted - checkpoints.peekLast().admitted() < (long) CHECKPOINT_EVERY * CHECKPOINTS_KEPT) {
                checkpointOwed = true; // see the field: saved if an event leaves the in-place path
            } else {
                saveCheckpoint(admitted);
                checkpointOwed = false;
            }
            inPlaceSinceCheckpoint = true;
        }
        history.add(f);
        admitted++;
        return step(f) || recover(f);
    }

    /** After the last event: linearizes every pending step; false when no candidate can. */
    public boolean finish() throws BoundExceeded {
        payOwedCheckpoint(admitted);
        List<Candidate<S>> last = advance(candidates, i -> true);
        if (last.isEmpty() && recover(null)) {
            last = advance(candidates, i -> true);
        }
        candidates = last;
        return !candidates.isEmpty();
    }

    /** The last stamps (start, end) of each thread's admitted events, to notice a stamp shared within a thread. */
    private final Map<Object, long[]> recentStamps = new HashMap<>();

    /** The last thread noted and its stamps: most events follow one of the same thread. */
    private Object lastStampThread;
    private long[] lastStamps;

    private void noteStamps(E f) {
        Object thread = sem.thread(f);
        long[] r;
        if (thread == lastStampThread) {
            r = lastStamps;
        } else {
            r = recentStamps.get(thread);
            if (r == null) {
                r = new long[9];
                Arrays.fill(r, Long.MIN_VALUE);
                recentStamps.put(thread, r);
            }
            lastStampThread = thread;
            lastStamps = r;
        }
        long start = sem.start(f);
        for (int i = 0; i < 8; i++) {
            if (r[i] == start) {
                lockOrder = false; // see the field: the lock-order argument needs distinct stamps within a thread
            }
        }
        int at = (int) r[8] & 7;
        r[at] = start;
        r[(at + 1) & 7] = sem.end(f);
        r[8] = at + 2;
    }

    /**
     * Saves the checkpoint an in-place stretch skipped, as of now: {@code at} is the number of
     * admitted events whose steps the search state holds (its window and candidates untouched
     * by the event being stepped, if any).
     */
    private void payOwedCheckpoint(long at) {
        inPlaceSinceCheckpoint = false;
        if (checkpointOwed && !replaying) {
            checkpointOwed = false;
            saveCheckpoint(at);
        }
    }

    private void saveCheckpoint(long at) {
        List<Candidate<S>> saved = new ArrayList<>(candidates.size());
        for (Candidate<S> c : candidates) {
            saved.add(new Candidate<>(sem.copy(c.state()), (BitSet) c.done().clone(), c.hidden()));
        }
        checkpoints.addLast(new Checkpoint<>(at, List.copyOf(window), saved, linearized, hidden, dropped, deepest));
        // at most CHECKPOINTS_KEPT, and none older than the span CHECKPOINTS_KEPT checkpoints made every
        // CHECKPOINT_EVERY events cover (the sparse ones of in-place stretches would keep more history)
        boolean trimmed = false;
        while (checkpoints.size() > CHECKPOINTS_KEPT
                || checkpoints.size() > 1 && at - checkpoints.peekFirst().admitted() > (long) CHECKPOINT_EVERY * CHECKPOINTS_KEPT) {
            checkpoints.removeFirst();
            trimmed = true;
        }
        if (trimmed) {
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
    private boolean recover(E f) throws BoundExceeded {
        if (!retry) {
            return false;
        }
        long distance = 0;
        while (true) {
            Checkpoint<S, E> cp = null;
            for (Iterator<Checkpoint<S, E>> it = checkpoints.descendingIterator(); it.hasNext(); ) {
                Checkpoint<S, E> c = it.next();
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
            List<Candidate<S>> restored = new ArrayList<>(cp.candidates().size());
            for (Candidate<S> c : cp.candidates()) {
                restored.add(new Candidate<>(sem.copy(c.state()), (BitSet) c.done().clone(), c.hidden()));
            }
            candidates = restored;
            linearized = cp.linearized();
            hidden = cp.hidden();
            dropped = cp.dropped();
            deepest = cp.deepest();
            lazyNow = false;
            checkpointOwed = false; // the replay steps with the full search from here: see inPlaceSinceCheckpoint
            inPlaceSinceCheckpoint = false;
            boolean ok = true;
            replaying = true;
            try {
                for (long i = cp.admitted(); i < admitted && ok; i++) {
                    replayed++;
                    ok = step(history.get((int) (i - historyBase)));
                }
            } catch (BoundExceeded b) {
                return false; // the full search from the start decides, and reports the bound if it hits it too
            } finally {
                replaying = false;
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

    private boolean step(E f) throws BoundExceeded {
        long start = sem.start(f);
        if (candidates.size() == 1 && window.size() == 1 && window.get(0).end < start
                && candidates.get(0).done().isEmpty() && stepSequential(candidates.get(0), window.get(0))) {
            window.clear();
            dropped++;
            linearized++;
        } else {
            if (inPlaceSinceCheckpoint) {
                payOwedCheckpoint(admitted - 1); // f is admitted already; nothing of its step is done yet
            }
            if (!window.isEmpty()) {
                candidates = advance(candidates, i -> window.get(i).end < start);
                if (candidates.isEmpty()) {
                    return false;
                }
                compact();
            }
        }
        if (begins && !begin(f)) {
            return false;
        }
        Item<E> action = new Item<>(sem, f, null, null, dropped + window.size(), start);
        window.add(action);
        Object[] parts = sem.followUps(f);
        for (Object part : parts) {
            window.add(new Item<>(sem, f, action, part, dropped + window.size(), start));
        }
        return true;
    }

    /** The semantics' step at the start of {@code f}, in every candidate; false (a divergence) when none takes it. */
    private boolean begin(E f) {
        List<Candidate<S>> next = new ArrayList<>(candidates.size());
        List<Supplier<CheckReport.Candidate>> dead = new ArrayList<>();
        for (Candidate<S> c : candidates) {
            S s = sem.copy(c.state());
            Step<S> r = sem.begin(s, f);
            if (r == null || r instanceof Step.Applied<S>) {
                next.add(new Candidate<>(s, c.done(), c.hidden()));
            } else if (r instanceof Step.Branches<S> b) {
                for (S bs : b.states()) {
                    next.add(new Candidate<>(bs, c.done(), c.hidden()));
                }
            } else if (r instanceof Step.Refused<S> x && dead.size() < 3) {
                S st = c.state();
                dead.add(() -> new CheckReport.Candidate(sem.describe(st, List.of(f)),
                        List.of(new CheckReport.Attempt(sem.seq(f), sem.where(f, null) + ", its start", x.why()))));
            }
        }
        if (next.isEmpty()) {
            List<CheckReport.Candidate> reports = new ArrayList<>(dead.size());
            for (Supplier<CheckReport.Candidate> d : dead) {
                reports.add(d.get());
            }
            deepest = new Dead<>(linearized, reports, f, true, f);
            return false;
        }
        candidates = merge(next);
        peak = Math.max(peak, candidates.size());
        return true;
    }

    /**
     * The sequential case: one candidate, one pending step that must precede the next event.
     * Applies it in place without search bookkeeping; false (state untouched) when the step
     * refuses or branches, so the general search reports or explores it.
     */
    private boolean stepSequential(Candidate<S> c, Item<E> item) {
        Step<S> r = apply(c.state(), item);
        if (r instanceof Step.Applied<S> a) {
            // still the only candidate: without this, the changes since a checkpoint's copy
            // piled up and were copied again after each checkpoint (quadratic on a long trace)
            sem.settle(c.state());
            if (a.hidden() > 0) {
                candidates.set(0, new Candidate<>(c.state(), c.done(), c.hidden() + a.hidden()));
                hidden = Math.max(hidden, c.hidden() + a.hidden());
            }
            return true;
        }
        return false;
    }

    private Step<S> apply(S s, Item<E> item) {
        return sem.apply(s, item.event, item.part);
    }

    /** Drops the window prefix every candidate has linearized. */
    private void compact() {
        int k = Integer.MAX_VALUE;
        for (Candidate<S> c : candidates) {
            k = Math.min(k, c.done().nextClearBit(0));
        }
        if (k == 0 || k == Integer.MAX_VALUE) {
            alone();
            return;
        }
        int n = Math.min(k, window.size());
        window.subList(0, n).clear();
        dropped += n;
        linearized += n;
        List<Candidate<S>> shifted = new ArrayList<>(candidates.size());
        for (Candidate<S> c : candidates) {
            shifted.add(new Candidate<>(c.state(), c.done().get(n, Math.max(n, c.done().length())), c.hidden()));
        }
        candidates = shifted;
        if (candidates.size() > 1 && ++prunes % 16 == 0) {
            sem.prune(states());
        }
        alone();
    }

    private void alone() {
        if (candidates.size() == 1) {
            sem.alone(candidates.get(0).state());
        }
    }

    /**
     * Extends every candidate until the steps selected by {@code must} are all linearized,
     * breadth first; returns the candidates that got there (merged), empty if none did.
     */
    private List<Candidate<S>> advance(List<Candidate<S>> from, IntPredicate must) throws BoundExceeded {
        List<Candidate<S>> done = new ArrayList<>(1);
        List<Candidate<S>> frontier = from;
        // Memo of the (linearized set, state) pairs met in this search: candidates reach the
        // frontier at different depths, so the same pair can turn up again a level later, where
        // merging one level alone would not see it. A pair met before was explored (or is in
        // done) already. With one candidate left every later pair descends from it, so the memo
        // restarts (and that candidate may then be stepped in place).
        Set<Key<S>> seen = new HashSet<>();
        if (from.size() > 1) { // one: the memo restarts below anyway (hashing it would cost the whole state)
            for (Candidate<S> c : from) {
                seen.add(new Key<>(c.done(), c.state()));
            }
        }
        while (!frontier.isEmpty()) {
            if (frontier.size() == 1) {
                seen.clear();
            }
            List<Candidate<S>> next = new ArrayList<>(2);
            // reports of dead candidates, worded only if the whole level dies (describe is costly)
            List<Supplier<CheckReport.Candidate>> deadHere = new ArrayList<>();
            E firstRefused = null;
            // window steps refused by some dead candidate, and those every dead candidate has pending (stuck)
            BitSet refusedHere = null;
            BitSet pendingInAll = null;
            boolean single = frontier.size() == 1;
            for (Candidate<S> c0 : frontier) {
                Absorbed<S> ab = absorbObservations(c0);
                Candidate<S> c = ab.candidate();
                if (allDone(c, must)) {
                    done.add(c);
                    continue;
                }
                List<Integer> all = ab.eligible();
                Map<Integer, Tried<S>> tried = new HashMap<>(4);
                int lone = lazyNow && all.size() > 1 ? loneDue(c, all, must) : -1;
                List<Integer> eligible;
                if (lone >= 0 && allAdvance(c, List.of(lone), tried)) {
                    // what the group and the lazy rule below would choose, without computing the group
                    eligible = List.of(lone);
                } else {
                    eligible = split && all.size() > 1 ? independentGroup(c, all, must) : all;
                }
                if (lone < 0 && lazyNow && eligible.size() > 1) {
                    List<Integer> due = new ArrayList<>(eligible.size());
                    for (int i : eligible) {
                        if (must.test(i)) {
                            due.add(i);
                        }
                    }
                    // a call whose own lock/unlock are logged takes effect inside that hold:
                    // once its nested unlock is due, the call's step may have to come before it
                    for (int i : eligible) {
                        if (!must.test(i) && callerOfDueUnlock(window.get(i), due)) {
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
                List<E> refused = new ArrayList<>();
                // what refused steps said: worded only for a candidate that is dead (reports)
                List<Item<E>> refusedItems = new ArrayList<>(2);
                List<List<Violation>> refusedWhy = new ArrayList<>(2);
                boolean advanced = false;
                for (int n = 0; n < eligible.size(); n++) {
                    int i = eligible.get(n);
                    Item<E> item = window.get(i);
                    E ev = item.event;
                    boolean inPlace = single && eligible.size() == 1;
                    Tried<S> t = tried.get(i);
                    Step.Refused<?> known = t == null ? refusedBy(item, c.state()) : null;
                    S s = t != null ? t.state() : known != null || inPlace ? c.state() : sem.copy(c.state());
                    Step<?> r = t != null ? t.result() : known != null ? known : apply(s, item);
                    if (r instanceof Step.Applied<?> a) {
                        advanced = true;
                        // stepped in place: the only candidate of the next level, so no memo (and no hashing of the whole state)
                        add(next, inPlace ? null : seen, s, c, i, a.hidden());
                    } else if (r instanceof Step.Branches<?> b) {
                        advanced = true;
                        @SuppressWarnings("unchecked")
                        List<S> states = (List<S>) b.states();
                        for (S bs : states) {
                            add(next, seen, bs, c, i, b.hidden());
                        }
                    } else if (r instanceof Step.Refused<?> x) {
                        refusedItems.add(item);
                        refusedWhy.add(x.why());
                        refused.add(ev);
                        if (firstRefused == null || sem.seq(ev) < sem.seq(firstRefused)) {
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
                            Item<E> item = window.get(i);
                            Step<S> r = apply(item.readOnly ? c.state() : sem.copy(c.state()), item);
                            if (r instanceof Step.Refused<S> x) {
                                attempts.add(attempt(item, x.why()));
                                refused.add(item.event);
                                if (firstRefused == null || sem.seq(item.event) < sem.seq(firstRefused)) {
                                    firstRefused = item.event;
                                }
                            }
                        }
                    }
                }
                if (!advanced) {
                    if (refusedHere == null) {
                        refusedHere = new BitSet();
                        pendingInAll = new BitSet();
                        pendingInAll.set(0, window.size());
                    }
                    for (Item<E> it : refusedItems) {
                        refusedHere.set((int) (it.id - dropped));
                    }
                    pendingInAll.andNot(c.done());
                }
                if (!advanced && deadHere.size() < 3) {
                    S dead = c.state();
                    deadHere.add(() -> new CheckReport.Candidate(sem.describe(dead, refused), attempts));
                }
            }
            if (!deadHere.isEmpty() && next.isEmpty() && done.isEmpty()) {
                long depth = linearized + frontier.get(0).done().cardinality();
                if (deepest == null || depth >= deepest.depth()) {
                    List<CheckReport.Candidate> reports = new ArrayList<>(deadHere.size());
                    for (Supplier<CheckReport.Candidate> r : deadHere) {
                        reports.add(r.get());
                    }
                    E stuck = null;
                    if (refusedHere != null) {
                        refusedHere.and(pendingInAll);
                        long stuckEnd = Long.MAX_VALUE;
                        for (int i = refusedHere.nextSetBit(0); i >= 0; i = refusedHere.nextSetBit(i + 1)) {
                            if (window.get(i).end < stuckEnd) {
                                stuckEnd = window.get(i).end;
                                stuck = window.get(i).event;
                            }
                        }
                    }
                    deepest = new Dead<>(depth, reports, firstRefused, false, stuck);
                }
            }
            if (next.size() + done.size() > maxCandidates) {
                throw new BoundExceeded(file + ": more than " + maxCandidates
                        + " candidate linearizations at once near line " + sem.line(window.get(0).event)
                        + " (too many overlapping events); the candidate bound is --max-candidates (CheckOptions.maxCandidates), raise it to search further");
            }
            frontier = merge(next);
            done = merge(done);
            peak = Math.max(peak, frontier.size() + done.size());
        }
        return done;
    }

    private CheckReport.Attempt attempt(Item<E> item, List<Violation> why) {
        return new CheckReport.Attempt(sem.seq(item.event), sem.where(item.event, item.part), why);
    }

    /** What {@code s} said when it last refused this step, or null. */
    private Step.Refused<?> refusedBy(Item<E> it, S s) {
        return it.refusedIn == s && it.refusedVersion == sem.version(s) ? it.refusal : null;
    }

    private void refused(Item<E> it, S s, Step.Refused<?> r) {
        if (sem.versioned()) {
            it.refusedIn = s;
            it.refusedVersion = sem.version(s);
            it.refusal = r;
        }
    }

    /**
     * The lazy pass's common case: the only pending step that is due, when it is eligible and no
     * eligible call is the caller of a due nested unlock. It is the group's earliest due step, so
     * independentGroup keeps it, and the lazy rule then takes it alone if it advances. -1 otherwise.
     */
    private int loneDue(Candidate<S> c, List<Integer> all, IntPredicate must) {
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
            if (i != due && callerOfDueUnlock(window.get(i), dueList)) {
                return -1;
            }
        }
        return due;
    }

    private boolean callerOfDueUnlock(Item<E> it, List<Integer> due) {
        if (it.action != null) {
            return false;
        }
        long seq = sem.seq(it.event);
        for (int j : due) {
            if (sem.nestedUnlockCaller(window.get(j).event) == seq) {
                return true;
            }
        }
        return false;
    }

    /**
     * Whether each of {@code items} can be taken in c's state (which is left unchanged); the
     * results, each on its own copy, go to {@code tried} so the search does not take them again.
     */
    private boolean allAdvance(Candidate<S> c, List<Integer> items, Map<Integer, Tried<S>> tried) {
        for (int i : items) {
            S s = sem.copy(c.state());
            Step<S> r = apply(s, window.get(i));
            tried.put(i, new Tried<>(s, r));
            if (r instanceof Step.Refused) {
                return false;
            }
        }
        return true;
    }

    /**
     * The lazy pass takes a call whose own lock/unlock are logged before that nested unlock:
     * drops from {@code due} each nested unlock whose caller is due as well and can be taken now
     * (taking the unlock first leaves the call outside its hold, where it is refused).
     */
    private void unlocksAfterTheirCallers(Candidate<S> c, List<Integer> due, Map<Integer, Tried<S>> tried) {
        for (int n = due.size() - 1; n >= 0; n--) {
            long caller = sem.nestedUnlockCaller(window.get(due.get(n)).event);
            if (caller == Long.MIN_VALUE) {
                continue;
            }
            for (int i : due) {
                Item<E> it = window.get(i);
                if (it.action == null && sem.seq(it.event) == caller) {
                    if (!advancing(c, List.of(i), tried).isEmpty()) {
                        due.remove(n);
                    }
                    break;
                }
            }
        }
    }

    /** The steps of {@code items} that {@code c} can take now (each tried once, kept in {@code tried}). */
    private List<Integer> advancing(Candidate<S> c, List<Integer> items, Map<Integer, Tried<S>> tried) {
        List<Integer> out = new ArrayList<>(items.size());
        for (int i : items) {
            Tried<S> t = tried.get(i);
            if (t == null) {
                S s = sem.copy(c.state());
                t = new Tried<>(s, apply(s, window.get(i)));
                tried.put(i, t);
            }
            if (!(t.result() instanceof Step.Refused)) {
                out.add(i);
            }
        }
        return out;
    }

    /** A step already applied to a copy of the candidate's state, and what it gave. */
    private record Tried<S>(S state, Step<S> result) {
    }

    /**
     * Read-only and guard-only steps ({@link TraceSemantics#guardOnly}: waits, tests, queries,
     * calls whose nested calls carry the effect) do not change the state: one that holds now
     * without hidden steps is done now, so the search never branches on when to check a
     * snapshot or when a wait returned. No accepting linearization is lost: if one takes such a
     * step x later, dropping x there leaves every other step at the same state, and taking x
     * first only shrinks the pending set, which makes no step less eligible (real-time order,
     * lock order and a follow-up waiting for its event all ask for fewer pending steps).
     * One that fails stays pending: a later state may match it.
     */
    private Absorbed<S> absorbObservations(Candidate<S> c) {
        BitSet d = null;
        S state = c.state();
        // steps refused in this state: a semantics reads only the state and the event, so they
        // would be refused again until the state changes (guard-only steps leave it equal)
        BitSet refused = new BitSet();
        boolean again = true;
        List<Integer> eligible = null;
        while (again) {
            again = false;
            eligible = eligible(d == null ? c.done() : d);
            for (int i : eligible) {
                if (refused.get(i)) {
                    continue;
                }
                Item<E> it = window.get(i);
                boolean absorbed;
                if ((it.readOnly || it.action == null) && refusedBy(it, state) != null) {
                    absorbed = false; // refused by this very state before (see Item.refusedIn)
                } else if (it.readOnly) {
                    Step<S> r = sem.apply(state, it.event, it.part);
                    absorbed = r instanceof Step.Applied;
                    if (r instanceof Step.Refused<S> x) {
                        refused(it, state, x);
                    }
                } else if (it.action == null && sem.guardOnly(state, it.event)) {
                    S next = sem.copy(state);
                    Step<S> r = sem.guardStep(next, it.event);
                    absorbed = r instanceof Step.Applied<S> a && a.hidden() == 0;
                    if (r instanceof Step.Refused<S> x && sem.guardStepIsApply(it.event)) {
                        refused(it, state, x);
                    }
                    if (absorbed) {
                        assert next.equals(state) : "guard-only step changed the state: " + sem.where(it.event, null);
                        state = next; // equal to state, but for what equality ignores (reports only)
                    }
                } else if (it.action == null && lazyNow && sem.readsOnly(it.event)) {
                    S next = sem.copy(state);
                    absorbed = apply(next, it) instanceof Step.Applied<S> a && a.hidden() == 0;
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
        return new Absorbed<>(d == null ? c : new Candidate<>(state, d, c.hidden()), eligible);
    }

    /** A candidate after absorbObservations, and its eligible steps. */
    private record Absorbed<S>(Candidate<S> candidate, List<Integer> eligible) {
    }

    private void add(List<Candidate<S>> next, Set<Key<S>> seen, S s, Candidate<S> c, int i, int hiddenSteps) {
        BitSet d = (BitSet) c.done().clone();
        d.set(i);
        if (seen != null && !seen.add(new Key<>(d, s))) {
            return;
        }
        next.add(new Candidate<>(s, d, c.hidden() + hiddenSteps));
        hidden = Math.max(hidden, c.hidden() + hiddenSteps);
    }

    /** Memoization: merges candidates with the same linearized set and state (hashing only when there are several). */
    private static <S> List<Candidate<S>> merge(List<Candidate<S>> list) {
        if (list.size() < 2) {
            return list;
        }
        Map<Key<S>, Candidate<S>> m = new LinkedHashMap<>(list.size() * 2);
        for (Candidate<S> c : list) {
            m.putIfAbsent(new Key<>(c.done(), c.state()), c);
        }
        return new ArrayList<>(m.values());
    }

    /**
     * The split per object: of the eligible steps, those in the group of independent objects that
     * the earliest step still due belongs to. Pending steps are grouped by shared footprint
     * ({@link TraceSemantics#footprint}); steps of different groups commute. The group is widened
     * by every group holding a step that must precede (real time) one of its own. Then any
     * linearization of the pending steps can be reordered to start with a step of the group, so
     * trying only those loses no explanation, and a candidate none of them can extend is dead.
     * Other groups progress in their turn, so candidates multiply per group instead of across groups.
     */
    private List<Integer> independentGroup(Candidate<S> c, List<Integer> eligible, IntPredicate must) {
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
            if (!sem.footprint(c.state(), window.get(i).event, keys)) {
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
                    latestBlockedStart = Math.max(latestBlockedStart, window.get(i).start);
                }
            }
            for (int i = d.nextClearBit(0); i < n; i = d.nextClearBit(i + 1)) {
                int r = find(parent, i);
                if (!group[r] && window.get(i).end < latestBlockedStart) {
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

    private final GroupKeys groupKeys;

    /** independentGroup's key tables, one per kind of key, kept across calls (cleared, not reallocated). */
    private static final class GroupKeys implements TraceSemantics.Keys {
        private final HashMap<Object, Integer>[] owner;
        private int[] parent;
        int at;

        @SuppressWarnings("unchecked")
        GroupKeys(int kinds) {
            owner = new HashMap[kinds];
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

    private boolean allDone(Candidate<S> c, IntPredicate must) {
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
     * a follow-up also waits for its own event's step.
     */
    private List<Integer> eligible(BitSet d) {
        long minEnd = Long.MAX_VALUE;
        for (int j = d.nextClearBit(0); j < window.size(); j = d.nextClearBit(j + 1)) {
            minEnd = Math.min(minEnd, window.get(j).end);
        }
        LockOrder order = lockOrder ? LockOrder.of(window, d) : null;
        List<Integer> out = new ArrayList<>(2);
        for (int i = d.nextClearBit(0); i < window.size(); i = d.nextClearBit(i + 1)) {
            Item<E> it = window.get(i);
            if (it.start > minEnd) {
                break; // the window is in start order: every later step starts after minEnd too
            }
            if (order != null && order.waits(it)) {
                continue;
            }
            if (it.action != null) {
                long a = it.action.id - dropped;
                if (a >= 0 && !d.get((int) a)) {
                    continue;
                }
            }
            out.add(i);
        }
        return out;
    }

    /**
     * The order a mutex itself imposes (docs/trace-checker.md, "Lock order"): of two pending
     * successful acquisitions of one lock by different threads, the one that ended first takes
     * effect first. Per lock, the earliest end among pending acquisitions and the earliest among
     * the other threads'.
     */
    private static final class LockOrder {
        // per lock with pending acquisitions (few: a linear scan beats hash tables here)
        private Object[] locks = new Object[4];
        private long[] firstEnd = new long[4];
        private long[] otherEnd = new long[4];
        private Object[] firstThread = new Object[4];
        private int n;

        static <E> LockOrder of(List<Item<E>> window, BitSet d) {
            LockOrder o = null;
            int firstAcquisition = -1;
            for (int i = d.nextClearBit(0); i < window.size(); i = d.nextClearBit(i + 1)) {
                Item<E> it = window.get(i);
                if (it.lock == null) {
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

        private int slot(Object lock) {
            for (int k = 0; k < n; k++) {
                if (locks[k].equals(lock)) {
                    return k;
                }
            }
            return -1;
        }

        private <E> void note(Item<E> it) {
            Object b = it.lock;
            int k = slot(b);
            if (k < 0) {
                if (n == locks.length) {
                    locks = Arrays.copyOf(locks, 2 * n);
                    firstEnd = Arrays.copyOf(firstEnd, 2 * n);
                    otherEnd = Arrays.copyOf(otherEnd, 2 * n);
                    firstThread = Arrays.copyOf(firstThread, 2 * n);
                }
                k = n++;
                locks[k] = b;
                firstEnd[k] = Long.MAX_VALUE;
                otherEnd[k] = Long.MAX_VALUE;
            }
            Object t = it.thread;
            long end = it.end;
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
        <E> boolean waits(Item<E> it) {
            if (it.lock == null) {
                return false;
            }
            int k = slot(it.lock);
            long before = it.thread.equals(firstThread[k]) ? otherEnd[k] : firstEnd[k];
            return before < it.end;
        }
    }
}
