package org.dmabufspec.conformance.relation;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.dmabufspec.tlc.TlaValue;
import org.dmabufspec.tlc.TlaValueParser;
import org.dmabufspec.tlc.TlaValueSyntaxException;

/**
 * TLC's state graph as {@code -dump dot,actionlabels} writes it: one node per distinct state
 * (id = fingerprint, label = the state's {@code /\ var = value} lines, initial states
 * {@code style = filled}) and one edge per generated transition, labelled with the action name.
 */
public record DotGraph(Map<Long, Node> nodes, List<Edge> edges) {

    /** One distinct state; {@code line} is where the dump defines it. */
    public record Node(long id, Map<String, TlaValue> variables, boolean initial, int line) {
        public Node {
            variables = Collections.unmodifiableMap(new LinkedHashMap<>(variables));
        }
    }

    /** One transition {@code from -> to} by {@code action}. */
    public record Edge(long from, long to, String action, int line) {
    }

    private static final Pattern NODE = Pattern.compile("^(-?\\d+) \\[label=\"(.*)\"(,style = filled)?\\];?$");
    private static final Pattern EDGE = Pattern.compile(
            "^(-?\\d+) -> (-?\\d+) \\[label=\"([A-Za-z0-9_!]+)\",color=\"black\",fontcolor=\"black\"\\];$");
    private static final Pattern IGNORED = Pattern.compile(
            "^(strict digraph DiskGraph \\{|nodesep=0\\.35;|subgraph cluster_graph \\{|color=\"white\";|\\{rank = same; [-0-9;]*\\}|\\}|)$");

    public DotGraph {
        nodes = Collections.unmodifiableMap(new LinkedHashMap<>(nodes));
        edges = List.copyOf(edges);
    }

    public static DotGraph read(Path file) {
        try {
            return parse(Files.readString(file), file.toString());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the state graph " + file, e);
        }
    }

    /** Parses a dump; {@code source} names it in errors. */
    public static DotGraph parse(String text, String source) {
        Map<Long, Node> nodes = new LinkedHashMap<>();
        List<Edge> edges = new ArrayList<>();
        String[] lines = text.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            int lineNo = i + 1;
            String line = lines[i].strip();
            Matcher e = EDGE.matcher(line);
            if (e.matches()) {
                edges.add(new Edge(id(e.group(1), source, lineNo), id(e.group(2), source, lineNo), e.group(3), lineNo));
                continue;
            }
            Matcher n = NODE.matcher(line);
            if (n.matches()) {
                long id = id(n.group(1), source, lineNo);
                Node node = new Node(id, state(unescape(n.group(2), source, lineNo), source, lineNo), n.group(3) != null, lineNo);
                Node before = nodes.put(id, node);
                if (before != null) {
                    throw new DotGraphException(source, lineNo, "state " + id + " defined twice (first on line " + before.line() + ")");
                }
                continue;
            }
            if (!IGNORED.matcher(line).matches()) {
                throw new DotGraphException(source, lineNo, "not a node, an edge or TLC's graph boilerplate: "
                        + abbreviate(line));
            }
        }
        for (Edge edge : edges) {
            for (long end : new long[] {edge.from(), edge.to()}) {
                if (!nodes.containsKey(end)) {
                    throw new DotGraphException(source, edge.line(), "edge names state " + end + ", which the dump does not define");
                }
            }
        }
        return new DotGraph(nodes, edges);
    }

    public List<Node> initialNodes() {
        return nodes.values().stream().filter(Node::initial).toList();
    }

    /** Dot's escapes in a label: {@code \\} is a backslash, {@code \"} a quote, {@code \n} a line break. */
    static String unescape(String label, String source, int line) {
        StringBuilder b = new StringBuilder(label.length());
        for (int i = 0; i < label.length(); i++) {
            char c = label.charAt(i);
            if (c != '\\') {
                b.append(c);
                continue;
            }
            if (i + 1 >= label.length()) {
                throw new DotGraphException(source, line, "label ends in a lone backslash");
            }
            char next = label.charAt(++i);
            switch (next) {
                case '\\' -> b.append('\\');
                case '"' -> b.append('"');
                case 'n' -> b.append('\n');
                default -> throw new DotGraphException(source, line, "unknown escape \\" + next + " in a label");
            }
        }
        return b.toString();
    }

    /** The {@code /\ var = value} lines of a state; a long value may continue on following lines. */
    static Map<String, TlaValue> state(String label, String source, int line) {
        Map<String, TlaValue> vars = new LinkedHashMap<>();
        List<String> conjuncts = new ArrayList<>();
        for (String l : label.split("\n")) {
            if (l.startsWith("/\\ ")) {
                conjuncts.add(l.substring(3));
            } else if (!conjuncts.isEmpty()) {
                conjuncts.set(conjuncts.size() - 1, conjuncts.get(conjuncts.size() - 1) + "\n" + l);
            } else if (!l.isBlank()) {
                throw new DotGraphException(source, line, "state label does not start with '/\\ var = value': " + abbreviate(l));
            }
        }
        for (String c : conjuncts) {
            int eq = c.indexOf(" = ");
            if (eq < 0) {
                throw new DotGraphException(source, line, "'var = value' expected in state label: " + abbreviate(c));
            }
            String name = c.substring(0, eq).strip();
            if (!name.matches("[A-Za-z_][A-Za-z0-9_]*")) {
                throw new DotGraphException(source, line, "bad variable name '" + name + "' in state label");
            }
            TlaValue value;
            try {
                value = TlaValueParser.parse(c.substring(eq + 3));
            } catch (TlaValueSyntaxException ex) {
                throw new DotGraphException(source, line, "variable " + name + ": " + ex.getMessage(), ex);
            }
            if (vars.put(name, value) != null) {
                throw new DotGraphException(source, line, "variable " + name + " appears twice in one state");
            }
        }
        if (vars.isEmpty()) {
            throw new DotGraphException(source, line, "state label has no variables");
        }
        return vars;
    }

    private static long id(String text, String source, int line) {
        try {
            return Long.parseLong(text);
        } catch (NumberFormatException e) {
            throw new DotGraphException(source, line, "state id is not a 64-bit fingerprint: " + text);
        }
    }

    private static String abbreviate(String s) {
        return s.length() <= 120 ? s : s.substring(0, 120) + "...";
    }
}
