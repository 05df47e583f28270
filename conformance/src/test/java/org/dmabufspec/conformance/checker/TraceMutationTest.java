package org.dmabufspec.conformance.checker;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.dmabufspec.conformance.fuzz.TraceMutator;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Seeded random mutation of the corpus traces (bytes flipped, lines dropped, duplicated,
 * swapped or cut, numbers changed): every mutant gets a verdict, never an exception, never a
 * hang (the timeout is a hang guard, far above the milliseconds one check takes).
 */
class TraceMutationTest {
    @TempDir
    Path dir;

    @Test
    void thousandsOfMutatedTracesAllGetAVerdict() throws Exception {
        List<List<String>> seeds = new ArrayList<>();
        for (String kind : new String[] {"accepted", "rejected"}) {
            try (var files = Files.list(TraceCorpusTest.corpus(kind))) {
                for (Path p : files.sorted().toList()) {
                    List<String> lines = Files.readAllLines(p, StandardCharsets.UTF_8);
                    seeds.add(lines.size() > 120 ? new ArrayList<>(lines.subList(0, 120)) : lines);
                }
            }
        }
        Random rnd = new Random(20261121);
        int[] verdicts = new int[Verdict.values().length];
        Path p = dir.resolve("m.ndjson");
        for (int i = 0; i < 3000; i++) {
            List<String> m = TraceMutator.lines(seeds.get(rnd.nextInt(seeds.size())), rnd);
            Files.writeString(p, String.join("\n", m) + (rnd.nextInt(10) == 0 ? "" : "\n"));
            CheckReport r = assertTimeoutPreemptively(Duration.ofSeconds(30), () -> TraceChecker.check(p));
            assertNotNull(r.verdict());
            assertNotNull(r.verdict() == Verdict.BAD_INPUT ? r.problem() : r.kernel());
            r.toText();
            r.toJson();
            verdicts[r.verdict().ordinal()]++;
        }
        // the mutations reach all three verdicts, so they exercise the engine and not only the reader
        for (int v : verdicts) {
            assertTrue(v > 0, java.util.Arrays.toString(verdicts));
        }
    }
}
