package org.dmabufspec.conformance.testgen;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
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
 * @param targets      the number of distinct targets (edges, or actions with parameters)
 * @param coveredEdges the edges some test takes
 */
public record ModelTests(Model model, Vocabulary vocabulary, int states, int edges, boolean edgeCoverage, int targets,
                         Set<Integer> coveredEdges, List<GeneratedTest> tests, double tlcSeconds) {

    /** Steps per test at most; the greedy cover makes long paths, and short tests are easier to read. */
    public static final int MAX_STEPS = 40;
    /** Above this many edges, tests cover actions with parameters instead of edges. */
    public static final int DEFAULT_MAX_EDGES = 200_000;

    public static ModelTests generate(TlcGraphRunner runner, Path tlaDir, Model model, Vocabulary v, int maxEdges) {
        return of(model, v, runner.run(tlaDir, model, v.constants(model)), maxEdges);
    }

    /** From a graph already dumped with the vocabulary's constants. */
    public static ModelTests of(Model model, Vocabulary v, TlcGraph g, int maxEdges) {
        return of(model, v, StateGraph.of(g.graph()), g.constants(), maxEdges, g.tlcTime().toMillis() / 1000.0);
    }

    static ModelTests of(Model model, Vocabulary v, StateGraph graph, Map<String, TlaValue> constants, int maxEdges, double tlcSeconds) {
        Vocabulary.Planner planner = v.planner(model, constants);
        boolean edgeCoverage = graph.edges().size() <= maxEdges;
        Function<StateGraph.Edge, Object> target = edgeCoverage ? StateGraph.Edge::index
                : e -> planner.actionWithParameters(graph.state(e.from()), e.action(), graph.state(e.to()));
        Set<Object> targets = new HashSet<>();
        graph.edges().forEach(e -> targets.add(target.apply(e)));
        List<List<StateGraph.Edge>> paths = PathCover.cover(graph, target, MAX_STEPS);
        List<GeneratedTest> tests = new ArrayList<>();
        Set<Integer> covered = new HashSet<>();
        List<KernelCall> setup = planner.setup();
        for (List<StateGraph.Edge> path : paths) {
            List<TestStep> steps = new ArrayList<>();
            for (StateGraph.Edge e : path) {
                Map<String, TlaValue> before = graph.state(e.from());
                Map<String, TlaValue> after = graph.state(e.to());
                StepPlan p = planner.plan(before, e.action(), after);
                steps.add(new TestStep(e.index(), e.from(), e.action(), e.to(), p.call(), p.note(), p.rule(), planner.observe(after)));
                covered.add(e.index());
            }
            tests.add(new GeneratedTest(model.name(), v.name(), tests.size() + 1, setup, steps));
        }
        return new ModelTests(model, v, graph.stateCount(), graph.edges().size(), edgeCoverage, targets.size(),
                Set.copyOf(covered), List.copyOf(tests), tlcSeconds);
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
            return out;
        }

        public List<ConformanceFailure> failures() {
            return runs.stream().flatMap(r -> r.failures().stream()).toList();
        }

        public int steps() {
            return runs.stream().mapToInt(r -> r.test().steps().size()).sum();
        }
    }
}
