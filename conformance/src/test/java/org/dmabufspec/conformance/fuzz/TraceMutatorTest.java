package org.dmabufspec.conformance.fuzz;

import org.dmabufspec.conformance.checker.CheckOptions;
import org.dmabufspec.conformance.checker.CheckReport;
import org.dmabufspec.conformance.checker.TraceChecker;
import org.dmabufspec.conformance.checker.Verdict;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Random;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The seed corpus of `dmabuf bench fuzz` in the default build: sixty cases covering every
 * mutation kind (huge records included) get a verdict, never an exception, and every bad-input
 * message is one line naming the line and field. The 10,000-case run with its time bound is the
 * bench (docs/reliability.md).
 */
class TraceMutatorTest {
    private static List<List<String>> corpus() throws Exception {
        List<List<String>> seeds = new ArrayList<>();
        for (String kind : new String[] {"accepted", "rejected"}) {
            try (var files = Files.list(Path.of(TraceMutatorTest.class.getResource("/traces/" + kind).toURI()))) {
                for (Path p : files.sorted().toList()) {
                    List<String> lines = Files.readAllLines(p, StandardCharsets.UTF_8);
                    seeds.add(lines.size() > 150 ? List.copyOf(lines.subList(0, 150)) : lines);
                }
            }
        }
        return seeds;
    }

    @Test
    void everyMutationKindGetsAVerdictAndBadInputNamesLineAndField() throws Exception {
        List<List<String>> seeds = corpus();
        Random rnd = new Random(42);
        Set<TraceMutator.Kind> kinds = EnumSet.noneOf(TraceMutator.Kind.class);
        Set<Verdict> verdicts = EnumSet.noneOf(Verdict.class);
        for (int i = 0; i < 60; i++) {
            TraceMutator.Case c = TraceMutator.mutate(seeds.get(rnd.nextInt(seeds.size())), rnd);
            kinds.add(c.kind());
            CheckReport r = TraceChecker.check(new ByteArrayInputStream(c.bytes()), "case.ndjson", CheckOptions.defaults());
            verdicts.add(r.verdict());
            if (r.verdict() == Verdict.BAD_INPUT && !r.problem().contains("checker bound exceeded")) {
                String m = r.problem();
                assertTrue(m.matches("case\\.ndjson:[1-9]\\d*: (field '[^']+'|record): .+"), c.kind() + ": " + m);
                assertFalse(m.contains("\n") || m.contains("fasterxml") || m.contains("StreamRead") || m.contains("`"), m);
            }
        }
        assertEquals(EnumSet.allOf(TraceMutator.Kind.class), kinds);
        // mutants of the engine's kind too, not only of the reader's
        assertTrue(verdicts.containsAll(EnumSet.of(Verdict.REJECTED, Verdict.BAD_INPUT)), verdicts.toString());
    }

    @Test
    void sameSeedSameCase() throws Exception {
        List<List<String>> seeds = corpus();
        for (long s = 0; s < 30; s++) {
            assertArrayEquals(TraceMutator.mutate(seeds.get(0), new Random(s)).bytes(), TraceMutator.mutate(seeds.get(0), new Random(s)).bytes());
        }
    }
}
