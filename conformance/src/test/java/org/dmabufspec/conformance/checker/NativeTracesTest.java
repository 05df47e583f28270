package org.dmabufspec.conformance.checker;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The native harness's recorded runs on a real 6.12 kernel (test resources native/traces, partial
 * observation: vgem timers and DRM file close signal fences unlogged) are behaviours of the spec.
 */
class NativeTracesTest {
    static Stream<Path> nativeTraces() throws IOException, URISyntaxException {
        var url = NativeTracesTest.class.getResource("/native/traces");
        if (url == null) {
            return Stream.empty();
        }
        return Files.list(Path.of(url.toURI())).filter(p -> p.toString().endsWith(".ndjson")).sorted();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("nativeTraces")
    void recordedNativeRunIsAccepted(Path trace) {
        CheckReport r = TraceChecker.check(trace);
        assertEquals(Verdict.ACCEPTED, r.verdict(), r.toText());
    }
}
