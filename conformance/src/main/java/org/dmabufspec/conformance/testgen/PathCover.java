package org.dmabufspec.conformance.testgen;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Collections;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * A small set of paths from initial states that together take every target at least once. A
 * target is an edge (edge coverage) or a class of edges, such as the action with its parameters
 * (when the edges are too many). Greedy: from the current state take an edge of a target not yet
 * covered if there is one, else walk the shortest way to the nearest such edge; a path ends at
 * {@code maxSteps} or when nothing uncovered is reachable, and the next one starts from an initial
 * state. Deterministic for a given graph.
 */
public final class PathCover {
    private PathCover() {
    }

    /** Paths (lists of edges) covering every target; {@code target} maps an edge to its target key. */
    public static List<List<StateGraph.Edge>> cover(StateGraph g, Function<StateGraph.Edge, Object> target, int maxSteps) {
        Map<Object, Integer> targetIndex = new HashMap<>();
        int[] targetOf = new int[g.edges().size()];
        for (StateGraph.Edge e : g.edges()) {
            targetOf[e.index()] = targetIndex.computeIfAbsent(target.apply(e), k -> targetIndex.size());
        }
        BitSet covered = new BitSet(targetIndex.size());
        int remaining = targetIndex.size();
        List<List<StateGraph.Edge>> paths = new ArrayList<>();
        while (remaining > 0) {
            List<StateGraph.Edge> path = new ArrayList<>();
            Long at = null;
            while (path.size() < maxSteps) {
                List<StateGraph.Edge> next = local(g, at, targetOf, covered);
                if (next == null) {
                    next = nearest(g, at, targetOf, covered);
                }
                if (next == null || path.size() + next.size() > maxSteps && !path.isEmpty()) {
                    break;
                }
                for (StateGraph.Edge e : next) {
                    if (!covered.get(targetOf[e.index()])) {
                        covered.set(targetOf[e.index()]);
                        remaining--;
                    }
                }
                path.addAll(next);
                at = path.get(path.size() - 1).to();
            }
            if (path.isEmpty()) {
                break; // the rest is unreachable from every initial state
            }
            paths.add(Collections.unmodifiableList(path));
        }
        return Collections.unmodifiableList(paths);
    }

    /** An uncovered edge leaving {@code at} (not for the start of a path). */
    private static List<StateGraph.Edge> local(StateGraph g, Long at, int[] targetOf, BitSet covered) {
        if (at == null) {
            return null;
        }
        for (StateGraph.Edge e : g.outgoing(at)) {
            if (!covered.get(targetOf[e.index()])) {
                return List.of(e);
            }
        }
        return null;
    }

    /** The shortest edge sequence from {@code at} (or from any initial state) ending in an uncovered edge. */
    private static List<StateGraph.Edge> nearest(StateGraph g, Long at, int[] targetOf, BitSet covered) {
        Map<Long, StateGraph.Edge> parent = new HashMap<>();
        Set<Long> seen = new HashSet<>();
        Deque<Long> queue = new ArrayDeque<>();
        for (long s : at == null ? g.initial() : Set.of(at)) {
            seen.add(s);
            queue.add(s);
        }
        while (!queue.isEmpty()) {
            long s = queue.poll();
            for (StateGraph.Edge e : g.outgoing(s)) {
                if (!covered.get(targetOf[e.index()])) {
                    List<StateGraph.Edge> way = new ArrayList<>();
                    way.add(e);
                    for (StateGraph.Edge p = parent.get(s); p != null; p = parent.get(p.from())) {
                        way.add(p);
                    }
                    Collections.reverse(way);
                    return way;
                }
                if (seen.add(e.to())) {
                    parent.put(e.to(), e);
                    queue.add(e.to());
                }
            }
        }
        return null;
    }
}
