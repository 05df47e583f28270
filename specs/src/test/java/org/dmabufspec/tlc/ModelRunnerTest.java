package org.dmabufspec.tlc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Forks real TLC runs on the fixture specs. */
class ModelRunnerTest {
    private static final ModelRunner RUNNER = ModelRunner.withTlcOnClasspath();
    private static final RunOptions OPTS = RunOptions.defaults().withWorkers(1).withTimeout(Duration.ofMinutes(2));

    private static Model model(String module, String cfg, String expect) {
        return new Model(cfg, module, cfg, "fixture", Expectation.parse(expect), Tier.DEFAULT, Optional.empty(),
                List.of(), List.of(), 1);
    }

    @Test
    void forkedRunOfAPassingModelIsOk() {
        TlcResult r = RUNNER.run(Fixtures.DIR, "Counter.tla", "Counter_ok.cfg", OPTS, p -> { });
        assertEquals(new Verdict.Ok(), r.verdict());
        assertEquals(16, r.distinctStates());
        assertFalse(r.duration().isZero());
        // TlcMain's exit line: a JVM that started, parsed and checked used some CPU
        assertTrue(r.cpuTime().orElseThrow(() -> new AssertionError("no CPU line:\n" + r.output())).toMillis() > 0);
    }

    @Test
    void cpuTimeIsTheLastMarkerLineAndAbsentWithoutOne() {
        assertEquals(Optional.of(Duration.ofMillis(1230)),
                TlcMain.cpuTime("@!@!@ENDMSG 2186 @!@!@\n" + TlcMain.MARKER + "1230\n"));
        assertEquals(Optional.empty(), TlcMain.cpuTime("Finished in 1s\n"));
        assertEquals(Optional.empty(), TlcMain.cpuTime("x" + TlcMain.MARKER + "5\n")); // only whole lines count
    }

    @Test
    void singlePropertyInTheCfgNamesTheTemporalViolation() {
        TlcResult r = RUNNER.run(Fixtures.DIR, "Cycle.tla", "Cycle.cfg", OPTS, p -> { });
        assertEquals(new Verdict.TemporalPropertyViolated(Optional.of("ReachesDone")), r.verdict());
    }

    @Test
    void withSeveralPropertiesTheFailingOneIsFoundByRerunningEachAlone() {
        TlcResult r = RUNNER.run(Fixtures.DIR, "Cycle.tla", "Cycle_two.cfg", OPTS, p -> { });
        assertEquals(new Verdict.TemporalPropertyViolated(Optional.of("ReachesDone")), r.verdict());
    }

    @Test
    void violatedRefinementStyleActionPropertyIsNamedAfterTheCfgProperty() {
        TlcResult r = RUNNER.run(Fixtures.DIR, "ActionProperty.tla", "ActionProperty.cfg", OPTS, p -> { });
        assertEquals(new Verdict.TemporalPropertyViolated(Optional.of("NeverDecreases")), r.verdict());
    }

    @Test
    void parseErrorPointsAtTheFaultyLine() {
        TlcResult r = RUNNER.run(Fixtures.DIR, "ParseError.tla", "ParseError.cfg", OPTS, p -> { });
        Verdict.ParseError e = assertInstanceOf(Verdict.ParseError.class, r.verdict());
        assertEquals(6, e.line());
    }

    @Test
    void modelRunningPastItsTimeoutIsKilledAndReportedAsTimeout() {
        RunOptions quick = OPTS.withTimeout(Duration.ofSeconds(3));
        TlcResult r = RUNNER.run(Fixtures.DIR, "Endless.tla", "Endless.cfg", quick, p -> { });
        assertEquals(new Verdict.Timeout(3), r.verdict());
        assertTrue(r.duration().toSeconds() < 30, r.duration().toString());
    }

    @Test
    void lastStateOfAnInvariantCounterexampleIsConfirmedIndependently() {
        Model m = model("Counter.tla", "Counter_invariant.cfg", "invariant Small");
        TlcResult r = RUNNER.run(Fixtures.DIR, m.module(), m.cfg(), OPTS, p -> { });
        CounterexampleCheck.Outcome o = new CounterexampleCheck(RUNNER)
                .verify(Fixtures.DIR, m, r.counterexample().orElseThrow(), "Small");
        assertTrue(o.confirmed(), o.explanation() + "\n" + o.check().output());
    }

    @Test
    void doubleCheckRejectsAStateThatSatisfiesTheInvariant() {
        // The first state (x = 0) satisfies Small: claiming it violates Small must be refuted.
        Model m = model("Counter.tla", "Counter_invariant.cfg", "invariant Small");
        Counterexample c = RUNNER.run(Fixtures.DIR, m.module(), m.cfg(), OPTS, p -> { }).counterexample().orElseThrow();
        Counterexample firstOnly = new Counterexample(c.steps().subList(0, 1), java.util.OptionalInt.empty());
        CounterexampleCheck.Outcome o = new CounterexampleCheck(RUNNER).verify(Fixtures.DIR, m, firstOnly, "Small");
        assertFalse(o.confirmed(), o.explanation());
        assertEquals(new Verdict.Ok(), o.check().verdict());
    }
}
