package org.dmabufspec.conformance.checker;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.List;
import org.dmabufspec.rule.Rule;

/**
 * The immutable result of checking one trace (stable API: the native harness and the CLI use it).
 *
 * @param verdict         accepted, rejected or bad input
 * @param trace           the file checked
 * @param engine          the engine that decided
 * @param kernel          the header's kernel behaviour label and MoveNotify ("6.15, move_notify")
 * @param events          events in the trace (as far as it was read)
 * @param linearized      events the longest explanation covered
 * @param hiddenSteps     unlogged steps inferred on the accepted path (or the longest one)
 * @param peakCandidates  largest number of candidate states held at once (concurrency)
 * @param rejection       why the trace was rejected, or null
 * @param problem         why the input is bad, or null
 * @param notes           remarks that do not change the verdict (an aborted run, inference mode)
 * @param userspace       the second verdict class: rules the userspace program broke that the kernel
 *                        does not enforce (U1). They never change {@code verdict}, which judges the
 *                        kernel's behaviour only; empty when the program followed them
 */
public record CheckReport(Verdict verdict, String trace, Engine engine, String kernel, long events, long linearized,
                          long hiddenSteps, int peakCandidates, Rejection rejection, String problem, List<String> notes,
                          List<UserspaceWarning> userspace) {

    /** Exit code of {@code validate --strict-userspace} for a kernel-accepted trace with userspace warnings. */
    public static final int EXIT_USERSPACE_WARNINGS = 3;

    public CheckReport {
        notes = List.copyOf(notes);
        userspace = List.copyOf(userspace);
    }

    /** A report without userspace findings (engines that do not look at userspace's protocol use). */
    public CheckReport(Verdict verdict, String trace, Engine engine, String kernel, long events, long linearized,
                       long hiddenSteps, int peakCandidates, Rejection rejection, String problem, List<String> notes) {
        this(verdict, trace, engine, kernel, events, linearized, hiddenSteps, peakCandidates, rejection, problem, notes, List.of());
    }

    /**
     * The first event no candidate state explains, the candidate states just before it, and per
     * candidate the actions that could have produced it with the conditions that failed.
     */
    public record Rejection(long seq, long line, String thread, String op, List<Candidate> candidates) {
    }

    /** One candidate state (in kernel terms) and what each event that could come next made of it. */
    public record Candidate(String state, List<Attempt> attempts) {
    }

    /** An event tried in a candidate state and the conditions it failed, each naming its rule. */
    public record Attempt(long seq, String event, List<Violation> failed) {
    }

    /** This report with the userspace findings of a separate pass (the TLC engine's). */
    public CheckReport withUserspace(List<UserspaceWarning> warnings) {
        return new CheckReport(verdict, trace, engine, kernel, events, linearized, hiddenSteps, peakCandidates, rejection,
                problem, notes, warnings);
    }

    public boolean accepted() {
        return verdict == Verdict.ACCEPTED;
    }

    /** The kernel verdict's exit code: 0 accepted, 1 rejected, 2 bad input; userspace warnings do not change it. */
    public int exitCode() {
        return verdict.exitCode();
    }

    /**
     * With {@code strictUserspace}: a kernel-accepted trace whose program broke a userspace rule
     * exits {@value #EXIT_USERSPACE_WARNINGS}; otherwise as {@link #exitCode()}.
     */
    public int exitCode(boolean strictUserspace) {
        return strictUserspace && verdict == Verdict.ACCEPTED && !userspace.isEmpty() ? EXIT_USERSPACE_WARNINGS : exitCode();
    }

    /** "clean" or "warnings": the userspace program's protocol use, apart from the kernel verdict. */
    public String userspaceVerdict() {
        return userspace.isEmpty() ? "clean" : "warnings";
    }

    /** The rules named by the rejection (e.g. ["R3"]); empty when accepted. */
    public List<String> brokenRules() {
        if (rejection == null) {
            return List.of();
        }
        return rejection.candidates().stream().flatMap(c -> c.attempts().stream())
                .flatMap(a -> a.failed().stream()).map(v -> v.rule().id()).distinct().toList();
    }

    public String toText() {
        StringBuilder b = new StringBuilder();
        switch (verdict) {
            case ACCEPTED -> b.append("ACCEPTED ").append(trace).append(": ").append(events).append(" events are a behaviour of the spec (kernel ")
                    .append(kernel).append(", engine ").append(engine.name().toLowerCase()).append(")");
            case REJECTED -> b.append("REJECTED ").append(trace).append(": line ").append(rejection.line()).append(" (seq ")
                    .append(rejection.seq()).append(", thread ").append(rejection.thread()).append(", ").append(rejection.op())
                    .append(") is explained by no candidate state (kernel ").append(kernel).append(", engine ")
                    .append(engine.name().toLowerCase()).append("); ").append(linearized).append(" of ").append(events)
                    .append(" events were explained before it");
            case BAD_INPUT -> b.append("BAD INPUT ").append(problem);
        }
        b.append('\n');
        if (verdict != Verdict.BAD_INPUT) {
            b.append("  kernel behaviour: ").append(verdict == Verdict.ACCEPTED ? "accepted" : "rejected")
                    .append("; userspace protocol: ").append(userspace.isEmpty() ? "no warnings" : userspace.size() + " warning(s)").append('\n');
            for (UserspaceWarning w : userspace) {
                b.append("  userspace warning ").append(w).append('\n');
            }
        }
        if (hiddenSteps > 0) {
            b.append("  inferred ").append(hiddenSteps).append(" unlogged step(s)\n");
        }
        if (rejection != null) {
            int i = 1;
            for (Candidate c : rejection.candidates()) {
                b.append("  candidate state ").append(i++).append(":\n    ").append(c.state().replace("\n", "\n    ")).append('\n');
                for (Attempt a : c.attempts()) {
                    b.append("    ").append(a.event()).append(":\n");
                    for (Violation v : a.failed()) {
                        b.append("      ").append(v.rule().id()).append(": ").append(v.condition()).append('\n');
                    }
                }
            }
            for (String id : brokenRules()) {
                Rule r = Rule.of(id);
                b.append("  rule ").append(r.id()).append(": ").append(r.title())
                        .append(" (docs/rules.md#").append(r.anchor()).append(")\n");
            }
        }
        for (String n : notes) {
            b.append("  note: ").append(n).append('\n');
        }
        return b.toString();
    }

    public String toJson() {
        return toJson(false);
    }

    /** As {@link #toJson()}, with "exit" as {@code validate --strict-userspace} returns it when asked. */
    public String toJson(boolean strictUserspace) {
        ObjectMapper m = new ObjectMapper();
        ObjectNode o = m.createObjectNode();
        o.put("verdict", verdict.name().toLowerCase());
        o.put("exit", exitCode(strictUserspace));
        o.put("trace", trace);
        o.put("engine", engine.name().toLowerCase());
        o.put("kernel", kernel);
        o.put("events", events);
        o.put("linearized", linearized);
        o.put("hidden_steps", hiddenSteps);
        o.put("peak_candidates", peakCandidates);
        if (problem != null) {
            o.put("problem", problem);
        }
        if (rejection != null) {
            ObjectNode r = o.putObject("rejection");
            r.put("seq", rejection.seq());
            r.put("line", rejection.line());
            r.put("thread", rejection.thread());
            r.put("op", rejection.op());
            ArrayNode rules = r.putArray("rules");
            brokenRules().forEach(rules::add);
            ArrayNode titles = r.putArray("rule_titles");
            brokenRules().forEach(id -> titles.add(Rule.of(id).title()));
            ArrayNode cs = r.putArray("candidates");
            for (Candidate c : rejection.candidates()) {
                ObjectNode cn = cs.addObject();
                cn.put("state", c.state());
                ArrayNode as = cn.putArray("attempts");
                for (Attempt a : c.attempts()) {
                    ObjectNode an = as.addObject();
                    an.put("seq", a.seq());
                    an.put("event", a.event());
                    ArrayNode fs = an.putArray("failed");
                    for (Violation v : a.failed()) {
                        fs.addObject().put("rule", v.rule().id()).put("condition", v.condition());
                    }
                }
            }
        }
        ObjectNode u = o.putObject("userspace");
        u.put("verdict", userspaceVerdict());
        ArrayNode ws = u.putArray("warnings");
        for (UserspaceWarning w : userspace) {
            ObjectNode wn = ws.addObject();
            wn.put("rule", w.rule());
            wn.put("line", w.line());
            wn.put("seq", w.seq());
            wn.put("thread", w.thread());
            wn.put("op", w.op());
            wn.put("message", w.message());
        }
        ArrayNode ns = o.putArray("notes");
        notes.forEach(ns::add);
        return o.toPrettyString();
    }
}
