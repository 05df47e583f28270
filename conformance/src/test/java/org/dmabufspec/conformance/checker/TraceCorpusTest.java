package org.dmabufspec.conformance.checker;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The trace corpus in src/test/resources/traces: every trace under accepted/ is accepted, every
 * trace under rejected/ is rejected naming the rule its file name starts with ("R3-...").
 * The same corpus is what an oracle engine must agree on.
 */
class TraceCorpusTest {
    static Path corpus(String kind) throws URISyntaxException {
        return Path.of(TraceCorpusTest.class.getResource("/traces/" + kind).toURI());
    }

    static Stream<Path> accepted() throws IOException, URISyntaxException {
        return Files.list(corpus("accepted")).sorted();
    }

    static Stream<Path> rejected() throws IOException, URISyntaxException {
        return Files.list(corpus("rejected")).sorted();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("accepted")
    void acceptedTraceIsAccepted(Path trace) {
        CheckReport r = TraceChecker.check(trace);
        assertEquals(Verdict.ACCEPTED, r.verdict(), r.toText());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rejected")
    void rejectedTraceIsRejectedForItsRule(Path trace) {
        CheckReport r = TraceChecker.check(trace);
        String rule = trace.getFileName().toString().split("-")[0];
        assertEquals(Verdict.REJECTED, r.verdict(), r.toText());
        assertTrue(r.brokenRules().contains(rule), "expected " + rule + ": " + r.toText());
    }
}
