package org.dmabufspec.conformance.checker;

import org.dmabufspec.rule.Rule;

/**
 * One failed condition of a spec action: the rule it breaks (a section of docs/rules.md: "R3",
 * "F13", "U3", ...; STATE for an observation that contradicts the spec state, ISOLATION for the
 * abstract isolation spec) and what exactly failed, in kernel terms.
 */
public record Violation(Rule rule, String condition) {
    /** By rule id; an id missing from the catalogue throws, so no verdict can name an undefined rule. */
    public Violation(String ruleId, String condition) {
        this(Rule.of(ruleId), condition);
    }

    @Override
    public String toString() {
        return rule.id() + ": " + condition;
    }
}
