package org.dmabufspec.conformance.checker;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.dmabufspec.conformance.fuzz.TraceMutator;

import static org.junit.jupiter.api.Assertions.assertNotNull;

/**
 * Jazzer fuzz target: a corpus trace mutated under the fuzzer's control. In the default test run
 * it replays its regression inputs (src/test/resources/.../TraceFuzzTestInputs); run it with
 * JAZZER_FUZZ=1 to fuzz for new inputs. Any exception thrown out of the checker is a finding.
 */
class TraceFuzzTest {
    private static List<List<String>> seeds;

    private static synchronized List<List<String>> seeds() throws Exception {
        if (seeds == null) {
            seeds = new ArrayList<>();
            for (String kind : new String[] {"accepted", "rejected"}) {
                try (var files = Files.list(TraceCorpusTest.corpus(kind))) {
                    for (Path p : files.sorted().toList()) {
                        List<String> lines = Files.readAllLines(p, StandardCharsets.UTF_8);
                        seeds.add(lines.size() > 60 ? new ArrayList<>(lines.subList(0, 60)) : lines);
                    }
                }
            }
        }
        return seeds;
    }

    @FuzzTest(maxDuration = "30s")
    void checkerNeverThrows(FuzzedDataProvider data) throws Exception {
        List<List<String>> s = seeds();
        List<String> base = s.get(data.consumeInt(0, s.size() - 1));
        List<String> m = TraceMutator.lines(base, new Random(data.consumeLong()));
        String extra = data.consumeRemainingAsString();
        if (!extra.isEmpty()) {
            m.add(Math.min(m.size(), Math.abs(extra.hashCode() % (m.size() + 1))), extra);
        }
        Path p = Files.createTempFile("fuzz", ".ndjson");
        try {
            Files.writeString(p, String.join("\n", m) + "\n");
            assertNotNull(TraceChecker.check(p).verdict());
        } finally {
            Files.deleteIfExists(p);
        }
    }
}
