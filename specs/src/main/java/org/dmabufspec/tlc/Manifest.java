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
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The model manifest ({@code specs/models.yaml}): every model {@code dmabuf check} knows. Loading
 * validates every entry and reports all problems at once.
 */
public final class Manifest {
    /** The run fields of an entry; CfgGenerator.CFG_FIELDS describe its cfg. */
    static final Set<String> FIELDS = Set.of("name", "module", "cfg", "demonstrates", "expect", "tier",
            "measured", "options", "actors", "jit");
    private static final Set<String> REQUIRED = Set.of("name", "module", "cfg", "demonstrates", "expect", "tier");

    private final Path file;
    private final Path tlaDir;
    private final List<Model> models;

    private Manifest(Path file, Path tlaDir, List<Model> models) {
        this.file = file;
        this.tlaDir = tlaDir;
        this.models = List.copyOf(models);
    }

    /** Loads {@code file}; modules and cfgs are resolved in {@code tlaDir}. */
    public static Manifest load(Path file, Path tlaDir) {
        String text;
        try {
            text = Files.readString(file);
        } catch (IOException e) {
            throw new ManifestException(List.of(file + ": cannot read: " + e.getMessage()));
        }
        return parse(text, file, tlaDir);
    }

    /** The manifest of a specs directory: {@code specs/models.yaml} with modules in {@code specs/tla}. */
    public static Manifest ofSpecsDir(Path specs) {
        return load(specs.resolve("models.yaml"), specs.resolve("tla"));
    }

