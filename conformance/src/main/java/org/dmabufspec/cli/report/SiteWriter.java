package org.dmabufspec.cli.report;

import static org.dmabufspec.cli.report.Html.esc;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.dmabufspec.cli.CoverageTable;
import org.dmabufspec.cli.ShowCommand;
import org.dmabufspec.cli.report.SequenceDiagram.Change;
import org.dmabufspec.cli.report.SequenceDiagram.DiagramStep;
import org.dmabufspec.conformance.checker.CheckReport;
import org.dmabufspec.conformance.checker.Violation;
import org.dmabufspec.tlc.Counterexample;
import org.dmabufspec.tlc.Model;
import org.dmabufspec.tlc.TlcResult;

/**
 * Writes the report as static pages: {@code index.html} (model and trace tables), one page per
 * model ({@code models/NAME.html}: coverage, counterexample diagram) and per trace
 * ({@code traces/NAME.html}: verdict, first divergent event), {@code rules.html},
 * {@code diff.html} with {@code --diff}, and {@code style.css}. No script, no remote resource.
 */
public final class SiteWriter {
    private final Path out;
    private final RuleCatalogue rules;
    private final String generated;

    public SiteWriter(Path out, RuleCatalogue rules) {
        this.out = out;
        this.rules = rules;
        this.generated = ZonedDateTime.now(ZoneOffset.UTC).format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'"));
    }

    /** Page file names of the traces, unique even when two traces share a file name. */
    public static Map<TraceOutcome, String> tracePages(List<TraceOutcome> traces) {
        Map<TraceOutcome, String> out = new LinkedHashMap<>();
        Set<String> used = new HashSet<>();
        for (TraceOutcome t : traces) {
            String base = Html.slug(t.file().getFileName().toString().replaceFirst("\\.ndjson$", ""));
            String name = base;
            for (int i = 2; !used.add(name); i++) {
                name = base + "-" + i;
            }
            out.put(t, "traces/" + name + ".html");
        }
        return out;
    }

    public void write(String title, List<ModelOutcome> models, List<TraceOutcome> traces, Optional<DiffPage> diff)
            throws IOException {
        Files.createDirectories(out.resolve("models"));
        Files.createDirectories(out.resolve("traces"));
        try (InputStream css = SiteWriter.class.getResourceAsStream("style.css")) {
            if (css == null) {
                throw new IllegalStateException("style.css is missing from the jar");
            }
            Files.write(out.resolve("style.css"), css.readAllBytes());
        }
        Map<TraceOutcome, String> pages = tracePages(traces);
        for (ModelOutcome m : models) {
            page("models/" + Html.slug(m.model().name()) + ".html", m.model().name(), "../", modelBody(m));
        }
        for (TraceOutcome t : traces) {
            page(pages.get(t), t.file().getFileName().toString(), "../", traceBody(t));
        }
        if (diff.isPresent()) {
            page("diff.html", "Spec diff against " + diff.get().base(), "", diff.get().body());
        }
        page("index.html", title, "", indexBody(models, traces, pages, diff));
        // Last: every page above has cited its rule ids.
        page("rules.html", "Rule catalogue", "", rules.body());
    }

