package org.dmabufspec.cli.report;

import static org.dmabufspec.cli.report.Html.esc;

import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.dmabufspec.tlc.TlcResult;

/** {@code diff.html}: the models whose verdict or size differs between a git revision's specs and the working tree. */
public record DiffPage(String base, List<SpecDiff> rows) {
    public DiffPage {
        rows = List.copyOf(rows);
    }

    public long changedCount() {
        return rows.stream().filter(SpecDiff::changed).count();
    }

    String body() {
        StringBuilder b = new StringBuilder();
        b.append("<p>").append(changedCount()).append(" of ").append(rows.size())
                .append(" model(s) changed verdict or size between <code>specs/</code> at <code>").append(esc(base))
                .append("</code> and the working tree. Changed models come first.</p>\n");
        b.append("<div class=\"scroll\"><table class=\"diff cards\">\n<thead><tr><th scope=\"col\">Model</th><th scope=\"col\">Change</th>"
                + "<th scope=\"col\">Verdict at " + esc(base) + "</th><th scope=\"col\">Verdict now</th>"
                + "<th scope=\"col\" class=\"num\">Distinct then</th><th scope=\"col\" class=\"num\">Distinct now</th>"
                + "<th scope=\"col\" class=\"num\">Depth then</th><th scope=\"col\" class=\"num\">Depth now</th></tr></thead>\n<tbody>\n");
        List<SpecDiff> ordered = rows.stream().sorted((x, y) -> Boolean.compare(y.changed(), x.changed())).toList();
        for (SpecDiff d : ordered) {
            b.append("<tr><th scope=\"row\">").append(esc(d.model())).append("</th><td")
                    .append(d.changed() ? " class=\"fail\"" : "").append(" data-label=\"Change\">").append(esc(d.change())).append("</td>")
                    .append(SiteWriter.td("Verdict at " + base, esc(d.base().map(r -> r.verdict().summary()).orElse("—"))))
                    .append(SiteWriter.td("Verdict now", esc(d.work().map(r -> r.verdict().summary()).orElse("—"))))
                    .append(SiteWriter.num("Distinct then", d.base().map(r -> String.format(Locale.ROOT, "%,d", r.distinctStates())).orElse("—")))
                    .append(SiteWriter.num("Distinct now", d.work().map(r -> String.format(Locale.ROOT, "%,d", r.distinctStates())).orElse("—")))
                    .append(SiteWriter.num("Depth then", d.base().map(r -> SpecDiff.depth(r.depth())).orElse("—")))
                    .append(SiteWriter.num("Depth now", d.work().map(r -> SpecDiff.depth(r.depth())).orElse("—")))
                    .append("</tr>\n");
        }
        return b.append("</tbody>\n</table></div>\n").toString();
    }

    /** The plain-text table printed on stdout. */
    public String text() {
        StringBuilder b = new StringBuilder();
        b.append(String.format(Locale.ROOT, "spec diff against %s: %d of %d model(s) changed verdict or size%n", base, changedCount(), rows.size()));
        for (SpecDiff d : rows) {
            if (d.changed()) {
                b.append(String.format(Locale.ROOT, "  %-40s %-16s %s -> %s%n", d.model(), d.change(), summary(d.base()), summary(d.work())));
            }
        }
        return b.toString();
    }

    private static String summary(Optional<TlcResult> r) {
        return r.map(x -> String.format(Locale.ROOT, "%s, %,d states, depth %s", x.verdict().summary(), x.distinctStates(),
                SpecDiff.depth(x.depth()))).orElse("(no such model)");
    }


}
