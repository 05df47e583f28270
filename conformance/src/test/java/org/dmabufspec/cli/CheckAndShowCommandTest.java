package org.dmabufspec.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.parallel.ResourceLock;
import org.junit.jupiter.api.parallel.Resources;

/** The CLI end to end: {@code Main} with a small test manifest, TLC forked for real. */
@ResourceLock(Resources.SYSTEM_OUT)
@ResourceLock(Resources.SYSTEM_ERR)
class CheckAndShowCommandTest {
    private static final Path SPECS = Path.of("src/test/resources/cli-specs").toAbsolutePath();

    private static CliRun run(String... args) {
        return CliRun.withPicocliWriters(args);
    }

    @Test
    void checkOfThePassingAndTheExpectedViolationModelsExitsZeroWithATable() {
        CliRun r = run("check", "--specs", SPECS.toString(), "--workers", "1");
        assertEquals(0, r.exit(), r.out() + r.err());
        assertTrue(r.out().contains("model"), r.out());
        assertTrue(r.out().matches("(?s).*CounterOk\\s+ok\\s+ok\\s+16\\s+6\\s+[\\d.]+ s\\s+PASS.*"), r.out());
        assertTrue(r.out().matches("(?s).*CounterSmall\\s+invariant Small\\s+invariant Small\\s+.*PASS.*"), r.out());
        assertTrue(r.out().contains("total: 2 model(s), 2 as expected, 0 not"), r.out());
    }

    @Test
    void jobsChecksModelsConcurrentlyAndKeepsTheManifestOrderInTheTable() {
        CliRun r = run("check", "--specs", SPECS.toString(), "--workers", "1", "--jobs", "2", "--tier", "all");
        assertEquals(1, r.exit(), r.out() + r.err());
        String out = r.out();
        int ok = out.indexOf("CounterOk "), small = out.indexOf("CounterSmall "), cycle = out.indexOf("CycleNeverDone "),
                broken = out.indexOf("Broken ");
        assertTrue(0 < ok && ok < small && small < cycle && cycle < broken, out);
        assertTrue(out.contains("total: 5 model(s), 4 as expected, 1 not"), out);
        assertTrue(r.err().contains("ParseError.tla:6:20: Was expecting"), r.err());
        CliRun bad = run("check", "--specs", SPECS.toString(), "--jobs", "0", "CounterOk");
        assertEquals(2, bad.exit());
        assertTrue(bad.err().contains("--jobs must be at least 1, got 0"), bad.err());
    }

    @Test
    void confirmReChecksTheLastStateOfAnExpectedInvariantViolation() {
        CliRun r = run("check", "--specs", SPECS.toString(), "--workers", "1", "--confirm", "CounterSmall");
        assertEquals(0, r.exit(), r.out() + r.err());
        assertTrue(r.err().contains("PASS CounterSmall: invariant Small") && r.err().contains("confirmed: the last state violates Small"), r.err());
    }

    @Test
    void checkOfASpecWithASyntaxErrorPrintsFileLineColumnAndFails() {
        CliRun r = run("check", "--specs", SPECS.toString(), "--workers", "1", "Broken");
        assertEquals(1, r.exit());
        assertTrue(r.err().contains("ParseError.tla:6:20: Was expecting"), r.err());
        assertTrue(r.out().contains("FAIL"), r.out());
    }

    @Test
    void nonsensicalOptionValuesAreUsageErrors() {
        CliRun r = run("check", "--specs", SPECS.toString(), "--workers", "0", "CounterOk");
        assertEquals(2, r.exit());
        assertTrue(r.err().contains("workers must be at least 1, got 0"), r.err());
        CliRun t = run("check", "--specs", SPECS.toString(), "--tier", "nightly");
        assertEquals(2, t.exit());
        assertTrue(t.err().contains("--tier must be default, deep or all, not 'nightly'"), t.err());
    }

    @Test
    void unknownModelListsTheKnownOnes() {
        CliRun r = run("check", "--specs", SPECS.toString(), "NoSuchModel");
        assertEquals(2, r.exit());
        assertTrue(r.err().contains("unknown model 'NoSuchModel'"), r.err());
        assertTrue(r.err().contains("CycleNeverDone"), r.err());
    }

    @Test
    void showPrintsOnlyChangedVariablesAndWritesItf(@TempDir Path tmp) throws Exception {
        Path itf = tmp.resolve("trace.itf.json");
        CliRun r = run("show", "--specs", SPECS.toString(), "--workers", "1", "CounterSmall", "--itf", itf.toString());
        assertEquals(0, r.exit(), r.out() + r.err());
        assertTrue(r.out().contains("1. Initial predicate\n    owner:\n      p1 ↦ idle\n      p2 ↦ idle\n    x = 0"), r.out());
        // step 2 changes x and log, not owner
        String step2 = r.out().substring(r.out().indexOf("2. Incr"), r.out().indexOf("3. Incr"));
        assertTrue(step2.contains("x = 1") && !step2.contains("owner"), step2);
        assertTrue(r.out().contains("state 3 violates Small\n"), r.out());
        JsonNode json = new ObjectMapper().readTree(Files.readString(itf));
        assertEquals(3, json.get("states").size());
        assertEquals("2", json.at("/states/2/x/#bigint").asText());
    }

