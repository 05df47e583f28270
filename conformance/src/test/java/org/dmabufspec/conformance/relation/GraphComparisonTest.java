package org.dmabufspec.conformance.relation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.dmabufspec.tlc.Expectation;
import org.dmabufspec.tlc.Model;
import org.dmabufspec.tlc.TlaValue;
import org.dmabufspec.tlc.Tier;
import org.junit.jupiter.api.Test;

/**
 * The comparison on a hand-written graph of a counter: {@code Init == x = 0},
 * {@code Next == Inc \/ Reset}, {@code Inc == x < 2 /\ x' = x + 1}, {@code Reset == x' = 0}.
 */
class GraphComparisonTest {
    private static final String DUMP = String.join("\n",
            "strict digraph DiskGraph {",
            "10 [label=\"/\\\\ x = 0\",style = filled]",
            "11 [label=\"/\\\\ x = 1\"]",
            "12 [label=\"/\\\\ x = 2\"]",
            "10 -> 11 [label=\"Inc\",color=\"black\",fontcolor=\"black\"];",
            "10 -> 10 [label=\"Reset\",color=\"black\",fontcolor=\"black\"];",
            "11 -> 12 [label=\"Inc\",color=\"black\",fontcolor=\"black\"];",
            "11 -> 10 [label=\"Reset\",color=\"black\",fontcolor=\"black\"];",
            "12 -> 10 [label=\"Reset\",color=\"black\",fontcolor=\"black\"];",
            "}",
            "");

    /** The counter in Java; {@code bound} is Inc's guard, {@code initial} the Init value. */
    record Counter(int bound, int initial) implements SpecRelation<Integer> {
        @Override
        public Optional<Set<Integer>> initialStates() {
            return Optional.of(Set.of(initial));
        }

        @Override
        public List<Transition<Integer>> next(Integer x) {
            List<Transition<Integer>> out = new ArrayList<>();
            if (x < bound) {
                out.add(new Transition<>("Inc", x + 1));
            }
            out.add(new Transition<>("Reset", 0));
            return out;
        }

        @Override
        public Map<String, TlaValue> encode(Integer x) {
            return Map.of("x", Tla.integer(x));
        }

        @Override
        public Integer decode(Map<String, TlaValue> vars) {
            return (int) Tla.asLong(vars.get("x"));
        }
    }

    private static TlcGraph graph() {
        Model m = new Model("Counter", "Counter.tla", "Counter.cfg", "test", new Expectation.Ok(), Tier.DEFAULT,
                Optional.empty(), List.of(), List.of(), 1);
        return new TlcGraph(m, DotGraph.parse(DUMP, "counter.dot"), Map.of(), false, Duration.ZERO);
    }

    @Test
    void faithfulCounterEqualsTheGraph() {
        GraphComparison.Result r = GraphComparison.compare(new Counter(2, 0), graph(), 5);
        assertTrue(r.same(), r::report);
        assertEquals(3, r.states());
        assertEquals(5, r.edges());
    }

    @Test
    void weakenedGuardIsReportedAsAStepOnlyInJavaNamingTheAction() {
        GraphComparison.Result r = GraphComparison.compare(new Counter(3, 0), graph(), 5);
        assertEquals(1, r.total(), r::report);
        assertEquals(new GraphDifference.StepOnlyInJava(CanonicalState.of(Map.of("x", Tla.integer(2))), "Inc",
                CanonicalState.of(Map.of("x", Tla.integer(3)))), r.differences().get(0));
        assertTrue(r.report().contains("step Inc only in the Java relation, from\n      /\\ x = 2\n    to (changes): x: 2 -> 3"),
                r::report);
    }

    @Test
    void strengthenedGuardIsReportedAsAStepOnlyInTlc() {
        GraphComparison.Result r = GraphComparison.compare(new Counter(1, 0), graph(), 5);
        assertEquals(List.of(new GraphDifference.StepOnlyInTlc(CanonicalState.of(Map.of("x", Tla.integer(1))), "Inc",
                CanonicalState.of(Map.of("x", Tla.integer(2))))), r.differences());
    }

    @Test
    void wrongInitialStateIsReportedOnBothSides() {
        GraphComparison.Result r = GraphComparison.compare(new Counter(2, 1), graph(), 5);
        assertTrue(r.differences().contains(new GraphDifference.InitialOnlyInTlc(CanonicalState.of(Map.of("x", Tla.integer(0))))),
                r::report);
        assertTrue(r.differences().contains(new GraphDifference.InitialOnlyInJava(CanonicalState.of(Map.of("x", Tla.integer(1))))),
                r::report);
    }

    @Test
    void reportIsCappedButCountsEveryDifference() {
        GraphComparison.Result r = GraphComparison.compare(new Counter(0, 1), graph(), 1);
        assertEquals(1, r.differences().size());
        assertTrue(r.total() > 1, r::report);
    }

    @Test
    void relationThrowingOnAStateIsADifferenceNamingTheState() {
        Counter throwing = new Counter(2, 0);
        SpecRelation<Integer> r = new SpecRelation<>() {
            @Override
            public Optional<Set<Integer>> initialStates() {
                return throwing.initialStates();
            }

            @Override
            public List<Transition<Integer>> next(Integer x) {
                if (x == 2) {
                    throw new IllegalStateException("index 3 out of range");
                }
                return throwing.next(x);
            }

            @Override
            public Map<String, TlaValue> encode(Integer x) {
                return throwing.encode(x);
            }

            @Override
            public Integer decode(Map<String, TlaValue> vars) {
                return throwing.decode(vars);
            }
        };
        GraphComparison.Result res = GraphComparison.compare(r, graph(), 5);
        assertEquals(List.of(new GraphDifference.NextFailed(CanonicalState.of(Map.of("x", Tla.integer(2))),
                "java.lang.IllegalStateException: index 3 out of range")), res.differences());
    }
}
