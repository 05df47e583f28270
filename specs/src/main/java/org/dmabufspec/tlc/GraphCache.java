package org.dmabufspec.tlc;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * TLC state graphs ({@code -dump dot,actionlabels}) of passing models, kept on disk between the build's
 * modules so that one TLC run serves two tests: ManifestModelsTest's coverage run of a default-tier passing
 * model also writes its graph and the values of the model's constants here, and the conformance module's
 * state-graph tests (SharedTlcGraphs) read the entry instead of running TLC on the same model again.
 *
 * <p>An entry is addressed by a SHA-256 of everything the graph is a function of: every {@code .tla} and
 * {@code .cfg} file of the specs directory, the model's module, cfg and TLC options, and the TLC jar. An
 * edited spec is a miss, never a stale graph; a miss means the reader runs TLC itself. Only models whose cfg
 * has no one-step constraint ({@link #oneStepConstraints}) are stored: the state-graph run of an inductive
 * model changes its constraint, so it is another run. The graph of the coverage run is TLC's graph of the
 * model: the PROPERTY sections, the coverage report and the value instrumentation (whose actions TLC names
 * {@code DmabufCov_A}; {@link #actionName} names them {@code A} again) change neither its states nor its steps.
 *
 * <p>On by default in the build ({@code -Ddmabuf.graph.cache=false} turns it off); the directory is
 * {@code target/tlc-graphs} of the specs module.
 */
public final class GraphCache {
    /** The tag of the PrintT tuple of constant values the storing run prints. */
    public static final String CONSTANTS_TAG = "dmabuf-graph-constants";
    private static final String FORMAT = "dmabuf-graph-cache 1";
    private static final String INSTRUMENTED_PREFIX = "DmabufCov_";
    private static final Pattern CONSTANT_DECL = Pattern.compile("(?m)^\\s*CONSTANTS?\\b");
    private static final Pattern ASSIGNED = Pattern.compile("([A-Za-z_][A-Za-z0-9_]*)\\s*(?:=|<-)");
    private static final Pattern EXTENDS_LINE = Pattern.compile("(?m)^\\s*EXTENDS\\s+(\\w+(?:\\s*,\\s*\\w+)*)");
    private static final Pattern INSTANCE = Pattern.compile("\\bINSTANCE\\s+(\\w+)");

    private final Path dir;

    private GraphCache(Path dir) {
        this.dir = dir;
    }

    /** The cache of the specs dir holding {@code tlaDir}, if {@code -Ddmabuf.graph.cache=true}. */
    public static Optional<GraphCache> forTlaDir(Path tlaDir) {
        if (!Boolean.parseBoolean(System.getProperty("dmabuf.graph.cache", "false"))) {
            return Optional.empty();
        }
        Path specs = tlaDir.toAbsolutePath().normalize().getParent();
        return specs == null ? Optional.empty() : Optional.of(at(specs.resolve("target").resolve("tlc-graphs")));
    }

    /** A cache in {@code dir} (tests). */
    public static GraphCache at(Path dir) {
        return new GraphCache(dir.toAbsolutePath().normalize());
    }

    /** A stored graph: the dump, the constants the storing run printed, and that run's wall time. */
    public record Entry(Path dot, Map<String, TlaValue> constants, Duration tlcTime) {
    }

    /** The entry of {@code m} for the specs as they are now, if one was stored. */
    public Optional<Entry> lookup(Path tlaDir, Model m) {
        Path entry = dir.resolve(entryName(tlaDir, m));
        Path dot = entry.resolve("graph.dot");
        Path info = entry.resolve("info.txt");
        if (!Files.isRegularFile(dot) || !Files.isRegularFile(info)) {
            return Optional.empty();
        }
        try {
            List<String> lines = Files.readAllLines(info, StandardCharsets.UTF_8);
            if (lines.size() < 3 || !lines.get(0).equals(FORMAT)) {
                return Optional.empty();
            }
            Duration took = Duration.ofMillis(Long.parseLong(lines.get(1)));
            Map<String, TlaValue> constants = new LinkedHashMap<>();
            TlaValue tuple = TlaValueParser.parse(String.join("\n", lines.subList(2, lines.size())));
            if (!(tuple instanceof TlaValue.Sequence s)) {
                return Optional.empty();
            }
            for (TlaValue pair : s.elements().subList(1, s.elements().size())) {
                if (pair instanceof TlaValue.Sequence kv && kv.elements().size() == 2
                        && kv.elements().get(0) instanceof TlaValue.Str k) {
                    constants.put(k.value(), kv.elements().get(1));
                }
            }
            return Optional.of(new Entry(dot, constants, took));
        } catch (IOException | RuntimeException e) {
            return Optional.empty(); // unreadable: the reader runs TLC itself
        }
    }

    /**
     * What a run of {@code m} must add to store its graph: the dump option and the constants to print. Empty
     * for a model with a one-step constraint.
     */
    public Optional<Recording> recording(Path tlaDir, Model m) {
        try {
            TlcConfig cfg = TlcConfig.read(tlaDir.resolve(m.cfg()));
            if (!oneStepConstraints(cfg, tlaDir, m.moduleName()).isEmpty() || checksLiveness(cfg, tlaDir, m.moduleName())) {
                return Optional.empty();
            }
            Files.createDirectories(dir);
            Path dot = Files.createTempFile(dir, m.name() + "-", ".dot"); // TLC adds .dot to a name without it
            return Optional.of(new Recording(tlaDir, m, dot, printableConstants(cfg, tlaDir, m.moduleName())));
        } catch (IOException e) {
            return Optional.empty(); // no cache, not a failed run
        }
    }

    /** One storing run in progress: add {@link #tlcOptions} and {@link #wrapperAssume} to it, then store or discard. */
    public final class Recording {
        private final Path tlaDir;
        private final Model model;
        private final Path dot;
        private final List<String> constants;

        private Recording(Path tlaDir, Model model, Path dot, List<String> constants) {
            this.tlaDir = tlaDir;
            this.model = model;
            this.dot = dot;
            this.constants = List.copyOf(constants);
        }

        public List<String> tlcOptions() {
            return List.of("-dump", "dot,actionlabels", dot.toString());
        }

        /** An ASSUME that prints the constants' values (a line of a module that EXTENDS the model's module). */
        public String wrapperAssume() {
            StringBuilder b = new StringBuilder("ASSUME PrintT(<<\"" + CONSTANTS_TAG + "\"");
            for (String c : constants) {
                b.append(",\n  <<\"").append(c).append("\", ").append(c).append(">>");
            }
            return b.append(">>)\n").toString();
        }

        /** Keeps the graph of a finished, passing run; its output holds the printed constants. */
        public void store(TlcResult result) {
            try {
                Optional<String> tuple = printedTuple(result.output());
                if (!(result.verdict() instanceof Verdict.Ok) || tuple.isEmpty() || !Files.isRegularFile(dot)) {
                    return;
                }
                String name = entryName(tlaDir, model);
                Path part = Files.createTempDirectory(dir, name + "-");
                Files.move(dot, part.resolve("graph.dot"));
                Files.writeString(part.resolve("info.txt"), FORMAT + "\n" + result.duration().toMillis() + "\n"
                        + tuple.get() + "\n", StandardCharsets.UTF_8);
                removeOtherEntries(model.name() + "-", name);
                try {
                    Files.move(part, dir.resolve(name), StandardCopyOption.ATOMIC_MOVE);
                } catch (FileAlreadyExistsException | AtomicMoveNotSupportedException e) {
                    ModelRunner.deleteTree(part); // the same graph is there already, or no atomic rename here
                } catch (IOException e) {
                    ModelRunner.deleteTree(part); // a non-empty entry of the same name: the same graph
                }
            } catch (IOException | RuntimeException e) {
                // the cache only saves time: a graph not stored is run again by its reader
            } finally {
                discard();
            }
        }

        public void discard() {
            try {
                Files.deleteIfExists(dot);
                Files.deleteIfExists(livenessDump(dot));
            } catch (IOException e) {
                // a leftover part file is harmless
            }
        }
    }

    /** Where TLC writes the behaviour graph of a liveness check next to a dot dump. */
    static Path livenessDump(Path dot) {
        String n = dot.getFileName().toString();
        return dot.resolveSibling(n.substring(0, n.length() - ".dot".length()) + "_liveness.dot");
    }

    /**
     * Whether the model may check liveness: a PROPERTY in its cfg and fairness (WF_ or SF_) in a module it
     * EXTENDS or INSTANCEs. With a dot dump TLC also writes the liveness check's behaviour graph, which costs
     * more than the graph run it saves (DmaFence: about +4 s CPU on a 7 s run), so such models are not stored.
     */
    static boolean checksLiveness(TlcConfig cfg, Path tlaDir, String module) throws IOException {
        if (cfg.sections().stream().noneMatch(s -> s.keyword().startsWith("PROPERT"))) {
            return false;
        }
        Set<String> seen = new HashSet<>();
        Deque<String> todo = new ArrayDeque<>(List.of(module));
        while (!todo.isEmpty()) {
            String m = todo.pop();
            Path file = tlaDir.resolve(m + ".tla");
            if (!seen.add(m) || !Files.exists(file)) {
                continue;
            }
            String text = Files.readString(file);
            if (text.contains("WF_") || text.contains("SF_")) {
                return true;
            }
            Matcher e = EXTENDS_LINE.matcher(text);
            while (e.find()) {
                for (String name : e.group(1).split(",")) {
                    todo.push(name.strip());
                }
            }
            Matcher i = INSTANCE.matcher(text);
            while (i.find()) {
                todo.push(i.group(1));
            }
        }
        return false;
    }

    /** The label TLC gives a step of {@code A} in an instrumented run ({@code DmabufCov_A}), as the plain run names it. */
    public static String actionName(String label) {
        return label.startsWith(INSTRUMENTED_PREFIX) ? label.substring(INSTRUMENTED_PREFIX.length()) : label;
    }

    /** Entries of an older state of the specs for the same model: replaced, so the directory does not grow. */
    private void removeOtherEntries(String prefix, String keep) {
        try (DirectoryStream<Path> old = Files.newDirectoryStream(dir, p -> {
            String n = p.getFileName().toString();
            return n.startsWith(prefix) && n.length() == prefix.length() + 16 && !n.equals(keep);
        })) {
            for (Path p : old) {
                ModelRunner.deleteTree(p);
            }
        } catch (IOException e) {
            // stale entries are never read: their key differs
        }
    }

    /** {@code <model>-<first 16 hex digits of the key>}. */
    static String entryName(Path tlaDir, Model m) {
        return m.name() + "-" + key(tlaDir, m).substring(0, 16);
    }

    /** SHA-256 of the TLC jar's name and size, the model's module, cfg and options, and every .tla/.cfg of the dir. */
    static String key(Path tlaDir, Model m) {
        try {
            MessageDigest d = MessageDigest.getInstance("SHA-256");
            Path jar = TlcClasspath.locate();
            String head = FORMAT + "\0" + jar.getFileName() + "\0" + (Files.isRegularFile(jar) ? Files.size(jar) : -1)
                    + "\0" + m.module() + "\0" + m.cfg() + "\0" + String.join("\u0001", m.options()) + "\0";
            d.update(head.getBytes(StandardCharsets.UTF_8));
            List<Path> files;
            try (Stream<Path> s = Files.list(tlaDir)) {
                files = s.filter(Files::isRegularFile).filter(p -> {
                    String n = p.getFileName().toString();
                    return n.endsWith(".tla") || n.endsWith(".cfg");
                }).sorted().toList();
            }
            for (Path f : files) {
                d.update((f.getFileName() + "\0").getBytes(StandardCharsets.UTF_8));
                byte[] bytes = Files.readAllBytes(f);
                d.update((bytes.length + "\0").getBytes(StandardCharsets.UTF_8));
                d.update(bytes);
            }
            return HexFormat.of().formatHex(d.digest());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot hash the specs of " + m.name(), e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The {@code <<"dmabuf-graph-constants", ...>>} tuple a run printed, as TLC printed it. */
    static Optional<String> printedTuple(String output) {
        String outside = String.join("\n", TlcOutputParser.split(output).outsideLines());
        int marker = outside.indexOf("\"" + CONSTANTS_TAG + "\"");
        int start = marker < 0 ? -1 : outside.lastIndexOf("<<", marker);
        if (start < 0) {
            return Optional.empty();
        }
        int depth = 0;
        for (int i = start; i < outside.length(); i++) {
            char c = outside.charAt(i);
            if (c == '"') {
                for (i++; i < outside.length() && outside.charAt(i) != '"'; i++) {
                    if (outside.charAt(i) == '\\') {
                        i++;
                    }
                }
            } else if (outside.startsWith("<<", i)) {
                depth++;
                i++;
            } else if (outside.startsWith(">>", i)) {
                depth--;
                i++;
                if (depth == 0) {
                    return Optional.of(outside.substring(start, i + 1));
                }
            }
        }
        return Optional.empty();
    }

    /**
     * The constants a storing run prints: every name the cfg gives a value ({@code C = v} or {@code C <- D})
     * that a module of the model declares with CONSTANT(S) and without arguments. The readers ask for
     * declared constants; one not printed is a miss.
     */
    static List<String> printableConstants(TlcConfig cfg, Path tlaDir, String module) throws IOException {
        Set<String> declared = new HashSet<>();
        for (String text : extended(tlaDir, module)) {
            declared.addAll(declaredConstants(text));
        }
        Set<String> out = new LinkedHashSet<>();
        Matcher a = ASSIGNED.matcher(cfg.constantSections());
        while (a.find()) {
            if (declared.contains(a.group(1))) {
                out.add(a.group(1));
            }
        }
        return new ArrayList<>(out);
    }

    /** The argument-free names of a module's CONSTANT(S) declarations. */
    static Set<String> declaredConstants(String moduleText) {
        String text = moduleText.replaceAll("(?s)\\(\\*.*?\\*\\)", " ").replaceAll("\\\\\\*[^\n]*", " ");
        Set<String> names = new LinkedHashSet<>();
        Matcher m = CONSTANT_DECL.matcher(text);
        while (m.find()) {
            int i = m.end();
            // a comma-separated list of names, each maybe with an argument list: Name or Name(_, _)
            while (true) {
                Matcher id = Pattern.compile("\\G\\s*([A-Za-z_][A-Za-z0-9_]*)").matcher(text);
                if (!id.find(i)) {
                    break;
                }
                i = id.end();
                Matcher args = Pattern.compile("\\G\\s*\\([^)]*\\)").matcher(text);
                boolean operator = args.find(i);
                if (operator) {
                    i = args.end();
                } else {
                    names.add(id.group(1));
                }
                Matcher comma = Pattern.compile("\\G\\s*,").matcher(text);
                if (!comma.find(i)) {
                    break;
                }
                i = comma.end();
            }
        }
        return names;
    }

    /** Constraint names defined as {@code TLCGet("level") = 0} or {@code < 1} in the module or one it extends. */
    public static List<String> oneStepConstraints(TlcConfig cfg, Path tlaDir, String module) throws IOException {
        List<String> names = new ArrayList<>();
        for (TlcConfig.Section s : cfg.sections()) {
            if (s.keyword().equals("CONSTRAINT") || s.keyword().equals("CONSTRAINTS")) {
                for (String n : s.text().split("\\s+")) {
                    if (!n.isBlank()) {
                        names.add(n);
                    }
                }
            }
        }
        List<String> out = new ArrayList<>();
        if (names.isEmpty()) {
            return out;
        }
        List<String> modules = extended(tlaDir, module);
        for (String n : names) {
            Pattern def = Pattern.compile("(?m)^\\s*" + Pattern.quote(n)
                    + "\\s*==\\s*TLCGet\\(\"level\"\\)\\s*(=\\s*0|<\\s*1)\\s*$");
            if (modules.stream().anyMatch(m -> def.matcher(m).find())) {
                out.add(n);
            }
        }
        return out;
    }

    /** The text of {@code module} and of every module of the dir it EXTENDS, transitively. */
    public static List<String> extended(Path tlaDir, String module) throws IOException {
        List<String> texts = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        Deque<String> todo = new ArrayDeque<>(List.of(module));
        while (!todo.isEmpty()) {
            String m = todo.pop();
            Path file = tlaDir.resolve(m + ".tla");
            if (!seen.add(m) || !Files.exists(file)) {
                continue; // a standard module (TLC, Integers, ...)
            }
            String text = Files.readString(file);
            texts.add(text);
            Matcher e = EXTENDS_LINE.matcher(text);
            while (e.find()) {
                for (String name : e.group(1).split(",")) {
                    todo.push(name.strip());
                }
            }
        }
        return texts;
    }
}
