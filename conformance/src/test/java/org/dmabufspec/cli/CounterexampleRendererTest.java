package org.dmabufspec.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Set;
import org.dmabufspec.tlc.Counterexample;
import org.dmabufspec.tlc.Step;
import org.dmabufspec.tlc.TlaValue;
import org.dmabufspec.tlc.TlaValueParser;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.ResourceLock;
import org.junit.jupiter.api.parallel.Resources;

@ResourceLock(Resources.SYSTEM_OUT)
@ResourceLock(Resources.SYSTEM_ERR)
class CounterexampleRendererTest {

    private static Step step(String action, String location, String fstate, String cbList, Set<String> changed) {
        Map<String, TlaValue> s = new LinkedHashMap<>();
        s.put("fstate", TlaValueParser.parse(fstate));
        s.put("cbList", TlaValueParser.parse(cbList));
        return new Step(action, location, s, changed);
    }

    @Test
    void signallingOneFenceShowsOnlyThatFencesNewState() {
        Counterexample c = new Counterexample(List.of(
                step("Initial predicate", "", "(f1 :> \"unsignaled\" @@ f2 :> \"unsignaled\")", "(f1 :> <<c1>> @@ f2 :> <<>>)",
                        Set.of("fstate", "cbList")),
                step("DmaFenceSignal", "line 1, col 1 to line 2, col 2 of module DmaFence",
                        "(f1 :> \"signaled\" @@ f2 :> \"unsignaled\")", "(f1 :> <<c1>> @@ f2 :> <<>>)", Set.of("fstate"))),
                OptionalInt.empty());
        assertEquals("""
                1. Initial predicate
                    fstate:
                      f1 ↦ unsignaled
                      f2 ↦ unsignaled
                    cbList:
                      f1 ↦ ⟨c1⟩
                      f2 ↦ ⟨⟩
                2. DmaFenceSignal   (line 1, col 1 to line 2, col 2 of module DmaFence)
                    fstate (changed keys):
                      f1 ↦ signaled
                """, CounterexampleRenderer.render(c));
    }

    @Test
    void stutteringLassoSaysTheLastStateRepeats() {
        Counterexample c = new Counterexample(List.of(
                step("Initial predicate", "", "(f1 :> \"unsignaled\")", "(f1 :> <<>>)", Set.of("fstate", "cbList"))),
                OptionalInt.of(0));
        String out = CounterexampleRenderer.render(c);
        assertEquals(true, out.startsWith("@ 1. Initial predicate"), out);
        assertEquals(true, out.endsWith("then state 1 repeats forever (stuttering)\n"), out);
    }
}
