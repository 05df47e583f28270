package org.dmabufspec.conformance.relation;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.dmabufspec.tlc.GraphCache;
import org.dmabufspec.tlc.Model;
import org.dmabufspec.tlc.ModelRunner;
import org.dmabufspec.tlc.RunOptions;
import org.dmabufspec.tlc.TlaValue;
import org.dmabufspec.tlc.TlaValueParser;
import org.dmabufspec.tlc.TlcConfig;
import org.dmabufspec.tlc.TlcOutputParser;
import org.dmabufspec.tlc.TlcResult;
import org.dmabufspec.tlc.Verdict;

/**
 * Runs one manifest model with {@code -dump dot,actionlabels} and returns its state graph and the
 * constants a relation asked for. The model runs unchanged except for two things, both in a copy
 * of the specs directory:
 * <ul>
 * <li>a wrapper module EXTENDS the MC module and prints the constants with
 * {@code ASSUME PrintT(<<"dmabuf-constants", <<expr-text, expr>>, ...>>)};</li>
 * <li>the cfg loses its PROPERTY sections (liveness does not change the graph and is slow), and a
 * CONSTRAINT that is the inductive-invariant idiom {@code Name == TLCGet("level") = 0} (or
 * {@code < 1}) becomes {@code TLCGet("level") < 2}. TLC drops a successor that violates the
 * constraint before writing its edge, so under the original idiom the dump has no edges at all;
 * with {@code < 2} it holds every step from the initial states, which is the whole inductive
 * check, and the comparison expands only the initial states.</li>
 * </ul>
 */
public final class TlcGraphRunner {
    static final String WRAPPER = "DmabufStateGraph";
    static final String ONE_STEP = "DmabufOneStepEdges";
    private static final String MARKER = "\"dmabuf-constants\"";

    private final ModelRunner runner;
    private final Duration timeout;

    public TlcGraphRunner(ModelRunner runner, Duration timeout) {
        this.runner = runner;
        this.timeout = timeout;
    }

    public static TlcGraphRunner withTlcOnClasspath() {
        return new TlcGraphRunner(ModelRunner.withTlcOnClasspath(), Duration.ofMinutes(30));
    }

    /** @param tlaDir the manifest's TLA+ directory; {@code constants} are TLA+ expressions */
    public TlcGraph run(Path tlaDir, Model model, List<String> constants) {
        Path work;
        try {
            work = Files.createTempDirectory("dmabuf-graph-");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a temp dir for the state graph of " + model.name(), e);
        }
        try {
            copySpecs(tlaDir, work);
            TlcConfig cfg = TlcConfig.read(tlaDir.resolve(model.cfg()));
            List<String> oneStep = oneStepConstraints(cfg, tlaDir, model.moduleName());
            Files.writeString(work.resolve(WRAPPER + ".tla"), wrapper(model, constants));
            Files.writeString(work.resolve(WRAPPER + ".cfg"), graphConfig(cfg, oneStep));
            Path dot = work.resolve("graph.dot");
            List<String> options = new ArrayList<>(model.options());
            options.addAll(List.of("-dump", "dot,actionlabels", dot.toString()));
            RunOptions run = RunOptions.defaults().forModel(model).withWorkers(1).withTimeout(timeout).withTlcOptions(options);
            TlcResult r = runner.run(work, WRAPPER + ".tla", WRAPPER + ".cfg", run, p -> { });
            if (!(r.verdict() instanceof Verdict.Ok)) {
                throw new IllegalStateException(model.name() + ": TLC did not finish the state graph: "
                        + r.verdict().summary() + "\n" + tail(r.output()));
            }
            Map<String, TlaValue> printed = printedConstants(r.output(), constants, model.name());
            return new TlcGraph(model, DotGraph.read(dot), printed, !oneStep.isEmpty(), r.duration());
        } catch (IOException e) {
            throw new UncheckedIOException("state graph of " + model.name() + ": " + e.getMessage(), e);
        } finally {
            deleteTree(work);
        }
    }

