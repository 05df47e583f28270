package org.dmabufspec.conformance.relation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import org.dmabufspec.tlc.TlaValue;
import org.dmabufspec.tlc.TlaValueParser;
import org.junit.jupiter.api.Test;

class CanonicalValueTest {
    private static TlaValue canon(String tla) {
        return CanonicalValue.of(TlaValueParser.parse(tla));
    }

    @Test
    void setElementOrderDoesNotMatter() {
        assertEquals(canon("{\"b\", \"a\", {l2, l1}}"), canon("{{l1, l2}, \"a\", \"b\"}"));
    }

    @Test
    void recordSequenceAndColonGreaterFormsOfOneFunctionAreEqual() {
        assertEquals(canon("[a |-> 1, b |-> 2]"), canon("(\"b\" :> 2 @@ \"a\" :> 1)"));
        assertEquals(canon("<<x, y>>"), canon("(2 :> y @@ 1 :> x)"));
        assertEquals(canon("<<>>"), CanonicalValue.of(Tla.fcn(java.util.Map.of())));
    }

    @Test
    void differentValuesStayDifferent() {
        assertNotEquals(canon("<<x, y>>"), canon("<<y, x>>"));
        assertNotEquals(canon("{}"), canon("<<>>"));
        assertNotEquals(canon("{1, 2}"), canon("{1, 3}"));
        assertNotEquals(canon("\"l1\""), canon("l1"));
    }

    @Test
    void displayPrintsFunctionsInTlcForm() {
        assertEquals("<<x, y>>", CanonicalValue.display(canon("(2 :> y @@ 1 :> x)")));
        assertEquals("[a |-> {1, 2}]", CanonicalValue.display(canon("(\"a\" :> {2, 1})")));
        assertEquals("(p1 :> 0 @@ p2 :> 1)", CanonicalValue.display(canon("(p2 :> 1 @@ p1 :> 0)")));
    }

    @Test
    void changesOfAFunctionNameOnlyTheChangedKeys() {
        CanonicalState a = CanonicalState.of(java.util.Map.of("pc", TlaValueParser.parse("(p1 :> \"lock\" @@ p2 :> \"blocked\")"),
                "n", Tla.integer(1)));
        CanonicalState b = CanonicalState.of(java.util.Map.of("pc", TlaValueParser.parse("(p2 :> \"backoff\" @@ p1 :> \"lock\")"),
                "n", Tla.integer(2)));
        assertEquals("n: 1 -> 2; pc[p2]: \"blocked\" -> \"backoff\"", GraphDifference.changes(a, b));
        assertEquals("no change (stuttering step)", GraphDifference.changes(a, a));
    }
}
