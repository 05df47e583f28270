package org.dmabufspec.conformance.testgen;

import java.util.List;

/**
 * One executable test: the objects to create ({@code setup}, as calls), then the steps of one
 * path of the model's state graph.
 *
 * @param model      the manifest model it was generated from
 * @param vocabulary the driver that runs it (e.g. {@code dma_fence})
 * @param number     its index among the model's tests (1-based)
 * @param initial    null for a test whose setup creates fresh objects (the model's Init); for an
 *                   inductive-invariant model, whose initial states no call sequence reaches, the
 *                   observable part of the state the setup injects ({@link Vocabulary.Planner#inject}),
 *                   compared before the first step
 */
@com.fasterxml.jackson.annotation.JsonInclude(com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL)
public record GeneratedTest(String model, String vocabulary, int number, List<KernelCall> setup, List<TestStep> steps,
                            java.util.Map<String, String> initial) {
    public GeneratedTest {
        setup = List.copyOf(setup);
        steps = List.copyOf(steps);
        initial = initial == null ? null : java.util.Collections.unmodifiableMap(new java.util.TreeMap<>(initial));
    }

    /** A test from fresh objects. */
    public GeneratedTest(String model, String vocabulary, int number, List<KernelCall> setup, List<TestStep> steps) {
        this(model, vocabulary, number, setup, steps, null);
    }

    @com.fasterxml.jackson.annotation.JsonIgnore
    public String name() {
        return model + "#" + number;
    }
}
