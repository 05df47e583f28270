package org.dmabufspec.conformance.testgen;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * A small set of paths from initial states that together take every target at least once. A
 * target is an edge (edge coverage) or a class of edges, such as the action with its parameters
 * (when the edges are too many). Greedy: from the current state take an edge of a target not yet
 * covered if there is one, else walk the shortest way to the nearest such edge; a path ends at
 * {@code maxSteps} (counted from its first uncovered edge when that lies deeper) or when nothing
 * uncovered is reachable, and the next one starts from an initial state. Deterministic for a given graph. States are numbered and the searches use arrays: the
 * DmaResv graphs have 40,000 edges and more, and a search runs for every step.
 */
public final class PathCover {
    private PathCover() {
    }

    /** Paths (lists of edges) covering every target; {@code target} maps an edge to its target key. */
    public static List<List<StateGraph.Edge>> cover(StateGraph g, Function<StateGraph.Edge, Object> target, int maxSteps) {
        return new Search(g, target).cover(maxSteps);
    }

    private static final class Search {
        private final StateGraph.Edge[][] out;
        private final int[] initial;
        private final int[] from;
        private final int[] to;
        private final StateGraph.Edge[] byIndex;
        private final int[] targetOf;
        private final BitSet covered;
        private int remaining;
        // BFS scratch: a state is seen in this search when seen[s] == round
        private final int[] seen;
        private final int[] parent;
        private final int[] queue;
        private int round;

        Search(StateGraph g, Function<StateGraph.Edge, Object> target) {
            Map<Long, Integer> number = new HashMap<>();
            for (StateGraph.Edge e : g.edges()) {
                number.putIfAbsent(e.from(), number.size());
                number.putIfAbsent(e.to(), number.size());
            }
            for (long s : g.initial()) {
                number.putIfAbsent(s, number.size());
            }
            int n = number.size();
            List<List<StateGraph.Edge>> lists = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                lists.add(new ArrayList<>());
            }
            int bound = g.edgeIndexBound();
            from = new int[bound];
            to = new int[bound];
            byIndex = new StateGraph.Edge[bound];
            targetOf = new int[bound];
            Map<Object, Integer> targetIndex = new HashMap<>();
            for (StateGraph.Edge e : g.edges()) {
                lists.get(number.get(e.from())).add(e);
                from[e.index()] = number.get(e.from());
                to[e.index()] = number.get(e.to());
                byIndex[e.index()] = e;
                targetOf[e.index()] = targetIndex.computeIfAbsent(target.apply(e), k -> targetIndex.size());
            }
            out = new StateGraph.Edge[n][];
            for (int i = 0; i < n; i++) {
                out[i] = lists.get(i).toArray(new StateGraph.Edge[0]);
            }
            initial = g.initial().stream().mapToInt(number::get).toArray();
            covered = new BitSet(targetIndex.size());
            remaining = targetIndex.size();
            seen = new int[n];
            parent = new int[n];
            queue = new int[n];
        }

        List<List<StateGraph.Edge>> cover(int maxSteps) {
            List<List<StateGraph.Edge>> paths = new ArrayList<>();
            while (remaining > 0) {
                List<StateGraph.Edge> path = new ArrayList<>();
                int at = -1;
                int budget = maxSteps;
                while (path.size() < budget) {
                    List<StateGraph.Edge> next = local(at);
                    if (next == null) {
                        next = nearest(at);
                    }
                    if (next == null || path.size() + next.size() > budget && !path.isEmpty()) {
                        break;
                    }
                    if (path.isEmpty() && next.size() > maxSteps) {
                        // the first uncovered edge lies deeper than the bound (a long scenario script):
                        // the bound counts from it, or each path would cover one edge
                        budget = next.size() - 1 + maxSteps;
                    }
                    for (StateGraph.Edge e : next) {
                        if (!covered.get(targetOf[e.index()])) {
                            covered.set(targetOf[e.index()]);
                            remaining--;
                        }
                    }
                    path.addAll(next);
                    at = to[path.get(path.size() - 1).index()];
                }
                if (path.isEmpty()) {
                    break; // the rest is unreachable from every initial state
                }
                paths.add(Collections.unmodifiableList(path));
            }
            return Collections.unmodifiableList(paths);
        }

        /** An uncovered edge leaving {@code at} (not for the start of a path). */
        private List<StateGraph.Edge> local(int at) {
            if (at < 0) {
                return null;
            }
            for (StateGraph.Edge e : out[at]) {
                if (!covered.get(targetOf[e.index()])) {
                    return List.of(e);
                }
            }
            return null;
        }

        /** The shortest edge sequence from {@code at} (or from any initial state) ending in an uncovered edge. */
        private List<StateGraph.Edge> nearest(int at) {
            round++;
            int head = 0;
            int tail = 0;
            for (int s : at < 0 ? initial : new int[] {at}) {
                if (seen[s] != round) {
                    seen[s] = round;
                    parent[s] = -1;
                    queue[tail++] = s;
                }
            }
            while (head < tail) {
                int s = queue[head++];
                for (StateGraph.Edge e : out[s]) {
                    if (!covered.get(targetOf[e.index()])) {
                        List<StateGraph.Edge> way = new ArrayList<>();
                        way.add(e);
                        for (int p = parent[s]; p >= 0; p = parent[from[p]]) {
                            way.add(byIndex[p]);
                        }
                        Collections.reverse(way);
                        return way;
                    }
                    int t = to[e.index()];
                    if (seen[t] != round) {
                        seen[t] = round;
                        parent[t] = e.index();
                        queue[tail++] = t;
                    }
                }
            }
            return null;
        }
    }
}
