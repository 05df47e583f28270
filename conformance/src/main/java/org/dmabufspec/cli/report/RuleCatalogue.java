package org.dmabufspec.cli.report;

import static org.dmabufspec.cli.report.Html.esc;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The rule catalogue ({@code docs/rules.md}) as far as the report needs it: per rule id its
 * Markdown section, embedded in the site's {@code rules.html} so links work offline and when the
 * site is moved. Without a catalogue every cited id still gets an anchor, saying so.
 */
public final class RuleCatalogue {
    /** Ids of kernel rules and bugs as the specs cite them: R3, F13, U4, B12. */
    public static final Pattern ID = Pattern.compile("\\b([RFUB])(\\d{1,2}b?)\\b");
    private static final Pattern HEADING = Pattern.compile("^(#{1,6})\\s+(.*)$");
    private static final Pattern ANCHOR = Pattern.compile("<a\\s+(?:id|name)=\"([A-Za-z][A-Za-z0-9-]*)\"");
    private static final Pattern TABLE_ROW = Pattern.compile("^\\|\\s*(?:\\*\\*|`)?([RFUB]\\d{1,2})\\b.*\\|\\s*$");

    private final Optional<Path> source;
    private final Map<String, List<String>> sections;
    private final Set<String> cited = new LinkedHashSet<>();

    private RuleCatalogue(Optional<Path> source, Map<String, List<String>> sections) {
        this.source = source;
        this.sections = sections;
    }

    /** Reads {@code file} when it exists; an absent catalogue is not an error. */
    public static RuleCatalogue load(Path file) {
        if (!Files.isRegularFile(file)) {
            return new RuleCatalogue(Optional.empty(), Map.of());
        }
        try {
            return new RuleCatalogue(Optional.of(file), parse(Files.readAllLines(file)));
        } catch (IOException e) {
            return new RuleCatalogue(Optional.empty(), Map.of());
        }
    }

    static Map<String, List<String>> parse(List<String> lines) {
        Map<String, List<String>> out = new LinkedHashMap<>();
        List<String> current = null;
        int level = 7;
        boolean anchored = false; // an anchor line just opened a section: the next heading is its title
        for (String line : lines) {
            Matcher h = HEADING.matcher(line);
            Matcher a = ANCHOR.matcher(line);
            Matcher t = TABLE_ROW.matcher(line);
            String id = null;
            if (a.find()) {
                id = a.group(1).toUpperCase(Locale.ROOT);
                current = out.computeIfAbsent(id, k -> new ArrayList<>());
                level = 7;
                anchored = true;
                String rest = line.replaceAll("<a[^>]*>\\s*</a>", "").strip();
                if (!rest.isEmpty()) {
                    current.add(rest);
                }
                continue;
            }
            if (h.matches() && anchored) {
                current.add(line.strip());
                level = h.group(1).length();
                anchored = false;
                continue;
            }
            if (h.matches()) {
                Matcher m = ID.matcher(h.group(2).replaceAll("[*`]", ""));
                if (m.lookingAt()) {
                    id = m.group(1) + m.group(2);
                }
            } else if (t.matches()) {
                out.computeIfAbsent(t.group(1), k -> new ArrayList<>()).add(line);
                continue;
            }
            if (id != null) {
                current = out.computeIfAbsent(id, k -> new ArrayList<>());
                level = h.group(1).length();
                current.add(line.strip());
            } else if (h.matches() && h.group(1).length() <= level) {
                current = null;
                level = 7;
                anchored = false;
            } else if (current != null && !line.isBlank() || current != null && !current.isEmpty()) {
                current.add(line);
            }
        }
        return out;
    }

    public Optional<Path> source() {
        return source;
    }

    /** The anchor of a rule id in rules.html. */
    public static String anchor(String id) {
        return id.toLowerCase(Locale.ROOT);
    }

    /** Text with every rule id linked to rules.html (relative to a page {@code up} levels deep); records the ids. */
    public String link(String text, String prefix) {
        Matcher m = ID.matcher(text);
        StringBuilder b = new StringBuilder();
        int last = 0;
        while (m.find()) {
            String id = m.group(1) + m.group(2);
            cited.add(id);
            b.append(esc(text.substring(last, m.start())))
                    .append("<a class=\"rule\" href=\"").append(prefix).append("rules.html#").append(anchor(id)).append("\">")
                    .append(esc(id)).append("</a>");
            last = m.end();
        }
        return b.append(esc(text.substring(last))).toString();
    }

