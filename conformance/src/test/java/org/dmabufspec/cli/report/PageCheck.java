package org.dmabufspec.cli.report;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * What the browser tests read off a loaded report page: its diagrams as laid out by Chromium
 * (steps, lanes, each step's box inside the drawing, its hover title, its table row) and its
 * links, and the problems found in them. A page passes when the list of problems is empty.
 */
final class PageCheck {
    /** Runs in the page: per diagram the declared and drawn counts, per step its box and hover title. */
    static final String DIAGRAMS = """
            [...document.querySelectorAll('svg.seq')].map(svg => {
              const box = svg.getBoundingClientRect();
              return {
                id: svg.id,
                declaredSteps: Number(svg.dataset.steps),
                declaredLanes: Number(svg.dataset.lanes),
                lanes: [...svg.querySelectorAll('g.lane')].map(l => l.dataset.lane),
                laneLabels: [...svg.querySelectorAll('g.lane text.lanelabel')].map(t => t.textContent),
                rows: document.querySelectorAll('tr[id^="' + svg.id + '-t"]').length,
                steps: [...svg.querySelectorAll('g.step')].map(g => {
                  const r = g.getBoundingClientRect();
                  const title = g.querySelector('title');
                  const label = g.querySelector('text.label');
                  return {n: Number(g.dataset.step), from: g.dataset.from, to: g.dataset.to,
                          highlighted: g.classList.contains('hl'), w: r.width, h: r.height,
                          inside: r.width > 0 && r.height > 0 && r.left >= box.left - 1 && r.right <= box.right + 1
                                  && r.top >= box.top - 1 && r.bottom <= box.bottom + 1,
                          title: title ? title.textContent : '', label: label ? label.textContent : ''};
                }),
                notes: [...svg.querySelectorAll('text.note')].map(t => t.textContent)
              };
            })""";

    /** Every link's target, those inside SVG too (their href is an SVGAnimatedString). */
    static final String LINKS = "[...document.querySelectorAll('a[href]')]"
            + ".map(a => typeof a.href === 'string' ? a.href : new URL(a.href.baseVal, document.baseURI).href)";

    private PageCheck() {
    }

    /** The problems of one diagram as the browser laid it out. */
    static List<String> diagramProblems(JsonNode d) {
        List<String> out = new ArrayList<>();
        String id = d.path("id").asText();
        JsonNode steps = d.path("steps");
        List<String> lanes = new ArrayList<>();
        d.path("lanes").forEach(l -> lanes.add(l.asText()));
        if (steps.size() != d.path("declaredSteps").asInt()) {
            out.add(id + ": " + d.path("declaredSteps").asInt() + " steps declared, " + steps.size() + " drawn");
        }
        if (lanes.size() != d.path("declaredLanes").asInt()) {
            out.add(id + ": " + d.path("declaredLanes").asInt() + " lanes declared, " + lanes.size() + " drawn");
        }
        if (new HashSet<>(lanes).size() != lanes.size()) {
            out.add(id + ": a lane is drawn twice: " + lanes);
        }
        if (d.path("rows").asInt() != steps.size()) {
            out.add(id + ": " + steps.size() + " steps drawn but " + d.path("rows").asInt() + " rows in its table");
        }
        for (int i = 0; i < steps.size(); i++) {
            JsonNode s = steps.get(i);
            int n = s.path("n").asInt();
            if (n != i + 1) {
                out.add(id + ": step " + (i + 1) + " is numbered " + n);
            }
            if (!s.path("inside").asBoolean()) {
                out.add(id + ": step " + n + " is empty or drawn outside the diagram (" + s.path("w").asDouble() + " x "
                        + s.path("h").asDouble() + ")");
            }
            if (!lanes.contains(s.path("from").asText()) || !lanes.contains(s.path("to").asText())) {
                out.add(id + ": step " + n + " goes from " + s.path("from").asText() + " to " + s.path("to").asText()
                        + ", not both lanes of " + lanes);
            }
            if (!s.path("title").asText().startsWith(n + ". ") || s.path("label").asText().isBlank()) {
                out.add(id + ": step " + n + " has no label or no hover title");
            }
        }
        return out;
    }

    /** Links to files that do not exist or to ids their page lacks; remote links. */
    static List<String> linkProblems(JsonNode hrefs) throws IOException {
        List<String> out = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (JsonNode h : hrefs) {
            String href = h.asText();
            if (!seen.add(href)) {
                continue;
            }
            URI u = URI.create(href);
            if (!"file".equals(u.getScheme())) {
                out.add("link leaves the report: " + href);
                continue;
            }
            Path file = Path.of(u.getPath());
            if (!Files.isRegularFile(file)) {
                out.add("link to a missing file: " + href);
            } else if (u.getFragment() != null && !u.getFragment().isEmpty()
                    && !Files.readString(file).contains("id=\"" + u.getFragment() + "\"")) {
                out.add("link to a missing anchor: " + href);
            }
        }
        return out;
    }
}
