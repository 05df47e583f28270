package org.dmabufspec.tlc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

class ItfWriterTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void deadlockTraceIsValidItfWithEveryEncoding() throws Exception {
        Counterexample c = TlcOutputParser.parse(Fixtures.output("deadlock"), 11).counterexample().orElseThrow();
        JsonNode itf = JSON.readTree(ItfWriter.json(c, "Counter.tla", "deadlock"));
        assertEquals("ITF", itf.at("/#meta/format").asText());
        assertEquals("[\"owner\",\"x\",\"log\"]", itf.get("vars").toString());
        assertEquals(5, itf.get("states").size());
        assertFalse(itf.has("loop"));
        JsonNode s2 = itf.get("states").get(2);
        assertEquals(2, s2.at("/#meta/index").asInt());
        assertEquals("Incr", s2.at("/#meta/action").asText());
        assertEquals("2", s2.at("/x/#bigint").asText());
        // log = <<[step |-> 0, who |-> {"a", "b"}], ...>>: a sequence of records holding a set
        assertTrue(s2.get("log").isArray());
        assertEquals("0", s2.at("/log/0/step/#bigint").asText());
        assertEquals("[\"a\",\"b\"]", s2.at("/log/0/who/#set").toString());
        // owner = (p1 :> "idle" @@ p2 :> "idle"): a map keyed by model values
        assertEquals("[[\"p1\",\"idle\"],[\"p2\",\"idle\"]]", s2.at("/owner/#map").toString());
    }

    @Test
    void lassoCarriesTheLoopIndex() throws Exception {
        Counterexample c = TlcOutputParser.parse(Fixtures.output("temporal"), 13).counterexample().orElseThrow();
        JsonNode itf = JSON.readTree(ItfWriter.json(c, "Cycle.tla", "lasso"));
        assertEquals(1, itf.get("loop").asInt());
        assertTrue(itf.at("/states/0/#meta").has("index"));
    }

    @Test
    void booleansAndNegativeIntegersEncode() {
        assertEquals("true", ItfWriter.value(new TlaValue.Bool(true)).toString());
        assertEquals("{\"#bigint\":\"-7\"}", ItfWriter.value(TlaValue.Int.of(-7)).toString());
    }
}
