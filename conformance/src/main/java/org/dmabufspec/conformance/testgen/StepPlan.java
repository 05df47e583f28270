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

    /** An edge no test can take; {@code why} names the reason the coverage figures print. */
    public static StepPlan notDrivable(String why, String rule) {
        return new StepPlan(null, why, rule, why);
    }
}
