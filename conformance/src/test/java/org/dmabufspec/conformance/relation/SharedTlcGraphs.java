package org.dmabufspec.conformance.relation;

import java.lang.ref.SoftReference;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import org.dmabufspec.tlc.GraphCache;
import org.dmabufspec.tlc.Model;
import org.dmabufspec.tlc.TlaValue;

/**
 * TLC's state graphs shared between the test classes of one JVM: StateGraphEqualityTest dumps every
 * passing default model, and the model-based tests (ModelBasedTestsTest) and the wrong-relation
 * tests (through {@link ModelGraphs}) ask for some of the same graphs again with the same constants.
 * A graph is a function of the specs and the constants, and the TLC run is most of the cost, so it
 * runs once per (specs dir, model, constants), or not at all when the specs module's coverage run of the
 * same model left its graph in {@link GraphCache}. Graphs are held softly: under memory pressure one is
 * dropped and, if asked for again, read or run again. Thread-safe: other keys run in parallel.
 */
public final class SharedTlcGraphs {
    private static final TlcGraphRunner RUNNER = TlcGraphRunner.withTlcOnClasspath();
    private static final Map<List<Object>, SoftReference<TlcGraph>> GRAPHS = new ConcurrentHashMap<>();
    private static final Map<List<Object>, Object> LOCKS = new ConcurrentHashMap<>();

    private SharedTlcGraphs() {
    }

    public static TlcGraph run(Path tlaDir, Model model, List<String> constants) {
        List<Object> key = List.of(tlaDir.toAbsolutePath().normalize(), model, List.copyOf(constants));
        synchronized (LOCKS.computeIfAbsent(key, k -> new Object())) {
            SoftReference<TlcGraph> held = GRAPHS.get(key);
            TlcGraph g = held == null ? null : held.get();
            if (g == null) {
                g = cached(tlaDir, model, constants).orElseGet(() -> RUNNER.run(tlaDir, model, constants));
                GRAPHS.put(key, new SoftReference<>(g));
            }
            return g;
        }
    }

    /**
     * The graph the specs module's coverage run of the model stored ({@link GraphCache}), if it did for the
     * specs as they are and printed every constant asked for: the same TLC graph, without running TLC again.
     */
    static Optional<TlcGraph> cached(Path tlaDir, Model model, List<String> constants) {
        Optional<GraphCache.Entry> entry = GraphCache.forTlaDir(tlaDir).flatMap(c -> c.lookup(tlaDir, model));
        if (entry.isEmpty() || !entry.get().constants().keySet().containsAll(constants)) {
            return Optional.empty();
        }
        Map<String, TlaValue> printed = new LinkedHashMap<>();
        constants.forEach(c -> printed.put(c, entry.get().constants().get(c)));
        DotGraph dump = DotGraph.read(entry.get().dot());
        List<DotGraph.Edge> edges = dump.edges().stream()
                .map(e -> new DotGraph.Edge(e.from(), e.to(), GraphCache.actionName(e.action()), e.line())).toList();
        return Optional.of(new TlcGraph(model, new DotGraph(dump.nodes(), edges), printed, false, entry.get().tlcTime()));
    }
}
