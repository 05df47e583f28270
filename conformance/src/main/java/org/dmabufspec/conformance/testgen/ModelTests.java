package org.dmabufspec.conformance.testgen;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;

import org.dmabufspec.conformance.relation.TlcGraph;
import org.dmabufspec.conformance.relation.TlcGraphRunner;
import org.dmabufspec.tlc.Model;
import org.dmabufspec.tlc.TlaValue;

/**
 * The generated tests of one model: TLC's state graph of the model, a path cover of its edges
 * (or of its actions with parameters when the edges are more than {@code maxEdges}), and one
 * {@link GeneratedTest} per path.
 *
 * @param edgeCoverage true when every edge is a target; false when only actions with parameters are
 * @param targets      the number of distinct targets (edges, or actions with parameters) of the drivable edges
 * @param coveredTargets the targets some test takes
 * @param coveredEdges the edges some test takes
 * @param notDriven    the edges no test can take, counted by the reason the vocabulary gives
 */
public record ModelTests(Model model, Vocabulary vocabulary, int states, int edges, boolean edgeCoverage, int targets,
                         int coveredTargets, Set<Integer> coveredEdges, List<GeneratedTest> tests, double tlcSeconds,
                         Map<String, Integer> notDriven) {

    /** Steps per test at most; the greedy cover makes long paths, and short tests are easier to read. */
    public static final int MAX_STEPS = 40;
    /** Above this many edges, tests cover actions with parameters instead of edges. */
    public static final int DEFAULT_MAX_EDGES = 200_000;

    /**
     * With edge coverage, the edges no test takes although none is declared not drivable: they are
     * reachable from an initial state only through edges that are (the path cover takes every other).
     */
    public int unreachedEdges() {
        return edgeCoverage ? edges - coveredEdges.size() - notDriven.values().stream().mapToInt(Integer::intValue).sum() : 0;
    }

    public static ModelTests generate(TlcGraphRunner runner, Path tlaDir, Model model, Vocabulary v, int maxEdges) {
        return of(model, v, runner.run(tlaDir, model, v.constants(model)), maxEdges);
    }

    /** From a graph already dumped with the vocabulary's constants. */
    public static ModelTests of(Model model, Vocabulary v, TlcGraph g, int maxEdges) {
        return of(model, v, StateGraph.of(g.graph()), g.constants(), maxEdges, g.tlcTime().toMillis() / 1000.0);
    }

    /** Why an edge from an invariant state no call sequence reaches is not driven (see {@link Vocabulary.Planner#freshInit}). */
    public static final String UNREACHED_INDUCTIVE_STATE = "from an inductive-invariant state that no call sequence from"
            + " fresh objects reaches, and the vocabulary cannot inject it";

    static ModelTests of(Model model, Vocabulary v, StateGraph graph, Map<String, TlaValue> constants, int maxEdges, double tlcSeconds) {
        Vocabulary.Planner planner = v.planner(model, constants);
        int modelEdges = graph.edges().size(); // the model's edges are 0..modelEdges-1; bridges come after
        Map<Integer, StepPlan> bridgePlans = new java.util.HashMap<>();
        Set<Long> fromFresh = null; // with freshInit: the states calls from fresh objects reach
        if (planner.freshInit().isPresent()) {
            Set<Long> invariantStates = graph.initial();
            Set<Long> init = new java.util.LinkedHashSet<>();
            for (long s : graph.initial()) {
                if (planner.freshInit().get().test(graph.state(s))) {
                    init.add(s);
                }
            }
            if (init.isEmpty()) {
                throw new IllegalArgumentException(model.name() + ": the spec's Init is not among the graph's initial states");
            }
            graph = graph.withInitial(init);
            fromFresh = graph.reachable();
            // state injection by a call: bridges into unreached invariant states, until no new one is found
            for (int round = 0; round < 8; round++) {
                Set<Long> unreached = new java.util.LinkedHashSet<>(invariantStates);
                unreached.removeAll(fromFresh);
                Map<Long, Vocabulary.Bridge> found = planner.bridges(graph, fromFresh, unreached);
                if (found.isEmpty()) {
                    break;
                }
                List<StateGraph.Edge> extra = new ArrayList<>();
                for (Map.Entry<Long, Vocabulary.Bridge> b : new TreeMap<>(found).entrySet()) {
                    StateGraph.Edge e = new StateGraph.Edge(graph.edgeIndexBound() + extra.size(), b.getValue().from(),
                            b.getValue().action(), b.getKey());
                    extra.add(e);
                    bridgePlans.put(e.index(), b.getValue().plan());
                }
                graph = graph.plus(extra);
                fromFresh = graph.reachable();
            }
        }
        // every edge planned once: the cover leaves out the edges no test can drive, counted by reason
        StepPlan[] plans = new StepPlan[graph.edgeIndexBound()];
        List<StateGraph.Edge> drivable = new ArrayList<>();
        Map<String, Integer> notDriven = new TreeMap<>();
        for (StateGraph.Edge e : graph.edges()) {
            StepPlan p = bridgePlans.containsKey(e.index()) ? bridgePlans.get(e.index())
                    : fromFresh != null && !fromFresh.contains(e.from()) ? StepPlan.notDrivable(UNREACHED_INDUCTIVE_STATE, "")
                    : planner.plan(graph.state(e.from()), e.action(), graph.state(e.to()));
            plans[e.index()] = p;
            if (p.notDrivable() == null) {
                drivable.add(e);
            } else {
                notDriven.merge(p.notDrivable(), 1, Integer::sum);
            }
        }
        StateGraph driven = drivable.size() == graph.edges().size() ? graph : graph.withEdges(drivable);
        boolean edgeCoverage = modelEdges <= maxEdges;
        Function<StateGraph.Edge, Object> target = edgeCoverage ? StateGraph.Edge::index
                : e -> actionWithParameters(plans[e.index()], e.action());
        Set<Object> targets = new HashSet<>();
        driven.edges().stream().filter(e -> e.index() < modelEdges).forEach(e -> targets.add(target.apply(e)));
        List<List<StateGraph.Edge>> paths = PathCover.cover(driven, target, MAX_STEPS);
        List<GeneratedTest> tests = new ArrayList<>();
        Set<Integer> covered = new HashSet<>();
        Set<Object> coveredTargets = new HashSet<>();
        List<KernelCall> setup = planner.setup();
        for (List<StateGraph.Edge> path : paths) {
            List<TestStep> steps = new ArrayList<>();
            for (StateGraph.Edge e : path) {
                StepPlan p = plans[e.index()];
                steps.add(new TestStep(e.index(), e.from(), e.action(), e.to(), p.call(), p.note(), p.rule(),
                        planner.observe(graph.state(e.to()))));
                if (e.index() < modelEdges) { // a bridge is a means, not a model edge
                    covered.add(e.index());
                    coveredTargets.add(target.apply(e));
                }
            }
            // an inductive model's test starts in its path's first state, built by state injection
            Map<String, TlaValue> first = graph.state(path.get(0).from());
            java.util.Optional<List<KernelCall>> injected = planner.inject(first);
            tests.add(injected.isPresent()
                    ? new GeneratedTest(model.name(), v.name(), tests.size() + 1, injected.get(), steps, planner.observe(first))
                    : new GeneratedTest(model.name(), v.name(), tests.size() + 1, setup, steps));
        }
        return new ModelTests(model, v, graph.stateCount(), modelEdges, edgeCoverage, targets.size(),
                coveredTargets.size(), Set.copyOf(covered), List.copyOf(tests), tlcSeconds, Map.copyOf(notDriven));
    }

    /** A parameter-level name of the edge, for action coverage when the edges are too many. */
    private static String actionWithParameters(StepPlan p, String action) {
        return action + (p.call() == null ? " [" + p.note() + "]" : ": " + p.call());
    }

    /** Runs every test on the reference implementation. */
    public Execution execute(Set<String> injections) {
        List<TestRun> runs = vocabulary.run(tests, injections);
        return new Execution(this, runs);
    }

    /** The runs of a model's tests. */
    public record Execution(ModelTests tests, List<TestRun> runs) {
        public Set<Integer> passedEdges() {
            Set<Integer> out = new HashSet<>();
            runs.forEach(r -> out.addAll(r.passedEdges()));
            out.removeIf(i -> i >= tests.edges()); // the bridges of state injection by a call
            return out;
        }

        /** The bridges (state injection by a call) the tests took successfully. */
        public long passedBridges() {
            Set<Integer> out = new HashSet<>();
            runs.forEach(r -> out.addAll(r.passedEdges()));
            return out.stream().filter(i -> i >= tests.edges()).count();
        }

        public List<ConformanceFailure> failures() {
            return runs.stream().flatMap(r -> r.failures().stream()).toList();
        }

        public int steps() {
            return runs.stream().mapToInt(r -> r.test().steps().size()).sum();
        }
    }
}
