package org.dmabufspec.tlc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

/** The coverage parser on reports recorded from TLC 1.7.3 with {@code -coverage 1} (fixtures/README.md). */
class CoverageParserTest {

    private static ModelCoverage coverage(String fixture) {
        return CoverageParser.parse(Fixtures.output(fixture)).orElseThrow();
    }

    @Test
    void passingCounterModelReportsInitAndBothActionsWithTheirCounts() {
        ModelCoverage c = coverage("coverage_ok");
        assertEquals(List.of("Init", "Incr", "Take"), c.actions().stream().map(ActionCoverage::name).toList());
        ActionCoverage init = c.actions().get(0);
        assertTrue(init.init());
        assertEquals(1, init.generated());
        ActionCoverage incr = c.action("Incr").orElseThrow();
        assertEquals(3, incr.distinct());
        assertEquals(12, incr.generated());
        assertEquals("Counter", incr.module());
        assertEquals(12, incr.line());
        assertEquals("line 12, col 1 to line 12, col 4 of module Counter", incr.location());
        ActionCoverage take = c.action("Take").orElseThrow();
        assertEquals(12, take.distinct());
        assertEquals(16, take.generated());
        assertTrue(c.neverTaken().isEmpty());
    }

    /** WwMutex_Ind_NullCtx: TLC closes the report with 2777 ("large models are best checked without coverage"). */
    @Test
    void aReportClosedByTheLargeModelNoteIsComplete() {
        ModelCoverage c = coverage("coverage_large");
        assertTrue(c.action("DmabufCov_DmaResvTrylock").isEmpty());
        assertTrue(c.generated("DmaResvLock") > 0, c.toString());
        assertEquals(11, c.actions().stream().filter(a -> !a.init()).count());
    }

    @Test
    void subExpressionsKeepTheirNestingAndCounts() {
        List<ExpressionCoverage> e = coverage("coverage_ok").action("Incr").orElseThrow().expressions();
        assertEquals(6, e.size());
        assertEquals(new ExpressionCoverage(0, "Counter", 12, 12, "line 12, col 12 to line 12, col 18 of module Counter",
                12, OptionalLong.empty()), e.get(0));
        assertEquals(1, e.get(1).depth());
        assertEquals(16, e.get(1).evaluations());
    }

    @Test
    void invariantsAreNotActions() {
        assertTrue(coverage("coverage_ok").action("TypeOK").isEmpty());
    }

    @Test
    void deadResetActionIsReportedNeverTakenWithTheGuardThatIsNeverTrue() {
        ModelCoverage c = coverage("coverage_deadaction");
        assertEquals(List.of("Reset"), c.neverTaken().stream().map(ActionCoverage::name).toList());
        ActionCoverage reset = c.action("Reset").orElseThrow();
        assertEquals(0, reset.distinct());
        assertEquals(0, reset.generated());
        ExpressionCoverage guard = reset.guardNeverTrue().orElseThrow();
        assertEquals(19, guard.line()); // x > Max
        assertEquals(13, guard.column());
        assertEquals(5, guard.evaluations());
    }

    @Test
    void stepUsedWithTwoArgumentsIsOneActionAndTakenActionsHaveNoBlockingGuard() {
        ModelCoverage c = coverage("coverage_deadaction");
        assertEquals(1, c.actions().stream().filter(a -> a.name().equals("Step")).count());
        ActionCoverage step = c.action("Step").orElseThrow();
        assertEquals(5, step.generated());
        assertEquals(Optional.empty(), step.guardNeverTrue());
    }

    @Test
    void unnamedStutteringDisjunctIsReportedUnderNextWithItsPosition() {
        ActionCoverage next = coverage("coverage_deadaction").action("Next").orElseThrow();
        assertEquals("line 23, col 51 to line 23, col 72", next.disjunct());
        assertEquals("Next (line 23, col 51)", next.label());
        assertEquals(0, next.distinct()); // it only ever re-generates known states
        assertEquals(1, next.generated());
        assertFalse(next.neverTaken());
    }

    @Test
    void runStoppedByAnInvariantViolationStillHasItsPartialReport() {
        ModelCoverage c = coverage("coverage_invariant");
        assertTrue(c.action("Incr").orElseThrow().generated() > 0);
    }

    @Test
    void dmaBufAttach615ReportListsEveryActionAndThe61OnlyOnesAsNeverTaken() {
        ModelCoverage c = coverage("coverage_attach_6_15");
        assertEquals(25, c.actions().size()); // Init and 24 actions of Next
        assertEquals(List.of("DmaBufMapAttachment61", "ExporterMapCallbackLock"),
                c.neverTaken().stream().map(ActionCoverage::name).toList());
        ActionCoverage sixOne = c.action("DmaBufMapAttachment61").orElseThrow();
        assertEquals(446, sixOne.guardNeverTrue().orElseThrow().line()); // KernelBehaviour = "6.1"
        ActionCoverage submit = c.action("ImporterSubmitJob").orElseThrow();
        assertEquals("line 500, col 5 to line 508, col 81", submit.disjunct());
        assertEquals(103, submit.distinct());
        assertEquals(352, submit.generated());
        ExpressionCoverage costed = c.action("ImporterWaitFences").orElseThrow().expressions().stream()
                .filter(e -> e.cost().isPresent()).findFirst().orElseThrow();
        assertEquals(5, costed.depth());
        assertEquals(482, costed.evaluations());
        assertEquals(OptionalLong.of(964), costed.cost());
    }

    @Test
    void unlockedMapIn61IsStoppedByAConjunctTlcDoesNotCountSoOnlyTheFirstUnreachedOneIsKnown() {
        ActionCoverage unlocked = coverage("coverage_attach_6_1").action("DmaBufMapAttachmentUnlocked").orElseThrow();
        assertTrue(unlocked.neverTaken());
        assertEquals(Optional.empty(), unlocked.guardNeverTrue()); // LockedConvention, over constants only
        assertEquals(429, unlocked.firstNeverEvaluated().orElseThrow().line());
        ActionCoverage map61 = coverage("coverage_attach_6_1").action("DmaBufMapAttachment61").orElseThrow();
        assertEquals(Optional.empty(), map61.firstNeverEvaluated()); // taken: nothing to explain
    }

    @Test
    void outputWithoutCoverageHasNoReport() {
        assertTrue(CoverageParser.parse(Fixtures.output("ok")).isEmpty());
    }

    @Test
    void reportCutOffBeforeItsEndIsIgnoredInFavourOfNone() {
        String out = Fixtures.output("coverage_ok");
        String cut = out.substring(0, out.indexOf("@!@!@STARTMSG 2202"));
        assertTrue(CoverageParser.parse(cut).isEmpty());
    }

    @Test
    void laterReportReplacesAnEarlierOne() {
        String out = Fixtures.output("coverage_ok");
        String report = out.substring(out.indexOf("@!@!@STARTMSG 2201"), out.indexOf("@!@!@STARTMSG 2200"));
        String twice = report.replace(": 3:12", ": 1:4") + report;
        assertEquals(12, CoverageParser.parse(twice).orElseThrow().action("Incr").orElseThrow().generated());
    }

    @Test
    void garbledActionLineIsAnErrorNotASilentZero() {
        String out = Fixtures.output("coverage_ok").replace("<Incr line 12, col 1 to line 12, col 4 of module Counter>: 3:12",
                "<Incr somewhere>: 3:12");
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> CoverageParser.parse(out));
        assertTrue(e.getMessage().contains("<Incr somewhere>"), e.getMessage());
    }
}
