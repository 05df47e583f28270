package org.dmabufspec.tlc;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A TLC {@code .cfg} body as the cfg generator edits it: constant bindings (grouped in lines as
 * written), and the other sections as lists of names. Comments stay attached to what follows them
 * (or, trailing, to what precedes them on the line), so an edit that keeps an item keeps its comment.
 */
final class CfgBody {
    /** Sections in the order the generator writes them; TLC does not care about the order. */
    static final List<String> ORDER = List.of("SYMMETRY", "SPECIFICATION", "INIT", "NEXT", "CONSTRAINT",
            "ACTION_CONSTRAINT", "VIEW", "ALIAS", "CHECK_DEADLOCK", "INVARIANT", "PROPERTY", "POSTCONDITION");
    private static final Map<String, String> CANONICAL = Map.of("CONSTANT", "CONSTANTS", "INVARIANTS", "INVARIANT",
            "PROPERTIES", "PROPERTY", "CONSTRAINTS", "CONSTRAINT", "ACTION_CONSTRAINTS", "ACTION_CONSTRAINT");
    private static final Pattern TOKEN = Pattern.compile(
            "[ \\t\\r]+|\\n|\\\\\\*[^\\n]*|\\(\\*.*?\\*\\)|\"[^\"\\n]*\"|<-|[{}(),=]|<<|>>|[A-Za-z0-9_.\\-]+", Pattern.DOTALL);

    /** {@code name = value} or {@code name <- operator}; {@code lineStart}: begins a new line of the CONSTANTS block. */
    record Binding(String name, String op, String value, List<String> before, String trailing, boolean lineStart) {
        Binding {
            before = List.copyOf(before);
        }

        /** This binding with {@code from}'s value and comments (the family's may describe only its own value). */
        Binding withValue(Binding from) {
            return new Binding(name, from.op, from.value, from.before, from.trailing, lineStart);
        }
    }

    /** One name of a list section (an invariant, a property, the spec...). */
    record Item(String name, List<String> before, String trailing) {
        Item {
            before = List.copyOf(before);
        }

        static Item plain(String name) {
            return new Item(name, List.of(), null);
        }
    }

    /** A section other than CONSTANTS; {@code before}: comment lines above its keyword. */
    record Section(String keyword, List<String> before, List<Item> items) {
        Section {
            before = List.copyOf(before);
            items = List.copyOf(items);
        }

        List<String> names() {
            return items.stream().map(Item::name).toList();
        }
    }

    /** A syntax error at a 1-based line of the parsed text. */
    static final class SyntaxError extends Exception {
        final int line;

        SyntaxError(int line, String message) {
            super(message);
            this.line = line;
        }
    }

    final List<Binding> constants;
    final List<String> constantsBefore;
    final Map<String, Section> sections;

    CfgBody(List<Binding> constants, List<String> constantsBefore, Map<String, Section> sections) {
        this.constants = new ArrayList<>(constants);
        this.constantsBefore = new ArrayList<>(constantsBefore);
        this.sections = new LinkedHashMap<>(sections);
    }

    CfgBody copy() {
        return new CfgBody(constants, constantsBefore, sections);
    }

    Optional<Binding> binding(String name) {
        return constants.stream().filter(b -> b.name().equals(name)).findFirst();
    }

    /** Parses a cfg body (keywords and all). */
    static CfgBody parse(String text) throws SyntaxError {
        return parse(text, null);
    }

