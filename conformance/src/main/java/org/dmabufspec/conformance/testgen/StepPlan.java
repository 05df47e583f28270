package org.dmabufspec.conformance.testgen;

/** What a vocabulary makes of one edge: the call (or null), a note and the rule. */
public record StepPlan(KernelCall call, String note, String rule) {
}