    /** A link to one rule by its id and its anchor in docs/rules.md (checker rules such as STATE too); records it. */
    public String linkRule(String id, String anchor, String prefix) {
        cited.add(id);
        return "<a class=\"rule\" href=\"" + prefix + "rules.html#" + esc(anchor) + "\">" + esc(id) + "</a>";
    }

    /** The rule ids in a text, in order, without repeats. */
    public static List<String> ids(String text) {
        Set<String> out = new LinkedHashSet<>();
        Matcher m = ID.matcher(text);
        while (m.find()) {
            out.add(m.group(1) + m.group(2));
        }
        return List.copyOf(out);
    }

    /** The body of rules.html: every catalogue rule, then every cited id the catalogue lacks. */
    public String body() {
        StringBuilder b = new StringBuilder();
        if (source.isEmpty()) {
            b.append("<p>No rule catalogue (<code>docs/rules.md</code>) was found when this report was written:"
                    + " the ids below are the ones the report cites, without their text.</p>\n");
        } else {
            b.append("<p>From <code>").append(esc(source.get().getFileName().toString()))
                    .append("</code> of the repository, embedded so that this page works offline.</p>\n");
        }
        Set<String> all = new LinkedHashSet<>(sections.keySet());
        all.addAll(cited);
        b.append("<dl class=\"rules\">\n");
        for (String id : all) {
            List<String> text = sections.get(id);
            // A section that starts with its heading ("R3 — Map and unmap ...") is titled by it.
            boolean titled = text != null && !text.isEmpty() && text.get(0).startsWith("#");
            String dt = titled ? text.get(0).replaceFirst("^#+\\s*", "") : id;
            b.append("<dt id=\"").append(esc(anchor(id))).append("\">").append(inline(dt)).append("</dt>\n<dd>");
            if (titled) {
                text = text.subList(1, text.size());
            }
            if (text == null) {
                b.append("<p>not in the catalogue</p>");
            } else {
                b.append(markdown(text));
            }
            b.append("</dd>\n");
        }
        return b.append("</dl>\n").toString();
    }

    /** Enough Markdown for a rule's section: headings as strong, paragraphs, lists, tables as text, inline code. */
    static String markdown(List<String> lines) {
        StringBuilder b = new StringBuilder();
        StringBuilder para = new StringBuilder();
        boolean list = false;
        for (String raw : lines) {
            String line = raw.strip();
            boolean item = line.startsWith("- ") || line.startsWith("* ");
            if (line.isEmpty() || item || line.startsWith("#") || line.startsWith("|")) {
                if (para.length() > 0) {
                    b.append("<p>").append(inline(para.toString().strip())).append("</p>");
                    para.setLength(0);
                }
            }
            if (!item && list && !line.isEmpty()) {
                b.append("</ul>");
                list = false;
            }
            if (line.isEmpty()) {
                continue;
            }
            if (item) {
                if (!list) {
                    b.append("<ul>");
                    list = true;
                }
                b.append("<li>").append(inline(line.substring(2))).append("</li>");
            } else if (line.startsWith("#")) {
                b.append("<p><strong>").append(inline(line.replaceFirst("^#+\\s*", ""))).append("</strong></p>");
            } else if (line.startsWith("|")) {
                if (!line.matches("^\\|[\\s|:-]+\\|$")) {
                    b.append("<p>").append(inline(line.replaceAll("^\\||\\|$", "").replace("|", " — ").strip())).append("</p>");
                }
            } else {
                para.append(line).append(' ');
            }
        }
        if (para.length() > 0) {
            b.append("<p>").append(inline(para.toString().strip())).append("</p>");
        }
        if (list) {
            b.append("</ul>");
        }
        return b.toString();
    }

    private static String inline(String s) {
        String t = s.replaceAll("\\[([^\\]]*)\\]\\([^)]*\\)", "$1");
        String e = esc(t);
        e = e.replaceAll("`([^`]*)`", "<code>$1</code>");
        return e.replaceAll("\\*\\*([^*]+)\\*\\*", "<strong>$1</strong>");
    }
}
