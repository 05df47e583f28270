package org.dmabufspec.conformance.relation.walk;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.function.IntFunction;
import java.util.function.IntPredicate;
import java.util.function.Predicate;

/**
 * What the walk mutation generators share: picking a site, swapping two calls' intervals, and the
 * shapes a mutant must keep to be a trace at all (a mutant the reader would refuse tests nothing).
 */
public final class MutationSites {
    private MutationSites() {
    }

    /**
     * The first well-formed mutant at a site chosen at random: the sites where the mutation applies,
     * shuffled with the walk's seed, tried in turn; empty when none gives a well-formed trace.
     */
    public static <E> Optional<List<E>> firstWellFormed(int size, IntPredicate applies, IntFunction<List<E>> mutate,
                                                        Predicate<List<E>> wellFormed, Random rnd) {
        List<Integer> sites = new ArrayList<>();
        for (int i = 0; i < size; i++) {
            if (applies.test(i)) {
                sites.add(i);
            }
        }
        Collections.shuffle(sites, rnd);
        for (int i : sites) {
            List<E> out = mutate.apply(i);
            if (wellFormed.test(out)) {
                return Optional.of(out);
            }
        }
        return Optional.empty();
    }

    /** Makes one mutant of a walk trace. */
    @FunctionalInterface
    public interface Maker<E, M> {
        M make(String kind, int index, String description, List<E> events);
    }

    /**
     * Every trace with one call dropped ({@code drop}), then every swap of two adjacent calls of
     * different threads that is still a trace the reader takes ({@code swap}), in file order.
     */
    public static <E extends TracedCall<E>, M> void dropsAndSwaps(List<E> events, Maker<E, M> make, List<M> out) {
        for (int i = 0; i < events.size(); i++) {
            List<E> m = new ArrayList<>(events);
            E dropped = m.remove(i);
            out.add(make.make("drop", i, "drop " + dropped, m));
        }
        for (int i = 0; i + 1 < events.size(); i++) {
            if (!swappable(events, i)) {
                continue;
            }
            List<E> m = swapped(events, i);
            if (threadsOrdered(m) && alone(m, i) && alone(m, i + 1)) {
                out.add(make.make("swap", i, "swap " + events.get(i) + " <-> " + events.get(i + 1), m));
            }
        }
    }

    /** Calls {@code i} and {@code i + 1} logged the other way round: each takes the other's interval. */
    public static <E extends TracedCall<E>> List<E> swapped(List<E> events, int i) {
        List<E> out = new ArrayList<>(events);
        E a = events.get(i);
        E b = events.get(i + 1);
        out.set(i, b.withTimes(a.start(), a.end()));
        out.set(i + 1, a.withTimes(b.start(), b.end()));
        return out;
    }

    /** Two adjacent calls that a swap may exchange: different threads, the first over before the second starts. */
    public static <E extends TracedCall<E>> boolean swappable(List<E> events, int i) {
        return i + 1 < events.size() && !events.get(i + 1).thread().equals(events.get(i).thread())
                && events.get(i).end() < events.get(i + 1).start();
    }

    /** A thread makes one call at a time. */
    public static <E extends TracedCall<E>> boolean noThreadOverlapsItself(List<E> events) {
        for (List<E> l : byThread(events).values()) {
            l.sort(Comparator.comparingLong(E::start));
            for (int k = 1; k < l.size(); k++) {
                if (l.get(k).start() <= l.get(k - 1).end()) {
                    return false;
                }
            }
        }
        return true;
    }

    /** A thread's calls are disjoint or nested (a callback inside its signal). */
    public static <E extends TracedCall<E>> boolean wellNested(List<E> events) {
        for (List<E> l : byThread(events).values()) {
            for (int a = 0; a < l.size(); a++) {
                for (int b = a + 1; b < l.size(); b++) {
                    E x = l.get(a);
                    E y = l.get(b);
                    boolean disjoint = x.end() < y.start() || y.end() < x.start();
                    boolean nested = x.start() <= y.start() && y.end() <= x.end() || y.start() <= x.start() && x.end() <= y.end();
                    if (!disjoint && !nested) {
                        return false;
                    }
                }
            }
        }
        return true;
    }

    /** A swapped call must not overlap another call of its own thread (that would nest it in that call). */
    public static <E extends TracedCall<E>> boolean alone(List<E> events, int i) {
        E e = events.get(i);
        for (int j = 0; j < events.size(); j++) {
            E o = events.get(j);
            if (j != i && o.thread().equals(e.thread()) && o.start() <= e.end() && e.start() <= o.end()) {
                return false;
            }
        }
        return true;
    }

    /** The trace reader's rule: no call of a thread lies entirely before the thread's previous one in the file. */
    public static <E extends TracedCall<E>> boolean threadsOrdered(List<E> events) {
        Map<String, long[]> last = new HashMap<>();
        for (E e : events) {
            long[] p = last.get(e.thread());
            if (p != null && e.start() < p[0] && e.end() < p[1]) {
                return false;
            }
            last.put(e.thread(), new long[] {e.start(), e.end()});
        }
        return true;
    }

    private static <E extends TracedCall<E>> Map<String, List<E>> byThread(List<E> events) {
        Map<String, List<E>> out = new HashMap<>();
        events.forEach(e -> out.computeIfAbsent(e.thread(), k -> new ArrayList<>()).add(e));
        return out;
    }
}
