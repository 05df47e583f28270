package org.dmabufspec.conformance.testgen;

import java.util.List;
import java.util.Set;

/**
 * The outcome of one generated test on an implementation.
 *
 * @param passedEdges the edges of the steps that ran and matched the model, up to the first failure
 * @param trace       the test's trace (NDJSON) as the implementation wrote it
 * @param verdict     the trace checker's verdict on it ({@code ACCEPTED}, {@code REJECTED: rules}, ...)
 */
public record TestRun(GeneratedTest test, Set<Integer> passedEdges, List<ConformanceFailure> failures, String trace,
                      String verdict) {
    public TestRun {
        passedEdges = Set.copyOf(passedEdges);
        failures = List.copyOf(failures);
    }

    public boolean passed() {
        return failures.isEmpty();
    }
}
