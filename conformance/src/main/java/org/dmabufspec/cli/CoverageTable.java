package org.dmabufspec.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.dmabufspec.tlc.ActionCoverage;
import org.dmabufspec.tlc.Expectation;
import org.dmabufspec.tlc.ExpressionCoverage;
import org.dmabufspec.tlc.Model;
import org.dmabufspec.tlc.ModelCoverage;
import org.dmabufspec.tlc.TlcResult;

/** One model's coverage as a plain-text or Markdown table of its actions. */
public final class CoverageTable {
    /** What one run of one model gave. */
    public record Entry(Model model, TlcResult result, Optional<ModelCoverage> coverage) {
        public boolean asExpected() {
            return model.expect().matches(result.verdict());
        }

        /** Only a complete exploration of a model that should pass shows a dead action; a violation stops TLC early. */
        public boolean passing() {
            return model.expect() instanceof Expectation.Ok && asExpected();
        }

        public List<ActionCoverage> neverTaken() {
            return coverage.map(ModelCoverage::neverTaken).orElse(List.of());
        }
    }

    private final SpecSource source;
    private final boolean markdown;

    /** One action's line: its label, counts and the NEVER TAKEN note (or "initial states", "not reached"). */
    public record Row(String action, long distinct, long generated, String note) {
    }

    CoverageTable(SpecSource source, boolean markdown) {
        this.source = source;
        this.markdown = markdown;
    }

    /** Plain-text rows for other renderings (the HTML report), with guard source quoted from {@code tlaDir}. */
    public static List<Row> rows(java.nio.file.Path tlaDir, Entry e) {
        CoverageTable t = new CoverageTable(new SpecSource(tlaDir), false);
        return e.coverage().map(c -> c.actions().stream()
                .map(a -> new Row(t.label(a), a.distinct(), a.generated(), t.note(e, a))).toList()).orElse(List.of());
    }

    void print(PrintWriter out, Entry e) {
        TlcResult r = e.result();
        String head = String.format(Locale.ROOT, "expected %s, verdict %s%s; %,d distinct states; %.1f s",
                code(e.model().expect().text()), code(r.verdict().summary()), e.asExpected() ? "" : " (NOT AS EXPECTED)",
                r.distinctStates(), CheckCommand.seconds(r.duration()));
        if (markdown) {
            out.println("### " + e.model().name());
            out.println();
            out.println(head);
            out.println();
        } else {
            out.println(e.model().name() + ": " + head);
        }
        if (e.coverage().isEmpty()) {
            out.println((markdown ? "" : "  ") + "no coverage report: TLC did not finish exploring");
            out.println();
            return;
        }
        if (!e.passing()) {
            out.println((markdown ? "" : "  ")
                    + "counts cover only the states TLC explored before it stopped; actions not reached are not flagged");
            if (markdown) {
                out.println();
            }
        }
        List<String[]> rows = new ArrayList<>();
        for (ActionCoverage a : e.coverage().get().actions()) {
            rows.add(new String[] {label(a),
                    String.format(Locale.ROOT, "%,d", a.distinct()), String.format(Locale.ROOT, "%,d", a.generated()),
                    note(e, a)});
        }
        if (markdown) {
            out.println("| action | distinct | generated | |");
            out.println("|---|---:|---:|---|");
            for (String[] row : rows) {
                out.println("| " + String.join(" | ", List.of(cell(row[0]), row[1], row[2], cell(row[3]))) + " |");
            }
        } else {
            plain(out, rows);
        }
        long actions = e.coverage().get().actions().stream().filter(a -> !a.init()).count();
        int dead = e.neverTaken().size();
        out.println((markdown ? "\n" : "  ") + actions + " action(s), "
                + (e.passing() ? dead + " never taken" : dead + " not reached before TLC stopped"));
        out.println();
    }

    /** TLC calls an action that is no definition's body (e.g. a hook set to FALSE in the cfg) just "Action": show where it is. */
    private String label(ActionCoverage a) {
        String label = markdown ? code(a.label()) : a.label();
        if (!a.name().equals("Action")) {
            return label;
        }
        String where = a.module() + ".tla:" + a.line();
        return label + " at " + source.text(a.location()).map(t -> code(t) + " (" + where + ")").orElse(where);
    }

    private String note(Entry e, ActionCoverage a) {
        if (a.init() || !a.neverTaken()) {
            return a.init() ? "initial states" : "";
        }
        if (!e.passing()) {
            return "not reached";
        }
        String why = a.guardNeverTrue().map(g -> ": evaluation never got past " + quote(g))
                .or(() -> a.firstNeverEvaluated().map(g -> ": evaluation never reached " + quote(g)))
                .orElse("");
        return (markdown ? "**NEVER TAKEN**" : "NEVER TAKEN") + why;
    }

    private String quote(ExpressionCoverage g) {
        String where = g.module() + ".tla:" + g.line();
        return source.text(g.location()).map(t -> code(t) + " (" + where + ")").orElse(where);
    }

    private String code(String s) {
        return markdown ? "`" + s + "`" : s;
    }

    /** A pipe would end the Markdown cell. */
    private static String cell(String s) {
        return s.replace("|", "\\|");
    }

    private static void plain(PrintWriter out, List<String[]> rows) {
        List<String[]> all = new ArrayList<>();
        all.add(new String[] {"action", "distinct", "generated", ""});
        all.addAll(rows);
        int[] width = new int[3];
        for (String[] row : all) {
            for (int i = 0; i < 3; i++) {
                width[i] = Math.max(width[i], row[i].length());
            }
        }
        for (int k = 0; k < all.size(); k++) {
            String[] row = all.get(k);
            String line = String.format("  %-" + width[0] + "s  %" + width[1] + "s  %" + width[2] + "s  %s",
                    row[0], row[1], row[2], row[3]).stripTrailing();
            out.println(line);
            if (k == 0) {
                out.println("  " + "-".repeat(line.length() - 2));
            }
        }
    }
}
