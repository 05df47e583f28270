package org.dmabufspec.tlc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Value coverage: the instrumented run of a fixture and of a real scenario, the parser, the tier's sums. */
class ValueCoverageTest {
    private static final ModelRunner RUNNER = ModelRunner.withTlcOnClasspath();
    private static final RunOptions OPTS = RunOptions.defaults().withWorkers(1).withTimeout(Duration.ofMinutes(5))
            .withTlcOptions(CoverageParser.TLC_OPTIONS);
    private static final Model FACETS = new Model("Facets", "Facets.tla", "Facets.cfg", "fixture", new Expectation.Ok(),
            Tier.DEFAULT, Optional.empty(), List.of(), List.of(), 1);
    private static final ValueObservations.FacetKey KIND = new ValueObservations.FacetKey("Facets", "Put", "kind");

    private static ValueDeclarations declarations(Path dir, String unreachable) throws IOException {
        Path file = dir.resolve("coverage.yaml");
        Files.writeString(file, """
                actions:
                  - module: Facets
                    action: Put
                    params: [k]
                    facets:
                      - name: kind
                        value: k
                        domain: Kinds
                """ + unreachable);
        return ValueDeclarations.load(file);
    }

    @Test
    void instrumentedRunRecordsTheValuesTakenAndKeepsTheModelsStates(@TempDir Path tmp) throws IOException {
        ValueInstrumentation.Run run = ValueInstrumentation.run(RUNNER, Fixtures.DIR, FACETS, declarations(tmp, ""), OPTS, p -> { });
        TlcResult plain = RUNNER.run(Fixtures.DIR, "Facets.tla", "Facets.cfg", OPTS, p -> { });
        assertEquals(new Verdict.Ok(), run.result().verdict());
        assertEquals(plain.distinctStates(), run.result().distinctStates());
        assertEquals(plain.statesGenerated(), run.result().statesGenerated());
        assertEquals(Set.of("1", "2"), run.values().taken().get(KIND));
        assertEquals(Set.of("1", "2", "3"), run.values().domains().get(KIND));
        // TLC reports the instrumented action under its own name and module again
        ModelCoverage c = ValueInstrumentation.normalize(CoverageParser.parse(run.result().output()).orElseThrow(),
                run.plan(), Fixtures.DIR);
        assertTrue(c.action("Put").isPresent(), c.toString());
        assertEquals("Facets", c.action("Put").get().module());
    }

    @Test
    void theTierReportsAValueNoModelTookUnlessDeclaredUnreachable(@TempDir Path tmp) throws IOException {
        ValueObservations seen = new ValueObservations(Map.of(KIND, Set.of("1", "2")), Map.of(KIND, Set.of("1", "2", "3")));
        TierCoverage gap = new TierCoverage(Fixtures.DIR, declarations(tmp, ""));
        gap.add(FACETS, new ModelCoverage(List.of()), seen);
        assertEquals(List.of("Facets!Put kind: values [3] of its domain are taken by no model"), gap.strictProblems());

        TierCoverage declared = new TierCoverage(Fixtures.DIR, declarations(tmp, """
                        unreachable:
                          "3": Put's guard refuses kind 3
                """));
        declared.add(FACETS, new ModelCoverage(List.of()), seen);
        assertEquals(List.of(), declared.strictProblems());

        // a value declared unreachable that a step takes is a wrong declaration
        TierCoverage wrong = new TierCoverage(Fixtures.DIR, declarations(tmp, """
                        unreachable:
                          "2": wrong
                """));
        wrong.add(FACETS, new ModelCoverage(List.of()), seen);
        assertEquals(List.of("Facets!Put kind: values [3] of its domain are taken by no model",
                "Facets!Put kind: values [2] are declared unreachable but were taken"), wrong.strictProblems());
    }

    @Test
    void anActionNoModelTakesIsAGapButOneModelTakingItIsEnough() {
        ActionCoverage dead = new ActionCoverage("Reset", "M", 3, "line 3, col 1 to line 3, col 5 of module M", "", false, 0, 0, List.of());
        ActionCoverage live = new ActionCoverage("Reset", "M", 3, "line 3, col 1 to line 3, col 5 of module M", "", false, 1, 4, List.of());
        TierCoverage t = new TierCoverage(Fixtures.DIR, new ValueDeclarations(Path.of("none"), List.of()));
        Model a = new Model("A", "M.tla", "A.cfg", "x", new Expectation.Ok(), Tier.DEFAULT, Optional.empty(), List.of(), List.of(), 1);
        Model b = new Model("B", "M.tla", "B.cfg", "x", new Expectation.Ok(), Tier.DEFAULT, Optional.empty(), List.of(), List.of(), 2);
        t.add(a, new ModelCoverage(List.of(dead)), new ValueObservations(Map.of(), Map.of()));
        assertEquals(List.of("action M!Reset is taken by no model (A)"), t.strictProblems());
        t.add(b, new ModelCoverage(List.of(live)), new ValueObservations(Map.of(), Map.of()));
        assertEquals(List.of(), t.strictProblems());
    }

    /** TLC 1.7.3 pretty-prints a long PrintT value over several lines, starting "<< \"tag\",". */
    @Test
    void parsesValuesTlcBrokeOverSeveralLines() {
        String out = """
                << "dmabuf-domain",
                   <<"DmaFenceWaitTimeout", "timeout kind, fence signalled">>,
                   { <<"infinite", FALSE>>,
                     <<"zero", TRUE>> } >>
                <<"dmabuf-value", <<"DmaFenceWaitTimeout", "timeout kind, fence signalled">>, <<"zero", TRUE>>>>
                @!@!@STARTMSG 2185:0 @!@!@
                """;
        ValueObservations v = ValueObservations.parse(out, Map.of("DmaFenceWaitTimeout", "DmaFence"));
        ValueObservations.FacetKey k = new ValueObservations.FacetKey("DmaFence", "DmaFenceWaitTimeout", "timeout kind, fence signalled");
        assertEquals(Set.of("<<\"infinite\", FALSE>>", "<<\"zero\", TRUE>>"), v.domains().get(k));
        assertEquals(Set.of("<<\"zero\", TRUE>>"), v.taken().get(k));
    }

    @Test
    void aDeclarationWithoutFacetsIsRefusedWithItsLine(@TempDir Path tmp) throws IOException {
        Path file = tmp.resolve("coverage.yaml");
        Files.writeString(file, "actions:\n  - module: M\n    action: Put\n    params: [k]\n");
        ManifestException e = assertThrows(ManifestException.class, () -> ValueDeclarations.load(file));
        assertTrue(e.getMessage().contains(file + ":3: action Put: `facets` is empty"), e.getMessage());
    }

    /** The declarations of the repository load, and each names an action its module defines with those parameters. */
    @Test
    void theRepositorysDeclarationsNameRealActions() throws IOException {
        ValueDeclarations d = ValueDeclarations.nextTo(Path.of("models.yaml"));
        assertTrue(d.actions().size() > 10, "specs/coverage.yaml declares " + d.actions().size() + " actions");
        for (ValueDeclarations.Action a : d.actions()) {
            String text = Files.readString(Path.of("tla", a.module() + ".tla"));
            String head = a.name() + (a.params().isEmpty() ? "" : "(" + String.join(", ", a.params()) + ")") + " ==";
            assertTrue(text.contains("\n" + head), a.module() + ".tla has no definition `" + head + "`");
        }
    }
}
