package org.dmabufspec.conformance.testgen;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

/**
 * Generated tests as a file a user keeps beside a patch and re-runs ({@code dmabuf testgen --run
 * FILE}): JSON, {@code {"format": "dmabuf-testgen", "version": 1, "model", "vocabulary",
 * "inject": [...], "tests": [{number, setup: [call...], steps: [step...]}]}}, where a call is
 * {@code {op, args, expect}} and a step {@code {edge, from, action, to, call, note, rule, observe}}.
 * The file is self-contained: re-running it needs neither TLC nor the specs.
 */
public record TestFile(String format, int version, String model, String vocabulary, List<String> inject,
                       List<GeneratedTest> tests) {
    public static final String FORMAT = "dmabuf-testgen";
    public static final int VERSION = 1;

    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    public TestFile {
        inject = inject == null ? List.of() : List.copyOf(inject);
        tests = tests == null ? List.of() : List.copyOf(tests);
    }

    public static TestFile of(String model, String vocabulary, Set<String> inject, List<GeneratedTest> tests) {
        return new TestFile(FORMAT, VERSION, model, vocabulary, inject.stream().sorted().toList(), tests);
    }

    public void write(Path file) {
        try {
            JSON.writeValue(file.toFile(), this);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }

    /** Reads and checks a file; a problem is an {@link IllegalArgumentException} naming file, line and field. */
    public static TestFile read(Path file) {
        TestFile t;
        try {
            t = JSON.readValue(Files.readString(file), TestFile.class);
        } catch (JsonMappingException e) {
            int line = e.getLocation() == null ? 0 : e.getLocation().getLineNr();
            throw new IllegalArgumentException(file + ":" + line + ": " + field(e) + ": " + e.getOriginalMessage().split("\n")[0], e);
        } catch (JsonProcessingException e) {
            int line = e.getLocation() == null ? 0 : e.getLocation().getLineNr();
            throw new IllegalArgumentException(file + ":" + line + ": not JSON: " + e.getOriginalMessage().split("\n")[0], e);
        } catch (IOException e) {
            throw new IllegalArgumentException(file + ": cannot read: " + e.getMessage(), e);
        }
        t.check(file);
        return t;
    }

    private static String field(JsonMappingException e) {
        StringBuilder b = new StringBuilder();
        for (JsonMappingException.Reference r : e.getPath()) {
            if (r.getFieldName() != null) {
                b.append(b.length() == 0 ? "" : ".").append(r.getFieldName());
            } else {
                b.append('[').append(r.getIndex()).append(']');
            }
        }
        return b.length() == 0 ? "(top level)" : b.toString();
    }

    private void check(Path file) {
        require(file, FORMAT.equals(format), "format", "must be \"" + FORMAT + "\", not " + format);
        require(file, version == VERSION, "version", "must be " + VERSION + ", not " + version);
        require(file, model != null && !model.isBlank(), "model", "missing");
        require(file, vocabulary != null && !vocabulary.isBlank(), "vocabulary", "missing");
        for (int i = 0; i < tests.size(); i++) {
            GeneratedTest g = tests.get(i);
            String at = "tests[" + i + "]";
            require(file, g.setup() != null && g.steps() != null, at, "needs setup and steps");
            for (int j = 0; j < g.setup().size(); j++) {
                call(file, at + ".setup[" + j + "]", g.setup().get(j));
            }
            for (int j = 0; j < g.steps().size(); j++) {
                TestStep s = g.steps().get(j);
                String sat = at + ".steps[" + j + "]";
                require(file, s != null && s.action() != null && s.rule() != null, sat, "needs action and rule");
                if (s.call() != null) {
                    call(file, sat + ".call", s.call());
                }
            }
        }
    }

    private static void call(Path file, String at, KernelCall c) {
        require(file, c != null && c.op() != null && !c.op().isBlank(), at + ".op", "missing");
        require(file, c.expect() != null, at + ".expect", "missing");
    }

    private static void require(Path file, boolean ok, String field, String problem) {
        if (!ok) {
            throw new IllegalArgumentException(file + ": " + field + ": " + problem);
        }
    }

    /** Runs every test of the file on the reference implementation with the file's injections. */
    public List<TestRun> run() {
        Vocabulary v = Vocabularies.all().stream().filter(x -> x.name().equals(vocabulary)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("vocabulary: no driver named " + vocabulary + " (known: "
                        + Vocabularies.all().stream().map(Vocabulary::name).toList() + ")"));
        for (String bug : inject) {
            if (!v.injections().containsKey(bug)) {
                throw new IllegalArgumentException("inject: " + v.name() + " has no bug " + bug + " (known: " + v.injections().keySet() + ")");
            }
        }
        return v.run(tests, Set.copyOf(inject));
    }
}
