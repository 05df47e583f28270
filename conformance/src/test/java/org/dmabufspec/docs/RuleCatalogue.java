package org.dmabufspec.docs;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** docs/rules.md read as data: one entry per {@code <a id>} section, with its field lines. */
record RuleCatalogue(List<Entry> entries) {
    static final Path FILE = Path.of("docs/rules.md");

    /** One section: anchor, id, title, and the "- **Field:** text" lines by field name. */
    record Entry(String anchor, String id, String title, Map<String, String> fields, int line) {
        /** The backticked names of a field ("`DmaResv!SlotAccounting`, `X`" gives both). */
        List<String> names(String field) {
            List<String> out = new ArrayList<>();
            String text = fields.get(field);
            if (text != null) {
                Matcher m = Pattern.compile("`([^`]+)`").matcher(text);
                while (m.find()) {
                    out.add(m.group(1));
                }
            }
            return out;
        }

        boolean isSeed() {
            return anchor.startsWith("seed-");
        }
    }

    private static final Pattern ANCHOR = Pattern.compile("<a id=\"([a-z0-9-]+)\"></a>");
    private static final Pattern HEADING = Pattern.compile("### (\\S+(?: \\d{3})?) — (.+)");
    private static final Pattern FIELD = Pattern.compile("- \\*\\*([A-Za-z ]+):\\*\\* ?(.*)");

    static RuleCatalogue load() {
        String[] lines = RepoFiles.read(FILE).split("\n", -1);
        List<Entry> entries = new ArrayList<>();
        for (int i = 0; i < lines.length; i++) {
            Matcher a = ANCHOR.matcher(lines[i]);
            if (!a.matches()) {
                continue;
            }
            if (i + 1 >= lines.length) {
                throw new IllegalStateException(FILE + ":" + (i + 1) + ": anchor without a heading");
            }
            Matcher h = HEADING.matcher(lines[i + 1]);
            if (!h.matches()) {
                throw new IllegalStateException(FILE + ":" + (i + 2) + ": expected '### ID — title' after the anchor");
            }
            Map<String, String> fields = new LinkedHashMap<>();
            int j = i + 2;
            String current = null;
            for (; j < lines.length && !lines[j].startsWith("<a id=") && !lines[j].startsWith("## "); j++) {
                Matcher f = FIELD.matcher(lines[j]);
                if (f.matches()) {
                    current = f.group(1);
                    if (fields.put(current, f.group(2).strip()) != null) {
                        throw new IllegalStateException(FILE + ":" + (j + 1) + ": field " + current + " twice");
                    }
                } else if (current != null && lines[j].startsWith("  ")) {
                    fields.merge(current, " " + lines[j].strip(), String::concat);
                } else {
                    current = null;
                }
            }
            entries.add(new Entry(a.group(1), h.group(1), h.group(2).strip(), fields, i + 1));
        }
        return new RuleCatalogue(List.copyOf(entries));
    }

    List<Entry> rules() {
        return entries.stream().filter(e -> !e.isSeed()).toList();
    }
}
