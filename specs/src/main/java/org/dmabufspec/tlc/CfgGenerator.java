package org.dmabufspec.tlc;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Writes every model's {@code .cfg} from the manifest: a family's shared cfg body
 * ({@code families: NAME: cfg: |}) edited by the entry's fields, so an entry states only what
 * differs. The committed cfgs are this generator's output (CfgGeneratorTest keeps them so).
 */
public final class CfgGenerator {
    /** The entry fields that describe the cfg; the others are the manifest's run fields. */
    static final Set<String> CFG_FIELDS = Set.of("family", "comment", "constants", "drop_constants", "spec", "init",
            "next", "check_deadlock", "invariants", "add_invariants", "drop_invariants", "properties",
            "add_properties", "drop_properties", "constraints", "symmetry");
    private static final Set<String> FAMILY_FIELDS = Set.of("cfg");
    /** List fields replacing a whole section, with add_/drop_ variants where the section has them. */
    private static final Map<String, String> LISTS = Map.of("invariants", "INVARIANT", "properties", "PROPERTY",
            "constraints", "CONSTRAINT", "symmetry", "SYMMETRY");
    static final String COMMAND = "./dmabuf cfgs --write";

    private CfgGenerator() {
    }

    /** One generated cfg: its file name (relative to specs/tla) and text. */
    public record Generated(String cfg, String text, int line) {
    }

    /** The cfgs of the manifest at {@code file}, in manifest order; all problems reported at once. */
    public static List<Generated> generate(Path file) {
        String text;
        try {
            text = Files.readString(file);
        } catch (IOException e) {
            throw new ManifestException(List.of(file + ": cannot read: " + e.getMessage()));
        }
        return generate(text, file);
    }

