package org.dmabufspec.cli.report;

import static org.dmabufspec.cli.report.Html.esc;

import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.dmabufspec.cli.report.SequenceDiagram.Change;
import org.dmabufspec.cli.report.SequenceDiagram.DiagramStep;
import org.dmabufspec.cli.report.SequenceDiagram.Lane;

/**
 * Draws a {@link SequenceDiagram} as inline SVG: lane heads and lifelines, one row per step
 * (a box on the lane for an action, an arrow for a call onto another lane), each step a
 * {@code g.step} whose {@code <title>} lists what changed and which links to its row of the
 * side table. Colours come from the page's stylesheet (light and dark).
 */
public final class SvgRenderer {
    /** Width of one character of the 12 px monospace labels, rounded up. */
    static final double CHAR = 7.4;
    static final int GUTTER = 44;
    static final int HEAD_Y = 8;
    static final int HEAD_H = 40;
    static final int ROW = 36;
    static final int MIN_LANE = 120;
    private static final int TITLE_VALUE_MAX = 200;

    private SvgRenderer() {
    }

    /** The diagram's SVG; ids are prefixed with {@code id} so several diagrams fit on one page. */
    public static String render(SequenceDiagram d, String id) {
        List<Lane> lanes = d.lanes();
        Map<String, Integer> index = new HashMap<>();
        for (int i = 0; i < lanes.size(); i++) {
            index.put(lanes.get(i).id(), i);
        }
        double[] width = new double[lanes.size()];
        for (int i = 0; i < lanes.size(); i++) {
            Lane l = lanes.get(i);
            width[i] = Math.max(MIN_LANE, text(Math.max(l.label().length(), l.role().text().length())) + 20);
        }
        for (DiagramStep s : d.steps()) {
            if (s.selfStep()) {
                int i = index.get(s.from());
                width[i] = Math.max(width[i], text(s.label().length() + 4) + 20);
            }
        }
        double[] center = new double[lanes.size()];
        for (int k = 0; k < lanes.size(); k++) {
            double c = k == 0 ? GUTTER + width[0] / 2 : center[k - 1] + width[k - 1] / 2 + width[k] / 2 + 16;
            for (DiagramStep s : d.steps()) {
                int a = index.get(s.from());
                int b = index.get(s.to());
                if (a != b && Math.max(a, b) == k) {
                    c = Math.max(c, center[Math.min(a, b)] + text(s.label().length() + 4) + 24);
                }
            }
            center[k] = c;
        }
        int notes = (int) d.steps().stream().filter(s -> !s.note().isEmpty()).count() + (d.loopTo().isPresent() ? 1 : 0);
        double svgWidth = lanes.isEmpty() ? 200 : center[lanes.size() - 1] + width[lanes.size() - 1] / 2 + 12;
        for (DiagramStep s : d.steps()) {
            if (!s.note().isEmpty()) {
                svgWidth = Math.max(svgWidth, GUTTER + text(s.note().length()) + 20);
            }
        }
        double bodyTop = HEAD_Y + HEAD_H + 12;
        double height = bodyTop + d.steps().size() * ROW + notes * 24 + 12;
        StringBuilder b = new StringBuilder();
        b.append(String.format(Locale.ROOT,
                "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"seq\" id=\"%s\" width=\"%.0f\" height=\"%.0f\" viewBox=\"0 0 %.0f %.0f\""
                        + " role=\"img\" aria-label=\"%s\" data-steps=\"%d\" data-lanes=\"%d\">\n",
                esc(id), svgWidth, height, svgWidth, height,
                esc(d.title() + ": sequence diagram of " + d.steps().size() + " steps over " + lanes.size()
                        + " lanes; the table after it lists every step"),
                d.steps().size(), lanes.size()));
        b.append("<defs><marker id=\"").append(esc(id)).append("-arrow\" viewBox=\"0 0 10 10\" refX=\"10\" refY=\"5\""
                + " markerWidth=\"8\" markerHeight=\"8\" orient=\"auto-start-reverse\"><path class=\"head\" d=\"M0,0 L10,5 L0,10 z\"/></marker>"
                + "<marker id=\"").append(esc(id)).append("-arrow-hl\" viewBox=\"0 0 10 10\" refX=\"10\" refY=\"5\""
                + " markerWidth=\"6\" markerHeight=\"6\" orient=\"auto-start-reverse\"><path class=\"head hl\" d=\"M0,0 L10,5 L0,10 z\"/></marker></defs>\n");
        double bottom = height - 8;
        for (int i = 0; i < lanes.size(); i++) {
            Lane l = lanes.get(i);
            double x = center[i];
            b.append(String.format(Locale.ROOT, "<g class=\"lane %s\" data-lane=\"%s\">"
                            + "<rect class=\"lanehead\" x=\"%.1f\" y=\"%d\" width=\"%.1f\" height=\"%d\" rx=\"4\"/>"
                            + "<text class=\"lanelabel\" x=\"%.1f\" y=\"%d\" text-anchor=\"middle\">%s</text>"
                            + "<text class=\"lanerole\" x=\"%.1f\" y=\"%d\" text-anchor=\"middle\">%s</text>"
                            + "<line class=\"lifeline\" x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%.1f\"/></g>\n",
                    l.role().name().toLowerCase(Locale.ROOT), esc(l.id()),
                    x - width[i] / 2 + 4, HEAD_Y, width[i] - 8, HEAD_H,
                    x, HEAD_Y + 17, esc(l.label()), x, HEAD_Y + 33, esc(l.role().text()),
                    x, HEAD_Y + HEAD_H, x, bottom));
        }
        double y = bodyTop;
        for (DiagramStep s : d.steps()) {
            int a = index.get(s.from());
            int c = index.get(s.to());
            String stepId = id + "-s" + s.number();
            b.append(String.format(Locale.ROOT, "<a href=\"#%s-t%d\"><g class=\"step%s\" id=\"%s\" data-step=\"%d\" data-from=\"%s\" data-to=\"%s\">",
                    esc(id), s.number(), s.highlight() ? " hl" : "", esc(stepId), s.number(), esc(s.from()), esc(s.to())));
            b.append("<title>").append(esc(title(s))).append("</title>");
            b.append(String.format(Locale.ROOT, "<text class=\"num\" x=\"%d\" y=\"%.1f\" text-anchor=\"end\">%d</text>",
                    GUTTER - 8, y + 22, s.number()));
            double labelWidth = text(s.label().length());
            if (a == c) {
                double w = labelWidth + 16;
                b.append(String.format(Locale.ROOT, "<rect class=\"box\" x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"26\" rx=\"3\"/>"
                                + "<text class=\"label\" x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\">%s</text>",
                        center[a] - w / 2, y + 5, w, center[a], y + 22, esc(s.label())));
            } else {
                double x1 = center[a];
                double x2 = center[c];
                b.append(String.format(Locale.ROOT, "<line class=\"call\" x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" marker-end=\"url(#%s-arrow%s)\"/>"
                                + "<text class=\"label\" x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\">%s</text>",
                        x1, y + 27, x2, y + 27, esc(id), s.highlight() ? "-hl" : "", (x1 + x2) / 2, y + 20, esc(s.label())));
            }
            b.append("</g></a>\n");
            y += ROW;
            if (!s.note().isEmpty()) {
                b.append(String.format(Locale.ROOT, "<text class=\"note\" x=\"%d\" y=\"%.1f\">%s</text>\n", GUTTER, y + 14, esc(s.note())));
                y += 24;
            }
        }
        if (d.loopTo().isPresent()) {
            b.append(String.format(Locale.ROOT, "<text class=\"note loop\" x=\"%d\" y=\"%.1f\">then back to step %d, forever</text>\n",
                    GUTTER, y + 14, d.loopTo().get()));
        }
        b.append("</svg>\n");
        return b.toString();
    }

    private static double text(int chars) {
        return chars * CHAR;
    }

    /** What the browser shows on hover: the step and what changed. */
    static String title(DiagramStep s) {
        StringBuilder b = new StringBuilder();
        b.append(s.number()).append(". ").append(s.label());
        if (!s.note().isEmpty()) {
            b.append(" — ").append(s.note());
        }
        for (Change c : s.changes()) {
            String v = c.value().length() > TITLE_VALUE_MAX ? c.value().substring(0, TITLE_VALUE_MAX - 1) + "…" : c.value();
            b.append('\n').append(c.name()).append(" = ").append(v);
        }
        return b.toString();
    }
}
