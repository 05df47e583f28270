package org.dmabufspec.conformance.checker;

/**
 * One failed condition of a spec action: the rule of docs/rules.md it breaks ("R3", "F13",
 * "U3"...; "STATE" for an observation that contradicts the spec state, "ISOLATION" for the
 * abstract isolation spec) and what exactly failed, in kernel terms.
 */
public record Violation(String rule, String condition) {
    @Override
    public String toString() {
        return rule + ": " + condition;
    }
}
