package org.dmabufspec.conformance.nativerun.kmod;

import java.util.List;

/**
 * The judgement of one module trace. A legal scenario is as expected when the checker accepts
 * it; a misuse scenario (header {@code inject} = the rule it breaks) when the checker rejects it
 * and its first-divergence report names that rule.
 *
 * @param expectedRule the rule a misuse scenario breaks, null for a legal scenario
 * @param accepted whether the trace checker accepted the trace
 * @param brokenRules the rules the checker's rejection names (empty when accepted)
 * @param detail the checker's report (first line when accepted), or why the trace could not be judged
 */
public record KmodVerdict(String scenario, String expectedRule, boolean accepted, List<String> brokenRules,
                          boolean asExpected, String detail) {

    public KmodVerdict {
        brokenRules = List.copyOf(brokenRules);
    }

    public boolean misuse() {
        return expectedRule != null;
    }

    /** One line: what was expected and what the checker said. */
    public String summary() {
        String what = misuse()
                ? (accepted ? "ACCEPTED, but it breaks " + expectedRule
                : "rejected " + brokenRules + (asExpected ? "" : ", but not naming " + expectedRule))
                : (accepted ? "accepted" : "REJECTED " + brokenRules);
        return (asExpected ? "ok     " : "WRONG  ") + scenario + (misuse() ? " (misuse, breaks " + expectedRule + ")" : "") + ": " + what;
    }
}
