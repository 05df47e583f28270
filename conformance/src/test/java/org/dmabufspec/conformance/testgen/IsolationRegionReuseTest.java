package org.dmabufspec.conformance.testgen;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Set;

import org.dmabufspec.conformance.relation.SharedTlcGraphs;
import org.dmabufspec.conformance.testgen.isolation.IsolationVocabulary;
import org.dmabufspec.tlc.Manifest;
import org.dmabufspec.tlc.Model;
import org.junit.jupiter.api.Test;

/**
 * DmaBufIsolation's generated tests on a VramExporter whose VRAM regions are reused between buffers
 * (VramRegionPool): they pass (ModelBasedTestsTest), and they fail when an importer keeps its mapping
 * across a move (move_notify skipped): the device's next access lands in the region the buffer left,
 * which the pool may already have handed to another buffer, and the Touch edge's observed access differs.
 */
class IsolationRegionReuseTest {

    private static ModelTests tests() {
        Manifest manifest = ModelBasedTestsTest.manifest();
        Model m = manifest.model("DmaBufIsolation").orElseThrow();
        IsolationVocabulary v = new IsolationVocabulary();
        return ModelTests.of(m, v, SharedTlcGraphs.run(manifest.tlaDir(), m, v.constants(m)), ModelTests.DEFAULT_MAX_EDGES);
    }

    @Test
    void aMappingKeptAcrossAMoveTouchesTheOldRegionAndTheTouchEdgeFails() {
        ModelTests t = tests();
        assertTrue(t.coveredEdges().size() > 0);
        ModelTests.Execution x = t.execute(Set.of("skip-move-notify"));
        List<ConformanceFailure> fails = x.failures().stream().filter(f -> !f.checker()).toList();
        assertFalse(fails.isEmpty(), "no test failed with move_notify skipped");
        // every observed failure is a device access that landed in the region the buffer left
        for (ConformanceFailure f : fails) {
            assertTrue(f.edge().contains("--Touch-->"), f.toString());
            assertTrue(f.what().contains("iso.last=expected "), f.toString());
        }
        ConformanceFailure f = fails.get(0);
        System.out.println("DmaBufIsolation with skip-move-notify: " + fails.size() + " of " + t.tests().size()
                + " tests fail; first: " + f);
        assertTrue(f.toString().startsWith("DmaBufIsolation#"), f.toString());
        assertEquals(t.tests().size(), x.runs().size());
    }

    @Test
    void withoutTheBugEveryTestPasses() {
        ModelTests t = tests();
        ModelTests.Execution x = t.execute(Set.of());
        assertEquals(List.of(), x.failures());
        assertEquals(t.coveredEdges(), x.passedEdges());
        x.runs().forEach(r -> assertEquals("ACCEPTED", r.verdict(), r.test().name()));
        System.out.println("DmaBufIsolation: " + t.states() + " states, " + t.edges() + " edges, " + t.coveredEdges().size()
                + " executed, not drivable " + t.notDriven() + ", not reached " + t.unreachedEdges() + "; " + t.tests().size()
                + " tests, " + x.steps() + " steps");
    }
}
