package org.dmabufspec.tlc;

import java.util.List;
import java.util.Optional;

/**
 * TLC's coverage of one action: the successor states it generated and the new distinct states
 * among them. An action that generated nothing was never enabled in any reachable state; a
 * safety check that never sees it fire says nothing about it.
 *
 * @param name        the TLA+ definition, e.g. {@code DmaBufMoveNotify} (the parameters are dropped)
 * @param module      the module it is defined in
 * @param line        the line of its definition
 * @param location    TLC's {@code line L, col C to line L2, col C2 of module M} of the definition's name
 * @param disjunct    for an unnamed disjunct TLC reports under its enclosing definition, where
 *                    it is ({@code line 23, col 51 to line 23, col 72}); empty otherwise
 * @param init        true for the initial predicate (distinct and generated count initial states)
 * @param distinct    new distinct states first found by this action
 * @param generated   successor states it generated, duplicates included
 * @param expressions per-sub-expression evaluation counts, in TLC's order
 */
public record ActionCoverage(String name, String module, int line, String location, String disjunct, boolean init,
                             long distinct, long generated, List<ExpressionCoverage> expressions) {
    public ActionCoverage {
        expressions = List.copyOf(expressions);
    }

    /** Never enabled: no reachable state has a successor by this action. */
    public boolean neverTaken() {
        return generated == 0;
    }

    /** The name, with where the disjunct starts when TLC reports an unnamed disjunct (or a LET body) under it. */
    public String label() {
        return disjunct.isEmpty() ? name : name + " (" + disjunct.replaceFirst(" to line .*$", "") + ")";
    }

    /**
     * For a never-taken action, the guard that stopped it: the last sub-expression TLC evaluated
     * (count above 0) before the first one it never reached. Empty when TLC listed no
     * sub-expressions or reached none.
     */
    public Optional<ExpressionCoverage> guardNeverTrue() {
        if (!neverTaken()) {
            return Optional.empty();
        }
        ExpressionCoverage last = null;
        for (ExpressionCoverage e : expressions) {
            if (e.evaluations() == 0) {
                return Optional.ofNullable(last);
            }
            last = e;
        }
        return Optional.empty();
    }

    /**
     * For a never-taken action, the first sub-expression TLC never evaluated. When it is also the
     * first one listed, what stopped the action is a conjunct TLC does not count, such as one
     * over constants only (e.g. a kernel-behaviour switch).
     */
    public Optional<ExpressionCoverage> firstNeverEvaluated() {
        if (!neverTaken()) {
            return Optional.empty();
        }
        return expressions.stream().filter(e -> e.evaluations() == 0).findFirst();
    }
}
