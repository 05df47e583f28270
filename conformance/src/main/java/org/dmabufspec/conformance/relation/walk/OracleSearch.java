package org.dmabufspec.conformance.relation.walk;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiPredicate;
import java.util.function.Function;

import org.dmabufspec.conformance.checker.Violation;
import org.dmabufspec.conformance.checker.search.LinearizationSearch;
import org.dmabufspec.conformance.checker.search.Step;
import org.dmabufspec.conformance.checker.search.TraceSemantics;

/**
 * The search the spec oracles share (DmaBufAttach, WwMutex, DmaFence, DmaBufCpuDeviceAccess): is
 * a trace a behaviour of a spec relation when each call's spec steps happen between its start and
 * its end? Decided by the fast checker's {@link LinearizationSearch}, with the relation as its
 * {@link TraceSemantics}: a call is in flight from a step at its start ({@code startOk})
 * to its completion; its spec steps ({@code advance}), like every other call's in flight and
 * the steps the trace does not show ({@code hidden}), are hidden steps of the semantics; the
 * search's step of the event is its completion, at a point the search chooses: a configuration
 * reached by such steps in which the call is done, the call then leaving the set in flight. Since
 * completing only removes a call from that set, this accepts what a walk over the start and end
 * points in time order accepts (the oracles' first algorithm, which this replaced; the verdicts and
 * rejected events of both agreed on every mutated walk of the agreement tests).
 *
 * @param <T> the oracle's part of a configuration (spec state and the ids it has learned):
 *            immutable, equal by value
 * @param <E> an event of the trace
 */
public final class OracleSearch<T, E extends TracedCall<E>> {
    /** Phases of a call in flight. */
    public static final int NOT_STARTED = 0;
    public static final int IN_PROGRESS = 1;
    public static final int DONE = 2;
    private static final int MAX_CONFIGS = 200_000;

    /**
     * A configuration: the oracle's part and the calls in flight (event index in file order to
     * phase). Immutable: the search's steps return fresh ones, so its copy is the identity. Its
     * hash is computed once, and the search keeps one instance of each configuration met:
     * configurations are looked up in sets and maps many times, and the spec
     * states' equality is deep.
     */
    public static final class Config<T> {
        private final T part;
        private final Map<Integer, Integer> open;
        private final int partHash;
        private final int hash;

        public Config(T part, Map<Integer, Integer> open) {
            this(part, part.hashCode(), open);
        }

        private Config(T part, int partHash, Map<Integer, Integer> open) {
            this.part = part;
            this.open = open;
            this.partHash = partHash;
            this.hash = 31 * partHash + open.hashCode();
        }

        public T part() {
            return part;
        }

        public Map<Integer, Integer> open() {
            return open;
        }

        /** The same calls in flight, another oracle part. */
        public Config<T> with(T s2) {
            return new Config<>(s2, open);
        }

        /** Call {@code event} now in phase {@code ph}. */
        public Config<T> phase(int event, int ph) {
            Map<Integer, Integer> o = new HashMap<>(open);
            o.put(event, ph);
            return new Config<>(part, partHash, Map.copyOf(o));
        }

        public Config<T> with(T s2, int event, int ph) {
            return with(s2).phase(event, ph);
        }

        Config<T> without(int event) {
            Map<Integer, Integer> o = new HashMap<>(open);
            o.remove(event);
            return new Config<>(part, partHash, Map.copyOf(o));
        }

        @Override
        public boolean equals(Object o) {
            return this == o || o instanceof Config<?> c && hash == c.hash && open.equals(c.open) && (part == c.part || part.equals(c.part));
        }

        @Override
        public int hashCode() {
            return hash;
        }

        @Override
        public String toString() {
            return part + " " + open;
        }
    }

    /** The next step of call {@code i} ({@code e}) in phase {@code phase} (not DONE): the configurations it may lead to. */
    public interface Advance<T, E> {
        List<Config<T>> advance(Config<T> cf, int i, E e, int phase);
    }

    /** Accepted, or the index (file order) of the event no configuration gets past, and whether at its start. */
    public record Outcome(boolean accepted, int index, boolean atStart) {
        /** The oracles' words for it: empty if accepted, else where and the event. */
        public String why(List<?> trace) {
            return accepted ? "" : (atStart ? "cannot start: " : "no spec step explains it: ") + trace.get(index);
        }
    }

    /** An event of the trace and its index in file order (the search's seq). */
    private record Call<E>(int index, E event) {
    }

    private final BiPredicate<T, E> startOk;
    private final Function<Config<T>, List<Config<T>>> hidden;
    private final Advance<T, E> advance;
    private final String name;
    private List<E> events;
    /** One instance of each configuration met in this check. */
    private final Map<Config<T>, Config<T>> canonical = new HashMap<>();

    private Config<T> canon(Config<T> c) {
        Config<T> o = canonical.putIfAbsent(c, c);
        return o == null ? c : o;
    }

