package org.dmabufspec.conformance.relation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import org.dmabufspec.conformance.relation.ww.WwMutexConstants;
import org.dmabufspec.tlc.Manifest;
import org.dmabufspec.tlc.Model;
import org.dmabufspec.tlc.TlaValueParser;
import org.dmabufspec.tlc.TlcConfig;
import org.junit.jupiter.api.Test;

class TlcGraphRunnerTest {
    private static final Manifest MANIFEST = Manifest.ofSpecsDir(StateGraphEqualityTest.specsDir());

    private static Model model(String name) {
        return MANIFEST.models().stream().filter(m -> m.name().equals(name)).findFirst().orElseThrow();
    }

    @Test
    void fullGraphOfWwMutexWithPrintedConstants() {
        TlcGraph g = TlcGraphRunner.withTlcOnClasspath().run(MANIFEST.tlaDir(), model("WwMutex"),
                List.of("CtxProcs", "LockOrder[p2]", "Len(LockOrder[n1]) + 1"));
        assertFalse(g.oneStep());
        assertEquals(1562, g.graph().nodes().size()); // the manifest's measured distinct states
        assertEquals(1, g.graph().initialNodes().size());
        assertEquals(CanonicalValue.of(TlaValueParser.parse("{p1, p2}")), CanonicalValue.of(g.constants().get("CtxProcs")));
        assertEquals(TlaValueParser.parse("<<l2, l1>>"), g.constants().get("LockOrder[p2]"));
        assertEquals(Tla.integer(2), g.constants().get("Len(LockOrder[n1]) + 1"));
        Set<String> actions = g.graph().edges().stream().map(DotGraph.Edge::action).collect(Collectors.toSet());
        assertTrue(actions.containsAll(Set.of("WwAcquireInit", "DmaResvLockDie", "Terminated")), actions::toString);
    }

    /** Under {@code OneStep == TLCGet("level") = 0} TLC writes no edge; the runner's rewrite keeps every first step. */
    @Test
    void inductiveModelKeepsEveryStepFromItsInitialStates() {
        // the constants StateGraphEqualityTest asks for: ModelGraphs then runs TLC once for both
        TlcGraph g = ModelGraphs.tlcGraph(model("WwMutex_Ind"), WwMutexConstants.NAMES);
        assertTrue(g.oneStep());
        assertEquals(1125, g.graph().initialNodes().size());
        assertTrue(g.graph().edges().size() > 1125, "edges: " + g.graph().edges().size());
        Set<Long> initial = g.graph().initialNodes().stream().map(DotGraph.Node::id).collect(Collectors.toSet());
        assertTrue(g.graph().edges().stream().allMatch(e -> initial.contains(e.from())), "only initial states are expanded");
    }

    @Test
    void graphConfigDropsPropertiesAndRewritesOnlyTheOneStepConstraint() {
        TlcConfig cfg = TlcConfig.parse("SPECIFICATION Spec\nINVARIANT Inv\nPROPERTY Live\nCONSTRAINT OneStep Bound\n");
        String out = TlcGraphRunner.graphConfig(cfg, List.of("OneStep"));
        assertFalse(out.contains("Live"), out);
        assertTrue(out.contains("CONSTRAINT\nBound\n"), out);
        assertTrue(out.contains("CONSTRAINT\n" + TlcGraphRunner.ONE_STEP + "\n"), out);
        assertFalse(out.contains("OneStep\n"), out);
    }

    /** Only the model's own module chain counts: MCWwMutex does not extend the _Ind module that defines OneStep. */
    @Test
    void oneStepIdiomIsLookedUpInTheModulesTheModelExtends() throws Exception {
        TlcConfig cfg = TlcConfig.parse("CONSTRAINT OneStep\n");
        assertEquals(List.of("OneStep"), TlcGraphRunner.oneStepConstraints(cfg, MANIFEST.tlaDir(), "MCWwMutex_Ind"));
        assertEquals(List.of(), TlcGraphRunner.oneStepConstraints(cfg, MANIFEST.tlaDir(), "MCWwMutex"));
        assertEquals(3, TlcGraphRunner.extended(MANIFEST.tlaDir(), "MCWwMutex_Ind").size()); // _Ind, MCWwMutex, WwMutex
        for (String name : List.of("DmaFence_Ind", "WwMutex_Ind_NullCtx", "DmaResv_Ind")) {
            Model m = model(name);
            TlcConfig c = TlcConfig.read(MANIFEST.tlaDir().resolve(m.cfg()));
            assertEquals(1, TlcGraphRunner.oneStepConstraints(c, MANIFEST.tlaDir(), m.moduleName()).size(), name);
        }
    }
}
