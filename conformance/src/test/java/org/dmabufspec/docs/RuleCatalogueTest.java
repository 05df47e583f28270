package org.dmabufspec.docs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.dmabufspec.rule.Rule;
import org.junit.jupiter.api.Test;

/**
 * Rule ids resolve inside the repository: docs/rules.md defines every id the specs, cfgs, the
 * manifest and the Java code cite; the Rule type lists exactly the catalogue's rules; and every
 * catalogue rule is modelled (its spec names, models and checker claims exist) or says why not.
 */
class RuleCatalogueTest {
    /** A cited kernel-rule or bug id: R1..R18, R5b, F1..F18, U1..U7, B1..B24 (anything else in these families is unknown). */
    private static final Pattern CITED = Pattern.compile("\\b([RFUB]\\d{1,2}b?)\\b");
    private static final Pattern SEED = Pattern.compile("(?i)\\bseed[ -](\\d{3})\\b");
    /** A rule named by checker or reference-implementation code: fail("ORDER", ...), new Violation("STATE", ...). */
    private static final Pattern NAMED_IN_CODE = Pattern.compile("(?:fail|Violation|needSignaled|check|MisuseException|UserspaceWarning)\\((?:[^;]*?, )?\"([A-Z][A-Z0-9-]*b?)\"");

    private final RuleCatalogue catalogue = RuleCatalogue.load();

    private Set<String> catalogueIds() {
        return catalogue.rules().stream().map(RuleCatalogue.Entry::id).collect(Collectors.toCollection(TreeSet::new));
    }

    @Test
    void ruleTypeListsExactlyTheCatalogueRulesWithTheirTitles() {
        List<String> fromDoc = catalogue.rules().stream().map(e -> e.anchor() + " " + e.id() + " — " + e.title()).toList();
        List<String> fromType = Arrays.stream(Rule.values()).map(r -> r.anchor() + " " + r.id() + " — " + r.title()).toList();
        assertEquals(fromDoc, fromType, "docs/rules.md sections and org.dmabufspec.rule.Rule differ");
        for (RuleCatalogue.Entry e : catalogue.entries()) {
            assertEquals(e.id().toLowerCase(Locale.ROOT).replace(' ', '-'), e.anchor(), "anchor of " + e.id());
        }
    }

    @Test
    void everyIdCitedInSpecsCfgsManifestJavaCAndDocsIsInTheCatalogue() {
        Set<String> known = catalogueIds();
        Set<String> seeds = catalogue.entries().stream().filter(RuleCatalogue.Entry::isSeed)
                .map(e -> e.anchor().substring("seed-".length())).collect(Collectors.toSet());
        List<String> unknown = new ArrayList<>();
        int scanned = 0;
        for (Path f : citingFiles()) {
            scanned++;
            String[] lines = RepoFiles.read(f).split("\n", -1);
            for (int i = 0; i < lines.length; i++) {
                for (Matcher m = CITED.matcher(lines[i]); m.find(); ) {
                    if (!known.contains(m.group(1))) {
                        unknown.add(f + ":" + (i + 1) + ": " + m.group(1));
                    }
                }
                for (Matcher m = SEED.matcher(lines[i]); m.find(); ) {
                    if (!seeds.contains(m.group(1))) {
                        unknown.add(f + ":" + (i + 1) + ": seed " + m.group(1));
                    }
                }
                if (f.toString().endsWith(".java")) {
                    for (Matcher m = NAMED_IN_CODE.matcher(lines[i]); m.find(); ) {
                        if (!known.contains(m.group(1))) {
                            unknown.add(f + ":" + (i + 1) + ": rule " + m.group(1));
                        }
                    }
                }
            }
        }
        assertTrue(scanned > 300, "scanned only " + scanned + " files");
        assertEquals(List.of(), unknown, "ids cited but not defined in docs/rules.md");
    }

