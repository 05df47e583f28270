package org.dmabufspec.tlc;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns TLC 1.7.3's {@code -tool} output and exit code into a {@link TlcResult}. The exit code
 * decides the verdict; the messages must agree with it, else the run counts as a crash.
 */
public final class TlcOutputParser {
    private static final Pattern START = Pattern.compile("@!@!@STARTMSG (\\d+):(\\d+) @!@!@");
    private static final Pattern END = Pattern.compile("@!@!@ENDMSG (\\d+) @!@!@");
    private static final Pattern STATS = Pattern.compile(
            "([\\d,]+) states generated.*?, ([\\d,]+) distinct states found.*?, ([\\d,]+) states left on queue");
    private static final Pattern PROGRESS = Pattern.compile("Progress\\(([\\d,]+)\\) at .*?: " + STATS.pattern());
    private static final Pattern DEPTH = Pattern.compile("depth of the complete state graph search is ([\\d,]+)");
    private static final Pattern STATE_HEADER = Pattern.compile("^(\\d+): <(.*)>\\s*$");
    private static final Pattern ACTION = Pattern.compile("^(\\S+?)(?:\\(.*?\\))? (line \\d+, col \\d+ to line \\d+, col \\d+ of module \\S+)$");
    private static final Pattern STUTTERING = Pattern.compile("^(\\d+): Stuttering");
    private static final Pattern BACK_TO = Pattern.compile("^(\\d+): Back to state");
    private static final Pattern ACTION_PROPERTY_NAME = Pattern.compile("^Action property ([A-Za-z_][A-Za-z0-9_!]*) is violated");
    private static final Pattern INVARIANT_NAME = Pattern.compile("Invariant (\\S+) is violated");
    private static final Pattern LINE_COLUMN = Pattern.compile("line (\\d+), column (\\d+)");
    private static final Pattern SEMANTIC_LOCATION = Pattern.compile("^line (\\d+), col (\\d+) to line \\d+, col \\d+ of module (\\S+)");
    private static final Pattern PARSING_FILE = Pattern.compile("^Parsing file (.+)$");
    private static final Pattern NESTED_POSITION = Pattern.compile("^\\d+\\. (Line \\d+, column \\d+ to line \\d+, column \\d+ in \\S+)");
    private static final int TAIL_LINES = 40;

    private TlcOutputParser() {
    }

    /** The wrapped messages and the text printed outside them (SANY's errors, Print output). */
    public record Parsed(List<TlcMessage> messages, List<String> outsideLines) {
        public Parsed {
            messages = List.copyOf(messages);
            outsideLines = List.copyOf(outsideLines);
        }

        Optional<TlcMessage> first(int code) {
            return messages.stream().filter(m -> m.code() == code).findFirst();
        }

        List<TlcMessage> all(int code) {
            return messages.stream().filter(m -> m.code() == code).toList();
        }
    }

    public static Parsed split(String output) {
        List<TlcMessage> messages = new ArrayList<>();
        List<String> outside = new ArrayList<>();
        int code = -1;
        int severity = 0;
        StringBuilder body = null;
        for (String line : output.split("\r?\n", -1)) {
            Matcher s = START.matcher(line);
            if (body == null && s.find()) {
                code = Integer.parseInt(s.group(1));
                severity = Integer.parseInt(s.group(2));
                body = new StringBuilder();
                String rest = line.substring(s.end());
                Matcher e = END.matcher(rest);
                if (e.find()) { // one-line message
                    messages.add(new TlcMessage(code, severity, rest.substring(0, e.start()).strip()));
                    body = null;
                } else if (!rest.isBlank()) {
                    body.append(rest.strip()).append('\n');
                }
                continue;
            }
            if (body != null) {
                Matcher e = END.matcher(line);
                if (e.find()) {
                    body.append(line, 0, e.start());
                    messages.add(new TlcMessage(code, severity, body.toString().strip()));
                    body = null;
                } else {
                    body.append(line).append('\n');
                }
            } else {
                outside.add(line);
            }
        }
        if (body != null) { // TLC died mid-message: keep what it printed
            messages.add(new TlcMessage(code, severity, body.toString().strip()));
        }
        return new Parsed(messages, outside);
    }