    private void page(String file, String title, String prefix, String body) {
        String html = "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
                + "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
                + "<title>" + esc(title) + " — dmabuf report</title>\n"
                + "<link rel=\"stylesheet\" href=\"" + prefix + "style.css\">\n</head>\n<body>\n"
                + "<header><nav aria-label=\"report\"><a href=\"" + prefix + "index.html\">Report</a>"
                + "<a href=\"" + prefix + "rules.html\">Rules</a></nav>\n<h1>" + esc(title) + "</h1></header>\n"
                + "<main>\n" + body + "</main>\n"
                + "<footer>Written by <code>dmabuf report</code> on " + esc(generated) + ".</footer>\n</body>\n</html>\n";
        try {
            Files.writeString(out.resolve(file), html, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private String indexBody(List<ModelOutcome> models, List<TraceOutcome> traces, Map<TraceOutcome, String> pages,
                             Optional<DiffPage> diff) {
        StringBuilder b = new StringBuilder();
        long asExpected = models.stream().filter(ModelOutcome::asExpected).count();
        long tracesAsExpected = traces.stream().filter(TraceOutcome::asExpected).count();
        b.append("<p class=\"summary\">").append(models.size()).append(" model(s): ").append(asExpected)
                .append(" as expected, ").append(models.size() - asExpected).append(" not");
        if (!traces.isEmpty()) {
            b.append("; ").append(traces.size()).append(" trace(s): ").append(tracesAsExpected).append(" as expected, ")
                    .append(traces.size() - tracesAsExpected).append(" not");
        }
        b.append(".</p>\n");
        diff.ifPresent(d -> b.append("<p><a href=\"diff.html\">Spec diff against ").append(esc(d.base())).append("</a>: ")
                .append(d.changedCount()).append(" of ").append(d.rows().size()).append(" model(s) changed verdict or size.</p>\n"));
        if (!models.isEmpty()) {
            b.append("<h2 id=\"models\">Models</h2>\n<p>Each model is a TLC run of one configuration of the specs."
                    + " An expected-violation model passes only when TLC finds exactly the violation it is there to show;"
                    + " its page draws the counterexample.</p>\n");
            b.append("<div class=\"scroll\"><table class=\"models cards\">\n<thead><tr><th scope=\"col\">Model</th><th scope=\"col\">Expected</th>"
                    + "<th scope=\"col\">Verdict</th><th scope=\"col\">Result</th><th scope=\"col\" class=\"num\">Distinct states</th>"
                    + "<th scope=\"col\" class=\"num\">Depth</th><th scope=\"col\" class=\"num\">Time (s)</th><th scope=\"col\">Rules</th></tr></thead>\n<tbody>\n");
            for (ModelOutcome m : models) {
                TlcResult r = m.result();
                b.append("<tr><th scope=\"row\"><a href=\"models/").append(Html.slug(m.model().name())).append(".html\">")
                        .append(esc(m.model().name())).append("</a></th>").append(td("Expected", esc(m.model().expect().text())))
                        .append(td("Verdict", esc(r.verdict().summary()))).append(td("Result", result(m.asExpected())))
                        .append(num("Distinct states", String.format(Locale.ROOT, "%,d", r.distinctStates())))
                        .append(num("Depth", SpecDiff.depth(r.depth()))).append(num("Time (s)", seconds(r)))
                        .append(td("Rules", ruleLinks(m.model().demonstrates(), ""))).append("</tr>\n");
            }
            b.append("</tbody>\n</table></div>\n");
        }
        if (!traces.isEmpty()) {
            b.append("<h2 id=\"traces\">Traces</h2>\n<p>Each trace was checked against the specs under the kernel behaviour"
                    + " its header names. A trace that carries an injected bug is expected to be rejected.</p>\n");
            b.append("<div class=\"scroll\"><table class=\"traces cards\">\n<thead><tr><th scope=\"col\">Trace</th><th scope=\"col\">Kernel</th>"
                    + "<th scope=\"col\">Expected</th><th scope=\"col\">Verdict</th><th scope=\"col\">Result</th>"
                    + "<th scope=\"col\" class=\"num\">Events</th><th scope=\"col\">First divergent event</th><th scope=\"col\">Rules</th></tr></thead>\n<tbody>\n");
            for (TraceOutcome t : traces) {
                CheckReport r = t.report();
                b.append("<tr><th scope=\"row\"><a href=\"").append(pages.get(t)).append("\">")
                        .append(esc(t.file().getFileName().toString())).append("</a></th>").append(td("Kernel", esc(r.kernel())))
                        .append(td("Expected", t.expectRejection() ? "rejected" : "accepted"))
                        .append(td("Verdict", esc(r.verdict().name().toLowerCase(Locale.ROOT).replace('_', ' '))))
                        .append(td("Result", result(t.asExpected()))).append(num("Events", Long.toString(r.events())))
                        .append(td("First divergent event", r.rejection() == null ? "—"
                                : esc("line " + r.rejection().line() + ": " + r.rejection().op())))
                        .append(td("Rules", String.join(" ", r.brokenRules().stream().map(id -> ruleLink(id, "")).toList())))
                        .append("</tr>\n");
            }
            b.append("</tbody>\n</table></div>\n");
        }
        return b.toString();
    }

    private String modelBody(ModelOutcome m) {
        Model model = m.model();
        TlcResult r = m.result();
        StringBuilder b = new StringBuilder();
        b.append("<p>").append(rules.link(model.demonstrates(), "../")).append("</p>\n<dl class=\"facts\">\n");
        fact(b, "Result", result(m.asExpected()));
        fact(b, "Expected", esc(model.expect().text()));
        fact(b, "Verdict", esc(r.verdict().summary()));
        fact(b, "Distinct states", String.format(Locale.ROOT, "%,d", r.distinctStates()));
        fact(b, "States generated", String.format(Locale.ROOT, "%,d", r.statesGenerated()));
        fact(b, "Depth", SpecDiff.depth(r.depth()));
        fact(b, "Time", seconds(r) + " s");
        fact(b, "Module and config", "<code>" + esc(model.module()) + "</code>, <code>" + esc(model.cfg()) + "</code>");
        b.append("</dl>\n");
        if (!m.explanation().isBlank()) {
            b.append("<pre>").append(esc(m.explanation().strip())).append("</pre>\n");
        }
        if (r.counterexample().isPresent()) {
            Counterexample c = r.counterexample().get();
            String ending = ShowCommand.ending(r.verdict(), c);
            SequenceDiagram d = CounterexampleDiagram.of(model.name() + " counterexample", c, ending);
            b.append("<h2 id=\"counterexample\">Counterexample</h2>\n<p>").append(m.asExpected()
                    ? "The violation this model is there to show, "
                    : "<strong class=\"fail\">An unexpected violation</strong>, ")
                    .append(c.steps().size()).append(" states: per step the action (named after the kernel function it models)"
                            + " and, in the table and on hover, the variables it changed.</p>\n");
            b.append(diagram(d, "cx"));
        }
        b.append("<h2 id=\"coverage\">Coverage</h2>\n");
        if (m.coverage().isEmpty()) {
            b.append("<p>No coverage report: TLC did not finish exploring.</p>\n");
        } else {
            if (!m.entry().passing()) {
                b.append("<p>Counts cover only the states TLC explored before it stopped; actions not reached are not flagged.</p>\n");
            }
            b.append("<div class=\"scroll\"><table class=\"coverage\">\n<thead><tr><th scope=\"col\">Action</th>"
                    + "<th scope=\"col\" class=\"num\">Distinct</th><th scope=\"col\" class=\"num\">Generated</th><th scope=\"col\">Note</th></tr></thead>\n<tbody>\n");
            for (CoverageTable.Row row : m.coverage()) {
                b.append("<tr").append(row.note().startsWith("NEVER TAKEN") ? " class=\"dead\"" : "").append("><th scope=\"row\"><code>")
                        .append(esc(row.action())).append("</code></th><td class=\"num\">")
                        .append(String.format(Locale.ROOT, "%,d", row.distinct())).append("</td><td class=\"num\">")
                        .append(String.format(Locale.ROOT, "%,d", row.generated())).append("</td><td>").append(esc(row.note()))
                        .append("</td></tr>\n");
            }
            b.append("</tbody>\n</table></div>\n");
            int dead = m.entry().neverTaken().size();
            b.append("<p>").append(m.coverage().stream().filter(x -> !x.note().equals("initial states")).count())
                    .append(" action(s), ").append(m.entry().passing() ? dead + " never taken" : dead + " not reached before TLC stopped")
                    .append(".</p>\n");
        }
        return b.toString();
    }

    private String traceBody(TraceOutcome t) {
        CheckReport r = t.report();
        StringBuilder b = new StringBuilder();
        b.append("<dl class=\"facts\">\n");
        fact(b, "Result", result(t.asExpected()));
        fact(b, "Expected", t.expectRejection() ? "rejected (the trace carries an injected bug)" : "accepted");
        fact(b, "Verdict", esc(r.verdict().name().toLowerCase(Locale.ROOT).replace('_', ' ')));
        fact(b, "File", "<code>" + esc(t.file().toString()) + "</code>");
        fact(b, "Kernel", esc(r.kernel()));
        fact(b, "Engine", esc(r.engine().name().toLowerCase(Locale.ROOT)));
        fact(b, "Events", r.events() + (r.rejection() == null ? "" : ", " + r.linearized() + " explained before the divergent one"));
        if (r.hiddenSteps() > 0) {
            fact(b, "Unlogged steps inferred", Long.toString(r.hiddenSteps()));
        }
        b.append("</dl>\n");
        if (r.problem() != null) {
            b.append("<p class=\"fail\">Bad input: ").append(esc(r.problem())).append("</p>\n");
        }
        for (String n : r.notes()) {
            b.append("<p>Note: ").append(esc(n)).append("</p>\n");
        }
        if (r.rejection() != null) {
            CheckReport.Rejection rej = r.rejection();
            b.append("<h2 id=\"divergence\">First divergent event</h2>\n<p>Line ").append(rej.line()).append(" (seq ")
                    .append(rej.seq()).append(", thread <code>").append(esc(rej.thread())).append("</code>, <code>")
                    .append(esc(rej.op())).append("</code>) is explained by no candidate state. Rules broken: ")
                    .append(String.join(", ", r.brokenRules().stream().map(id -> ruleLink(id, "../")).toList())).append(".</p>\n");
            t.diagram().ifPresent(d -> b.append("<p>The events before it, as the trace logged them; the divergent event is"
                    + " the last step, in red.</p>\n").append(diagram(d, "tr")));
            b.append("<h2 id=\"candidates\">Candidate states</h2>\n<p>").append(rej.candidates().size())
                    .append(" candidate state(s) just before the divergent event, and per candidate what each event that could"
                            + " come next breaks.</p>\n");
            int i = 1;
            for (CheckReport.Candidate c : rej.candidates()) {
                b.append("<section class=\"candidate\" id=\"candidate-").append(i).append("\"><h3>Candidate ").append(i++)
                        .append("</h3>\n<pre>").append(esc(c.state())).append("</pre>\n");
                b.append("<div class=\"scroll\"><table>\n<thead><tr><th scope=\"col\">Event</th><th scope=\"col\">Rule</th>"
                        + "<th scope=\"col\">Failed condition</th></tr></thead>\n<tbody>\n");
                for (CheckReport.Attempt a : c.attempts()) {
                    for (Violation v : a.failed()) {
                        b.append("<tr><td><code>").append(esc(a.event())).append("</code></td><td>")
                                .append(rules.linkRule(v.rule().id(), v.rule().anchor(), "../"))
                                .append("</td><td>").append(esc(v.condition())).append("</td></tr>\n");
                    }
                }
                b.append("</tbody>\n</table></div>\n</section>\n");
            }
        }
        return b.toString();
    }

    /** The SVG and its side table: per step the lanes and what changed; the step's anchor is {@code prefix-tN}. */
    static String diagram(SequenceDiagram d, String prefix) {
        StringBuilder b = new StringBuilder("<div class=\"diagram\">\n<figure>\n");
        b.append(SvgRenderer.render(d, prefix));
        b.append("<figcaption>").append(esc(d.title())).append(": ").append(d.steps().size()).append(" steps, ")
                .append(d.lanes().size()).append(" lanes (").append(esc(String.join(", ", d.lanes().stream().map(l -> l.label()).toList())))
                .append("). Hover a step for what changed.</figcaption>\n</figure>\n");
        b.append("<div class=\"steps scroll\"><table class=\"steps\">\n<caption>Steps and what each changed</caption>\n"
                + "<thead><tr><th scope=\"col\" class=\"num\">#</th><th scope=\"col\">Action</th><th scope=\"col\">Lanes</th>"
                + "<th scope=\"col\">Changed</th></tr></thead>\n<tbody>\n");
        for (DiagramStep s : d.steps()) {
            String from = laneLabel(d, s.from());
            String to = laneLabel(d, s.to());
            b.append("<tr id=\"").append(prefix).append("-t").append(s.number()).append("\"")
                    .append(s.highlight() ? " class=\"fail\"" : "").append("><td class=\"num\"><a href=\"#").append(prefix)
                    .append("-s").append(s.number()).append("\">").append(s.number()).append("</a></td><td><code>")
                    .append(esc(s.label())).append("</code>").append(s.note().isEmpty() ? "" : "<br>" + esc(s.note()))
                    .append("</td><td>").append(esc(s.selfStep() ? from : from + " → " + to)).append("</td><td><ul class=\"changes\">");
            for (Change c : s.changes()) {
                b.append("<li><code>").append(esc(c.name())).append(" = ").append(esc(c.value())).append("</code></li>");
            }
            b.append("</ul></td></tr>\n");
        }
        return b.append("</tbody>\n</table></div>\n</div>\n").toString();
    }

    private static String laneLabel(SequenceDiagram d, String id) {
        return d.lanes().stream().filter(l -> l.id().equals(id)).findFirst().map(l -> l.label()).orElse(id);
    }

    /** A checker verdict's rule, by the anchor the rule type gives it. */
    private String ruleLink(String id, String prefix) {
        return rules.linkRule(id, org.dmabufspec.rule.Rule.of(id).anchor(), prefix);
    }

    private String ruleLinks(String text, String prefix) {
        List<String> ids = RuleCatalogue.ids(text);
        return rules.link(String.join(" ", ids), prefix);
    }

    /** A cell that names its column, for the phone layout where each row is a card. */
    static String td(String column, String html) {
        return "<td data-label=\"" + esc(column) + "\">" + html + "</td>";
    }

    static String num(String column, String text) {
        return "<td class=\"num\" data-label=\"" + esc(column) + "\">" + esc(text) + "</td>";
    }

    private static void fact(StringBuilder b, String name, String html) {
        b.append("<dt>").append(esc(name)).append("</dt><dd>").append(html).append("</dd>\n");
    }

    static String result(boolean asExpected) {
        return asExpected ? "<span class=\"pass\">as expected</span>" : "<span class=\"fail\">NOT as expected</span>";
    }

    private static String seconds(TlcResult r) {
        return String.format(Locale.ROOT, "%.1f", r.duration().toMillis() / 1000.0);
    }
}
