package org.dmabufspec.tlc;

import java.util.OptionalLong;

/**
 * How often TLC evaluated one sub-expression of an action while exploring the model.
 *
 * @param depth       nesting below the action (TLC's leading {@code |} characters)
 * @param module      the module the expression is written in (may differ from the action's)
 * @param line        first line of the expression
 * @param column      first column of the expression
 * @param location    TLC's {@code line L, col C to line L2, col C2 of module M}
 * @param evaluations how many times TLC evaluated it
 * @param cost        TLC's cost figure where it prints one ({@code N:cost}), else empty
 */
public record ExpressionCoverage(int depth, String module, int line, int column, String location,
                                 long evaluations, OptionalLong cost) {
}
