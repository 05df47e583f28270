package org.dmabufspec.conformance.testgen;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.dmabufspec.conformance.relation.DotGraph;
import org.dmabufspec.tlc.TlaValue;

/**
 * A model's state graph as the generator walks it: states by TLC fingerprint, the initial ones,
 * and every distinct (state, action, successor) edge, each with an index. Edges TLC wrote twice
 * (the dump is a multigraph per label) count once.
 */
public final class StateGraph {

    /** One edge: {@code from --action--> to}. */
    public record Edge(int index, long from, String action, long to) {
        @Override
        public String toString() {
            return "#" + index + " " + from + " --" + action + "--> " + to;
        }
    }

    private final Map<Long, Map<String, TlaValue>> states;
    private final Set<Long> initial;
    private final List<Edge> edges;
    private final Map<Long, List<Edge>> out = new HashMap<>();

    public StateGraph(Map<Long, Map<String, TlaValue>> states, Set<Long> initial, List<Edge> edges) {
        this.states = Collections.unmodifiableMap(states);
        this.initial = Collections.unmodifiableSet(new LinkedHashSet<>(initial));
        this.edges = List.copyOf(edges);
        for (Edge e : this.edges) {
            out.computeIfAbsent(e.from(), k -> new ArrayList<>()).add(e);
        }
    }

    /** TLC's dump; edges sorted by (from's line, action, to's line), so the graph is the same on every run. */
    public static StateGraph of(DotGraph dot) {
        Map<Long, Map<String, TlaValue>> states = new HashMap<>();
        Set<Long> initial = new LinkedHashSet<>();
        dot.nodes().values().stream().sorted((a, b) -> Integer.compare(a.line(), b.line())).forEach(n -> {
            states.put(n.id(), n.variables());
            if (n.initial()) {
                initial.add(n.id());
            }
        });
        Set<List<Object>> seen = new java.util.HashSet<>();
        List<DotGraph.Edge> sorted = new ArrayList<>(dot.edges());
        sorted.sort(java.util.Comparator.comparingInt((DotGraph.Edge e) -> dot.nodes().get(e.from()).line())
                .thenComparing(DotGraph.Edge::action)
                .thenComparingInt(e -> dot.nodes().get(e.to()).line()));
        List<Edge> edges = new ArrayList<>();
        for (DotGraph.Edge e : sorted) {
            if (seen.add(List.of(e.from(), e.action(), e.to()))) {
                edges.add(new Edge(edges.size(), e.from(), e.action(), e.to()));
            }
        }
        return new StateGraph(states, initial, edges);
    }

    /** The same states with only these edges (their indices kept). */
    public StateGraph withEdges(List<Edge> kept) {
        return new StateGraph(states, initial, kept);
    }

    /** The same states and edges with only these initial states. */
    public StateGraph withInitial(Set<Long> starts) {
        return new StateGraph(states, starts, edges);
    }

    /** The same states and initial states with these edges added (their indices kept). */
    public StateGraph plus(List<Edge> extra) {
        List<Edge> all = new ArrayList<>(edges);
        all.addAll(extra);
        return new StateGraph(states, initial, all);
    }

    /** The states some path from an initial state reaches (the initial states included). */
    public Set<Long> reachable() {
        Set<Long> seen = new java.util.HashSet<>(initial);
        java.util.ArrayDeque<Long> todo = new java.util.ArrayDeque<>(initial);
        while (!todo.isEmpty()) {
            for (Edge e : outgoing(todo.poll())) {
                if (seen.add(e.to())) {
                    todo.add(e.to());
                }
            }
        }
        return seen;
    }

    /** One more than the largest edge index (edges of a {@link #withEdges} graph keep theirs). */
    public int edgeIndexBound() {
        return edges.isEmpty() ? 0 : edges.stream().mapToInt(Edge::index).max().getAsInt() + 1;
    }

    public Map<String, TlaValue> state(long id) {
        Map<String, TlaValue> s = states.get(id);
        if (s == null) {
            throw new IllegalArgumentException("no state " + id + " in the graph");
        }
        return s;
    }

    public Set<Long> initial() {
        return initial;
    }

    public List<Edge> edges() {
        return edges;
    }

    public List<Edge> outgoing(long state) {
        return out.getOrDefault(state, List.of());
    }

    public int stateCount() {
        return states.size();
    }
}
