package org.dmabufspec.conformance.testgen;

/**
 * What a vocabulary makes of one edge: the call (or null), a note and the rule.
 *
 * @param notDrivable null, or why no test can drive this edge deterministically (the generator leaves it out of
 *                    the path cover and counts it under this reason)
 */
public record StepPlan(KernelCall call, String note, String rule, String notDrivable) {
    public StepPlan(KernelCall call, String note, String rule) {
        this(call, note, rule, null);
    }

    /** One call, arguments as alternating names and values ({@link KernelCall#argMap}), with no note. */
    public static StepPlan call(String op, String expect, String rule, String... kv) {
        return new StepPlan(new KernelCall(op, KernelCall.argMap(kv), expect), "", rule);
    }

    /** No call: the edge happens inside another step's call, or has nothing to call; {@code note} says which. */
    public static StepPlan none(String note, String rule) {
        return new StepPlan(null, note, rule);
    }

    /** An edge no test can take; {@code why} names the reason the coverage figures print. */
    public static StepPlan notDrivable(String why, String rule) {
        return new StepPlan(null, why, rule, why);
    }
}