    /** Parses a 2200 progress message body, or empty if it is not one. */
    public static Optional<Progress> progress(String body, Duration elapsed) {
        Matcher m = PROGRESS.matcher(body);
        if (!m.find()) {
            return Optional.empty();
        }
        return Optional.of(new Progress(num(m.group(1)), num(m.group(2)), num(m.group(3)), num(m.group(4)), elapsed));
    }

    public static TlcResult parse(String output, int exitCode) {
        Parsed p = split(output);
        long generated = 0;
        long distinct = 0;
        Optional<TlcMessage> stats = p.first(TlcMessage.STATS);
        if (stats.isPresent()) {
            Matcher m = STATS.matcher(stats.get().body());
            if (m.find()) {
                generated = num(m.group(1));
                distinct = num(m.group(2));
            }
        } else { // no final stats (e.g. violation in the initial state): use the last progress report
            for (TlcMessage msg : p.all(TlcMessage.PROGRESS)) {
                Optional<Progress> pr = progress(msg.body(), Duration.ZERO);
                if (pr.isPresent()) {
                    generated = pr.get().generated();
                    distinct = pr.get().distinct();
                }
            }
        }
        OptionalLong depth = p.first(TlcMessage.DEPTH)
                .map(m -> DEPTH.matcher(m.body()))
                .filter(Matcher::find)
                .map(m -> OptionalLong.of(num(m.group(1))))
                .orElse(OptionalLong.empty());
        Optional<Counterexample> trace = counterexample(p);
        Verdict verdict = verdict(p, exitCode, output);
        if (depth.isEmpty() && trace.isPresent()) {
            depth = OptionalLong.of(trace.get().steps().size());
        }
        return new TlcResult(verdict, generated, distinct, depth, Duration.ZERO, trace, exitCode, output);
    }

    private static Verdict verdict(Parsed p, int exitCode, String output) {
        Verdict v = switch (exitCode) {
            case 0 -> p.first(TlcMessage.SUCCESS).isPresent() ? new Verdict.Ok() : null;
            case 10 -> p.first(TlcMessage.ASSUMPTION_FALSE)
                    .map(m -> (Verdict) new Verdict.AssumptionFalse(
                            m.body().replaceFirst("^Assumption ", "").replaceFirst(" is false\\.?$", "")))
                    .orElse(null);
            case 11 -> p.first(TlcMessage.DEADLOCK).isPresent() ? new Verdict.Deadlock() : null;
            case 12 -> invariant(p);
            case 13 -> temporal(p);
            case 14 -> p.first(TlcMessage.ASSERT_FAILED).map(m -> (Verdict) new Verdict.AssertFailed(assertMessage(m.body())))
                    .orElse(null);
            case 75 -> evaluationError(p);
            case 150 -> parseError(p);
            case 151, 255 -> configError(p);
            default -> null;
        };
        return v != null ? v : new Verdict.ToolCrash(exitCode, tail(output));
    }

    private static Verdict invariant(Parsed p) {
        for (int code : new int[] {TlcMessage.INVARIANT_VIOLATED, TlcMessage.INVARIANT_VIOLATED_INITIAL}) {
            Optional<TlcMessage> m = p.first(code);
            if (m.isPresent()) {
                Matcher n = INVARIANT_NAME.matcher(m.get().body());
                if (n.find()) {
                    return new Verdict.InvariantViolated(n.group(1));
                }
            }
        }
        return null;
    }

    /**
     * Exit 13 is a liveness violation (2116, never named) or a violated box-action property such
     * as a refinement's {@code [][Next]_vars} (2112, named when it is a top-level definition, else
     * given as a location).
     */
    private static Verdict temporal(Parsed p) {
        if (p.first(TlcMessage.TEMPORAL_VIOLATED).isPresent()) {
            return new Verdict.TemporalPropertyViolated(Optional.empty());
        }
        Optional<TlcMessage> action = p.first(TlcMessage.ACTION_PROPERTY_VIOLATED);
        if (action.isEmpty()) {
            return null;
        }
        Matcher m = ACTION_PROPERTY_NAME.matcher(action.get().body());
        return new Verdict.TemporalPropertyViolated(m.find() ? Optional.of(m.group(1)) : Optional.empty());
    }

