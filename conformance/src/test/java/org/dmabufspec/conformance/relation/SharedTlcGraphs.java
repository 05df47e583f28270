package org.dmabufspec.conformance.relation;

import java.lang.ref.SoftReference;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.dmabufspec.tlc.Model;

/**
 * TLC's state graphs shared between the test classes of one JVM: StateGraphEqualityTest dumps every
 * passing default model, and the model-based tests (ModelBasedTestsTest) and the wrong-relation
 * tests (through {@link ModelGraphs}) ask for some of the same graphs again with the same constants.
 * A graph is a function of the specs and the constants, and the TLC run is most of the cost, so it
 * runs once per (specs dir, model, constants). Graphs are held softly: under memory pressure one is
 * dropped and, if asked for again, run again. Thread-safe: other keys run in parallel.
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
                g = RUNNER.run(tlaDir, model, constants);
                GRAPHS.put(key, new SoftReference<>(g));
            }
            return g;
        }
    }
}
