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
import org.dmabufspec.tlc.TierCoverage;
import org.dmabufspec.tlc.TlcResult;
import org.dmabufspec.tlc.ValueDeclarations;
import org.dmabufspec.tlc.ValueInstrumentation;
import org.dmabufspec.tlc.ValueObservations;
import java.util.Set;
import java.util.TreeSet;

/** One model's coverage as a plain-text or Markdown table of its actions. */
public final class CoverageTable {
    /** What one run of one model gave. */
    public record Entry(Model model, TlcResult result, Optional<ModelCoverage> coverage,
                        Optional<ValueInstrumentation.Run> values) {
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

        public Optional<ValueObservations> valuesSeen() {
            return values.map(ValueInstrumentation.Run::values);
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
        e.values().ifPresent(v -> printValues(out, v));
    }

    /** Per instrumented facet of one model: the values its steps took, out of its domain here. */
    private void printValues(PrintWriter out, ValueInstrumentation.Run v) {
        List<String[]> rows = new ArrayList<>();
        for (ValueDeclarations.Action a : v.plan().instrumented()) {
            for (ValueDeclarations.Facet f : a.facets()) {
                ValueObservations.FacetKey k = new ValueObservations.FacetKey(a.module(), a.name(), f.name());
                Set<String> domain = v.values().domains().getOrDefault(k, Set.of());
                Set<String> taken = v.values().taken().getOrDefault(k, Set.of());
                Set<String> notTaken = new TreeSet<>(domain);
                notTaken.removeAll(taken);
                rows.add(new String[] {a.name(), f.name(), String.join(" ", taken), notTaken.isEmpty() ? "" : String.join(" ", notTaken)});
            }
        }
        v.plan().skipped().forEach((name, why) -> rows.add(new String[] {name, "(not instrumented)", "", why}));
        if (rows.isEmpty()) {
            return;
        }
        if (markdown) {
            out.println("| action | facet | values taken | not taken here |");
            out.println("|---|---|---|---|");
            rows.forEach(r -> out.println("| " + code(r[0]) + " | " + cell(r[1]) + " | " + cell(r[2]) + " | " + cell(r[3]) + " |"));
        } else {
            table(out, new String[] {"action", "facet", "values taken", "not taken here"}, rows);
        }
        out.println();
    }

    /** The models taken together: facets over the tier and every problem --strict fails on. */
    void printTier(PrintWriter out, TierCoverage tier, List<String> problems) {
        if (tier.models().isEmpty()) {
            return;
        }
        out.println((markdown ? "### " : "") + "Value coverage of the " + tier.models().size() + " passing model(s) together");
        out.println();
        List<String[]> rows = new ArrayList<>();
        for (TierCoverage.FacetReport f : tier.facets()) {
            List<String> notes = new ArrayList<>();
            if (!f.missing().isEmpty()) {
                notes.add("MISSING " + String.join(" ", f.missing()));
            }
            f.unreachable().keySet().forEach(u -> notes.add("unreachable " + u));
            if (!f.takenThoughUnreachable().isEmpty()) {
                notes.add("TAKEN THOUGH DECLARED UNREACHABLE " + String.join(" ", f.takenThoughUnreachable()));
            }
            if (!f.outsideDomain().isEmpty()) {
                notes.add("OUTSIDE DOMAIN " + String.join(" ", f.outsideDomain()));
            }
            rows.add(new String[] {f.key().module() + "!" + f.key().action(), f.key().facet(),
                    f.taken().size() + "/" + f.domain().size(), String.join("; ", notes)});
        }
        if (markdown) {
            out.println("| action | facet | values taken | |");
            out.println("|---|---|---:|---|");
            rows.forEach(r -> out.println("| " + code(r[0]) + " | " + cell(r[1]) + " | " + r[2] + " | " + cell(r[3]) + " |"));
        } else {
            table(out, new String[] {"action", "facet", "taken", ""}, rows);
        }
        out.println();
        if (problems.isEmpty()) {
            out.println("every action taken and every required value reached by some model");
        } else {
            out.println(problems.size() + " coverage gap(s):");
            problems.forEach(p -> out.println((markdown ? "- " : "  ") + p));
        }
        out.println();
    }

    private static void table(PrintWriter out, String[] head, List<String[]> rows) {
        List<String[]> all = new ArrayList<>();
        all.add(head);
        all.addAll(rows);
        int[] width = new int[head.length - 1];
        for (String[] row : all) {
            for (int i = 0; i < width.length; i++) {
                width[i] = Math.max(width[i], row[i].length());
            }
        }
        for (int k = 0; k < all.size(); k++) {
            StringBuilder line = new StringBuilder(" ");
            for (int i = 0; i < width.length; i++) {
                line.append(' ').append(String.format("%-" + width[i] + "s", all.get(k)[i])).append(' ');
            }
            line.append(' ').append(all.get(k)[head.length - 1]);
            String text = line.toString().stripTrailing();
            out.println(text);
            if (k == 0) {
                out.println("  " + "-".repeat(text.length() - 2));
            }
        }
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