    static List<Generated> generate(String text, Path file) {
        String shown = file.getFileName().toString();
        List<String> problems = new ArrayList<>();
        Map<String, CfgBody> families = new LinkedHashMap<>();
        List<Generated> out = new ArrayList<>();
        List<JsonNode> entries = new ArrayList<>();
        List<Integer> lines = new ArrayList<>();
        ObjectMapper mapper = new ObjectMapper(new YAMLFactory());
        try (JsonParser p = mapper.getFactory().createParser(text)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw new ManifestException(List.of(file + ":1: expected a mapping with the key 'models'"));
            }
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String key = p.currentName();
                JsonToken t = p.nextToken();
                if (key.equals("families") && t == JsonToken.START_OBJECT) {
                    while (p.nextToken() == JsonToken.FIELD_NAME) {
                        String name = p.currentName();
                        int line = p.currentLocation().getLineNr();
                        p.nextToken();
                        family(name, mapper.readTree(p), line, file, problems).ifPresent(b -> families.put(name, b));
                    }
                } else if (key.equals("models") && t == JsonToken.START_ARRAY) {
                    while (p.nextToken() != JsonToken.END_ARRAY) {
                        lines.add(p.currentLocation().getLineNr());
                        entries.add(mapper.readTree(p));
                    }
                } else {
                    p.skipChildren(); // Manifest reports other keys
                }
            }
        } catch (IOException e) {
            throw new ManifestException(List.of(file + ": not valid YAML: " + e.getMessage()));
        }
        for (int i = 0; i < entries.size(); i++) {
            entry(entries.get(i), lines.get(i), shown, file, families, problems).ifPresent(out::add);
        }
        if (!problems.isEmpty()) {
            throw new ManifestException(problems);
        }
        return out;
    }

    private static Optional<CfgBody> family(String name, JsonNode node, int line, Path file, List<String> problems) {
        String where = file + ":" + line + ": family '" + name + "'";
        if (!node.isObject()) {
            problems.add(where + ": expected a mapping with the field 'cfg'");
            return Optional.empty();
        }
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            String f = it.next();
            if (!FAMILY_FIELDS.contains(f)) {
                problems.add(where + ": unknown field '" + f + "' (known: cfg)");
            }
        }
        if (!node.path("cfg").isTextual()) {
            problems.add(where + ": field 'cfg' is missing or not a text block (cfg: |)");
            return Optional.empty();
        }
        try {
            return Optional.of(CfgBody.parse(node.get("cfg").asText()));
        } catch (CfgBody.SyntaxError e) {
            problems.add(file + ":" + (line + 1 + e.line) + ": family '" + name + "': field 'cfg': " + e.getMessage());
            return Optional.empty();
        }
    }

    private static Optional<Generated> entry(JsonNode node, int line, String shown, Path file,
                                             Map<String, CfgBody> families, List<String> problems) {
        if (!node.isObject()) {
            return Optional.empty(); // Manifest reports it
        }
        String name = node.path("name").asText("<unnamed>");
        String where = file + ":" + line + ": entry '" + name + "'";
        int before = problems.size();
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            String f = it.next();
            if (!Manifest.FIELDS.contains(f) && !CFG_FIELDS.contains(f)) {
                Set<String> known = new TreeSet<>(Manifest.FIELDS);
                known.addAll(CFG_FIELDS);
                problems.add(where + ": unknown field '" + f + "' (known: " + String.join(", ", known) + ")");
            }
        }
        String cfg = node.path("cfg").asText("");
        if (!cfg.endsWith(".cfg") || cfg.contains("/")) {
            problems.add(where + ": field 'cfg': '" + cfg + "' must name a .cfg file in tla/");
        }
        CfgBody body = new CfgBody(List.of(), List.of(), Map.of());
        String familyName = null;
        if (node.has("family")) {
            familyName = node.get("family").asText();
            CfgBody fam = families.get(familyName);
            if (fam == null) {
                problems.add(where + ": field 'family': unknown family '" + familyName + "' (known: "
                        + String.join(", ", new TreeSet<>(families.keySet())) + ")");
            } else {
                body = fam.copy();
            }
        }
        if (problems.size() > before) {
            return Optional.empty();
        }
        edit(body, node, where, problems);
        if (!body.sections.containsKey("SPECIFICATION") && !body.sections.containsKey("INIT")) {
            problems.add(where + ": no SPECIFICATION and no INIT/NEXT: state 'spec' (or 'init' and 'next') or a family"
                    + " (the cfg is generated from the entry: docs/model-checking.md, The cfg of a model)");
        }
        if (problems.size() > before) {
            return Optional.empty();
        }
        StringBuilder b = new StringBuilder();
        b.append("\\* Generated from specs/models.yaml (entry ").append(name)
                .append(familyName == null ? "" : ", family " + familyName)
                .append(") by `").append(COMMAND).append("`: edit the manifest, not this file.\n");
        if (node.has("comment")) {
            for (String c : node.get("comment").asText().strip().split("\n", -1)) {
                b.append(("\\* " + c).stripTrailing()).append('\n');
            }
        }
        b.append(body.render());
        return Optional.of(new Generated(cfg, b.toString(), line));
    }

    /** Applies the entry's fields to the family's body, in place. */
    private static void edit(CfgBody body, JsonNode node, String where, List<String> problems) {
        if (node.has("constants")) {
            try {
                CfgBody c = CfgBody.parse(node.get("constants").asText(), "CONSTANTS");
                for (CfgBody.Binding nb : c.constants) {
                    Optional<CfgBody.Binding> old = body.binding(nb.name());
                    if (old.isPresent()) {
                        body.constants.set(body.constants.indexOf(old.get()), old.get().withValue(nb));
                    } else {
                        body.constants.add(nb);
                    }
                }
            } catch (CfgBody.SyntaxError e) {
                problems.add(where + ": field 'constants': line " + e.line + " of the block: " + e.getMessage());
            }
        }
        for (String drop : list(node, "drop_constants", where, problems)) {
            if (!body.constants.removeIf(b -> b.name().equals(drop))) {
                problems.add(where + ": field 'drop_constants': the family binds no constant '" + drop + "'");
            }
        }
        if (node.has("spec")) {
            body.sections.remove("INIT");
            body.sections.remove("NEXT");
            body.sections.put("SPECIFICATION", single("SPECIFICATION", node, "spec", where, problems));
        }
        for (String f : List.of("init", "next")) {
            if (node.has(f)) {
                if (node.has("spec")) {
                    problems.add(where + ": field '" + f + "': give either 'spec' or 'init' and 'next', not both");
                }
                body.sections.remove("SPECIFICATION");
                body.sections.put(f.toUpperCase(), single(f.toUpperCase(), node, f, where, problems));
            }
        }
        if (node.has("check_deadlock")) {
            JsonNode d = node.get("check_deadlock");
            if (!d.isBoolean()) {
                problems.add(where + ": field 'check_deadlock': expected true or false, got " + d);
            } else if (d.asBoolean()) {
                body.sections.remove("CHECK_DEADLOCK"); // TLC's default
            } else {
                body.sections.put("CHECK_DEADLOCK", new CfgBody.Section("CHECK_DEADLOCK",
                        body.sections.containsKey("CHECK_DEADLOCK") ? body.sections.get("CHECK_DEADLOCK").before() : List.of(),
                        List.of(CfgBody.Item.plain("FALSE"))));
            }
        }
        for (Map.Entry<String, String> l : new java.util.TreeMap<>(LISTS).entrySet()) {
            editList(body, node, l.getKey(), l.getValue(), where, problems);
        }
    }

    private static void editList(CfgBody body, JsonNode node, String field, String kw, String where, List<String> problems) {
        CfgBody.Section old = body.sections.get(kw);
        List<CfgBody.Item> items = new ArrayList<>(old == null ? List.of() : old.items());
        List<String> before = old == null ? List.of() : old.before();
        boolean changed = false;
        if (node.has(field)) {
            List<CfgBody.Item> replaced = new ArrayList<>();
            for (String n : list(node, field, where, problems)) {
                // a name the family lists keeps the family's comment on it
                replaced.add(items.stream().filter(i -> i.name().equals(n)).findFirst().orElse(CfgBody.Item.plain(n)));
            }
            items = replaced;
            changed = true;
        }
        for (String n : list(node, "drop_" + field, where, problems)) {
            if (!items.removeIf(i -> i.name().equals(n))) {
                problems.add(where + ": field 'drop_" + field + "': '" + n + "' is not in the family's " + kw);
            }
            changed = true;
        }
        for (String n : list(node, "add_" + field, where, problems)) {
            if (items.stream().anyMatch(i -> i.name().equals(n))) {
                problems.add(where + ": field 'add_" + field + "': '" + n + "' is already in the family's " + kw);
            }
            items.add(CfgBody.Item.plain(n));
            changed = true;
        }
        if (!changed) {
            return;
        }
        if (items.isEmpty()) {
            body.sections.remove(kw);
        } else {
            // a comment above the keyword describes the family's list; an edited list drops it
            body.sections.put(kw, new CfgBody.Section(kw, List.of(), items));
        }
    }

    private static CfgBody.Section single(String kw, JsonNode node, String field, String where, List<String> problems) {
        String v = node.get(field).asText();
        if (!v.matches("[A-Za-z_][A-Za-z0-9_]*")) {
            problems.add(where + ": field '" + field + "': expected one operator name, got '" + v + "'");
        }
        return new CfgBody.Section(kw, List.of(), List.of(CfgBody.Item.plain(v)));
    }

    private static List<String> list(JsonNode node, String field, String where, List<String> problems) {
        if (!node.has(field) || node.get(field).isNull()) {
            return List.of();
        }
        JsonNode n = node.get(field);
        if (!n.isArray()) {
            problems.add(where + ": field '" + field + "': expected a list like [A, B], got " + n);
            return List.of();
        }
        List<String> out = new ArrayList<>();
        for (JsonNode e : n) {
            if (!e.isTextual() || !e.asText().matches("[A-Za-z_][A-Za-z0-9_]*")) {
                problems.add(where + ": field '" + field + "': every element must be an operator name, got " + e);
            } else {
                out.add(e.asText());
            }
        }
        return out;
    }

    /** The committed cfg that differs from its generated text, with its first differing line. */
    public record Stale(String cfg, int line, String expected, String found) {
        public String message() {
            return "tla/" + cfg + ":" + line + ": differs from its entry in specs/models.yaml: expected "
                    + (expected == null ? "end of file" : "'" + expected + "'") + ", found "
                    + (found == null ? "end of file" : "'" + found + "'");
        }
    }

    /** Compares every generated cfg with the file in {@code tlaDir}. */
    public static List<Stale> check(List<Generated> generated, Path tlaDir) throws IOException {
        List<Stale> out = new ArrayList<>();
        for (Generated g : generated) {
            Path f = tlaDir.resolve(g.cfg());
            String committed = Files.isRegularFile(f) ? Files.readString(f) : "";
            firstDifference(g.text(), committed).ifPresent(line -> out.add(new Stale(g.cfg(), line,
                    lineOf(g.text(), line), lineOf(committed, line))));
        }
        return out;
    }

    /** Writes the cfgs that differ; returns their names. */
    public static List<String> write(List<Generated> generated, Path tlaDir) throws IOException {
        List<String> written = new ArrayList<>();
        for (Generated g : generated) {
            Path f = tlaDir.resolve(g.cfg());
            if (!Files.isRegularFile(f) || !Files.readString(f).equals(g.text())) {
                Files.writeString(f, g.text());
                written.add(g.cfg());
            }
        }
        return written;
    }

    static Optional<Integer> firstDifference(String a, String b) {
        if (a.equals(b)) {
            return Optional.empty();
        }
        String[] x = a.split("\n", -1);
        String[] y = b.split("\n", -1);
        for (int i = 0; i < Math.max(x.length, y.length); i++) {
            if (i >= x.length || i >= y.length || !x[i].equals(y[i])) {
                return Optional.of(i + 1);
            }
        }
        return Optional.of(x.length);
    }

    private static String lineOf(String text, int line) {
        String[] l = text.split("\n", -1);
        return line <= l.length && !(line == l.length && l[line - 1].isEmpty()) ? l[line - 1] : null;
    }
}
