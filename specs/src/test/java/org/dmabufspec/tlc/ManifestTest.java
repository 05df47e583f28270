package org.dmabufspec.tlc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ManifestTest {
    private static final Path FILE = Path.of("models.yaml");

    private static final String GOOD = """
            # comment kept
            models:
              - name: CounterOk
                module: Counter.tla
                cfg: Counter_ok.cfg
                demonstrates: the counter stays typed
                expect: ok
                tier: default
                measured: {distinct: 16, depth: 6, seconds: 0.8}
              - name: CounterSmall
                module: Counter.tla
                cfg: Counter_invariant.cfg   # trailing comment
                demonstrates: Small breaks at 2
                expect: invariant Small
                tier: deep
                options: ["-deadlock"]
                actors: [p1, p2]
            """;

    private static Manifest parse(String yaml) {
        return Manifest.parse(yaml, FILE, Fixtures.DIR);
    }

    private static String problems(String yaml) {
        return String.join("\n", assertThrows(ManifestException.class, () -> parse(yaml)).problems());
    }

    @Test
    void wellFormedManifestLoadsEveryField() {
        Manifest m = parse(GOOD);
        assertEquals(2, m.models().size());
        Model ok = m.model("CounterOk").orElseThrow();
        assertEquals(new Expectation.Ok(), ok.expect());
        assertEquals(Optional.of(new Measured(16, 6, 0.8)), ok.measured());
        assertEquals(3, ok.line());
        Model small = m.model("CounterSmall").orElseThrow();
        assertEquals(new Expectation.Invariant("Small"), small.expect());
        assertEquals(Tier.DEEP, small.tier());
        assertEquals(List.of("-deadlock"), small.options());
        assertEquals(List.of("p1", "p2"), small.actors());
        assertEquals(List.of(ok), m.tier(Tier.DEFAULT));
    }

    @Test
    void headerOnlyManifestHasNoModels() {
        assertTrue(parse("# nothing yet\nmodels:\n").models().isEmpty());
    }

    @Test
    void unknownFieldIsNamedWithEntryAndLine() {
        String p = problems(GOOD.replace("    tier: deep\n", "    tier: deep\n    expcet: ok\n"));
        assertTrue(p.contains("models.yaml:10: entry 'CounterSmall': unknown field 'expcet'"), p);
    }

    @Test
    void missingFilesAreNamed() {
        String p = problems(GOOD.replace("Counter_ok.cfg", "Nope.cfg").replace("module: Counter.tla\n    cfg: Counter_inv", "module: Gone.tla\n    cfg: Counter_inv"));
        assertTrue(p.contains("entry 'CounterOk': field 'cfg': no such file"), p);
        assertTrue(p.contains("entry 'CounterSmall': field 'module': no such file"), p);
    }

    @Test
    void aMissingGeneratedCfgNamesTheCommandThatWritesIt() {
        String p = problems(GOOD.replace("cfg: Counter_ok.cfg\n", "cfg: Counter_new.cfg\n    family: Counter\n"));
        assertTrue(p.contains("entry 'CounterOk': field 'cfg': no such file"), p);
        assertTrue(p.contains("Counter_new.cfg (write it with ./dmabuf cfgs --write)"), p);
    }

    @Test
    void badExpectStringListsTheAllowedForms() {
        String p = problems(GOOD.replace("expect: invariant Small", "expect: violates Small"));
        assertTrue(p.contains("entry 'CounterSmall': field 'expect': 'violates Small' is not one of: ok | invariant <Name>"), p);
    }

    @Test
    void missingFieldBadTierBadMeasuredAndDuplicateNamesAreAllReported() {
        String yaml = GOOD.replace("    demonstrates: Small breaks at 2\n", "")
                .replace("tier: default", "tier: nightly")
                + "  - name: CounterOk\n    module: Counter.tla\n    cfg: Counter_ok.cfg\n    demonstrates: x\n"
                + "    expect: ok\n    tier: default\n    measured: {distinct: many}\n";
        String p = problems(yaml);
        assertTrue(p.contains("entry 'CounterSmall': field 'demonstrates' is missing"), p);
        assertTrue(p.contains("entry 'CounterOk': field 'tier': 'nightly' is not default or deep"), p);
        assertTrue(p.contains("field 'measured': expected {distinct: <int>, depth: <int>, seconds: <number>}"), p);
    }

    @Test
    void aJitOtherThanFullOrQuickIsReported() {
        String p = problems(GOOD.replace("expect: invariant Small\n", "expect: invariant Small\n    jit: c2\n"));
        assertTrue(p.contains("entry 'CounterSmall': field 'jit': 'c2' is not full or quick"), p);
    }

    @Test
    void duplicateNamesAreRejected() {
        String yaml = GOOD.replace("name: CounterSmall", "name: CounterOk");
        assertTrue(problems(yaml).contains("entry 'CounterOk': field 'name': duplicate model name"));
    }

    @Test
    void invalidYamlIsReportedAsSuch() {
        assertTrue(problems("models: [\n").contains("not valid YAML"));
    }

    @Test
    void expectationsMatchOnlyTheirVerdict() {
        assertTrue(Expectation.parse("invariant Inv").matches(new Verdict.InvariantViolated("Inv")));
        assertFalse(Expectation.parse("invariant Inv").matches(new Verdict.InvariantViolated("Other")));
        assertTrue(Expectation.parse("property Live").matches(new Verdict.TemporalPropertyViolated(Optional.of("Live"))));
        assertFalse(Expectation.parse("property Live").matches(new Verdict.TemporalPropertyViolated(Optional.empty())));
        assertFalse(Expectation.parse("ok").matches(new Verdict.Timeout(10)));
        assertFalse(Expectation.parse("ok").matches(new Verdict.ToolCrash(1, "")));
        assertTrue(Expectation.parse("assert").matches(new Verdict.AssertFailed("m")));
        assertTrue(Expectation.parse("deadlock").matches(new Verdict.Deadlock()));
    }

    @Test
    void recordingReplacesOnlyMeasuredLinesAndAddsMissingOnes() {
        String out = MeasuredRecorder.rewrite(GOOD, Map.of(
                "CounterOk", new Measured(17, 7, 1.25),
                "CounterSmall", new Measured(5, 3, 0.5)));
        String expected = GOOD
                .replace("measured: {distinct: 16, depth: 6, seconds: 0.8}", "measured: {distinct: 17, depth: 7, seconds: 1.3}")
                .replace("    actors: [p1, p2]\n", "    actors: [p1, p2]\n    measured: {distinct: 5, depth: 3, seconds: 0.5}\n");
        assertEquals(expected, out);
        assertEquals(Optional.of(new Measured(5, 3, 0.5)), parse(out).model("CounterSmall").orElseThrow().measured());
    }

    @Test
    void entryNotStartingWithItsNameCannotBeRecordedAndIsReported() {
        String yaml = GOOD.replace("  - name: CounterSmall\n    module: Counter.tla\n", "  - module: Counter.tla\n    name: CounterSmall\n");
        assertEquals(List.of("CounterSmall"), MeasuredRecorder.unrecordable(yaml, Map.of(
                "CounterOk", new Measured(1, 1, 1), "CounterSmall", new Measured(1, 1, 1))));
        assertEquals(yaml.replace("seconds: 0.8", "seconds: 1.0").replace("distinct: 16, depth: 6", "distinct: 1, depth: 1"),
                MeasuredRecorder.rewrite(yaml, Map.of("CounterOk", new Measured(1, 1, 1), "CounterSmall", new Measured(1, 1, 1))));
    }

    @Test
    void recordingSkipsTheTextOfBlockScalars() {
        // the cfg fields' blocks (comment: |, constants: |) hold lines that look like fields
        String yaml = GOOD.replace("    actors: [p1, p2]\n", "    actors: [p1, p2]\n    comment: |\n      Expected: invariant Small.\n"
                + "      measured: not a field\n").replace("    measured: {distinct: 16", "    comment: |\n      measured: text\n    measured: {distinct: 16");
        String out = MeasuredRecorder.rewrite(yaml, Map.of("CounterOk", new Measured(17, 7, 1.25), "CounterSmall", new Measured(5, 3, 0.5)));
        String expected = yaml.replace("measured: {distinct: 16, depth: 6, seconds: 0.8}", "measured: {distinct: 17, depth: 7, seconds: 1.3}")
                .replace("      measured: not a field\n", "      measured: not a field\n    measured: {distinct: 5, depth: 3, seconds: 0.5}\n");
        assertEquals(expected, out);
    }

    @Test
    void recordingLeavesOtherEntriesAndCommentsByteForByte() {
        String withTrailer = GOOD + "\n  # a comment between entries\n";
        assertEquals(withTrailer, MeasuredRecorder.rewrite(withTrailer, Map.of()));
    }
}
