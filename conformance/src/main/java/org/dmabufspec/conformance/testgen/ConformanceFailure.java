package org.dmabufspec.conformance.testgen;

/**
 * A step whose observed result differs from the model's, or a trace the checker rejected.
 *
 * @param step    1-based step index in the test
 * @param what    the call and what differed (expected against observed), or the checker's rejection
 * @param checker true when the trace checker found it (the step's own result and state matched or were not compared)
 */
public record ConformanceFailure(String test, int step, String edge, String rule, String what, boolean checker) {
    @Override
    public String toString() {
        return test + " step " + step + ", " + edge + ", rule " + rule + ": " + what;
    }
}
