package org.dmabufspec.conformance.nativerun.kmod;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.dmabufspec.conformance.nativerun.ScenarioTrace;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The recorded module run: every legal trace accepted, every misuse trace rejected naming its rule. */
class KmodFixtureTest {

    @Test
    void recordedTrixieRunPassesEveryExpectation(@TempDir Path tmp) throws Exception {
        KmodReport r = KmodRun.judge(KmodFixtures.console(), KmodFixtures.traces(), List.of(), tmp);
        assertEquals(KmodFixtures.SCENARIOS, r.ktap().results().size());
        assertEquals(KmodFixtures.SCENARIOS, r.verdicts().size());
        assertTrue(r.passed(), String.join("\n", r.problems()));
        assertEquals(16, r.verdicts().stream().filter(v -> !v.misuse() && v.accepted()).count());
        for (KmodVerdict v : r.verdicts().stream().filter(KmodVerdict::misuse).toList()) {
            assertFalse(v.accepted(), v.summary());
            assertTrue(v.brokenRules().contains(v.expectedRule()), v.summary());
            assertTrue(v.scenario().contains(v.expectedRule() + "-"), "misuse scenarios are named after their rule: " + v.scenario());
        }
    }

    @Test
    void headerReportsKernelReleaseAndKconfigFacts() {
        for (ScenarioTrace t : KmodFixtures.traces()) {
            String h = t.lines().get(0);
            assertTrue(h.contains("\"name\":\"native-kmod\""), h);
            assertTrue(h.contains("\"behaviour\":\"6.2\",\"move_notify\":false,\"release\":\"6.12."), h);
            assertTrue(h.contains("\"dmabuf_debug\":false,\"lockdep\":false"), h);
        }
    }

    @Test
    void misuseTraceWithoutItsInjectMarkerCountsAsAFailure(@TempDir Path tmp) {
        ScenarioTrace t = KmodFixtures.trace("kmod/misuse/R3-map-without-lock");
        List<String> lines = new java.util.ArrayList<>(t.lines());
        lines.set(0, lines.get(0).replace(",\"inject\":\"R3\"", ""));
        KmodVerdict v = new KmodJudge(tmp).judge(new ScenarioTrace(t.scenario(), 1, lines));
        assertFalse(v.asExpected(), v.summary());
    }

    @Test
    void legalTraceClaimingAMisuseCountsAsAFailure(@TempDir Path tmp) {
        ScenarioTrace t = KmodFixtures.trace("kmod/R8-dynamic-importer-dynamic-exporter");
        List<String> lines = new java.util.ArrayList<>(t.lines());
        lines.set(0, lines.get(0).replace("\"scenario\":", "\"inject\":\"R3\",\"scenario\":"));
        KmodVerdict v = new KmodJudge(tmp).judge(new ScenarioTrace(t.scenario(), 1, lines));
        assertTrue(v.accepted(), v.detail());
        assertFalse(v.asExpected(), v.summary());
    }

    @Test
    void misuseRejectedForAnotherRuleCountsAsAFailure(@TempDir Path tmp) {
        ScenarioTrace t = KmodFixtures.trace("kmod/misuse/R12-detach-live-mapping");
        List<String> lines = new java.util.ArrayList<>(t.lines());
        lines.set(0, lines.get(0).replace("\"inject\":\"R12\"", "\"inject\":\"R3\""));
        KmodVerdict v = new KmodJudge(tmp).judge(new ScenarioTrace(t.scenario(), 1, lines));
        assertFalse(v.accepted());
        assertFalse(v.asExpected(), v.summary());
    }

    @Test
    void lostLineIsCaughtBeforeTheChecker(@TempDir Path tmp) {
        ScenarioTrace t = KmodFixtures.trace("kmod/R4-move-notify-remap");
        List<String> lines = new java.util.ArrayList<>(t.lines());
        lines.remove(5);
        KmodVerdict v = new KmodJudge(tmp).judge(new ScenarioTrace(t.scenario(), 1, lines));
        assertFalse(v.asExpected());
        assertTrue(v.detail().startsWith("structure: "), v.detail());
    }
}
