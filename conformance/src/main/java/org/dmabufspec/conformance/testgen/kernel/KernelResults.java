package org.dmabufspec.conformance.testgen.kernel;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * What the kernel module's interpreter wrote for a program ({@link KernelProgram}), one line each:
 * {@code R N K RESULT e=SEQ KEY=VALUE...} per step (the call's result, or {@code -} for a step
 * without a call; SEQ the last trace event of the step; the observed value of each key the step
 * expects), {@code X N K} where the module stopped test N, {@code E N EVENTS ok|overflow} at the
 * end of test N.
 */
public record KernelResults(Map<Integer, TestResult> tests) {

    /** One step as the kernel made it. */
    public record StepResult(int step, String result, long lastSeq, Map<String, String> observed) {
        public StepResult {
            observed = Map.copyOf(observed);
        }
    }

    /**
     * @param stoppedAt the step the module stopped at (0: not stopped)
     * @param events    trace events of the test, -1 if the module did not finish it
     */
    public record TestResult(int number, Map<Integer, StepResult> steps, int stoppedAt, int events, boolean overflow) {
        public TestResult {
            steps = Map.copyOf(steps);
        }

        public boolean finished() {
            return events >= 0;
        }
    }

    public KernelResults {
        tests = Map.copyOf(tests);
    }

    /** Parses the results file; a malformed line is an IllegalArgumentException naming source and line. */
    public static KernelResults parse(String text, String source) {
        Map<Integer, Map<Integer, StepResult>> steps = new TreeMap<>();
        Map<Integer, Integer> stopped = new TreeMap<>();
        Map<Integer, int[]> ends = new TreeMap<>();
        String[] lines = text.split("\n");
        for (int i = 0; i < lines.length; i++) {
            String l = lines[i].strip();
            if (l.isEmpty()) {
                continue;
            }
            String at = source + ":" + (i + 1) + ": ";
            String[] tok = l.split(" ", -1);
            switch (tok[0]) {
                case "R" -> {
                    if (tok.length < 5 || !tok[4].startsWith("e=")) {
                        throw new IllegalArgumentException(at + "a step line needs R TEST STEP RESULT e=SEQ, found: " + l);
                    }
                    int n = number(tok[1], at, "test");
                    int k = number(tok[2], at, "step");
                    Map<String, String> observed = new LinkedHashMap<>();
                    for (int j = 5; j < tok.length; j++) {
                        int eq = tok[j].indexOf('=');
                        if (eq <= 0) {
                            throw new IllegalArgumentException(at + "observation '" + tok[j] + "' is not KEY=VALUE");
                        }
                        observed.put(tok[j].substring(0, eq), tok[j].substring(eq + 1));
                    }
                    StepResult r = new StepResult(k, tok[3], number(tok[4].substring(2), at, "e"), observed);
                    if (steps.computeIfAbsent(n, x -> new TreeMap<>()).put(k, r) != null) {
                        throw new IllegalArgumentException(at + "step " + k + " of test " + n + " reported twice");
                    }
                }
                case "X" -> {
                    if (tok.length != 3) {
                        throw new IllegalArgumentException(at + "a stop line is X TEST STEP, found: " + l);
                    }
                    stopped.put(number(tok[1], at, "test"), number(tok[2], at, "step"));
                }
                case "E" -> {
                    if (tok.length != 4 || !(tok[3].equals("ok") || tok[3].equals("overflow"))) {
                        throw new IllegalArgumentException(at + "an end line is E TEST EVENTS ok|overflow, found: " + l);
                    }
                    ends.put(number(tok[1], at, "test"), new int[] {number(tok[2], at, "events"), tok[3].equals("ok") ? 0 : 1});
                }
                default -> throw new IllegalArgumentException(at + "unknown line kind '" + tok[0] + "' (R, X or E)");
            }
        }
        Map<Integer, TestResult> out = new TreeMap<>();
        java.util.Set<Integer> numbers = new java.util.TreeSet<>(steps.keySet());
        numbers.addAll(ends.keySet());
        numbers.addAll(stopped.keySet());
        for (int n : numbers) {
            int[] e = ends.get(n);
            out.put(n, new TestResult(n, steps.getOrDefault(n, Map.of()), stopped.getOrDefault(n, 0), e == null ? -1 : e[0],
                    e != null && e[1] == 1));
        }
        return new KernelResults(out);
    }

    private static int number(String s, String at, String field) {
        try {
            int v = Integer.parseInt(s);
            if (v < 0) {
                throw new NumberFormatException();
            }
            return v;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(at + field + ": '" + s + "' is not a number");
        }
    }
}
