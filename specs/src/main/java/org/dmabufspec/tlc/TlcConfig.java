package org.dmabufspec.tlc;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The few facts the harness needs from a TLC {@code .cfg}: its sections by keyword. A section runs
 * from its keyword to the next keyword; comments are dropped.
 */
public final class TlcConfig {
    private static final Set<String> KEYWORDS = Set.of("CONSTANT", "CONSTANTS", "INIT", "NEXT", "SPECIFICATION",
            "INVARIANT", "INVARIANTS", "PROPERTY", "PROPERTIES", "CONSTRAINT", "CONSTRAINTS", "ACTION_CONSTRAINT",
            "ACTION_CONSTRAINTS", "SYMMETRY", "VIEW", "CHECK_DEADLOCK", "ALIAS", "POSTCONDITION");

    /** One section: keyword and the text after it. */
    public record Section(String keyword, String text) {
    }

    private final List<Section> sections;

    private TlcConfig(List<Section> sections) {
        this.sections = List.copyOf(sections);
    }

    public static TlcConfig read(Path cfg) throws IOException {
        return parse(Files.readString(cfg));
    }

    public static TlcConfig parse(String text) {
        String noComments = text.replaceAll("(?s)\\(\\*.*?\\*\\)", " ").replaceAll("\\\\\\*[^\n]*", "");
        List<Section> sections = new ArrayList<>();
        String keyword = null;
        StringBuilder body = new StringBuilder();
        for (String token : noComments.split("(?<=\\s)|(?=\\s)")) {
            if (KEYWORDS.contains(token)) {
                if (keyword != null) {
                    sections.add(new Section(keyword, body.toString().strip()));
                }
                keyword = token;
                body.setLength(0);
            } else if (keyword != null) {
                body.append(token);
            }
        }
        if (keyword != null) {
            sections.add(new Section(keyword, body.toString().strip()));
        }
        return new TlcConfig(sections);
    }

    public List<Section> sections() {
        return sections;
    }

    /** Names listed under PROPERTY/PROPERTIES. */
    public List<String> properties() {
        return names("PROPERTY", "PROPERTIES");
    }

    public List<String> invariants() {
        return names("INVARIANT", "INVARIANTS");
    }

    /** The CONSTANT sections verbatim, to re-bind the same constants in a derived model. */
    public String constantSections() {
        StringBuilder b = new StringBuilder();
        for (Section s : sections) {
            if (s.keyword().startsWith("CONSTANT")) {
                b.append("CONSTANTS\n").append(s.text()).append('\n');
            }
        }
        return b.toString();
    }

    /** The cfg text with every PROPERTY section replaced by just {@code property}. */
    public String withOnlyProperty(String property) {
        StringBuilder b = new StringBuilder();
        for (Section s : sections) {
            if (!s.keyword().startsWith("PROPERT")) {
                b.append(s.keyword()).append('\n').append(s.text()).append('\n');
            }
        }
        return b.append("PROPERTY ").append(property).append('\n').toString();
    }

    private List<String> names(String... keywords) {
        List<String> out = new ArrayList<>();
        for (Section s : sections) {
            if (List.of(keywords).contains(s.keyword())) {
                for (String n : s.text().split("\\s+")) {
                    if (!n.isBlank()) {
                        out.add(n);
                    }
                }
            }
        }
        return out;
    }
}
