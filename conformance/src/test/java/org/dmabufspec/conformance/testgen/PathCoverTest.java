package org.dmabufspec.conformance.testgen;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.dmabufspec.tlc.TlaValue;
import org.junit.jupiter.api.Test;

/** The path cover's step bound on a scenario script deeper than the bound (DmaResvScenario_ImportBasic has 49 steps). */
class PathCoverTest {

    /** A script of n steps: states 0..n, edge i from i to i+1, and a Done self-loop at n. */
    private static StateGraph script(int n) {
        Map<Long, Map<String, TlaValue>> states = new HashMap<>();
        List<StateGraph.Edge> edges = new ArrayList<>();
        for (int i = 0; i <= n; i++) {
            states.put((long) i, Map.of());
        }
        for (int i = 0; i < n; i++) {
            edges.add(new StateGraph.Edge(i, i, "Step", i + 1));
        }
        edges.add(new StateGraph.Edge(n, n, "Done", n));
        return new StateGraph(states, Set.of(0L), edges);
    }

    @Test
    void aScriptDeeperThanTheBoundIsCoveredByTwoPathsNotOnePerRemainingEdge() {
        List<List<StateGraph.Edge>> paths = PathCover.cover(script(49), StateGraph.Edge::index, 40);
        assertEquals(2, paths.size(), "40 steps, then the way to step 41 and the rest: " + paths.stream().map(List::size).toList());
        assertEquals(40, paths.get(0).size());
        assertEquals(50, paths.get(1).size(), "the second path runs to the end and takes the Done loop");
    }

    @Test
    void aScriptWithinTheBoundIsOnePath() {
        List<List<StateGraph.Edge>> paths = PathCover.cover(script(30), StateGraph.Edge::index, 40);
        assertEquals(List.of(31), paths.stream().map(List::size).toList());
    }
}
