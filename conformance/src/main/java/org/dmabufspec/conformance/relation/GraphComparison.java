package org.dmabufspec.conformance.relation;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Compares a {@link SpecRelation} with TLC's state graph of the same model: the same initial
 * states, and from every state TLC expanded the same set of (action, successor) pairs. By
 * induction the Java reachable graph is then TLC's. Every TLC state must also survive
 * {@code encode(decode(s))} unchanged.
 */
public final class GraphComparison {

    /** The outcome; {@code differences} holds at most the first {@code cap} found of {@code total}. */
    public record Result(String model, int states, int edges, List<GraphDifference> differences, int total) {
        public Result {
            differences = List.copyOf(differences);
        }

        public boolean same() {
            return total == 0;
        }

        public String report() {
            if (same()) {
                return model + ": the Java relation equals TLC's state graph (" + states + " states, " + edges + " edges)";
            }
            StringBuilder b = new StringBuilder(model + ": the Java relation differs from TLC's state graph ("
                    + states + " states, " + edges + " edges): " + total + " difference(s), the first "
                    + differences.size() + ":");
            for (GraphDifference d : differences) {
                b.append("\n- ").append(d.describe().replace("\n", "\n  "));
            }
            return b.toString();
        }
    }

    private record Step(String action, CanonicalState to) {
    }

    private GraphComparison() {
    }

    public static Result compare(SpecRelation<?> relation, TlcGraph tlc, int cap) {
        return compareTyped(relation, tlc, cap);
    }

    private static <S> Result compareTyped(SpecRelation<S> relation, TlcGraph tlc, int cap) {
        DotGraph graph = tlc.graph();
        List<GraphDifference> found = new ArrayList<>();
        int[] total = {0};
        java.util.function.Consumer<GraphDifference> add = d -> {
            total[0]++;
            if (found.size() < cap) {
                found.add(d);
            }
        };

        Map<Long, CanonicalState> canonical = new HashMap<>();
        Map<Long, S> decoded = new HashMap<>();
        for (DotGraph.Node n : graph.nodes().values()) {
            CanonicalState c = CanonicalState.of(n.variables());
            canonical.put(n.id(), c);
            S s;
            try {
                s = relation.decode(n.variables());
            } catch (RuntimeException e) {
                add.accept(new GraphDifference.NotRepresentable(c, "decode: " + e.getMessage()));
                continue;
            }
            CanonicalState back = encode(relation, s);
            if (!back.equals(c)) {
                add.accept(new GraphDifference.NotRepresentable(c, "encode(decode(s)) changes "
                        + GraphDifference.changes(c, back)));
                continue;
            }
            decoded.put(n.id(), s);
        }

        Set<CanonicalState> tlcInit = new LinkedHashSet<>();
        graph.initialNodes().forEach(n -> tlcInit.add(canonical.get(n.id())));
        Optional<? extends Set<S>> javaInitStates = relation.initialStates();
        if (javaInitStates.isPresent()) {
            Set<CanonicalState> javaInit = new LinkedHashSet<>();
            for (S s : javaInitStates.get()) {
                if (relation.withinConstraint(s)) {
                    javaInit.add(encode(relation, s));
                }
            }
            for (CanonicalState s : tlcInit) {
                if (!javaInit.contains(s)) {
                    add.accept(new GraphDifference.InitialOnlyInTlc(s));
                }
            }
            for (CanonicalState s : javaInit) {
                if (!tlcInit.contains(s)) {
                    add.accept(new GraphDifference.InitialOnlyInJava(s));
                }
            }
        }

        Map<Long, Set<Step>> tlcOut = new HashMap<>();
        for (DotGraph.Edge e : graph.edges()) {
            tlcOut.computeIfAbsent(e.from(), k -> new HashSet<>()).add(new Step(e.action(), canonical.get(e.to())));
        }
        Map<S, CanonicalState> encoded = new HashMap<>(); // a state is reached by several steps: encode it once
        for (DotGraph.Node n : graph.nodes().values()) {
            S s = decoded.get(n.id());
            if (s == null || (tlc.oneStep() && !n.initial())) {
                continue; // reported above, or a state the one-step check does not expand
            }
            CanonicalState from = canonical.get(n.id());
            Set<Step> theirs = tlcOut.getOrDefault(n.id(), Set.of());
            Set<Step> ours = new LinkedHashSet<>();
            try {
                for (Transition<S> t : relation.next(s)) {
                    if (relation.withinConstraint(t.successor())) {
                        ours.add(new Step(t.action(), encoded.computeIfAbsent(t.successor(), x -> encode(relation, x))));
                    }
                }
            } catch (RuntimeException e) {
                add.accept(new GraphDifference.NextFailed(from, e.toString()));
                continue;
            }
            for (Step st : theirs) {
                if (!ours.contains(st)) {
                    add.accept(new GraphDifference.StepOnlyInTlc(from, st.action(), st.to()));
                }
            }
            for (Step st : ours) {
                if (!theirs.contains(st)) {
                    add.accept(new GraphDifference.StepOnlyInJava(from, st.action(), st.to()));
                }
            }
        }
        return new Result(tlc.model().name(), graph.nodes().size(), graph.edges().size(), found, total[0]);
    }

    private static <S> CanonicalState encode(SpecRelation<S> relation, S state) {
        return CanonicalState.of(relation.encode(state));
    }
}
