package org.dmabufspec.conformance.nativerun;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** The recorded native run (Debian trixie 6.12 under qemu TCG) kept as test resources. */
final class Fixtures {
    private Fixtures() {
    }

    static Path dir() {
        try {
            return Path.of(Fixtures.class.getResource("/native/console.log").toURI()).getParent();
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    static String console() {
        return read(dir().resolve("console.log"));
    }

    static List<Path> traceFiles() {
        try (Stream<Path> s = Files.list(dir().resolve("traces"))) {
            return s.filter(p -> p.toString().endsWith(".ndjson")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Path trace(String scenario) {
        return dir().resolve("traces").resolve(scenario.replaceAll("[^A-Za-z0-9._-]+", "__") + ".ndjson");
    }

    static ScenarioTrace scenarioTrace(String scenario) {
        try {
            List<ScenarioTrace> t = NativeTraces.split(trace(scenario));
            if (t.size() != 1) {
                throw new IllegalStateException(trace(scenario) + " holds " + t.size() + " traces");
            }
            return t.get(0);
        } catch (NativeRunException e) {
            throw new IllegalStateException(e);
        }
    }

    static String read(Path p) {
        try {
            return Files.readString(p, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
