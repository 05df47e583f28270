package org.dmabufspec.conformance.testgen;

import java.util.List;

/**
 * One executable test: the objects to create ({@code setup}, as calls), then the steps of one
 * path of the model's state graph.
 *
 * @param model      the manifest model it was generated from
 * @param vocabulary the driver that runs it (e.g. {@code dma_fence})
 * @param number     its index among the model's tests (1-based)
 */
public record GeneratedTest(String model, String vocabulary, int number, List<KernelCall> setup, List<TestStep> steps) {
    public GeneratedTest {
        setup = List.copyOf(setup);
        steps = List.copyOf(steps);
    }

    @com.fasterxml.jackson.annotation.JsonIgnore
    public String name() {
        return model + "#" + number;
    }
}
