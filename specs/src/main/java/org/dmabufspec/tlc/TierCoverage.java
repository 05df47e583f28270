package org.dmabufspec.tlc;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Coverage of a set of passing models taken together (the default tier, or the models named on
 * the command line): a rule is checked when some model reaches it, so an action counts as taken
 * when any of the models took it, and a facet value as reached when any model's step took it.
 *
 * <ul>
 *   <li>An action is keyed by its module, name and (for an unnamed disjunct TLC splits out) where
 *       the disjunct starts. Hooks a cfg switches off ({@code MCNoUserNext == FALSE}) are not
 *       actions of any spec and are left out.</li>
 *   <li>A facet's required values are the union of its domain over the models that ran the action
 *       instrumented, minus the values declared unreachable (with a reason).</li>
 * </ul>
 */
public final class TierCoverage {
    /** One facet over the tier. */
    public record FacetReport(ValueObservations.FacetKey key, Set<String> domain, Set<String> taken,
                              Map<String, String> unreachable, List<String> models) {
        /** Required values never taken. */
        public Set<String> missing() {
            Set<String> m = new TreeSet<>(domain);
            m.removeAll(taken);
            m.removeAll(unreachable.keySet());
            return m;
        }

        /** Values declared unreachable that a step took all the same: the declaration is wrong. */
        public Set<String> takenThoughUnreachable() {
            Set<String> t = new TreeSet<>(unreachable.keySet());
            t.retainAll(taken);
            return t;
        }

        /** Values taken outside the declared domain: the domain expression is wrong. */
        public Set<String> outsideDomain() {
            Set<String> t = new TreeSet<>(taken);
            t.removeAll(domain);
            return t;
        }

        public boolean complete() {
            return missing().isEmpty() && takenThoughUnreachable().isEmpty() && outsideDomain().isEmpty();
        }
    }

    private final Path tlaDir;
    private final ValueDeclarations declarations;
    private final Map<String, Boolean> actionTaken = new TreeMap<>();
    private final Map<String, List<String>> actionModels = new TreeMap<>();
    private final Map<ValueObservations.FacetKey, Set<String>> domains = new TreeMap<>();
    private final Map<ValueObservations.FacetKey, Set<String>> taken = new TreeMap<>();
    private final Map<ValueObservations.FacetKey, List<String>> facetModels = new TreeMap<>();
    private final Set<String> models = new LinkedHashSet<>();

    public TierCoverage(Path tlaDir, ValueDeclarations declarations) {
        this.tlaDir = tlaDir;
        this.declarations = declarations;
    }

    /** Adds one passing model's complete exploration. */
    public synchronized void add(Model model, ModelCoverage coverage, ValueObservations values) {
        models.add(model.name());
        for (ActionCoverage a : coverage.actions()) {
            if (a.init() || isSwitchedOffHook(a)) {
                continue;
            }
            String key = a.module() + "!" + a.label();
            actionTaken.merge(key, !a.neverTaken(), Boolean::logicalOr);
            actionModels.computeIfAbsent(key, k -> new ArrayList<>()).add(model.name());
        }
        values.domains().forEach((k, d) -> {
            domains.computeIfAbsent(k, x -> new TreeSet<>()).addAll(d);
            facetModels.computeIfAbsent(k, x -> new ArrayList<>()).add(model.name());
        });
        values.taken().forEach((k, t) -> taken.computeIfAbsent(k, x -> new TreeSet<>()).addAll(t));
    }

    public synchronized Set<String> models() {
        return Set.copyOf(models);
    }

    /** Actions no model took, with the models that had them. */
    public synchronized Map<String, List<String>> neverTaken() {
        Map<String, List<String>> out = new LinkedHashMap<>();
        actionTaken.forEach((k, t) -> {
            if (!t) {
                out.put(k, List.copyOf(actionModels.get(k)));
            }
        });
        return out;
    }

    /** Every declared facet some model instrumented, in module/action/facet order. */
    public synchronized List<FacetReport> facets() {
        List<FacetReport> out = new ArrayList<>();
        for (ValueDeclarations.Action a : declarations.actions()) {
            for (ValueDeclarations.Facet f : a.facets()) {
                ValueObservations.FacetKey k = new ValueObservations.FacetKey(a.module(), a.name(), f.name());
                if (domains.containsKey(k)) {
                    out.add(new FacetReport(k, domains.get(k), taken.getOrDefault(k, Set.of()), f.unreachable(),
                            facetModels.get(k)));
                }
            }
        }
        return out;
    }

    /** Declared actions no model ran instrumented (so none of their values was checked). */
    public synchronized List<ValueDeclarations.Action> notInstrumented() {
        return declarations.actions().stream()
                .filter(a -> a.facets().stream().noneMatch(f ->
                        domains.containsKey(new ValueObservations.FacetKey(a.module(), a.name(), f.name()))))
                .toList();
    }

    /** Every problem {@code --strict} fails on, one line each; empty when the models cover everything. */
    public synchronized List<String> strictProblems() {
        List<String> p = new ArrayList<>();
        neverTaken().forEach((k, ms) -> p.add("action " + k + " is taken by no model (" + String.join(", ", ms) + ")"));
        for (FacetReport f : facets()) {
            if (!f.missing().isEmpty()) {
                p.add(f.key() + ": values " + f.missing() + " of its domain are taken by no model");
            }
            if (!f.takenThoughUnreachable().isEmpty()) {
                p.add(f.key() + ": values " + f.takenThoughUnreachable() + " are declared unreachable but were taken");
            }
            if (!f.outsideDomain().isEmpty()) {
                p.add(f.key() + ": values " + f.outsideDomain() + " were taken outside the declared domain " + f.domain());
            }
        }
        return p;
    }

    /** Problems only meaningful over a whole tier: declarations no model exercised. */
    public synchronized List<String> tierProblems() {
        return notInstrumented().stream()
                .map(a -> declarations.file() + ":" + a.line() + ": " + a.module() + "!" + a.name()
                        + " is declared but no passing model ran it instrumented")
                .toList();
    }

    /** A hook a cfg sets to FALSE is reported by TLC as an action named "Action" whose body is FALSE. */
    private boolean isSwitchedOffHook(ActionCoverage a) {
        if (!a.name().equals("Action")) {
            return false;
        }
        return sourceText(a.location()).map(t -> t.strip().equals("FALSE")).orElse(false);
    }

    private Optional<String> sourceText(String location) {
        java.util.regex.Matcher m = java.util.regex.Pattern
                .compile("^line (\\d+), col (\\d+) to line (\\d+), col (\\d+) of module (\\S+)$").matcher(location);
        if (!m.find() || !m.group(1).equals(m.group(3))) {
            return Optional.empty();
        }
        try {
            List<String> lines = Files.readAllLines(tlaDir.resolve(m.group(5) + ".tla"));
            String line = lines.get(Integer.parseInt(m.group(1)) - 1);
            return Optional.of(line.substring(Integer.parseInt(m.group(2)) - 1, Math.min(line.length(), Integer.parseInt(m.group(4)))));
        } catch (IOException | IndexOutOfBoundsException e) {
            return Optional.empty();
        }
    }
}