    /**
     * Only the constants, for any model (expected-violation models too): the cfg without
     * INVARIANT, PROPERTY and CONSTRAINT sections, bounded to one step, deadlock not checked.
     */
    public Map<String, TlaValue> constants(Path tlaDir, Model model, List<String> constants) {
        Path work;
        try {
            work = Files.createTempDirectory("dmabuf-constants-");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a temp dir for the constants of " + model.name(), e);
        }
        try {
            copySpecs(tlaDir, work);
            TlcConfig cfg = TlcConfig.read(tlaDir.resolve(model.cfg()));
            StringBuilder b = new StringBuilder();
            for (TlcConfig.Section s : cfg.sections()) {
                String k = s.keyword();
                if (!k.startsWith("PROPERT") && !k.startsWith("INVARIANT") && !k.startsWith("CONSTRAINT")) {
                    b.append(k).append('\n').append(s.text()).append('\n');
                }
            }
            b.append("CONSTRAINT\n").append(ONE_STEP).append('\n');
            Files.writeString(work.resolve(WRAPPER + ".tla"), wrapper(model, constants));
            Files.writeString(work.resolve(WRAPPER + ".cfg"), b.toString());
            List<String> options = new ArrayList<>(model.options());
            if (!options.contains("-deadlock")) {
                options.add("-deadlock");
            }
            RunOptions run = RunOptions.defaults().withWorkers(1).withTimeout(timeout).withTlcOptions(options);
            TlcResult r = runner.run(work, WRAPPER + ".tla", WRAPPER + ".cfg", run, p -> { });
            return printedConstants(r.output(), constants, model.name());
        } catch (IOException e) {
            throw new UncheckedIOException("constants of " + model.name() + ": " + e.getMessage(), e);
        } finally {
            deleteTree(work);
        }
    }

    /** A model's TLC result (its counterexample, for a violating model) and the constants, from one run of the unchanged cfg. */
    public record Checked(TlcResult result, Map<String, TlaValue> constants) {
    }

    /** Model-checks the model as its cfg says (one worker, so a counterexample is shortest) and prints the constants. */
    public Checked check(Path tlaDir, Model model, List<String> constants) {
        Path work;
        try {
            work = Files.createTempDirectory("dmabuf-check-");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a temp dir for " + model.name(), e);
        }
        try {
            copySpecs(tlaDir, work);
            Files.writeString(work.resolve(WRAPPER + ".tla"), wrapper(model, constants));
            Files.copy(tlaDir.resolve(model.cfg()), work.resolve(WRAPPER + ".cfg"));
            RunOptions run = RunOptions.defaults().forModel(model).withWorkers(1).withTimeout(timeout).withTlcOptions(model.options());
            TlcResult r = runner.run(work, WRAPPER + ".tla", WRAPPER + ".cfg", run, p -> { });
            return new Checked(r, printedConstants(r.output(), constants, model.name()));
        } catch (IOException e) {
            throw new UncheckedIOException(model.name() + ": " + e.getMessage(), e);
        } finally {
            deleteTree(work);
        }
    }

    static String wrapper(Model model, List<String> constants) {
        StringBuilder b = new StringBuilder("---- MODULE " + WRAPPER + " ----\n");
        // Naturals for the level bound below: a model of a spec without arithmetic must still parse
        b.append("EXTENDS ").append(model.moduleName()).append(", TLC, Naturals\n");
        b.append("ASSUME PrintT(<<").append(MARKER);
        for (String c : constants) {
            b.append(",\n  <<").append(new TlaValue.Str(c).toTla()).append(", ").append(c).append(">>");
        }
        b.append(">>)\n");
        b.append(ONE_STEP).append(" == TLCGet(\"level\") < 2\n");
        return b.append("====\n").toString();
    }

