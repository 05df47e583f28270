package org.dmabufspec.conformance.relation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.dmabufspec.tlc.TlaValue;
import org.dmabufspec.tlc.TlaValueParser;
import org.junit.jupiter.api.Test;

class DotGraphTest {
    /** As TLC 1.7.3 writes it, with a string holding an escaped quote and a backslash-n escape. */
    static final String DUMP = String.join("\n",
            "strict digraph DiskGraph {",
            "nodesep=0.35;",
            "subgraph cluster_graph {",
            "color=\"white\";",
            "1 [label=\"/\\\\ pc = (p1 :> \\\"init\\\" @@ p2 :> \\\"lock\\\")\\n/\\\\ msg = \\\"say \\\\\\\"hi\\\\\\\"\\\\n\\\"\",style = filled]",
            "-2 [label=\"/\\\\ pc = (p1 :> \\\"lock\\\" @@ p2 :> \\\"lock\\\")\\n/\\\\ msg = \\\"\\\"\"];",
            "1 -> -2 [label=\"WwAcquireInit\",color=\"black\",fontcolor=\"black\"];",
            "-2 -> -2 [label=\"Terminated\",color=\"black\",fontcolor=\"black\"];",
            "{rank = same; 1;}",
            "{rank = same; -2;}",
            "}",
            "}",
            "");

    @Test
    void readsStatesInitialFlagsAndLabelledEdges() {
        DotGraph g = DotGraph.parse(DUMP, "test.dot");
        assertEquals(2, g.nodes().size());
        assertEquals(List.of(1L), g.initialNodes().stream().map(DotGraph.Node::id).toList());
        assertEquals(new TlaValue.Str("say \"hi\"\n"), g.nodes().get(1L).variables().get("msg"));
        assertEquals(TlaValueParser.parse("(p1 :> \"init\" @@ p2 :> \"lock\")"), g.nodes().get(1L).variables().get("pc"));
        assertEquals(List.of(new DotGraph.Edge(1, -2, "WwAcquireInit", 7), new DotGraph.Edge(-2, -2, "Terminated", 8)),
                g.edges());
    }

    @Test
    void unexpectedLineIsReportedWithItsLineNumber() {
        String bad = DUMP.replace("nodesep=0.35;", "nodesep=0.35;\nsomething else");
        DotGraphException e = assertThrows(DotGraphException.class, () -> DotGraph.parse(bad, "g.dot"));
        assertTrue(e.getMessage().startsWith("g.dot:3: "), e.getMessage());
    }

    @Test
    void unparsableValueNamesTheVariableAndLine() {
        String bad = DUMP.replace("msg = \\\"\\\"\"]", "msg = <<1, \"]");
        DotGraphException e = assertThrows(DotGraphException.class, () -> DotGraph.parse(bad, "g.dot"));
        assertTrue(e.getMessage().startsWith("g.dot:6: variable msg: "), e.getMessage());
    }

    @Test
    void edgeToAnUndefinedStateIsAnError() {
        String bad = DUMP.replace("1 -> -2 [", "1 -> 7 [");
        DotGraphException e = assertThrows(DotGraphException.class, () -> DotGraph.parse(bad, "g.dot"));
        assertTrue(e.getMessage().contains("g.dot:7: edge names state 7"), e.getMessage());
    }

    @Test
    void valueWrappedOverSeveralLabelLinesIsOneValue() {
        String label = "/\\\\ held = ( p1 :> {l1, l2} @@\\n   p2 :> {} )\\n/\\\\ nextStamp = 3"; // as dot escapes it
        DotGraph g = DotGraph.parse("5 [label=\"" + label + "\",style = filled]\n", "w.dot");
        assertEquals(TlaValueParser.parse("(p1 :> {l1, l2} @@ p2 :> {})"), g.nodes().get(5L).variables().get("held"));
        assertEquals(Tla.integer(3), g.nodes().get(5L).variables().get("nextStamp"));
    }
}