    /** TLC prints "The first argument of Assert evaluated to FALSE; the second argument was:\n"msg"". */
    private static String assertMessage(String body) {
        String[] lines = body.split("\n", 2);
        String msg = lines.length > 1 ? lines[1].strip() : lines[0];
        if (msg.length() >= 2 && msg.startsWith("\"") && msg.endsWith("\"")) {
            msg = msg.substring(1, msg.length() - 1);
        }
        return msg;
    }

    private static Verdict evaluationError(Parsed p) {
        Set<Integer> traceCodes = Set.of(TlcMessage.BEHAVIOR_UP_TO_THIS_POINT, TlcMessage.TRACE_STATE,
                TlcMessage.ERROR_NESTED_EXPRESSIONS, TlcMessage.TRACE_STUTTERING, TlcMessage.TRACE_BACK_TO_STATE);
        String message = p.messages().stream()
                .filter(m -> m.severity() == 1 && !traceCodes.contains(m.code()))
                .map(TlcMessage::body)
                .findFirst().orElse(null);
        if (message == null) {
            return null;
        }
        message = message.replaceFirst("(?s)^TLC threw an unexpected exception\\..*?The exception was a \\S+\\s*:\\s*", "")
                .replaceAll("\\s*\\n\\s*", " ").strip();
        String location = "";
        Optional<TlcMessage> nested = p.first(TlcMessage.ERROR_NESTED_EXPRESSIONS);
        if (nested.isPresent()) { // the innermost expression is listed last
            for (String line : nested.get().body().split("\n")) {
                Matcher m = NESTED_POSITION.matcher(line.strip());
                if (m.find()) {
                    location = m.group(1);
                }
            }
        }
        return new Verdict.EvaluationError(message, location);
    }

