package org.dmabufspec.conformance.relation;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;

import org.dmabufspec.conformance.testgen.Vocabularies;
import org.dmabufspec.tlc.Model;

/**
 * TLC's state graphs shared between the test classes of one JVM: StateGraphEqualityTest and the
 * model-based tests (ModelBasedTestsTest) need the same graph of the same model, and the TLC run
 * is most of the cost. Only graphs of models a test-generation vocabulary drives are kept (they
 * are small); others run and are dropped. Thread-safe: a graph is computed once.
 */
public final class SharedTlcGraphs {
    private static final TlcGraphRunner RUNNER = TlcGraphRunner.withTlcOnClasspath();
    private static final Map<List<Object>, FutureTask<TlcGraph>> GRAPHS = new ConcurrentHashMap<>();

    private SharedTlcGraphs() {
    }

    public static TlcGraph run(Path tlaDir, Model model, List<String> constants) {
        if (Vocabularies.forModel(model).isEmpty()) {
            return RUNNER.run(tlaDir, model, constants);
        }
        FutureTask<TlcGraph> task = GRAPHS.computeIfAbsent(List.of(tlaDir.toAbsolutePath().normalize(), model, List.copyOf(constants)),
                k -> new FutureTask<>(() -> RUNNER.run(tlaDir, model, constants)));
        task.run(); // no-op when another thread ran or is running it
        try {
            return task.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted waiting for the state graph of " + model.name(), e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw new IllegalStateException(e.getCause());
        }
    }
}
