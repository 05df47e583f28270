package org.dmabufspec.tlc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The parser on outputs recorded from TLC 1.7.3, one per exit code in tlc.md. */
class TlcOutputParserTest {

    @Test
    void passingModelIsOkWithStatsAndDepth() {
        TlcResult r = TlcOutputParser.parse(Fixtures.output("ok"), 0);
        assertEquals(new Verdict.Ok(), r.verdict());
        assertEquals(29, r.statesGenerated());
        assertEquals(16, r.distinctStates());
        assertEquals(OptionalLong.of(6), r.depth());
        assertTrue(r.counterexample().isEmpty());
    }

    @Test
    void exitZeroWithoutTheSuccessMessageIsACrashNotOk() {
        String truncated = Fixtures.output("ok").replace("STARTMSG 2193:", "STARTMSG 9999:");
        assertInstanceOf(Verdict.ToolCrash.class, TlcOutputParser.parse(truncated, 0).verdict());
    }

    @Test
    void deadlockHasTheWholeBehaviourWithChangedVariables() {
        TlcResult r = TlcOutputParser.parse(Fixtures.output("deadlock"), 11);
        assertEquals(new Verdict.Deadlock(), r.verdict());
        Counterexample c = r.counterexample().orElseThrow();
        assertEquals(5, c.steps().size());
        assertEquals(List.of("owner", "x", "log"), c.variables());
        assertEquals("Initial predicate", c.steps().get(0).action());
        assertEquals(Set.of("owner", "x", "log"), c.steps().get(0).changed());
        Step take = c.steps().get(3);
        assertEquals("Take", take.action());
        assertEquals("line 17, col 12 to line 19, col 34 of module Counter", take.location());
        assertEquals(Set.of("owner"), take.changed());
        assertEquals(new TlaValue.Function(List.of(
                new TlaValue.Mapping(new TlaValue.ModelValue("p1"), new TlaValue.Str("busy")),
                new TlaValue.Mapping(new TlaValue.ModelValue("p2"), new TlaValue.Str("idle")))),
                take.state().get("owner"));
        assertTrue(c.loopIndex().isEmpty());
    }

    @Test
    void invariantViolationNamesTheInvariant() {
        TlcResult r = TlcOutputParser.parse(Fixtures.output("invariant"), 12);
        assertEquals(new Verdict.InvariantViolated("Small"), r.verdict());
        Counterexample c = r.counterexample().orElseThrow();
        assertEquals(3, c.steps().size());
        assertEquals(TlaValue.Int.of(2), c.last().state().get("x"));
        assertEquals(Set.of("x", "log"), c.last().changed());
        assertEquals(5, r.distinctStates());
    }

    @Test
    void invariantViolatedInTheInitialStateHasAOneStateTrace() {
        TlcResult r = TlcOutputParser.parse(Fixtures.output("initbad"), 12);
        assertEquals(new Verdict.InvariantViolated("InitBad"), r.verdict());
        Counterexample c = r.counterexample().orElseThrow();
        assertEquals(1, c.steps().size());
        assertEquals(TlaValue.Int.of(0), c.last().state().get("x"));
    }

    @Test
    void temporalViolationWithBackToStateIsALasso() {
        TlcResult r = TlcOutputParser.parse(Fixtures.output("temporal"), 13);
        assertEquals(new Verdict.TemporalPropertyViolated(Optional.empty()), r.verdict());
        Counterexample c = r.counterexample().orElseThrow();
        assertEquals(3, c.steps().size());
        assertEquals(OptionalInt.of(1), c.loopIndex()); // "2: Back to state" is the second state
    }

    @Test
    void temporalViolationEndingInStutteringLoopsOnTheLastState() {
        TlcResult r = TlcOutputParser.parse(Fixtures.output("stutter"), 13);
        Counterexample c = r.counterexample().orElseThrow();
        assertEquals(1, c.steps().size());
        assertEquals(OptionalInt.of(0), c.loopIndex());
    }

    @Test
    void violatedActionPropertyIsATemporalViolationNamedByTlc() {
        TlcResult r = TlcOutputParser.parse(Fixtures.output("actionproperty"), 13);
        assertEquals(new Verdict.TemporalPropertyViolated(Optional.of("NeverDecreases")), r.verdict());
        assertEquals(TlaValue.Int.of(1), r.counterexample().orElseThrow().last().state().get("x"));
    }

    @Test
    void actionPropertyGivenOnlyAsALocationIsLeftUnnamed() {
        String refinement = Fixtures.output("actionproperty").replace("Action property NeverDecreases is violated",
                "Action property line 82, col 17 to line 82, col 29 of module DmaBufIsolation is violated");
        assertEquals(new Verdict.TemporalPropertyViolated(Optional.empty()), TlcOutputParser.parse(refinement, 13).verdict());
    }

    @Test
    void assertFailureCarriesItsMessage() {
        TlcResult r = TlcOutputParser.parse(Fixtures.output("assert"), 14);
        assertEquals(new Verdict.AssertFailed("x must stay below 1"), r.verdict());
        assertEquals(2, r.counterexample().orElseThrow().steps().size());
    }

