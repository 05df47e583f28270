package org.dmabufspec.tlc;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the coverage report TLC 1.7.3 prints with {@code -coverage N} in {@code -tool} mode
 * (recorded in fixtures/coverage_*.out): 2201 opens a report, 2773 is the initial predicate,
 * 2772 an action ({@code <Name line .. of module M>: distinct:generated}, with
 * {@code (l c l c)} before the {@code >} for an unnamed disjunct), 2221 and 2775 the
 * sub-expressions of the entry above ({@code |line ..: count} or {@code count:cost}), 2774 an
 * invariant or property (no counts), 2202 closes the report (2777 when TLC appends its note that
 * large models are best checked without coverage). TLC prints one report every N
 * minutes and one at the end; the last complete one wins.
 */
public final class CoverageParser {
    /** The TLC flags that turn coverage on: a report every minute and one at the end. */
    public static final List<String> TLC_OPTIONS = List.of("-coverage", "1");

    static final int COVERAGE_START = 2201;
    static final int COVERAGE_END = 2202;
    /** Closes the report instead of 2202 when TLC adds its "large models are best checked without coverage" note. */
    static final int COVERAGE_END_LARGE = 2777;
    static final int COVERAGE_NEXT = 2772;
    static final int COVERAGE_INIT = 2773;
    static final int COVERAGE_VALUE = 2221;
    static final int COVERAGE_VALUE_COST = 2775;

    private static final String LOCATION = "line (\\d+), col (\\d+) to line \\d+, col \\d+ of module (\\S+?)";
    private static final Pattern ACTION = Pattern.compile(
            "^<(\\S+) (" + LOCATION + ")(?: \\((\\d+) (\\d+) (\\d+) (\\d+)\\))?>: (\\d+):(\\d+)$");
    private static final Pattern EXPRESSION = Pattern.compile("^(\\|*)(" + LOCATION + "): (\\d+)(?::(\\d+))?$");

    private CoverageParser() {
    }

    /** The last complete coverage report in TLC's output, or empty if it printed none. */
    public static Optional<ModelCoverage> parse(String output) {
        List<TlcMessage> messages = TlcOutputParser.split(output).messages();
        Optional<ModelCoverage> last = Optional.empty();
        List<ActionCoverage> actions = null;
        Builder current = null;
        for (TlcMessage m : messages) {
            switch (m.code()) {
                case COVERAGE_START -> {
                    actions = new ArrayList<>();
                    current = null;
                }
                case COVERAGE_END, COVERAGE_END_LARGE -> {
                    if (actions != null) {
                        flush(actions, current);
                        last = Optional.of(new ModelCoverage(actions));
                    }
                    actions = null;
                    current = null;
                }
                case COVERAGE_NEXT, COVERAGE_INIT -> {
                    if (actions != null) {
                        flush(actions, current);
                        current = action(m);
                    }
                }
                case COVERAGE_VALUE, COVERAGE_VALUE_COST -> {
                    if (current != null) {
                        current.expressions.add(expression(m.body()));
                    }
                }
                default -> { // an invariant, property or constraint heading: its sub-expressions are not an action's
                    if (actions != null && m.code() > 2700 && m.code() < 2800) {
                        flush(actions, current);
                        current = null;
                    }
                }
            }
        }
        return last;
    }

    private static void flush(List<ActionCoverage> actions, Builder b) {
        if (b != null) {
            actions.add(new ActionCoverage(b.name, b.module, b.line, b.location, b.disjunct, b.init, b.distinct,
                    b.generated, b.expressions));
        }
    }

    private static Builder action(TlcMessage m) {
        Matcher a = ACTION.matcher(m.body().strip());
        if (!a.find()) {
            throw new IllegalStateException("unrecognised TLC coverage line (message " + m.code() + "): " + m.body());
        }
        Builder b = new Builder();
        b.name = a.group(1);
        b.location = a.group(2);
        b.line = Integer.parseInt(a.group(3));
        b.module = a.group(5);
        b.disjunct = a.group(6) == null ? ""
                : "line " + a.group(6) + ", col " + a.group(7) + " to line " + a.group(8) + ", col " + a.group(9);
        b.distinct = Long.parseLong(a.group(10));
        b.generated = Long.parseLong(a.group(11));
        b.init = m.code() == COVERAGE_INIT;
        return b;
    }

    private static ExpressionCoverage expression(String body) {
        Matcher e = EXPRESSION.matcher(body.strip());
        if (!e.find()) {
            throw new IllegalStateException("unrecognised TLC coverage expression line: " + body);
        }
        return new ExpressionCoverage(e.group(1).length(), e.group(5), Integer.parseInt(e.group(3)),
                Integer.parseInt(e.group(4)), e.group(2), Long.parseLong(e.group(6)),
                e.group(7) == null ? OptionalLong.empty() : OptionalLong.of(Long.parseLong(e.group(7))));
    }

    private static final class Builder {
        String name;
        String module;
        int line;
        String location;
        String disjunct;
        boolean init;
        long distinct;
        long generated;
        final List<ExpressionCoverage> expressions = new ArrayList<>();
    }
}