    /** Calls that may complete as they are (see {@link #earliestEnd}); null: none. */
    private BitSet free;

    /**
     * The closures met in this check and, per call asked for, their completions: the
     * configurations reached in which the call is done, the call removed (each pending call's
     * completion starts from the same configurations).
     */
    private final Map<Config<T>, Closure<T>> closures = new LinkedHashMap<>(64, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Config<T>, Closure<T>> eldest) {
            return size() > 1024;
        }
    };

    private record Closure<T>(List<Config<T>> configs, Map<Integer, List<Config<T>>> done) {
    }

    /**
     * The hidden steps and steps of calls in flight from each configuration met in this check: the
     * search closes each candidate on its own, so the relation's successors are computed once per
     * configuration, not once per closure (without this the search cost about twice the point walk's).
     */
    private final Map<Config<T>, List<Config<T>>> successors = new HashMap<>();

    /**
     * An oracle's relation read against the events.
     *
     * @param name    names the oracle in the message of a search that outgrows its bound
     * @param startOk whether a call may start in a state (e.g. its buffer exists, resv_held is what the spec's lock holder says)
     * @param hidden  the steps the trace does not show, from a configuration (the calls in flight unchanged)
     * @param advance the next step of a call in flight
     */
    public OracleSearch(String name, BiPredicate<T, E> startOk, Function<Config<T>, List<Config<T>>> hidden, Advance<T, E> advance) {
        this.name = name;
        this.startOk = startOk;
        this.hidden = hidden;
        this.advance = advance;
    }

    /**
     * The decision. A rejection names the event at whose point (start or end, in time order; at
     * one time starts first) a walk over the points would have no configuration left: the call
     * that cannot start, or the earliest-ending call that cannot have completed by its end
     * whatever the calls still in flight then do.
     */
    public Outcome check(List<E> trace, T initial) {
        this.events = trace;
        closures.clear();
        successors.clear();
        canonical.clear();
        try {
            List<Call<E>> calls = new ArrayList<>(trace.size());
            for (int i = 0; i < trace.size(); i++) {
                calls.add(new Call<>(i, trace.get(i)));
            }
            calls.sort(Comparator.comparingLong((Call<E> k) -> k.event().start()).thenComparingInt(Call::index));
            Run r = run(calls, calls.size(), null, initial);
            if (r.died() < 0) {
                return new Outcome(true, -1, false);
            }
            if (r.where().atStart()) {
                return r.where();
            }
            return earliestEnd(calls, r, initial);
        } finally {
            this.events = null;
            free = null;
            closures.clear();
            successors.clear();
            canonical.clear();
        }
    }

    /**
     * The search died linearizing the calls that ended before the start of call {@code r.died()}
     * (or, past the last call, all of them); those that ended after the start of the call before it
     * were not required then. Of these, the first by end whose end no run of the calls started by
     * then gets past: found by searching again with the later-ending ones free to stop where they
     * are (a call in flight at that point), by bisection.
     */
    private Outcome earliestEnd(List<Call<E>> calls, Run r, T initial) {
        long from = r.died() == 0 ? Long.MIN_VALUE : calls.get(r.died() - 1).event().start();
        long to = r.died() == calls.size() ? Long.MAX_VALUE : calls.get(r.died()).event().start();
        List<Call<E>> ends = new ArrayList<>();
        for (Call<E> k : calls.subList(0, r.died())) {
            long end = k.event().end();
            if (end >= from && end < to) {
                ends.add(k);
            }
        }
        if (ends.isEmpty()) {
            return r.where();
        }
        Comparator<Call<E>> byEnd = Comparator.comparingLong((Call<E> k) -> k.event().end()).thenComparingInt(Call::index);
        ends.sort(byEnd);
        int lo = 0;
        int hi = ends.size() - 1;   // the search died with all of them required
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            BitSet later = new BitSet();
            for (Call<E> k : calls.subList(0, r.died())) {
                if (byEnd.compare(k, ends.get(mid)) > 0) {
                    later.set(k.index());
                }
            }
            if (run(calls, r.died(), later, initial).died() >= 0) {
                hi = mid;
            } else {
                lo = mid + 1;
            }
        }
        return new Outcome(false, ends.get(lo).index(), false);
    }

    /** A search's end: {@code died} the position (in start order) of the call whose admission failed, calls.size() at the finish, -1 if accepted. */
    private record Run(int died, Outcome where) {
    }

    /** Searches the first {@code n} calls in start order; the calls in {@code freeCalls} may complete at any point, as they are. */
    private Run run(List<Call<E>> calls, int n, BitSet freeCalls, T initial) {
        this.free = freeCalls;
        LinearizationSearch<Config<T>, Call<E>> search = new LinearizationSearch<>(new Semantics(),
                new Config<>(initial, Map.of()), false, false, false, MAX_CONFIGS, "walk");
        try {
            for (int i = 0; i < n; i++) {
                if (!search.admit(calls.get(i))) {
                    return new Run(i, rejected(search));
                }
            }
            if (!search.finish()) {
                return new Run(n, rejected(search));
            }
        } catch (LinearizationSearch.BoundExceeded b) {
            throw new IllegalStateException(name + " search exceeded " + MAX_CONFIGS + " configurations: " + b.getMessage());
        }
        return new Run(-1, null);
    }

    /** The search's own account: a call refused at its start, else its earliest stuck or refused call. */
    private Outcome rejected(LinearizationSearch<Config<T>, Call<E>> search) {
        LinearizationSearch.Divergence<Call<E>> d = search.divergence();
        Call<E> k = d == null || d.event() == null ? search.firstPending() : d.stuck() != null ? d.stuck() : d.event();
        boolean atStart = d != null && d.event() != null && d.atStart();
        return new Outcome(false, k.index(), atStart);
    }

    /** The configurations of {@code closure} in which call {@code i} is done, without it (empty: none). */
    private List<Config<T>> completions(Closure<T> closure, int i) {
        List<Config<T>> out = closure.done().get(i);
        if (out == null) {
            Set<Config<T>> set = new LinkedHashSet<>();
            for (Config<T> x : closure.configs()) {
                Integer ph = x.open().get(i);
                if (ph != null && ph == DONE) {
                    set.add(canon(x.without(i)));
                }
            }
            out = List.copyOf(set);
            closure.done().put(i, out);
        }
        return out;
    }

    private Set<Config<T>> closureOf(Config<T> root) {
        Set<Config<T>> seen = new LinkedHashSet<>();
        seen.add(root);
        Deque<Config<T>> todo = new ArrayDeque<>();
        todo.push(root);
        while (!todo.isEmpty()) {
            Config<T> cf = todo.pop();
            List<Config<T>> succ = successors.get(cf);
            if (succ == null) {
                succ = new ArrayList<>(hidden.apply(cf));
                for (Map.Entry<Integer, Integer> o : cf.open().entrySet()) {
                    if (o.getValue() != DONE) {
                        succ.addAll(advance.advance(cf, o.getKey(), events.get(o.getKey()), o.getValue()));
                    }
                }
                succ.replaceAll(OracleSearch.this::canon);
                successors.put(cf, succ);
                if (successors.size() > MAX_CONFIGS) {
                    throw new IllegalStateException(name + " search exceeded " + MAX_CONFIGS + " configurations");
                }
            }
            for (Config<T> n : succ) {
                if (seen.add(n)) {
                    todo.push(n);
                }
            }
        }
        return seen;
    }

    private static final Object[] NONE = new Object[0];

    private final class Semantics implements TraceSemantics<Config<T>, Call<E>> {
        @Override
        public long start(Call<E> k) {
            return k.event().start();
        }

        @Override
        public long end(Call<E> k) {
            return k.event().end();
        }

        @Override
        public long seq(Call<E> k) {
            return k.index();
        }

        @Override
        public long line(Call<E> k) {
            return k.index() + 1L;
        }

        @Override
        public Object thread(Call<E> k) {
            return k.event().thread();
        }

        @Override
        public Config<T> copy(Config<T> cf) {
            return cf;
        }

        @Override
        public Object[] followUps(Call<E> k) {
            return NONE;
        }

        @Override
        public boolean begins() {
            return true;
        }

        /** The call's start: the oracle's startOk, then the call is in flight. */
        @Override
        public Step<Config<T>> begin(Config<T> cf, Call<E> k) {
            if (!startOk.test(cf.part(), k.event())) {
                return new Step.Refusal<>(List.of(new Violation("STATE", "the call cannot start in this spec state")));
            }
            return new Step.Successors<>(List.of(canon(cf.phase(k.index(), NOT_STARTED))), 0);
        }

        /** The call's completion: any hidden steps and steps of calls in flight, after which this call is done. */
        @Override
        public Step<Config<T>> apply(Config<T> cf, Call<E> k, Object part) {
            if (free != null && free.get(k.index())) {
                return new Step.Successors<>(List.of(cf.without(k.index())), 0);
            }
            Closure<T> closure = closures.get(cf);
            if (closure == null) {
                closure = new Closure<>(List.copyOf(closureOf(cf)), new HashMap<>());
                closures.put(cf, closure);
            }
            List<Config<T>> out = completions(closure, k.index());
            if (out.isEmpty()) {
                return new Step.Refusal<>(List.of(new Violation("STATE", "no sequence of spec steps from this state completes the call")));
            }
            return new Step.Successors<>(out, 0);
        }

        @Override
        public String where(Call<E> k, Object part) {
            return "event " + k.index();   // the oracles do not report the search's attempts: no event text built
        }

        @Override
        public String describe(Config<T> cf, List<Call<E>> refused) {
            return "spec state " + cf.part() + "\ncalls in flight (event: 0 not started, 1 in progress, 2 done) " + cf.open();
        }
    }
}
