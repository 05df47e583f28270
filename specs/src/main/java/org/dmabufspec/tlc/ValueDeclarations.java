package org.dmabufspec.tlc;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * {@code specs/coverage.yaml}: for the actions whose rules branch on a value, which values must be
 * reached. Each action lists its formal parameters and one or more facets: a TLA+ expression over
 * the parameters, the constants and the state the action starts from (the value the rule branches
 * on), and its domain, a TLA+ expression evaluated in each model. The default tier covers a facet
 * when every value of the union of its domains over the passing models was taken by some step.
 */
public record ValueDeclarations(Path file, List<Action> actions) {
    private static final Pattern IDENT = Pattern.compile("[A-Za-z][A-Za-z0-9_]*");

    /**
     * @param unreachable values (as TLC prints them) that cannot occur on this action, each with the reason
     */
    public record Facet(String name, String value, String domain, Map<String, String> unreachable) {
        public Facet {
            unreachable = Map.copyOf(unreachable);
        }
    }

    /** @param module the module that defines the action */
    public record Action(String module, String name, List<String> params, List<Facet> facets, int line) {
        public Action {
            params = List.copyOf(params);
            facets = List.copyOf(facets);
        }
    }

    public ValueDeclarations {
        actions = List.copyOf(actions);
    }

    /** The declarations next to a manifest ({@code coverage.yaml}); none when that file does not exist. */
    public static ValueDeclarations nextTo(Path manifest) {
        Path file = manifest.toAbsolutePath().getParent().resolve("coverage.yaml");
        return Files.isRegularFile(file) ? load(file) : new ValueDeclarations(file, List.of());
    }

    public static ValueDeclarations load(Path file) {
        JsonNode root;
        try {
            String text = Files.readString(file);
            JsonParser p = new YAMLFactory().createParser(text);
            root = new ObjectMapper().readTree(p);
        } catch (IOException e) {
            throw new ManifestException(List.of(file + ": cannot read value-coverage declarations: " + e.getMessage()));
        }
        List<Action> actions = new ArrayList<>();
        List<String> errors = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        JsonNode list = root == null ? null : root.get("actions");
        if (list == null || !list.isArray()) {
            throw new ManifestException(List.of(file + ": expected a top-level `actions:` list"));
        }
        String[] lines = readLines(file);
        for (int i = 0; i < list.size(); i++) {
            JsonNode a = list.get(i);
            String module = text(a, "module");
            String name = text(a, "action");
            int line = lineOf(lines, name);
            String where = file + ":" + line + ": action " + (name.isEmpty() ? "#" + (i + 1) : name);
            if (module.isEmpty() || !IDENT.matcher(name).matches()) {
                errors.add(where + ": `module` and `action` (a TLA+ identifier) are required");
                continue;
            }
            if (!seen.add(module + "!" + name)) {
                errors.add(where + ": declared twice for module " + module);
            }
            List<String> params = new ArrayList<>();
            a.path("params").forEach(p -> params.add(p.asText()));
            if (params.stream().anyMatch(p -> !IDENT.matcher(p).matches())) {
                errors.add(where + ": `params` must be TLA+ identifiers, got " + params);
            }
            List<Facet> facets = new ArrayList<>();
            for (JsonNode f : a.path("facets")) {
                Map<String, String> unreachable = new LinkedHashMap<>();
                f.path("unreachable").fields().forEachRemaining(e -> unreachable.put(e.getKey(), e.getValue().asText()));
                Facet facet = new Facet(text(f, "name"), text(f, "value"), text(f, "domain"), unreachable);
                if (facet.name().isEmpty() || facet.value().isEmpty() || facet.domain().isEmpty()) {
                    errors.add(where + ": every facet needs `name`, `value` and `domain`");
                }
                facets.add(facet);
            }
            if (facets.isEmpty()) {
                errors.add(where + ": `facets` is empty");
            }
            actions.add(new Action(module, name, params, facets, line));
        }
        if (!errors.isEmpty()) {
            throw new ManifestException(errors);
        }
        return new ValueDeclarations(file, actions);
    }

    private static String text(JsonNode n, String field) {
        JsonNode v = n.get(field);
        return v == null || v.isNull() ? "" : v.asText().strip();
    }

    private static String[] readLines(Path file) {
        try {
            return Files.readString(file).split("\n", -1);
        } catch (IOException e) {
            return new String[0];
        }
    }

    private static int lineOf(String[] lines, String action) {
        for (int i = 0; i < lines.length; i++) {
            if (lines[i].matches("\\s*-?\\s*action:\\s*" + Pattern.quote(action) + "\\s*(#.*)?")) {
                return i + 1;
            }
        }
        return 0;
    }
}