    private static Verdict parseError(Parsed p) {
        List<String> lines = p.outsideLines();
        Map<String, String> fileOfModule = new LinkedHashMap<>();
        String lastFile = "";
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            Matcher f = PARSING_FILE.matcher(line);
            if (f.find()) {
                lastFile = f.group(1).strip();
                String base = lastFile.replaceFirst("^.*/", "");
                fileOfModule.put(base.replaceFirst("\\.tla$", ""), lastFile);
                continue;
            }
            if (line.startsWith("***Parse Error***") || line.startsWith("Lexical error")) {
                StringBuilder msg = new StringBuilder();
                int ln = 0;
                int col = 0;
                for (int j = line.startsWith("Lexical") ? i : i + 1; j < lines.size(); j++) {
                    String l = lines.get(j).strip();
                    if (l.isEmpty() || l.startsWith("Residual stack trace")) {
                        break;
                    }
                    Matcher lc = LINE_COLUMN.matcher(l);
                    if (ln == 0 && lc.find()) {
                        ln = Integer.parseInt(lc.group(1));
                        col = Integer.parseInt(lc.group(2));
                    }
                    msg.append(msg.length() == 0 ? "" : " ").append(l);
                }
                return new Verdict.ParseError(lastFile, ln, col, msg.toString());
            }
            Matcher sem = SEMANTIC_LOCATION.matcher(line);
            if (sem.find()) { // "line L, col C to ... of module M", a blank line, then the message
                StringBuilder msg = new StringBuilder();
                int j = i + 1;
                while (j < lines.size() && lines.get(j).isBlank()) {
                    j++;
                }
                for (; j < lines.size() && !lines.get(j).isBlank(); j++) {
                    msg.append(msg.length() == 0 ? "" : " ").append(lines.get(j).strip());
                }
                String module = sem.group(3);
                return new Verdict.ParseError(fileOfModule.getOrDefault(module, module + ".tla"),
                        Integer.parseInt(sem.group(1)), Integer.parseInt(sem.group(2)), msg.toString());
            }
        }
        // SANY said something we do not recognise: keep its error lines rather than nothing.
        String msg = lines.stream().map(String::strip)
                .filter(l -> l.contains("rror") || l.startsWith("Cannot") || l.startsWith("Could not"))
                .reduce((a, b) -> a + " " + b).orElse("parsing or semantic analysis failed");
        return new Verdict.ParseError(lastFile, 0, 0, msg);
    }

    /** A cfg error may arrive nested in message 1000 ("unexpected exception"): keep TLC's own words. */
    private static Verdict configError(Parsed p) {
        return p.messages().stream()
                .filter(m -> m.severity() == 1)
                .map(m -> (Verdict) new Verdict.ConfigError(m.body()
                        .replaceFirst("(?s)^TLC threw an unexpected exception\\..*?The exception was a \\S+\\s*:\\s*", "")
                        .replaceAll("@!@!@(START|END)MSG [0-9:]+ @!@!@", "")
                        .replaceAll("\\s*\\n\\s*", " ").strip()))
                .findFirst().orElse(null);
    }

    private static Optional<Counterexample> counterexample(Parsed p) {
        List<Step> steps = new ArrayList<>();
        Integer loop = null;
        Map<String, TlaValue> previous = null;
        for (TlcMessage m : p.messages()) {
            if (m.code() == TlcMessage.INVARIANT_VIOLATED_INITIAL) {
                String body = m.body();
                int nl = body.indexOf('\n');
                if (nl > 0) { // the state follows the headline
                    Map<String, TlaValue> state = state(body.substring(nl + 1));
                    steps.add(new Step("Initial predicate", "", state, state.keySet()));
                }
            } else if (m.code() == TlcMessage.TRACE_STATE) {
                String body = m.body();
                int nl = body.indexOf('\n');
                String header = nl < 0 ? body : body.substring(0, nl);
                Matcher h = STATE_HEADER.matcher(header.strip());
                if (!h.find()) {
                    throw new IllegalStateException("unrecognised trace state header: " + header);
                }
                String action = h.group(2);
                String location = "";
                Matcher a = ACTION.matcher(action);
                if (a.find()) {
                    action = a.group(1);
                    location = a.group(2);
                }
                Map<String, TlaValue> state = state(nl < 0 ? "" : body.substring(nl + 1));
                Set<String> changed = new LinkedHashSet<>();
                for (Map.Entry<String, TlaValue> e : state.entrySet()) {
                    if (previous == null || !Objects.equals(previous.get(e.getKey()), e.getValue())) {
                        changed.add(e.getKey());
                    }
                }
                steps.add(new Step(action, location, state, changed));
                previous = state;
            } else if (m.code() == TlcMessage.TRACE_STUTTERING) {
                Matcher s = STUTTERING.matcher(m.body());
                if (s.find()) {
                    loop = Integer.parseInt(s.group(1)) - 2; // the last printed state repeats forever
                }
            } else if (m.code() == TlcMessage.TRACE_BACK_TO_STATE) {
                Matcher b = BACK_TO.matcher(m.body());
                if (b.find()) {
                    loop = Integer.parseInt(b.group(1)) - 1; // TLC numbers states from 1
                }
            }
        }
        if (steps.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new Counterexample(steps, loop == null ? OptionalInt.empty() : OptionalInt.of(loop)));
    }

    /**
     * A state is either {@code /\ x = v} conjuncts (several variables) or a single {@code x = v};
     * long values continue on indented lines.
     */
    static Map<String, TlaValue> state(String text) {
        Map<String, TlaValue> state = new LinkedHashMap<>();
        String t = text.strip();
        if (t.isEmpty()) {
            return state;
        }
        List<String> conjuncts = new ArrayList<>();
        if (t.startsWith("/\\")) {
            StringBuilder cur = null;
            for (String line : t.split("\n")) {
                if (line.startsWith("/\\ ")) {
                    if (cur != null) {
                        conjuncts.add(cur.toString());
                    }
                    cur = new StringBuilder(line.substring(3));
                } else if (cur != null) {
                    cur.append('\n').append(line);
                }
            }
            if (cur != null) {
                conjuncts.add(cur.toString());
            }
        } else {
            conjuncts.add(t);
        }
        for (String c : conjuncts) {
            int eq = c.indexOf(" = ");
            if (eq < 0) {
                throw new IllegalStateException("unrecognised state line: " + c);
            }
            state.put(c.substring(0, eq).strip(), TlaValueParser.parse(c.substring(eq + 3)));
        }
        return state;
    }

    static String tail(String output) {
        String[] lines = output.split("\n");
        int from = Math.max(0, lines.length - TAIL_LINES);
        return String.join("\n", java.util.Arrays.asList(lines).subList(from, lines.length));
    }

    private static long num(String s) {
        return Long.parseLong(s.replace(",", ""));
    }
}
