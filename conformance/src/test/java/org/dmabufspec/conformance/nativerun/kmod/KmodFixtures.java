package org.dmabufspec.conformance.nativerun.kmod;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.dmabufspec.conformance.nativerun.NativeRunException;
import org.dmabufspec.conformance.nativerun.NativeTraces;
import org.dmabufspec.conformance.nativerun.ScenarioTrace;

/** A recorded module run (Debian trixie 6.12.117 under qemu TCG): its console and trace stream. */
final class KmodFixtures {
    static final int SCENARIOS = 27;

    private KmodFixtures() {
    }

    static Path dir() {
        try {
            return Path.of(KmodFixtures.class.getResource("/native/kmod/console.log").toURI()).getParent();
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    static String console() {
        try {
            return Files.readString(dir().resolve("console.log"), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static List<ScenarioTrace> traces() {
        try {
            return NativeTraces.split(dir().resolve("trace.ndjson"));
        } catch (NativeRunException e) {
            throw new IllegalStateException(e);
        }
    }

    static ScenarioTrace trace(String scenario) {
        return traces().stream().filter(t -> t.scenario().equals(scenario)).findFirst()
                .orElseThrow(() -> new IllegalStateException("no recorded trace for " + scenario));
    }
}
