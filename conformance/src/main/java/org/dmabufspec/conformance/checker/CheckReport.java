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
 */
public record CheckReport(Verdict verdict, String trace, Engine engine, String kernel, long events, long linearized,
                          long hiddenSteps, int peakCandidates, Rejection rejection, String problem, List<String> notes) {

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

    public boolean accepted() {
        return verdict == Verdict.ACCEPTED;
    }

    public int exitCode() {
        return verdict.exitCode();
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
        ObjectMapper m = new ObjectMapper();
        ObjectNode o = m.createObjectNode();
        o.put("verdict", verdict.name().toLowerCase());
        o.put("exit", exitCode());
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
        ArrayNode ns = o.putArray("notes");
        notes.forEach(ns::add);
        return o.toPrettyString();
    }
}