    @Test
    void evaluationErrorGivesTheMessageAndTheInnermostLocation() {
        TlcResult r = TlcOutputParser.parse(Fixtures.output("evalerror"), 75);
        Verdict.EvaluationError e = assertInstanceOf(Verdict.EvaluationError.class, r.verdict());
        assertEquals("Attempted to apply tuple <<1, 2>> to integer 3 which is out of domain.", e.message());
        assertEquals("Line 6, column 16 to line 6, column 19 in EvalError", e.location());
    }

    @Test
    void syntaxErrorGivesFileLineAndColumn() {
        TlcResult r = TlcOutputParser.parse(Fixtures.output("parseerror"), 150);
        Verdict.ParseError e = assertInstanceOf(Verdict.ParseError.class, r.verdict());
        assertTrue(e.file().endsWith("fixtures/ParseError.tla"), e.file());
        assertEquals(6, e.line());
        assertEquals(20, e.column());
        assertTrue(e.message().startsWith("Was expecting \"==== or more Module body\""), e.message());
        assertTrue(e.formatted().contains("ParseError.tla:6:20: Was expecting"), e.formatted());
    }

    @Test
    void semanticErrorGivesFileLineColumnAndSanysMessage() {
        TlcResult r = TlcOutputParser.parse(Fixtures.output("semanticerror"), 150);
        Verdict.ParseError e = assertInstanceOf(Verdict.ParseError.class, r.verdict());
        assertTrue(e.file().endsWith("fixtures/SemanticError.tla"), e.file());
        assertEquals(5, e.line());
        assertEquals(14, e.column());
        assertEquals("Unknown operator: `Undefined'.", e.message());
    }

    @Test
    void cfgNamingAnUndefinedOperatorIsAConfigError() {
        TlcResult r = TlcOutputParser.parse(Fixtures.output("undefined"), 151);
        Verdict.ConfigError e = assertInstanceOf(Verdict.ConfigError.class, r.verdict());
        assertTrue(e.message().contains("NoSuchInvariant"), e.message());
    }

    @Test
    void cfgSyntaxErrorNestedInAnExceptionMessageKeepsTlcsWords() {
        TlcResult r = TlcOutputParser.parse(Fixtures.output("cfgsyntax"), 255);
        assertEquals(new Verdict.ConfigError(
                "TLC found an error in the configuration file at line 4 It was expecting a keyword, but did not find it."),
                r.verdict());
    }

    @Test
    void falseAssumptionGivesItsLocation() {
        TlcResult r = TlcOutputParser.parse(Fixtures.output("assumefalse"), 10);
        assertEquals(new Verdict.AssumptionFalse("line 5, col 8 to line 5, col 12 of module AssumeFalse"), r.verdict());
    }

    @Test
    void exitCodeWithoutItsMessageIsACrash() {
        TlcResult r = TlcOutputParser.parse(Fixtures.output("ok"), 12);
        Verdict.ToolCrash c = assertInstanceOf(Verdict.ToolCrash.class, r.verdict());
        assertEquals(12, c.exitCode());
        assertTrue(c.outputTail().contains("Finished in"));
    }

    @Test
    void unknownExitCodeIsACrash() {
        assertInstanceOf(Verdict.ToolCrash.class, TlcOutputParser.parse("Error: metadir in use\n", 1).verdict());
    }

    @Test
    void everyValueKindInAStateParses() {
        TlcResult r = TlcOutputParser.parse(Fixtures.output("values"), 12);
        Map<String, TlaValue> v = ((TlaValue.Record) r.counterexample().orElseThrow().last().state().get("v")).fields();
        assertEquals(TlaValue.Int.of(-7), v.get("int"));
        assertEquals(new TlaValue.Str("a \"q\" b"), v.get("str"));
        assertEquals(new TlaValue.Bool(true), v.get("bool"));
        assertEquals(new TlaValue.ModelValue("m1"), v.get("mv"));
        assertEquals(new TlaValue.SetValue(List.of()), v.get("empty"));
        assertEquals(new TlaValue.Sequence(List.of(TlaValue.Int.of(10), TlaValue.Int.of(20))), v.get("nat"));
        assertInstanceOf(TlaValue.Function.class, v.get("fn"));
        assertInstanceOf(TlaValue.Record.class, v.get("rec"));
    }

    @Test
    void progressMessageGivesDepthStatesAndQueue() {
        Progress p = TlcOutputParser.progress(
                "Progress(12) at 2026-11-21 05:32:43: 1,234,567 states generated (580 s/min), 45,678 distinct states found (580 ds/min), 2,001 states left on queue.",
                Duration.ofSeconds(61)).orElseThrow();
        assertEquals(new Progress(12, 1_234_567, 45_678, 2_001, Duration.ofSeconds(61)), p);
        assertFalse(TlcOutputParser.progress("Starting...", Duration.ZERO).isPresent());
    }

    @Test
    void multiLineValuesJoinTheirConjunct() {
        Map<String, TlaValue> s = TlcOutputParser.state("/\\ a = [x |-> 1,\n     y |-> {1,\n  2}]\n/\\ b = <<>>");
        assertEquals(2, s.size());
        assertEquals(2, ((TlaValue.Record) s.get("a")).fields().size());
    }
}