    @Test
    void everyRuleIsModelledOrOutOfScopeWithAReason() {
        List<String> problems = new ArrayList<>();
        for (RuleCatalogue.Entry e : catalogue.rules()) {
            boolean modelled = e.fields().containsKey("Spec") || e.fields().containsKey("Models") || e.fields().containsKey("Checker");
            String out = e.fields().get("Out of scope");
            if (!modelled && (out == null || out.length() < 20)) {
                problems.add(e.id() + ": neither modelled (Spec, Models, Checker) nor out of scope with a reason");
            }
            if (!e.id().matches("[A-Z-]+") && (e.fields().get("Kernel") == null || e.fields().get("Kernel").isBlank())) {
                problems.add(e.id() + ": no Kernel line naming the kernel functions");
            }
            for (String field : e.fields().keySet()) {
                if (!List.of("Kernel", "Spec", "Models", "Checker", "Reference implementation", "Out of scope").contains(field)) {
                    problems.add(e.id() + ": unknown field " + field);
                }
            }
        }
        assertEquals(List.of(), problems);
    }

    @Test
    void specNamesOfTheCatalogueAreDefinedInTheirModules() {
        List<String> missing = new ArrayList<>();
        for (RuleCatalogue.Entry e : catalogue.rules()) {
            for (String name : e.names("Spec")) {
                String[] parts = name.split("!");
                if (parts.length != 2) {
                    missing.add(e.id() + ": '" + name + "' is not Module!Name");
                    continue;
                }
                Path module = Path.of("specs/tla", parts[0] + ".tla");
                String text = Files.isRegularFile(RepoFiles.root().resolve(module)) ? RepoFiles.read(module) : "";
                if (!Pattern.compile("(?m)^" + Pattern.quote(parts[1]) + "(\\(.*\\))?\\s*==").matcher(text).find()) {
                    missing.add(e.id() + ": " + name + " is not defined in " + module);
                }
            }
        }
        assertEquals(List.of(), missing);
    }

    @Test
    void modelsOfTheCatalogueAreInTheManifest() {
        Set<String> models = Pattern.compile("(?m)^\\s*- name: (\\S+)").matcher(RepoFiles.read(Path.of("specs/models.yaml")))
                .results().map(m -> m.group(1)).collect(Collectors.toSet());
        List<String> missing = new ArrayList<>();
        for (RuleCatalogue.Entry e : catalogue.rules()) {
            for (String name : e.names("Models")) {
                if (!models.contains(name)) {
                    missing.add(e.id() + ": model " + name + " is not in specs/models.yaml");
                }
            }
        }
        assertEquals(List.of(), missing);
    }

    @Test
    void theCheckerLineIsThereExactlyForRulesTheCheckerNames() {
        Set<String> named = new TreeSet<>();
        for (Path f : RepoFiles.textFiles()) {
            if (f.startsWith(Path.of("conformance/src/main/java")) && f.toString().endsWith(".java")) {
                NAMED_IN_CODE.matcher(RepoFiles.read(f)).results().map(m -> m.group(1)).forEach(named::add);
            }
        }
        assertTrue(named.containsAll(List.of("R3", "F13", "STATE", "ISOLATION-REFINEMENT")), "scan found only " + named);
        Set<String> claimed = catalogue.rules().stream().filter(e -> e.fields().containsKey("Checker"))
                .map(RuleCatalogue.Entry::id).collect(Collectors.toCollection(TreeSet::new));
        // B17/B18 are rejected as R3: their Checker line says so, and the code names R3
        claimed.removeAll(List.of("B17", "B18"));
        assertEquals(named, claimed, "rules the checker code names vs rules with a Checker line in docs/rules.md");
    }

    /**
     * Files whose rule ids must resolve: specs, cfgs, the manifest, all Java sources (but the tests
     * of undefined ids), the native harness and kernel module sources, and the Markdown docs.
     */
    private static List<Path> citingFiles() {
        return RepoFiles.textFiles().stream().filter(f -> {
            String s = f.toString();
            return (s.startsWith("specs/tla/") && (s.endsWith(".tla") || s.endsWith(".cfg")))
                    || s.equals("specs/models.yaml")
                    || (s.startsWith("conformance/native/") && (s.endsWith(".c") || s.endsWith(".h")))
                    || (s.endsWith(".md") && !s.contains("/src/test/resources/"))
                    || (s.endsWith(".java") && !s.endsWith("/RuleCatalogueTest.java") && !s.endsWith("/rule/RuleTest.java"));
        }).toList();
    }
}
