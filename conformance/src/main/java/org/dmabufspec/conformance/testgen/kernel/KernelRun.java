package org.dmabufspec.conformance.testgen.kernel;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.dmabufspec.conformance.testgen.ConformanceFailure;
import org.dmabufspec.conformance.testgen.GeneratedTest;
import org.dmabufspec.conformance.testgen.TestRun;

/**
 * The outcome of one batch on the kernel.
 *
 * @param runs        the tests the module ran, compared with the model
 * @param notDrivable the tests it could not run, with why
 * @param seconds     wall-clock seconds of the VM run (boot included)
 */
public record KernelRun(List<TestRun> runs, Map<GeneratedTest, String> notDrivable, double seconds) {
    public KernelRun {
        runs = List.copyOf(runs);
        notDrivable = Map.copyOf(notDrivable);
    }

    /** The runs of one model's tests. */
    public List<TestRun> of(String model) {
        return runs.stream().filter(r -> r.test().model().equals(model)).toList();
    }

    /** Edges of this model the kernel executed successfully. */
    public Set<Integer> passedEdges(String model) {
        Set<Integer> out = new HashSet<>();
        of(model).forEach(r -> out.addAll(r.passedEdges()));
        return out;
    }

    public List<ConformanceFailure> failures() {
        return runs.stream().flatMap(r -> r.failures().stream()).toList();
    }

    public int steps() {
        return runs.stream().mapToInt(r -> r.test().steps().size()).sum();
    }
}