    static Manifest parse(String text, Path file, Path tlaDir) {
        List<String> problems = new ArrayList<>();
        List<Model> models = new ArrayList<>();
        ObjectMapper mapper = new ObjectMapper(new YAMLFactory());
        try (JsonParser p = mapper.getFactory().createParser(text)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw new ManifestException(List.of(file + ":1: expected a mapping with the key 'models'"));
            }
            boolean sawModels = false;
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String key = p.currentName();
                int keyLine = p.currentLocation().getLineNr();
                JsonToken t = p.nextToken();
                if (key.equals("families")) {
                    p.skipChildren(); // the cfg generator's (CfgGenerator)
                    continue;
                }
                if (!key.equals("models")) {
                    problems.add(file + ":" + keyLine + ": unknown top-level key '" + key + "' (only 'families' and 'models')");
                    p.skipChildren();
                    continue;
                }
                sawModels = true;
                if (t == JsonToken.VALUE_NULL) {
                    continue; // header only, no entries yet
                }
                if (t != JsonToken.START_ARRAY) {
                    problems.add(file + ":" + keyLine + ": 'models' must be a list of entries");
                    p.skipChildren();
                    continue;
                }
                while (p.nextToken() != JsonToken.END_ARRAY) {
                    int line = p.currentLocation().getLineNr();
                    JsonNode node = mapper.readTree(p);
                    entry(node, line, file, tlaDir, problems).ifPresent(models::add);
                }
            }
            if (!sawModels) {
                problems.add(file + ": missing the key 'models'");
            }
        } catch (IOException e) {
            throw new ManifestException(List.of(file + ": not valid YAML: " + e.getMessage()));
        }
        Set<String> names = new HashSet<>();
        for (Model m : models) {
            if (!names.add(m.name())) {
                problems.add(file + ":" + m.line() + ": entry '" + m.name() + "': field 'name': duplicate model name");
            }
        }
        if (!problems.isEmpty()) {
            throw new ManifestException(problems);
        }
        return new Manifest(file, tlaDir, models);
    }

    private static Optional<Model> entry(JsonNode node, int line, Path file, Path tlaDir, List<String> problems) {
        if (!node.isObject()) {
            problems.add(file + ":" + line + ": an entry must be a mapping, got: " + node);
            return Optional.empty();
        }
        String name = node.path("name").asText("<unnamed>");
        String where = file + ":" + line + ": entry '" + name + "'";
        int before = problems.size();
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            String f = it.next();
            if (!FIELDS.contains(f) && !CfgGenerator.CFG_FIELDS.contains(f)) {
                problems.add(where + ": unknown field '" + f + "' (known: " + String.join(", ", sortedFields()) + ")");
            }
        }
        for (String f : REQUIRED) {
            if (!node.hasNonNull(f) || !node.get(f).isValueNode() || node.get(f).asText().isBlank()) {
                problems.add(where + ": field '" + f + "' is missing or not a plain value");
            }
        }
        if (problems.size() > before) {
            return Optional.empty();
        }
        String module = node.get("module").asText();
        String cfg = node.get("cfg").asText();
        if (!module.endsWith(".tla")) {
            problems.add(where + ": field 'module': '" + module + "' must name a .tla file");
        } else if (!Files.isRegularFile(tlaDir.resolve(module))) {
            problems.add(where + ": field 'module': no such file " + tlaDir.resolve(module));
        }
        if (!cfg.endsWith(".cfg")) {
            problems.add(where + ": field 'cfg': '" + cfg + "' must name a .cfg file");
        } else if (!Files.isRegularFile(tlaDir.resolve(cfg))) {
            problems.add(where + ": field 'cfg': no such file " + tlaDir.resolve(cfg)
                    + (node.has("family") ? " (write it with " + CfgGenerator.COMMAND + ")" : ""));
        }
        Expectation expect = null;
        try {
            expect = Expectation.parse(node.get("expect").asText());
        } catch (IllegalArgumentException e) {
            problems.add(where + ": field 'expect': " + e.getMessage());
        }
        Tier tier = null;
        switch (node.get("tier").asText()) {
            case "default" -> tier = Tier.DEFAULT;
            case "deep" -> tier = Tier.DEEP;
            default -> problems.add(where + ": field 'tier': '" + node.get("tier").asText() + "' is not default or deep");
        }
        Optional<Measured> measured = Optional.empty();
        if (node.has("measured") && !node.get("measured").isNull()) {
            JsonNode m = node.get("measured");
            if (!m.isObject() || !m.path("distinct").canConvertToLong() || !m.path("depth").canConvertToLong()
                    || !m.path("seconds").isNumber() || m.size() != 3) {
                problems.add(where + ": field 'measured': expected {distinct: <int>, depth: <int>, seconds: <number>}, got " + m);
            } else {
                measured = Optional.of(new Measured(m.get("distinct").asLong(), m.get("depth").asLong(),
                        m.get("seconds").asDouble()));
            }
        }
        List<String> options = stringList(node, "options", where, problems);
        List<String> actors = stringList(node, "actors", where, problems);
        Optional<RunOptions.Jit> jit = Optional.empty();
        if (node.has("jit")) {
            switch (node.get("jit").asText()) {
                case "full" -> jit = Optional.of(RunOptions.Jit.FULL);
                case "quick" -> jit = Optional.of(RunOptions.Jit.QUICK);
                default -> problems.add(where + ": field 'jit': '" + node.get("jit").asText() + "' is not full or quick");
            }
        }
        if (problems.size() > before) {
            return Optional.empty();
        }
        return Optional.of(new Model(name, module, cfg, node.get("demonstrates").asText(), expect, tier, measured,
                options, actors, jit, line));
    }

    private static List<String> stringList(JsonNode node, String field, String where, List<String> problems) {
        if (!node.has(field) || node.get(field).isNull()) {
            return List.of();
        }
        JsonNode n = node.get(field);
        List<String> out = new ArrayList<>();
        if (!n.isArray()) {
            problems.add(where + ": field '" + field + "': expected a list like [a, b], got " + n);
            return out;
        }
        for (JsonNode e : n) {
            if (!e.isValueNode()) {
                problems.add(where + ": field '" + field + "': every element must be a plain string, got " + e);
            } else {
                out.add(e.asText());
            }
        }
        return out;
    }

    private static List<String> sortedFields() {
        return java.util.stream.Stream.concat(FIELDS.stream(), CfgGenerator.CFG_FIELDS.stream()).sorted().toList();
    }

    public Path file() {
        return file;
    }

    public Path tlaDir() {
        return tlaDir;
    }

    public List<Model> models() {
        return models;
    }

    public Optional<Model> model(String name) {
        return models.stream().filter(m -> m.name().equals(name)).findFirst();
    }

    public List<Model> tier(Tier tier) {
        return models.stream().filter(m -> m.tier() == tier).toList();
    }
}