    @Test
    void showOfALivenessViolationMarksTheLoop() {
        CliRun r = run("show", "--specs", SPECS.toString(), "--workers", "1", "CycleNeverDone");
        assertEquals(0, r.exit(), r.out() + r.err());
        assertTrue(r.out().contains("@ 2. Step"), r.out());
        assertTrue(r.out().contains("then back to state 2"), r.out());
        assertTrue(r.out().contains("this behaviour violates ReachesDone"), r.out());
    }

    @Test
    void mermaidDiagramHasOneLanePerActionPrefix() {
        CliRun r = run("show", "--specs", SPECS.toString(), "--workers", "1", "CycleNeverDone", "--mermaid");
        assertTrue(r.out().contains("sequenceDiagram"), r.out());
        assertTrue(r.out().contains("participant Step as Step"), r.out());
        assertTrue(r.out().contains("back to step 2, forever"), r.out());
    }

    @Test
    void recordRewritesOnlyTheMeasuredLines(@TempDir Path tmp) throws Exception {
        Path specs = tmp.resolve("specs");
        Files.createDirectories(specs.resolve("tla"));
        for (String f : new String[] {"Counter.tla", "Counter_ok.cfg", "Counter_invariant.cfg", "Cycle.tla", "Cycle.cfg",
                "ParseError.tla", "ParseError.cfg", "DeadAction.tla", "DeadAction.cfg"}) {
            Files.copy(SPECS.resolve("tla").resolve(f), specs.resolve("tla").resolve(f));
        }
        String before = Files.readString(SPECS.resolve("models.yaml"));
        Files.writeString(specs.resolve("models.yaml"), before);
        Path page = Files.createDirectories(tmp.resolve("docs")).resolve("models.md");
        Files.writeString(page, "stale\n");
        CliRun r = run("check", "--specs", specs.toString(), "--workers", "1", "--record", "CounterOk");
        assertEquals(0, r.exit(), r.out() + r.err());
        assertEquals(run("models", "--specs", specs.toString(), "--markdown").out(), Files.readString(page),
                "--record regenerates docs/models.md next to the specs");
        String after = Files.readString(specs.resolve("models.yaml"));
        assertTrue(after.contains("measured: {distinct: 16, depth: 6, seconds: "), after);
        String unchangedElsewhere = after.replaceFirst("measured: \\{distinct: 16, depth: 6, seconds: [\\d.]+}",
                "measured: {distinct: 1, depth: 1, seconds: 0.1}");
        assertEquals(before, unchangedElsewhere);
    }

    @Test
    void modelsMarkdownPrintsTheModelsPage() {
        CliRun r = run("models", "--specs", SPECS.toString(), "--markdown");
        assertEquals(0, r.exit());
        assertTrue(r.out().startsWith("# Models\n"), r.out());
        assertTrue(r.out().contains("\n| Model | Module | Demonstrates |"), r.out());
        assertTrue(r.out().contains("| `CounterOk` | `Counter.tla` | the counter stays within 0..Max | ok | default | 1 | 0.1 |"), r.out());
    }

    @Test
    void modelsMarkdownOutWritesThePageItPrints(@TempDir Path tmp) throws Exception {
        Path page = tmp.resolve("models.md");
        CliRun written = run("models", "--specs", SPECS.toString(), "--markdown", "--out", page.toString());
        assertEquals(0, written.exit(), written.err());
        assertEquals("", written.out());
        assertEquals(run("models", "--specs", SPECS.toString(), "--markdown").out(), Files.readString(page));
    }

    @Test
    void modelsOutWithoutMarkdownIsABadInvocation(@TempDir Path tmp) {
        CliRun r = run("models", "--specs", SPECS.toString(), "--out", tmp.resolve("m.md").toString());
        assertEquals(2, r.exit());
        assertTrue(r.err().contains("--out needs --markdown"), r.err());
    }

    @Test
    void invalidManifestIsReportedWithFileLineAndField(@TempDir Path tmp) throws Exception {
        Files.createDirectories(tmp.resolve("tla"));
        Files.writeString(tmp.resolve("models.yaml"), "models:\n  - name: X\n    module: X.tla\n");
        CliRun r = run("check", "--specs", tmp.toString());
        assertEquals(2, r.exit());
        assertTrue(r.err().contains("models.yaml:2: entry 'X': field 'cfg' is missing"), r.err());
    }
}
