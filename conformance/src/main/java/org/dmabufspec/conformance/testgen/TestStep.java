package org.dmabufspec.conformance.testgen;

import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * One step of a generated test: the model edge it takes, the call that drives it (none for a
 * step that happens inside an earlier call, such as a callback run by the signal, or for a call
 * that has not returned yet), and the observable state the model expects afterwards.
 *
 * @param edge    the edge's index in the model's state graph
 * @param from    TLC's fingerprint of the state before
 * @param to      TLC's fingerprint of the state after
 * @param call    the call, or null
 * @param note    why there is no call, or what the call stands for
 * @param rule    the rule of docs/rules.md the step exercises
 * @param observe the observable state after the step, by name (e.g. {@code f1.signaled})
 */
public record TestStep(int edge, long from, String action, long to, KernelCall call, String note, String rule,
                       Map<String, String> observe) {
    public TestStep {
        observe = Collections.unmodifiableMap(new TreeMap<>(observe == null ? Map.of() : observe));
    }

    /** The edge as reports name it. */
    @com.fasterxml.jackson.annotation.JsonIgnore
    public String edgeText() {
        return "edge #" + edge + " (" + from + " --" + action + "--> " + to + ")";
    }
}