    /** The cfg without PROPERTY sections, the one-step constraints replaced. */
    static String graphConfig(TlcConfig cfg, List<String> oneStep) {
        StringBuilder b = new StringBuilder();
        boolean replaced = false;
        for (TlcConfig.Section s : cfg.sections()) {
            if (s.keyword().startsWith("PROPERT")) {
                continue;
            }
            if (s.keyword().equals("CONSTRAINT") || s.keyword().equals("CONSTRAINTS")) {
                List<String> kept = new ArrayList<>();
                for (String name : s.text().split("\\s+")) {
                    if (oneStep.contains(name)) {
                        replaced = true;
                    } else if (!name.isBlank()) {
                        kept.add(name);
                    }
                }
                if (!kept.isEmpty()) {
                    b.append("CONSTRAINT\n").append(String.join("\n", kept)).append('\n');
                }
                continue;
            }
            b.append(s.keyword()).append('\n').append(s.text()).append('\n');
        }
        if (replaced) {
            b.append("CONSTRAINT\n").append(ONE_STEP).append('\n');
        }
        return b.toString();
    }

    /** Constraint names defined as {@code TLCGet("level") = 0} or {@code < 1} in the module or one it extends. */
    static List<String> oneStepConstraints(TlcConfig cfg, Path tlaDir, String module) throws IOException {
        return GraphCache.oneStepConstraints(cfg, tlaDir, module);
    }

    /** The text of {@code module} and of every module of the dir it EXTENDS, transitively. */
    static List<String> extended(Path tlaDir, String module) throws IOException {
        return GraphCache.extended(tlaDir, module);
    }

    /** Reads the wrapper's PrintT value back: a tuple of {@code <<text, value>>} pairs after the marker. */
    static Map<String, TlaValue> printedConstants(String output, List<String> constants, String model) {
        String outside = String.join("\n", TlcOutputParser.split(output).outsideLines());
        int marker = outside.indexOf(MARKER);
        int start = marker < 0 ? -1 : outside.lastIndexOf("<<", marker);
        if (start < 0) {
            throw new IllegalStateException(model + ": TLC did not print the constants (no " + MARKER + " tuple)\n"
                    + tail(output));
        }
        int end = endOfTuple(outside, start);
        if (end < 0) {
            throw new IllegalStateException(model + ": the printed constants tuple is not closed\n" + tail(output));
        }
        List<TlaValue> tuple = Tla.asSeq(TlaValueParser.parse(outside.substring(start, end)));
        Map<String, TlaValue> out = new LinkedHashMap<>();
        for (TlaValue pair : tuple.subList(1, tuple.size())) {
            List<TlaValue> kv = Tla.asSeq(pair);
            out.put(Tla.asString(kv.get(0)), kv.get(1));
        }
        if (!out.keySet().equals(new java.util.LinkedHashSet<>(constants))) {
            throw new IllegalStateException(model + ": TLC printed constants " + out.keySet() + ", expected " + constants);
        }
        return out;
    }

    /** The index just past the {@code >>} closing the tuple opened at {@code start}; strings skipped. */
    private static int endOfTuple(String s, int start) {
        int depth = 0;
        for (int i = start; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '"') {
                for (i++; i < s.length() && s.charAt(i) != '"'; i++) {
                    if (s.charAt(i) == '\\') {
                        i++;
                    }
                }
            } else if (s.startsWith("<<", i)) {
                depth++;
                i++;
            } else if (s.startsWith(">>", i)) {
                depth--;
                i++;
                if (depth == 0) {
                    return i + 1;
                }
            }
        }
        return -1;
    }

    private static void copySpecs(Path from, Path to) throws IOException {
        try (Stream<Path> files = Files.list(from)) {
            for (Path p : files.filter(Files::isRegularFile).toList()) {
                String n = p.getFileName().toString();
                if (n.endsWith(".tla") || n.endsWith(".cfg")) {
                    Files.copy(p, to.resolve(n));
                }
            }
        }
    }

    static String tail(String output) {
        String[] lines = output.split("\n");
        return String.join("\n", java.util.Arrays.asList(lines).subList(Math.max(0, lines.length - 30), lines.length));
    }

    private static void deleteTree(Path root) {
        try (Stream<Path> walk = Files.walk(root)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // a leftover temp dir is harmless
        }
    }
}