    /**
     * Parses {@code text}; with {@code onlyConstants} non-null it is a bare list of bindings (the
     * manifest's {@code constants:} field), as if under a CONSTANTS keyword.
     */
    static CfgBody parse(String text, String onlyConstants) throws SyntaxError {
        List<String> tokens = new ArrayList<>();
        Matcher m = TOKEN.matcher(text);
        int pos = 0;
        int line = 1;
        while (pos < text.length()) {
            if (!m.find(pos) || m.start() != pos) {
                throw new SyntaxError(line, "unexpected character '" + text.charAt(pos) + "'");
            }
            tokens.add(m.group());
            line += m.group().chars().filter(c -> c == '\n').count();
            pos = m.end();
        }
        List<Binding> constants = new ArrayList<>();
        List<String> constantsBefore = new ArrayList<>();
        Map<String, Section> sections = new LinkedHashMap<>();
        String keyword = onlyConstants;
        List<String> pending = new ArrayList<>();
        boolean newLine = true;
        boolean sawSignificantOnLine = false;
        line = 1;
        for (int i = 0; i < tokens.size(); i++) {
            String t = tokens.get(i);
            if (t.equals("\n")) {
                line++;
                newLine = true;
                sawSignificantOnLine = false;
                continue;
            }
            if (t.isBlank()) {
                continue;
            }
            if (t.startsWith("\\*") || t.startsWith("(*")) {
                line += t.chars().filter(c -> c == '\n').count();
                String c = t.startsWith("\\*") ? t.substring(2).strip() : t;
                if (sawSignificantOnLine) {
                    attachTrailing(keyword, constants, sections, c, line);
                } else {
                    pending.add(c);
                }
                continue;
            }
            sawSignificantOnLine = true;
            String kw = CANONICAL.getOrDefault(t, t);
            if (kw.equals("CONSTANTS") || ORDER.contains(kw)) {
                if (onlyConstants != null) {
                    throw new SyntaxError(line, "keyword " + t + " where only bindings `Name = value` or `Name <- Op` may stand");
                }
                keyword = kw;
                if (kw.equals("CONSTANTS")) {
                    constantsBefore.addAll(pending);
                } else {
                    Section old = sections.get(kw);
                    List<String> before = new ArrayList<>(old == null ? List.of() : old.before());
                    before.addAll(pending);
                    sections.put(kw, new Section(kw, before, old == null ? List.of() : old.items()));
                }
                pending.clear();
                newLine = false;
                continue;
            }
            if (keyword == null) {
                throw new SyntaxError(line, "'" + t + "' before any keyword (CONSTANTS, SPECIFICATION, INVARIANT...)");
            }
            if (keyword.equals("CONSTANTS")) {
                if (!t.matches("[A-Za-z_][A-Za-z0-9_]*")) {
                    throw new SyntaxError(line, "expected a constant name, got '" + t + "'");
                }
                int j = skipBlank(tokens, i + 1);
                if (j >= tokens.size() || !(tokens.get(j).equals("=") || tokens.get(j).equals("<-"))) {
                    throw new SyntaxError(line, "constant " + t + ": expected `" + t + " = value` or `" + t + " <- Operator`");
                }
                String op = tokens.get(j);
                j = skipBlank(tokens, j + 1);
                if (j >= tokens.size()) {
                    throw new SyntaxError(line, "constant " + t + ": no value after " + op);
                }
                StringBuilder value = new StringBuilder();
                if (tokens.get(j).equals("{")) {
                    int depth = 0;
                    for (; j < tokens.size(); j++) {
                        String v = tokens.get(j);
                        if (v.equals("\n")) {
                            line++;
                        }
                        if (v.isBlank()) {
                            value.append(' ');
                            continue;
                        }
                        depth += v.equals("{") ? 1 : v.equals("}") ? -1 : 0;
                        value.append(v);
                        if (depth == 0) {
                            break;
                        }
                    }
                    if (depth != 0) {
                        throw new SyntaxError(line, "constant " + t + ": unclosed '{'");
                    }
                } else {
                    value.append(tokens.get(j));
                }
                String v = value.toString().replaceAll("\\s+", " ").replace("{ ", "{").replace(" }", "}").replace(" ,", ",");
                if (constants.stream().anyMatch(b -> b.name().equals(t))) {
                    throw new SyntaxError(line, "constant " + t + " bound twice");
                }
                constants.add(new Binding(t, op, v, pending, null, newLine));
                pending.clear();
                newLine = false;
                i = j;
                continue;
            }
            Section s = sections.get(keyword);
            if (s.names().contains(t)) {
                throw new SyntaxError(line, keyword + " lists " + t + " twice");
            }
            List<Item> items = new ArrayList<>(s.items());
            items.add(new Item(t, pending, null));
            pending.clear();
            sections.put(keyword, new Section(keyword, s.before(), items));
        }
        if (!pending.isEmpty()) {
            throw new SyntaxError(line, "comment at the end, attached to nothing: \\* " + pending.get(0));
        }
        for (Section s : sections.values()) {
            if (s.items().isEmpty()) {
                throw new SyntaxError(line, "keyword " + s.keyword() + " with nothing after it");
            }
        }
        return new CfgBody(constants, constantsBefore, sections);
    }

    private static void attachTrailing(String keyword, List<Binding> constants, Map<String, Section> sections,
                                       String comment, int line) throws SyntaxError {
        if ("CONSTANTS".equals(keyword) && !constants.isEmpty()) {
            Binding b = constants.remove(constants.size() - 1);
            constants.add(new Binding(b.name(), b.op(), b.value(), b.before(), comment, b.lineStart()));
            return;
        }
        Section s = keyword == null ? null : sections.get(keyword);
        if (s == null || s.items().isEmpty()) {
            throw new SyntaxError(line, "a trailing comment must follow a binding or a name: \\* " + comment);
        }
        List<Item> items = new ArrayList<>(s.items());
        Item last = items.remove(items.size() - 1);
        items.add(new Item(last.name(), last.before(), comment));
        sections.put(keyword, new Section(keyword, s.before(), items));
    }

    private static int skipBlank(List<String> tokens, int i) {
        while (i < tokens.size() && tokens.get(i).isBlank() && !tokens.get(i).equals("\n")) {
            i++;
        }
        return i;
    }

    /** The cfg text: CONSTANTS first, then the sections in {@link #ORDER}. */
    String render() {
        StringBuilder b = new StringBuilder();
        comments(b, constantsBefore, "");
        if (!constants.isEmpty()) {
            b.append("CONSTANTS");
            boolean breakLine = true;
            for (Binding c : constants) {
                if (breakLine || c.lineStart() || !c.before().isEmpty()) {
                    b.append('\n');
                    comments(b, c.before(), "    ");
                    b.append("    ");
                } else {
                    b.append("  ");
                }
                b.append(c.name()).append(' ').append(c.op()).append(' ').append(c.value());
                if (c.trailing() != null) {
                    b.append("  \\* ").append(c.trailing());
                }
                breakLine = c.trailing() != null; // a trailing comment ends the line
            }
            b.append("\n\n");
        }
        for (String kw : ORDER) {
            Section s = sections.get(kw);
            if (s == null) {
                continue;
            }
            comments(b, s.before(), "");
            Item only = s.items().get(0);
            if (s.items().size() == 1 && only.before().isEmpty()) {
                b.append(kw).append(' ').append(only.name());
                if (only.trailing() != null) {
                    b.append("  \\* ").append(only.trailing());
                }
                b.append('\n');
                continue;
            }
            b.append(kw).append('\n');
            for (Item it : s.items()) {
                comments(b, it.before(), "    ");
                b.append("    ").append(it.name());
                if (it.trailing() != null) {
                    b.append("  \\* ").append(it.trailing());
                }
                b.append('\n');
            }
        }
        return b.toString();
    }

    private static void comments(StringBuilder b, List<String> lines, String indent) {
        for (String c : lines) {
            b.append(indent).append(c.startsWith("(*") ? c : ("\\* " + c).strip()).append('\n');
        }
    }
}
